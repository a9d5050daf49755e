//! Tasking and coordination: meetings and their decisions, the control
//! strategy, intelligence requirements, the action manager, operational
//! review and the daily briefing. Every decision is recorded with its
//! rationale and decision maker; what the groups decide is what the store
//! allows (only an ST&CG decision sets the control strategy, and so on).

pub mod actions;
pub mod briefing;
pub mod meetings;
pub mod requirements;
pub mod review;
pub mod strategy;

use crate::error::{CoreError, CoreResult};
use crate::meta;
use chrono::{Datelike, NaiveDate, Utc};
use sqlx::SqliteConnection;

/// A calendar date as the groups write it (YYYY-MM-DD).
pub fn parse_date(what: &str, value: &str) -> CoreResult<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| CoreError::invalid(format!("{what} must be a date written YYYY-MM-DD, not '{value}'")))
}

pub(crate) fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// The next reference of a series, e.g. `TTCG-2026-0003`. Counters live in
/// the store (per prefix and year) inside the caller's transaction, so a
/// rolled-back operation never uses up a number.
pub(crate) async fn next_reference(conn: &mut SqliteConnection, prefix: &str) -> CoreResult<String> {
    let year = Utc::now().year();
    let key = format!("seq:{prefix}:{year}");
    let seq: i64 = meta::get(&mut *conn, &key).await?.and_then(|s| s.parse().ok()).unwrap_or(0) + 1;
    meta::set(&mut *conn, &key, &seq.to_string()).await?;
    Ok(format!("{prefix}-{year}-{seq:04}"))
}

/// Trims a required text field, refusing an empty one with its name.
pub(crate) fn text(what: &str, value: &str) -> CoreResult<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(CoreError::invalid(format!("{what} is required")));
    }
    if v.chars().count() > 20_000 {
        return Err(CoreError::invalid(format!("{what} is too long (20,000 characters at most)")));
    }
    Ok(v.to_owned())
}

pub(crate) fn optional_text(value: Option<&str>) -> Option<String> {
    value.map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}
