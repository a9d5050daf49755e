//! Intel Desk core: the encrypted intelligence store and the intelligence
//! cycle, with no user interface and no Tauri. The CLI, the desktop shell and
//! the tests all drive this crate.
//!
//! Start with [`store::create`] or [`store::unlock`], which give a
//! [`Session`]; every operation is a method on the session and checks the
//! permission matrix ([`domain::permission`]) before acting.

/// SQL assembled from this crate's own constants (column lists, marking
/// names from a closed enum) — never from user input, which is always bound.
#[macro_export]
#[doc(hidden)]
macro_rules! sqlf {
    ($($t:tt)*) => { sqlx::AssertSqlSafe(format!($($t)*)) };
}

pub mod admin;
pub mod audit;
pub mod backoff;
#[doc(hidden)]
pub mod bench_support;
pub mod cycle;
pub mod domain;
pub mod error;
pub mod exchange;
pub mod fsutil;
pub mod interchange;
pub mod keys;
pub mod meta;
pub mod products;
pub mod references;
pub mod secret;
pub mod session;
pub mod store;
pub mod tasking;

pub use error::{CoreError, CoreResult, ErrorCode};
pub use session::{Session, UserInfo};
