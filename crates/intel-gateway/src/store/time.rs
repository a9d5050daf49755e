use crate::error::GatewayError;
use chrono::{DateTime, SecondsFormat, Utc};

/// Times are stored as fixed-width RFC 3339 text, identical on both backends
/// (the `Any` driver has no portable timestamp type) and sortable as text.
pub fn format_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub fn parse_time(s: &str) -> Result<DateTime<Utc>, GatewayError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| GatewayError::Invalid(format!("stored time {s:?} is unreadable: {e}")))
}
