//! Two workstation stores and a force gateway on loopback, over real TLS,
//! with the gateway on SQLite and (when INTEL_TEST_POSTGRES_URL is set) on a
//! real PostgreSQL: records made on one workstation reach the gateway and the
//! force drop folder; a tasking package made at the gateway reaches the other;
//! an upload cut off after the gateway stored it is finished by the next sync
//! with no duplicate; an unreachable gateway leaves everything queued.
#![allow(clippy::unwrap_used)]

use intel_core::cycle::records::NewReport;
use intel_core::domain::grading::{Evaluation3x5x2, HandlingCode, IntelGrade, SourceGrade};
use intel_core::domain::marking::Marking;
use intel_core::domain::report_fields::{Priority, SourceType};
use intel_core::exchange::{BundleKind, OutboxState};
use intel_core::keys::{KdfPolicy, KeychainMode, MemoryKeychain};
use intel_core::secret::Passphrase;
use intel_core::store::connect::Tuning;
use intel_core::store::{self, CreateOptions};
use intel_core::{ErrorCode, Session};
use intel_gateway::data_dir::{DataDir, InitOptions};
use intel_gateway::server::{Limits, RunningGateway, ServeOptions};
use intel_gateway::Gateway;
use intel_protocol::{SignedEnrolment, TaskingPackageRequest};
use intel_sync::{sync_now, GatewayClient, Progress};
use std::sync::Mutex;

const SECRET_WORDING: &str = "Original wording naming informant Zebedee Quartermaine";

async fn workstation(tmp: &tempfile::TempDir, name: &str) -> Session {
    let created = store::create(
        &tmp.path().join(name),
        CreateOptions {
            unit_name: format!("Unit {name}"),
            admin_username: "manager".into(),
            admin_display_name: format!("Manager {name}"),
            passphrase: Passphrase::new("manager passphrase for tests".into()),
            keychain_mode: KeychainMode::OsKeychain,
            kdf: KdfPolicy { memory_kib: 64 * 1024, target_ms: 1 },
            tuning: Tuning { cache_kib: 8 * 1024, max_connections: 2 },
        },
        &MemoryKeychain::new(),
    )
    .await
    .unwrap();
    created.session
}

async fn record(s: &Session, text: &str) -> String {
    let r = s
        .record_report(NewReport {
            marking: Marking::OfficialSensitive,
            priority: Priority::High,
            source_type: SourceType::Officer,
            source_ref: None,
            submitting_officer: Some("PC 1234 Example".into()),
            received_at: None,
            text: format!("{text}. {SECRET_WORDING}"),
            review_group: None,
            attachments: vec![],
        })
        .await
        .unwrap();
    s.evaluate(
        &r,
        Evaluation3x5x2 {
            source: SourceGrade::Reliable,
            intelligence: IntelGrade::B,
            handling: HandlingCode::P,
            conditions: None,
            rationale: "corroborated".into(),
        },
    )
    .await
    .unwrap();
    s.sanitise(&r, text).await.unwrap();
    r
}

struct Force {
    data: DataDir,
    database_url: Option<String>,
    port: u16,
    running: Option<RunningGateway>,
    _tmp: tempfile::TempDir,
}

