//! Bundles in the workstation store: this workstation's identity, the peers
//! it trusts, what it exports (to a file or the outbox for the gateway) and
//! what it imports. The bundle format itself is `intel_bundle`; the gateway's
//! wire types are `intel_protocol`. Nothing here talks to the network.

mod apply;
mod collect;
pub mod export;
pub mod identity;
pub mod import;
pub mod outbox;
pub mod peers;
pub mod types;

pub use export::ExportOptions;
pub use import::read_bundle_file;
pub use types::*;
