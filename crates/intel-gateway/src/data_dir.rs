//! The gateway's data directory: its identity (secret), TLS key and
//! certificate, the force API token, its enrolment file, the default SQLite
//! database and the drop folder. A force keeps it on an encrypted volume.

use crate::error::GatewayError;
use crate::identity::{sign_enrolment, write_keys};
use crate::secret::{read_secret_file, write_secret_file, ApiToken};
use crate::store::Store;
use chrono::{DateTime, Utc};
use intel_bundle::WorkstationKeys;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        DataDir { root: root.into() }
    }
    pub fn root(&self) -> &Path {
        &self.root
    }
    pub fn config_file(&self) -> PathBuf {
        self.root.join("gateway.json")
    }
    pub fn identity_key_file(&self) -> PathBuf {
        self.root.join("gateway-identity.key")
    }
    pub fn enrolment_file(&self) -> PathBuf {
        self.root.join("gateway-enrolment.json")
    }
    pub fn tls_cert_file(&self) -> PathBuf {
        self.root.join("tls-cert.pem")
    }
    pub fn tls_key_file(&self) -> PathBuf {
        self.root.join("tls-key.pem")
    }
    pub fn api_token_file(&self) -> PathBuf {
        self.root.join("force-api-token")
    }
    /// Holds a PostgreSQL URL given at `init` (it may carry a password, so it is a secret file).
    pub fn database_url_file(&self) -> PathBuf {
        self.root.join("database-url")
    }
    pub fn sqlite_file(&self) -> PathBuf {
        self.root.join("gateway.db")
    }
    pub fn drop_dir(&self) -> PathBuf {
        self.root.join("drop")
    }

    pub fn api_token(&self) -> Result<ApiToken, GatewayError> {
        ApiToken::from_secret_str(&read_secret_file(&self.api_token_file())?)
    }

    pub fn tls_cert_pem(&self) -> Result<String, GatewayError> {
        std::fs::read_to_string(self.tls_cert_file())
            .map_err(|e| GatewayError::io(format!("cannot read {}", self.tls_cert_file().display()), e))
    }

    /// The database to use: an explicit URL (flag or INTEL_GATEWAY_DATABASE_URL),
    /// else the one given at `init`, else the embedded SQLite file.
    pub fn database_url(&self, explicit: Option<&str>) -> Result<String, GatewayError> {
        if let Some(u) = explicit.filter(|u| !u.trim().is_empty()) {
            return Ok(u.trim().to_string());
        }
        if self.database_url_file().exists() {
            return Ok(read_secret_file(&self.database_url_file())?.trim().to_string());
        }
        Ok(format!("sqlite://{}?mode=rwc", self.sqlite_file().display()))
    }
}

/// `gateway.json`: the gateway's public facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GatewayConfig {
    pub id: String,
    pub unit: String,
    /// The address workstations use (it goes into the enrolment file).
    pub url: String,
    pub created_at: DateTime<Utc>,
}

impl GatewayConfig {
    pub fn load(dir: &DataDir) -> Result<Self, GatewayError> {
        let path = dir.config_file();
        let bytes = std::fs::read(&path).map_err(|e| {
            GatewayError::io(
                format!("cannot read {} (is this a gateway data directory? run `intel-gateway init` first)", path.display()),
                e,
            )
        })?;
        serde_json::from_slice(&bytes).map_err(|e| GatewayError::Setup(format!("{} is not valid: {e}", path.display())))
    }
}

#[derive(Debug, Clone)]
pub struct InitOptions {
    pub unit: String,
    pub url: String,
    pub database_url: Option<String>,
}

/// Makes a new gateway in an empty (or missing) directory. Refuses to touch a
/// directory that already holds an identity: replacing it would orphan every
/// workstation that trusts this gateway.
pub async fn init(dir: &DataDir, opts: &InitOptions) -> Result<GatewayConfig, GatewayError> {
    use std::os::unix::fs::PermissionsExt;
    let unit = opts.unit.trim();
    if unit.is_empty() || !unit.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err(GatewayError::Setup("--unit must be a force or unit code: letters, digits, '-' or '_'.".into()));
    }
    let parsed = url::Url::parse(&opts.url)
        .map_err(|e| GatewayError::Setup(format!("--url {} is not a URL ({e}); give e.g. https://gateway.force.example:8443", opts.url)))?;
    if parsed.scheme() != "https" {
        return Err(GatewayError::Setup("--url must start with https:// (the gateway only speaks TLS).".into()));
    }
    if dir.identity_key_file().exists() || dir.config_file().exists() {
        return Err(GatewayError::Setup(format!(
            "{} already holds a gateway; use it with `intel-gateway serve`, or choose an empty directory.",
            dir.root().display()
        )));
    }
    std::fs::create_dir_all(dir.root()).map_err(|e| GatewayError::io(format!("cannot create {}", dir.root().display()), e))?;
    std::fs::set_permissions(dir.root(), std::fs::Permissions::from_mode(0o700))
        .map_err(|e| GatewayError::io(format!("cannot restrict {}", dir.root().display()), e))?;

    let mut suffix = [0u8; 4];
    getrandom::fill(&mut suffix).map_err(|e| GatewayError::Setup(format!("no system randomness: {e}")))?;
    let config = GatewayConfig {
        id: format!("gw-{}-{}", unit.to_ascii_lowercase(), hex::encode(suffix)),
        unit: unit.to_string(),
        url: opts.url.trim_end_matches('/').to_string(),
        created_at: Utc::now(),
    };
    let keys = WorkstationKeys::generate()?;
    let tls = crate::tls::self_signed(parsed.host_str())?;
    if let Some(db) = &opts.database_url {
        // Fail now, not at first start, if the database is unreachable.
        Store::connect(db).await?;
    }
    write_keys(dir, &keys)?;
    write_secret_file(&dir.tls_key_file(), tls.key_pem.as_bytes())?;
    write_plain(&dir.tls_cert_file(), tls.cert_pem.as_bytes())?;
    write_secret_file(&dir.api_token_file(), format!("{}\n", ApiToken::generate()?.expose()).as_bytes())?;
    if let Some(db) = &opts.database_url {
        write_secret_file(&dir.database_url_file(), db.as_bytes())?;
    }
    let enrolment = sign_enrolment(&config, &keys, &tls.cert_pem)?;
    write_plain(&dir.enrolment_file(), &enrolment.to_file_bytes())?;
    let mut cfg_bytes = serde_json::to_vec_pretty(&config).map_err(|e| GatewayError::Setup(e.to_string()))?;
    cfg_bytes.push(b'\n');
    write_plain(&dir.config_file(), &cfg_bytes)?;
    Ok(config)
}

fn write_plain(path: &Path, bytes: &[u8]) -> Result<(), GatewayError> {
    std::fs::write(path, bytes).map_err(|e| GatewayError::io(format!("cannot write {}", path.display()), e))
}
