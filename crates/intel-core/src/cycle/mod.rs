//! The intelligence cycle as operations on a signed-in session:
//! receipt and recording, evaluation, sanitisation, development, status,
//! dissemination, review and retention, and search.

pub mod demo;
pub mod dissemination;
pub mod entities;
pub mod evaluation;
pub mod export;
pub mod records;
pub mod review;
pub mod sanitise;
pub mod saved;
pub mod search;
pub mod status;
pub mod users;
pub mod view;
pub mod work;

use crate::error::{CoreError, CoreResult};
use chrono::{SecondsFormat, Utc};

pub(crate) fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub(crate) fn required(what: &str, value: &str) -> CoreResult<()> {
    if value.trim().is_empty() {
        return Err(CoreError::invalid(format!("{what} is required")));
    }
    Ok(())
}
