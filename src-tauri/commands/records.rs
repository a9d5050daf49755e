//! Intake, evaluation, sanitisation, status, review and the record view.

use super::signed_in;
use crate::ipc::{EvaluationInput, IpcError, NewReportInput, ReviewDecision, Status};
use crate::state::AppState;
use data_encoding::BASE64;
use intel_core::cycle::records::{NewAttachment, NewReport};
use intel_core::cycle::review::{RetentionRule, ReviewDue};
use intel_core::cycle::view::ReportView;
use intel_core::domain::grading::Evaluation3x5x2;
use intel_core::CoreError;
use tauri::State;

fn new_report(input: NewReportInput) -> Result<NewReport, CoreError> {
    let received_at = match input.received_at.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some(
            chrono::DateTime::parse_from_rfc3339(s)
                .map_err(|_| CoreError::invalid(format!("'{s}' is not a date and time (RFC 3339, e.g. 2026-11-25T09:30:00Z)")))?
                .with_timezone(&chrono::Utc),
        ),
        None => None,
    };
    let attachments = input
        .attachments
        .into_iter()
        .map(|a| {
            let content = BASE64
                .decode(a.content_base64.as_bytes())
                .map_err(|_| CoreError::invalid(format!("attachment '{}' did not arrive intact; attach it again", a.file_name)))?;
            Ok(NewAttachment { file_name: a.file_name, media_type: a.media_type, content })
        })
        .collect::<Result<Vec<_>, CoreError>>()?;
    Ok(NewReport {
        marking: input.marking,
        priority: input.priority,
        source_type: input.source_type,
        source_ref: input.source_ref,
        submitting_officer: input.submitting_officer,
        received_at,
        text: input.text,
        review_group: input.review_group.map(i64::from),
        attachments,
    })
}

/// Records the report; answers its new reference.
#[tauri::command]
#[specta::specta]
pub async fn record_report(state: State<'_, AppState>, input: NewReportInput) -> Result<String, IpcError> {
    let report = new_report(input)?;
    Ok(signed_in(&state).await?.record_report(report).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn show_report(state: State<'_, AppState>, reference: String) -> Result<ReportView, IpcError> {
    Ok(signed_in(&state).await?.show_report(&reference).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn evaluate(state: State<'_, AppState>, reference: String, input: EvaluationInput) -> Result<(), IpcError> {
    let ev = Evaluation3x5x2 {
        source: input.source,
        intelligence: input.intelligence,
        handling: input.handling,
        conditions: input.conditions,
        rationale: input.rationale,
    };
    Ok(signed_in(&state).await?.evaluate(&reference, ev).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn sanitise(state: State<'_, AppState>, reference: String, sanitised_text: String) -> Result<(), IpcError> {
    Ok(signed_in(&state).await?.sanitise(&reference, &sanitised_text).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn change_status(state: State<'_, AppState>, reference: String, to: Status, reason: String) -> Result<(), IpcError> {
    Ok(signed_in(&state).await?.change_status(&reference, to, &reason).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn review_report(
    state: State<'_, AppState>,
    reference: String,
    decision: ReviewDecision,
    rationale: String,
) -> Result<(), IpcError> {
    Ok(signed_in(&state).await?.review(&reference, decision, &rationale).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn reviews_due(state: State<'_, AppState>) -> Result<Vec<ReviewDue>, IpcError> {
    Ok(signed_in(&state).await?.reviews_due(None, 500).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn retention_schedule(state: State<'_, AppState>) -> Result<Vec<RetentionRule>, IpcError> {
    Ok(signed_in(&state).await?.retention_schedule().await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ipc::{AttachmentInput, Marking, Priority, SourceType};
    use intel_core::ErrorCode;

    fn input() -> NewReportInput {
        NewReportInput {
            marking: Marking::Official,
            priority: Priority::Low,
            source_type: SourceType::Officer,
            source_ref: None,
            submitting_officer: None,
            received_at: Some("2026-11-25T09:30:00+01:00".into()),
            text: "t".into(),
            review_group: Some(3),
            attachments: vec![AttachmentInput {
                file_name: "a.txt".into(),
                media_type: "text/plain".into(),
                content_base64: "aGk=".into(),
            }],
        }
    }

    #[test]
    fn decodes_time_and_attachments() {
        let r = new_report(input()).unwrap();
        assert_eq!(r.received_at.unwrap().to_rfc3339(), "2026-11-25T08:30:00+00:00");
        assert_eq!(r.attachments[0].content, b"hi");
        assert_eq!(r.review_group, Some(3));
    }

    #[test]
    fn refuses_a_garbled_attachment_or_time_with_a_clear_message() {
        let mut bad = input();
        bad.attachments[0].content_base64 = "not base64!".into();
        let e = new_report(bad).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidInput);
        assert!(e.to_string().contains("a.txt"));
        let mut bad = input();
        bad.received_at = Some("yesterday".into());
        assert!(new_report(bad).unwrap_err().to_string().contains("RFC 3339"));
    }

    #[test]
    fn an_unknown_vocabulary_value_is_refused_when_decoded() {
        let json = serde_json::json!({"marking": "SECRET", "priority": "low", "sourceType": "officer", "text": "t", "attachments": []});
        assert!(serde_json::from_value::<NewReportInput>(json).is_err());
    }
}
