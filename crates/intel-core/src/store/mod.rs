//! The encrypted store on disk: one folder per unit store.
//!
//! ```text
//! <store>/store.db (+ -wal, -shm)   SQLCipher 4 database, raw 256-bit data key
//! <store>/keys.json                 wrapped keys (see crate::keys)
//! <store>/audit.checkpoint          MAC'd head of the audit chain (rollback/truncation check)
//! <store>/unlock-failures.json      back-off counter, audited at the next unlock
//! <store>/store.lock                serialises checkpoint writes between processes
//! ```

pub mod checkpoint;
pub mod connect;
pub mod lifecycle;
pub mod paths;

pub use lifecycle::{create, inspect, recover, unlock, CreateOptions, Created, StoreState};
pub use paths::StorePaths;