impl Force {
    async fn start(database_url: Option<String>) -> Force {
        let tmp = tempfile::tempdir().unwrap();
        // The workstation reaches the gateway at the address in its enrolment
        // file, so the port is chosen before init.
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let data = DataDir::new(tmp.path().join("gateway"));
        let url = format!("https://127.0.0.1:{port}");
        intel_gateway::init(&data, &InitOptions { unit: "FORCE".into(), url, database_url: database_url.clone() }).await.unwrap();
        let mut f = Force { data, database_url, port, running: None, _tmp: tmp };
        f.serve().await;
        f
    }
    async fn serve(&mut self) {
        let gw = Gateway::open(&self.data, self.database_url.as_deref()).await.unwrap();
        let listen = format!("127.0.0.1:{}", self.port).parse().unwrap();
        let limits = Limits { rate_per_second: 10_000, rate_burst: 10_000, ..Limits::default() };
        self.running = Some(intel_gateway::server::start(gw, ServeOptions { listen, limits }).await.unwrap());
    }
    async fn stop(&mut self) {
        self.running.take().unwrap().shutdown().await.unwrap();
    }
    fn gw(&self) -> &Gateway {
        &self.running.as_ref().unwrap().gateway
    }
    /// The force administrator approves a workstation's enrolment file.
    async fn approve(&self, s: &Session) {
        let signed = SignedEnrolment::from_file_bytes(&s.enrolment_file().await.unwrap()).unwrap();
        let e = signed.verify().unwrap();
        self.gw().store.approve_enrolment_file(&e, &signed.enrolment).await.unwrap();
    }
    /// A workstation administrator adds the gateway from its enrolment file.
    async fn connect(&self, s: &Session) {
        s.add_peer(&std::fs::read(self.data.enrolment_file()).unwrap()).await.unwrap();
        self.approve(s).await;
    }
}

async fn databases() -> Vec<(&'static str, Option<String>)> {
    let mut v = vec![("sqlite", None)];
    match std::env::var("INTEL_TEST_POSTGRES_URL") {
        Ok(admin) if !admin.is_empty() => {
            use sqlx::Connection;
            sqlx::any::install_default_drivers();
            let name = format!("sync_{}", uuid::Uuid::new_v4().simple());
            let mut conn = sqlx::AnyConnection::connect(&admin).await.unwrap();
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut conn).await.unwrap();
            let mut url = url::Url::parse(&admin).unwrap();
            url.set_path(&format!("/{name}"));
            v.push(("postgres", Some(url.to_string())));
        }
        _ => {
            assert!(
                std::env::var("INTEL_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "INTEL_REQUIRE_POSTGRES=1 but no INTEL_TEST_POSTGRES_URL"
            );
            eprintln!("note: PostgreSQL backend not tested (run under scripts/with-postgres.sh)");
        }
    }
    v
}

