//! The `intel-gateway` command line.

use crate::data_dir::{DataDir, InitOptions};
use crate::error::GatewayError;
use crate::gateway::Gateway;
use crate::logging::{self, LogFormat};
use crate::server::{Limits, ServeOptions};
use crate::store::EnrolmentStateName;
use clap::{Parser, Subcommand};
use intel_protocol::{EnrolmentKind, SignedEnrolment, TaskingPackageRequest};
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Parser)]
#[command(name = "intel-gateway", version, about = "Intel Desk force gateway")]
pub struct Cli {
    /// The gateway's data directory (identity, TLS, token, SQLite database, drop folder).
    #[arg(long, global = true, env = "INTEL_GATEWAY_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// PostgreSQL URL (postgres://user:password@host/db); default: the URL given at init, else D/gateway.db.
    #[arg(long, global = true, env = "INTEL_GATEWAY_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Make a new gateway: identity, TLS certificate, API token, enrolment file.
    Init {
        /// Force (or unit) code, e.g. WMP.
        #[arg(long)]
        unit: String,
        /// The address workstations will use, e.g. https://gateway.force.example:8443.
        #[arg(long)]
        url: String,
    },
    /// Serve the API over TLS until SIGTERM or Ctrl-C.
    Serve {
        #[arg(long, default_value = "127.0.0.1:8443")]
        listen: SocketAddr,
        #[arg(long, value_enum, default_value = "human")]
        log_format: LogFormat,
        /// Requests per second per client address (sustained).
        #[arg(long, default_value_t = Limits::default().rate_per_second)]
        rate_per_second: u32,
        /// Requests a client address may make at once above the sustained rate.
        #[arg(long, default_value_t = Limits::default().rate_burst)]
        rate_burst: u32,
        /// Longest a request may take, in seconds.
        #[arg(long, default_value_t = Limits::default().request_timeout.as_secs())]
        request_timeout_secs: u64,
    },
    /// Workstation enrolments.
    #[command(subcommand)]
    Enrol(EnrolCommand),
    /// Make, sign and queue a tasking package for workstations to pull.
    Package {
        /// Workstation id, or unit:CODE for every approved workstation of a unit (repeatable).
        #[arg(long, required = true)]
        to: Vec<String>,
        /// JSON file: an array of taskings {reference, title, body, issued_by, due_at, marking}.
        #[arg(long)]
        taskings: PathBuf,
        #[arg(long)]
        expires_in_days: Option<u32>,
    },
    /// Print the gateway's enrolment file (for workstations to import) and where it is.
    Identity,
}

#[derive(Debug, Subcommand)]
pub enum EnrolCommand {
    /// Approve a workstation's enrolment file (verifies its self-signature).
    Add {
        #[arg(long)]
        file: PathBuf,
    },
    /// List enrolments.
    List,
    /// Approve a request that came in over the network (pending).
    Approve { id: String },
    /// Revoke a workstation: its bundles are refused from now on.
    Revoke {
        id: String,
        #[arg(long)]
        reason: String,
    },
}

#[allow(clippy::print_stdout)]
fn say(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{text}");
}

fn data_dir(cli: &Cli) -> Result<DataDir, GatewayError> {
    cli.data_dir
        .clone()
        .map(DataDir::new)
        .ok_or_else(|| GatewayError::Setup("Give the gateway's data directory with --data-dir (or INTEL_GATEWAY_DATA_DIR).".into()))
}

