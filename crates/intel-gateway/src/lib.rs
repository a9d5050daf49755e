//! The force gateway: the server a force runs between its workstations and its
//! own systems. It enrols workstations, accepts signed bundles idempotently and
//! answers each with a signed receipt, holds tasking packages for workstations
//! to pull, and hands what it received to the force's systems through an API
//! and a drop folder. Storage is SQLite by default and PostgreSQL when several
//! gateway processes share one database; both run the same queries (sqlx `Any`).
//!
//! The binary (`intel-gateway`) is a thin CLI over this library, so tests start
//! the same server in-process.

pub mod cli;
pub mod data_dir;
pub mod drop_folder;
pub mod error;
pub mod gateway;
pub mod http;
pub mod identity;
pub mod ingest;
pub mod logging;
pub mod openapi;
pub mod package;
pub mod secret;
pub mod server;
pub mod store;
pub mod testkit;
pub mod tls;

pub use data_dir::{init, DataDir, GatewayConfig, InitOptions};
pub use error::GatewayError;
pub use gateway::Gateway;
pub use identity::GatewayIdentity;
pub use server::{Limits, RunningGateway, ServeOptions};
pub use store::{Backend, Store};
