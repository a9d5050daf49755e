//! Shared test harness: a gateway on loopback over real TLS, against SQLite
//! always and PostgreSQL when INTEL_TEST_POSTGRES_URL is set (each test gets
//! its own fresh database). INTEL_REQUIRE_POSTGRES=1 without a URL fails.
#![allow(dead_code, clippy::unwrap_used)]

use intel_gateway::data_dir::{DataDir, InitOptions};
use intel_gateway::server::{Limits, RunningGateway, ServeOptions};
use intel_gateway::testkit::SimWorkstation;
use intel_gateway::Gateway;
use reqwest::StatusCode;
use sqlx::Connection;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres(String),
}

impl Backend {
    pub fn name(&self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }
}

pub fn backends() -> Vec<Backend> {
    let mut v = vec![Backend::Sqlite];
    match std::env::var("INTEL_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => v.push(Backend::Postgres(url)),
        _ => {
            if std::env::var("INTEL_REQUIRE_POSTGRES").as_deref() == Ok("1") {
                panic!("INTEL_REQUIRE_POSTGRES=1 but INTEL_TEST_POSTGRES_URL is not set: run under scripts/with-postgres.sh");
            }
            eprintln!("note: PostgreSQL backend not tested (set INTEL_TEST_POSTGRES_URL, e.g. via scripts/with-postgres.sh)");
        }
    }
    v
}

/// A database URL for a new, empty database (None: the data directory's SQLite file).
pub async fn fresh_database(backend: &Backend) -> Option<String> {
    match backend {
        Backend::Sqlite => None,
        Backend::Postgres(admin) => {
            sqlx::any::install_default_drivers();
            let name = format!("gw_{}", uuid::Uuid::new_v4().simple());
            let mut conn = sqlx::AnyConnection::connect(admin).await.expect("connect to the test PostgreSQL");
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut conn).await.expect("create test database");
            conn.close().await.ok();
            let mut url = url::Url::parse(admin).expect("postgres url");
            url.set_path(&format!("/{name}"));
            Some(url.to_string())
        }
    }
}

pub struct TestGateway {
    pub dir: tempfile::TempDir,
    pub data: DataDir,
    pub database_url: Option<String>,
    pub running: Option<RunningGateway>,
    pub client: reqwest::Client,
    pub base: String,
}

pub fn generous_limits() -> Limits {
    Limits { rate_per_second: 100_000, rate_burst: 100_000, ..Limits::default() }
}

impl TestGateway {
    pub async fn start(backend: &Backend) -> TestGateway {
        Self::start_with(backend, generous_limits()).await
    }

    pub async fn start_with(backend: &Backend, limits: Limits) -> TestGateway {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path().join("gw"));
        let database_url = fresh_database(backend).await;
        intel_gateway::init(
            &data,
            &InitOptions { unit: "WMP".into(), url: "https://127.0.0.1:8443".into(), database_url: database_url.clone() },
        )
        .await
        .unwrap();
        let client = intel_gateway::tls::http_client(&data.tls_cert_pem().unwrap()).unwrap();
        let mut t = TestGateway { dir, data, database_url, running: None, client, base: String::new() };
        t.serve(limits).await;
        t
    }

    /// (Re)starts the server on this data directory and database.
    pub async fn serve(&mut self, limits: Limits) {
        let gw = Gateway::open(&self.data, self.database_url.as_deref()).await.unwrap();
        let running = intel_gateway::server::start(gw, ServeOptions { listen: "127.0.0.1:0".parse().unwrap(), limits }).await.unwrap();
        self.base = running.base_url();
        self.client = intel_gateway::tls::http_client(&self.data.tls_cert_pem().unwrap()).unwrap();
        self.running = Some(running);
    }

    pub async fn stop(&mut self) {
        if let Some(r) = self.running.take() {
            r.shutdown().await.unwrap();
        }
    }

    pub fn gw(&self) -> &Gateway {
        &self.running.as_ref().expect("running").gateway
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn gateway_recipient(&self) -> String {
        self.gw().identity.public.age_recipient.clone()
    }

    pub fn gateway_signing_public(&self) -> String {
        self.gw().identity.public.signing_public.clone()
    }

    pub fn token(&self) -> String {
        self.data.api_token().unwrap().expose().to_string()
    }

    /// A simulated workstation, approved by the administrator.
    pub async fn enrolled(&self, id: &str, unit: &str) -> SimWorkstation {
        let ws = SimWorkstation::new(id, unit).unwrap();
        let signed = ws.enrolment().unwrap();
        let e = signed.verify().unwrap();
        self.gw().store.approve_enrolment_file(&e, &signed.enrolment).await.unwrap();
        ws
    }

    pub async fn upload(&self, bytes: Vec<u8>) -> (StatusCode, Vec<u8>) {
        let r = self
            .client
            .post(self.url(intel_protocol::paths::BUNDLES))
            .header("content-type", "application/octet-stream")
            .body(bytes)
            .send()
            .await
            .unwrap();
        let status = r.status();
        (status, r.bytes().await.unwrap().to_vec())
    }

    pub async fn bundle_count(&self) -> i64 {
        self.gw().store.bundle_count().await.unwrap()
    }

    /// Every directory in the drop folder, as drop/<sender>/<seq>-<id>.
    pub fn drop_entries(&self) -> Vec<std::path::PathBuf> {
        let root = self.data.drop_dir();
        let mut out = Vec::new();
        let Ok(senders) = std::fs::read_dir(&root) else { return out };
        for s in senders.flatten() {
            if s.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            for b in std::fs::read_dir(s.path()).unwrap().flatten() {
                out.push(b.path());
            }
        }
        out.sort();
        out
    }
}

pub fn api_error(body: &[u8]) -> intel_protocol::ApiError {
    serde_json::from_slice(body).unwrap_or_else(|e| panic!("not an ApiError ({e}): {}", String::from_utf8_lossy(body)))
}
