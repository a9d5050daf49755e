//! Thin commands: state + input → one core call → mapped error. Grouped by
//! the screen family that uses them.

pub mod admin;
pub mod development;
pub mod dissemination;
pub mod exchange;
pub(crate) mod files;
pub mod products;
pub mod records;
pub mod references;
pub mod search;
pub mod store;
pub mod tasking;
pub mod work;

use crate::ipc::IpcError;
use crate::state::AppState;
use intel_core::{CoreError, ErrorCode, Session};
use tokio::sync::RwLockReadGuard;

/// Row ids cross IPC as 32-bit numbers (JavaScript numbers, no BigInt).
pub(crate) fn id32(id: i64) -> Result<u32, IpcError> {
    u32::try_from(id).map_err(|_| IpcError::from(CoreError::internal(format!("row id {id} is out of range for the interface"))))
}

/// The signed-in session, or the error that sends the UI back to sign-in.
pub(crate) async fn signed_in(state: &AppState) -> Result<RwLockReadGuard<'_, Session>, IpcError> {
    RwLockReadGuard::try_map(state.session.read().await, Option::as_ref)
        .map_err(|_| IpcError::from(CoreError::new(ErrorCode::SessionLocked, "no one is signed in: unlock Intel Desk to continue")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn commands_without_a_session_answer_session_locked() {
        let state = AppState::new(std::env::temp_dir().join("intel-desk-no-store"));
        let e = signed_in(&state).await.err().unwrap();
        assert_eq!(e.code, ErrorCode::SessionLocked);
        assert!(e.message.contains("unlock"));
    }

    #[test]
    fn ids_beyond_32_bits_are_an_error_not_a_wrapped_number() {
        assert_eq!(id32(7).unwrap(), 7);
        assert_eq!(id32(i64::from(u32::MAX) + 1).unwrap_err().code, ErrorCode::Internal);
    }
}