pub async fn run(cli: Cli) -> Result<(), GatewayError> {
    let dir = data_dir(&cli)?;
    let db = cli.database_url.as_deref();
    match cli.command {
        Command::Init { unit, url } => {
            let config = crate::data_dir::init(&dir, &InitOptions { unit, url, database_url: db.map(str::to_string) }).await?;
            say(&format!("Gateway {} ({}) made in {}.", config.id, config.unit, dir.root().display()));
            say(&format!("Workstations import {}.", dir.enrolment_file().display()));
            say(&format!("The force's systems use the token in {}.", dir.api_token_file().display()));
            say("Keep this directory on an encrypted volume: it holds the gateway's private keys.");
            say(&format!("Start it with: intel-gateway serve --data-dir {}", dir.root().display()));
        }
        Command::Serve { listen, log_format, rate_per_second, rate_burst, request_timeout_secs } => {
            logging::init(log_format);
            let gw = Gateway::open(&dir, db).await?;
            let limits =
                Limits { rate_per_second, rate_burst, request_timeout: Duration::from_secs(request_timeout_secs), ..Limits::default() };
            let mut running = crate::server::start(gw, ServeOptions { listen, limits }).await?;
            tokio::select! {
                _ = shutdown_signal() => {
                    tracing::info!("shutting down: finishing requests in flight");
                    running.shutdown().await?;
                    tracing::info!("stopped");
                }
                r = running.wait() => r?,
            }
        }
        Command::Enrol(cmd) => enrol(&Gateway::open(&dir, db).await?, cmd).await?,
        Command::Package { to, taskings, expires_in_days } => {
            let gw = Gateway::open(&dir, db).await?;
            let bytes = std::fs::read(&taskings).map_err(|e| GatewayError::io(format!("cannot read {}", taskings.display()), e))?;
            let taskings = serde_json::from_slice(&bytes).map_err(|e| {
                GatewayError::Invalid(format!(
                    "{} is not a JSON array of taskings {{reference, title, body, issued_by, due_at, marking}}: {e}",
                    taskings.display()
                ))
            })?;
            let created = crate::package::make_package(&gw, &TaskingPackageRequest { to, taskings, expires_in_days }).await?;
            say(&format!("Package {} queued for {}.", created.bundle_id, created.recipients.join(", ")));
        }
        Command::Identity => {
            say(&format!("# {}", dir.enrolment_file().display()));
            let text = std::fs::read_to_string(dir.enrolment_file()).map_err(|e| {
                GatewayError::io(format!("cannot read {} (run `intel-gateway init` first?)", dir.enrolment_file().display()), e)
            })?;
            say(text.trim_end());
        }
    }
    Ok(())
}

async fn enrol(gw: &Gateway, cmd: EnrolCommand) -> Result<(), GatewayError> {
    match cmd {
        EnrolCommand::Add { file } => {
            let bytes = std::fs::read(&file).map_err(|e| GatewayError::io(format!("cannot read {}", file.display()), e))?;
            let signed = SignedEnrolment::from_file_bytes(&bytes)?;
            let e = signed.verify()?;
            if e.kind != EnrolmentKind::Workstation {
                return Err(GatewayError::Invalid(format!(
                    "{} is a gateway's enrolment file; only workstations enrol here.",
                    file.display()
                )));
            }
            gw.store.approve_enrolment_file(&e, &signed.enrolment).await?;
            say(&format!("Approved workstation {} ({}, unit {}), key {}.", e.id, e.label, e.unit, e.current.key_id));
        }
        EnrolCommand::List => {
            let rows = gw.store.list_enrolments().await?;
            if rows.is_empty() {
                say("No enrolments yet.");
            }
            for r in rows {
                say(&format!(
                    "{}\t{}\t{}\t{}\tkey {}{}",
                    r.id,
                    r.unit,
                    r.state.as_str(),
                    r.label,
                    r.current_key_id.as_deref().unwrap_or("-"),
                    r.revoked_reason.map(|x| format!("\treason: {x}")).unwrap_or_default()
                ));
            }
        }
        EnrolCommand::Approve { id } => {
            gw.store.set_enrolment_state(&id, EnrolmentStateName::Approved, None).await?;
            say(&format!("Approved {id}."));
        }
        EnrolCommand::Revoke { id, reason } => {
            if reason.trim().is_empty() {
                return Err(GatewayError::Invalid("Say why with --reason.".into()));
            }
            gw.store.set_enrolment_state(&id, EnrolmentStateName::Revoked, Some(reason.trim())).await?;
            say(&format!("Revoked {id}: its bundles are refused from now on."));
        }
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(s) => s,
        Err(_) => {
            let _ = ctrl_c.await;
            return;
        }
    };
    tokio::select! {
        _ = ctrl_c => {}
        _ = term.recv() => {}
    }
}