fn no_progress() -> impl Fn(Progress) + Send + Sync {
    |_| {}
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn records_reach_the_force_and_taskings_reach_the_unit_on_both_backends() {
    for (backend, database_url) in databases().await {
        let tmp = tempfile::tempdir().unwrap();
        let mut force = Force::start(database_url).await;
        let (a, b) = (workstation(&tmp, "a").await, workstation(&tmp, "b").await);
        force.connect(&a).await;
        force.connect(&b).await;

        // Unit A's records go to the force.
        let r1 = record(&a, "A grey Audi A3 is used to deliver cash to the depot").await;
        record(&a, "The depot's night manager is paid in cash").await;
        let queued = a.queue_export(BundleKind::Records, &[], None).await.unwrap();
        assert_eq!(queued.report_count, 2, "{backend}");
        let seen = Mutex::new(Vec::new());
        let out = sync_now(&a, &|p| seen.lock().unwrap().push(p)).await.unwrap();
        assert_eq!((out.pushed, out.pulled, out.failed), (1, 0, 0), "{backend}");
        assert!(seen.lock().unwrap().iter().any(|p| p.done == 1 && p.total == 1), "progress was reported");
        assert_eq!(force.gw().store.bundle_count().await.unwrap(), 1, "{backend}");
        let outbox = a.list_outbox().await.unwrap();
        assert!(outbox.iter().all(|o| o.state == OutboxState::Sent), "{backend}: {outbox:?}");
        assert!(a.sync_state().await.unwrap().last_sync_at.is_some());

        // In the force's drop folder: the sanitised records, never the original wording.
        let mut payloads = Vec::new();
        for entry in walk(&force.data.drop_dir()) {
            if entry.ends_with("payload.json") {
                payloads.push(std::fs::read_to_string(&entry).unwrap());
            }
        }
        assert_eq!(payloads.len(), 1, "{backend}: one bundle in the drop folder");
        assert!(payloads[0].contains("grey Audi A3") && payloads[0].contains(&r1), "{backend}");
        assert!(!payloads[0].contains("Zebedee"), "{backend}: original wording left the workstation");

        // A tasking package made at the gateway reaches unit B, once.
        let b_id = b.workstation_identity().await.unwrap().workstation_id;
        let tasking = intel_bundle::TaskingRecord {
            reference: "FORCE/T/0042".into(),
            title: "Identify the grey Audi's driver".into(),
            body: "Research the keeper and any ANPR hits near the depot.".into(),
            issued_by: "Force Intelligence Bureau".into(),
            due_at: Some("2026-12-31T17:00:00Z".into()),
            marking: "OFFICIAL-SENSITIVE".into(),
        };
        intel_gateway::package::make_package(
            force.gw(),
            &TaskingPackageRequest { to: vec![b_id], taskings: vec![tasking], expires_in_days: None },
        )
        .await
        .unwrap();
        let out = sync_now(&b, &no_progress()).await.unwrap();
        assert_eq!((out.pushed, out.pulled, out.failed), (0, 1, 0), "{backend}");
        let taskings = b.list_taskings().await.unwrap();
        assert_eq!(taskings.len(), 1, "{backend}");
        assert_eq!(taskings[0].title, "Identify the grey Audi's driver");
        let again = sync_now(&b, &no_progress()).await.unwrap();
        assert_eq!(again.pulled, 0, "{backend}: the package was acknowledged, not pulled twice");
        assert_eq!(b.list_taskings().await.unwrap().len(), 1);

        // Cut off after the gateway stored the upload but before the receipt
        // was recorded: the next sync gets the same receipt, and no duplicate.
        record(&a, "A second Audi, black, seen at the depot on Tuesday").await;
        a.queue_export(BundleKind::Records, &[], None).await.unwrap();
        let (id, bytes) = a.pending_bundles().await.unwrap().remove(0);
        let client = GatewayClient::new(&a.gateway().await.unwrap().unwrap()).unwrap();
        let first = client.upload(&bytes).await.map_err(|e| format!("{e:?}")).unwrap();
        let out = sync_now(&a, &no_progress()).await.unwrap();
        assert_eq!(out.pushed, 1, "{backend}");
        assert_eq!(force.gw().store.bundle_count().await.unwrap(), 2, "{backend}: stored once");
        let sent = a.list_outbox().await.unwrap().into_iter().find(|o| o.bundle_id == id).unwrap();
        assert_eq!(sent.state, OutboxState::Sent);
        let second = client.upload(&bytes).await.map_err(|e| format!("{e:?}")).unwrap();
        assert_eq!(first, second, "{backend}: the same upload gets the same signed receipt");

        // The gateway goes away: the sync fails with a clear error and keeps the bundle queued.
        force.stop().await;
        record(&a, "The black Audi's plate ends in 7").await;
        a.queue_export(BundleKind::Records, &[], None).await.unwrap();
        let err = sync_now(&a, &no_progress()).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::GatewayUnreachable, "{backend}: {err}");
        assert!(err.to_string().contains("did not answer"), "{err}");
        let state = a.sync_state().await.unwrap();
        assert_eq!(state.last_error.unwrap().code, "gateway-unreachable");
        assert_eq!(a.list_outbox().await.unwrap().iter().filter(|o| o.state != OutboxState::Sent).count(), 1);
        // Back again: the queued bundle goes.
        force.serve().await;
        let out = sync_now(&a, &no_progress()).await.unwrap();
        assert_eq!(out.pushed, 1, "{backend}");
        assert_eq!(force.gw().store.bundle_count().await.unwrap(), 3, "{backend}");
        assert!(a.sync_state().await.unwrap().last_error.is_none());
        force.stop().await;
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}
