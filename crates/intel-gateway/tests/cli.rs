//! The real binary as a force administrator uses it: init, enrol, serve in
//! its own process, upload, package, graceful stop on SIGTERM.
#![allow(clippy::unwrap_used)]

mod common;

use common::{backends, fresh_database};
use intel_gateway::testkit::SimWorkstation;
use intel_protocol::{paths, SignedReceipt};
use reqwest::StatusCode;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

fn gateway(dir: &Path, db: Option<&str>, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_intel-gateway"));
    c.arg("--data-dir").arg(dir).args(args).env_remove("INTEL_GATEWAY_DATABASE_URL");
    if let Some(db) = db {
        c.env("INTEL_GATEWAY_DATABASE_URL", db);
    }
    c.output().unwrap()
}

fn ok(o: Output) -> String {
    assert!(o.status.success(), "stdout: {}\nstderr: {}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn init_enrol_serve_upload_package_and_stop_with_the_real_binary() {
    for backend in backends() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("gw");
        let db = fresh_database(&backend).await;
        let db = db.as_deref();
        let port = free_port();
        let url = format!("https://127.0.0.1:{port}");
        let out = ok(gateway(&dir, db, &["init", "--unit", "WMP", "--url", &url]));
        assert!(out.contains("encrypted volume"), "{out}");
        for secret in ["gateway-identity.key", "tls-key.pem", "force-api-token"] {
            assert_eq!(std::fs::metadata(dir.join(secret)).unwrap().permissions().mode() & 0o777, 0o600, "{secret}");
        }
        let again = gateway(&dir, db, &["init", "--unit", "WMP", "--url", &url]);
        assert!(!again.status.success(), "init refuses to replace an identity");
        assert!(ok(gateway(&dir, db, &["identity"])).contains("intel-desk-enrolment"));

        let ws = SimWorkstation::new("ws-cli", "WMP").unwrap();
        let file = tmp.path().join("ws-cli.json");
        std::fs::write(&file, ws.enrolment().unwrap().to_file_bytes()).unwrap();
        assert!(ok(gateway(&dir, db, &["enrol", "add", "--file", file.to_str().unwrap()])).contains("Approved workstation ws-cli"));
        let listed = ok(gateway(&dir, db, &["enrol", "list"]));
        assert!(listed.contains("ws-cli\tWMP\tapproved"), "{listed}");

        let taskings = tmp.path().join("taskings.json");
        std::fs::write(
            &taskings,
            r#"[{"reference":"T-9","title":"Watch","body":"Watch the depot.","issued_by":"DI Example","due_at":null,"marking":"OFFICIAL"}]"#,
        )
        .unwrap();
        assert!(
            ok(gateway(&dir, db, &["package", "--to", "ws-cli", "--taskings", taskings.to_str().unwrap()])).contains("queued for ws-cli")
        );

        let mut cmd = Command::new(env!("CARGO_BIN_EXE_intel-gateway"));
        cmd.arg("--data-dir").arg(&dir).args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--log-format", "json"]);
        cmd.env_remove("INTEL_GATEWAY_DATABASE_URL").env_remove("RUST_LOG").stdout(Stdio::null()).stderr(Stdio::piped());
        if let Some(db) = db {
            cmd.env("INTEL_GATEWAY_DATABASE_URL", db);
        }
        let child = cmd.spawn().unwrap();
        let client = intel_gateway::tls::http_client(&std::fs::read_to_string(dir.join("tls-cert.pem")).unwrap()).unwrap();
        let mut up = false;
        for _ in 0..100 {
            if client.get(format!("{url}{}", paths::HEALTH)).send().await.is_ok_and(|r| r.status() == StatusCode::OK) {
                up = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(up, "the gateway did not come up");

        let enrolment: intel_protocol::SignedEnrolment =
            serde_json::from_slice(&std::fs::read(dir.join("gateway-enrolment.json")).unwrap()).unwrap();
        let gw_keys = enrolment.verify().unwrap().current;
        let (_, bytes) = ws.bundle(1, std::slice::from_ref(&gw_keys.age_recipient), &Default::default()).unwrap();
        let r = client.post(format!("{url}{}", paths::BUNDLES)).body(bytes).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{}", backend.name());
        r.json::<SignedReceipt>().await.unwrap().verify(&gw_keys.signing_public).unwrap();
        let auth = ws.sign("GET", paths::OUTBOUND, b"", chrono::Utc::now()).unwrap();
        let items: Vec<intel_protocol::OutboundItem> =
            client.get(format!("{url}{}", paths::OUTBOUND)).header("authorization", auth).send().await.unwrap().json().await.unwrap();
        assert_eq!(items.len(), 1, "the package made by the CLI waits for ws-cli");

        let pid = i32::try_from(child.id()).unwrap();
        assert_eq!(sigterm(pid), 0);
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "graceful stop exits 0");
        let log = String::from_utf8_lossy(&out.stderr);
        let lines: Vec<serde_json::Value> = log.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
        assert!(lines.iter().any(|l| l["message"] == "gateway listening"), "{log}");
        assert!(lines.iter().any(|l| l["message"] == "bundle accepted"), "{log}");
        assert!(lines.iter().any(|l| l["message"] == "stopped"), "{log}");
        assert_eq!(std::fs::read_dir(dir.join("drop").join("ws-cli")).unwrap().count(), 1);
    }
}

/// SIGTERM through kill(1): the workspace forbids unsafe code, so no libc::kill.
fn sigterm(pid: i32) -> i32 {
    Command::new("kill").arg("-TERM").arg(pid.to_string()).status().map(|s| s.code().unwrap_or(1)).unwrap_or(1)
}
