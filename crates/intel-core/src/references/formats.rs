//! The unit's format for each system's references: a regular expression the
//! whole (normalised) value must match. An administrator sets them, with a
//! reason, and can go back to the default; every change is audited.

use super::systems::ExternalSystem;
use crate::audit::{self, AuditEvent};
use crate::domain::permission::Action;
use crate::error::{CoreError, CoreResult};
use crate::session::Session;
use regex::{Regex, RegexBuilder};
use serde::Serialize;
use sqlx::SqliteConnection;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct ReferenceFormat {
    pub system: ExternalSystem,
    pub title: String,
    pub pattern: String,
    pub default_pattern: String,
    pub example: String,
    /// True when the unit has replaced the default.
    pub customised: bool,
}

/// A pattern is compiled anchored and size-limited: an administrator's typo
/// must not make every later check slow.
pub(crate) fn compile(pattern: &str) -> CoreResult<Regex> {
    if pattern.trim().is_empty() {
        return Err(CoreError::invalid("the format is empty; give a regular expression, e.g. [0-9]{2}/[0-9]{1,7}[A-Z]"));
    }
    if pattern.len() > 500 {
        return Err(CoreError::invalid("the format is longer than 500 characters"));
    }
    RegexBuilder::new(&format!("^(?:{})$", pattern.trim()))
        .size_limit(1 << 20)
        .build()
        .map_err(|e| CoreError::invalid(format!("the format is not a valid regular expression: {e}")))
}

pub(crate) async fn pattern_for(conn: &mut SqliteConnection, system: ExternalSystem) -> CoreResult<String> {
    let row: Option<(String,)> = sqlx::query_as("SELECT pattern FROM external_reference_formats WHERE system = ?")
        .bind(system.as_str())
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|r| r.0).unwrap_or_else(|| system.default_pattern().to_owned()))
}

/// Checks a normalised value against the unit's format for its system.
pub(crate) async fn check_value(conn: &mut SqliteConnection, system: ExternalSystem, value: &str) -> CoreResult<()> {
    if value.is_empty() {
        return Err(CoreError::invalid(format!("the {} reference is empty", system.title())));
    }
    let pattern = pattern_for(conn, system).await?;
    // A stored pattern was valid when it was set; one that no longer
    // compiles means the store was changed outside the app.
    let re = compile(&pattern).map_err(|_| CoreError::damaged(format!("the stored {} format does not compile", system.title())))?;
    if !re.is_match(value) {
        return Err(CoreError::invalid(format!(
            "'{value}' is not a {} reference in this unit's format (for example {}); check it, or ask an administrator to change the format",
            system.title(),
            example_for(system, &pattern)
        )));
    }
    Ok(())
}

fn example_for(system: ExternalSystem, pattern: &str) -> String {
    if pattern == system.default_pattern() {
        system.example().to_owned()
    } else {
        format!("one matching {pattern}")
    }
}

impl Session {
    pub async fn reference_formats(&self) -> CoreResult<Vec<ReferenceFormat>> {
        self.authorise(Action::RecordRead).await?;
        let mut conn = self.pool.acquire().await?;
        let mut out = Vec::new();
        for &system in ExternalSystem::ALL {
            let pattern = pattern_for(&mut conn, system).await?;
            out.push(ReferenceFormat {
                system,
                title: system.title().to_owned(),
                customised: pattern != system.default_pattern(),
                example: example_for(system, &pattern),
                default_pattern: system.default_pattern().to_owned(),
                pattern,
            });
        }
        Ok(out)
    }

    /// Sets a system's format; `None` goes back to the default. References
    /// already held are kept as they are: a format checks what comes in.
    pub async fn set_external_reference_format(&self, system: ExternalSystem, pattern: Option<&str>, reason: &str) -> CoreResult<()> {
        let me = self.authorise(Action::ManageConfiguration).await?;
        crate::cycle::required("a reason for the change", reason)?;
        let mut tx = self.begin().await?;
        match pattern {
            Some(p) => {
                compile(p)?;
                sqlx::query(
                    "INSERT INTO external_reference_formats (system, pattern, changed_by, changed_at) VALUES (?,?,?,?) \
                     ON CONFLICT(system) DO UPDATE SET pattern = excluded.pattern, changed_by = excluded.changed_by, changed_at = excluded.changed_at",
                )
                .bind(system.as_str())
                .bind(p.trim())
                .bind(me.id)
                .bind(crate::cycle::now())
                .execute(&mut *tx)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM external_reference_formats WHERE system = ?").bind(system.as_str()).execute(&mut *tx).await?;
            }
        }
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("config.external-reference-format", format!("system:{system}"))
                .reason(reason.trim())
                .details(serde_json::json!({"pattern": pattern.map(str::trim)})),
        )
        .await?;
        self.commit(tx, head).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_the_whole_value() {
        let re = compile("[0-9]{2}/[0-9]{1,7}[A-Z]").unwrap();
        assert!(re.is_match("01/123456X"));
        assert!(!re.is_match("x01/123456X"));
        assert!(!re.is_match("01/123456XY"));
        // An alternation must not escape the anchors.
        let alt = compile("A|B").unwrap();
        assert!(!alt.is_match("AB"));
    }

    #[test]
    fn bad_patterns_are_refused_with_the_reason() {
        let e = compile("[0-9").unwrap_err().to_string();
        assert!(e.contains("not a valid regular expression"), "{e}");
        assert!(compile("  ").is_err());
        assert!(compile(&"a".repeat(501)).is_err());
    }
}
