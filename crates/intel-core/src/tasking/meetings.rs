//! Meetings of the tasking and coordination process: who attended (partners
//! by consent), the agenda, and decisions each with rationale and decision
//! maker. Once signed off a meeting cannot change (the schema enforces it
//! too): a change of mind is a new decision, at a later meeting, that
//! supersedes the old one.

use super::{next_reference, optional_text, parse_date, text};
use crate::audit::{self, AuditEvent};
use crate::domain::governance::{DecisionKind, MeetingKind};
use crate::domain::marking::Marking;
use crate::domain::permission::Action;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::session::{Session, UserInfo};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub name: String,
    pub organisation: String,
    /// A partner agency or community safety partnership, present by consent.
    pub is_partner: bool,
    pub consent: bool,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewMeeting {
    pub kind: MeetingKind,
    /// YYYY-MM-DD
    pub held_on: String,
    pub title: String,
    pub chair: String,
    pub marking: Marking,
    pub attendees: Vec<Attendee>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewDecision {
    pub kind: DecisionKind,
    pub summary: String,
    pub rationale: String,
    /// Who took the decision (usually the chair), by name.
    pub decision_maker: String,
    /// For an escalation: to whom it goes.
    pub escalated_to: Option<String>,
    /// An earlier decision this one replaces.
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub supersedes: Option<i64>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AgendaSource {
    Product,
    Requirement,
    Action,
    Priority,
    Other,
}

crate::domain::vocabulary!(AgendaSource, "agenda source", {
    Product => "product",
    Requirement => "requirement",
    Action => "action",
    Priority => "priority",
    Other => "other",
});

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItem {
    pub title: String,
    pub source: AgendaSource,
    /// The reference of what the item comes from (a product, requirement, action or priority).
    pub source_ref: Option<String>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct DecisionView {
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub id: i64,
    pub meeting: String,
    pub meeting_kind: MeetingKind,
    pub held_on: String,
    pub kind: DecisionKind,
    pub summary: String,
    pub rationale: String,
    pub decision_maker: String,
    pub escalated_to: Option<String>,
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub supersedes: Option<i64>,
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub superseded_by: Option<i64>,
    pub recorded_by: String,
    pub recorded_at: String,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct MeetingView {
    pub reference: String,
    pub kind: MeetingKind,
    pub held_on: String,
    pub title: String,
    pub chair: String,
    pub marking: Marking,
    pub notes: String,
    pub attendees: Vec<Attendee>,
    pub agenda: Vec<AgendaItem>,
    pub decisions: Vec<DecisionView>,
    pub created_by: String,
    pub signed_off_by: Option<String>,
    pub signed_off_at: Option<String>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct MeetingSummary {
    pub reference: String,
    pub kind: MeetingKind,
    pub held_on: String,
    pub title: String,
    pub chair: String,
    pub marking: Marking,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub decisions: i64,
    pub signed_off: bool,
}

/// A meeting as the caller may see it.
pub(crate) struct MeetingRow {
    pub id: i64,
    pub kind: MeetingKind,
    pub held_on: String,
    pub signed_off: bool,
}

pub(crate) async fn load_meeting(conn: &mut SqliteConnection, me: &UserInfo, reference: &str) -> CoreResult<MeetingRow> {
    let row: Option<(i64, String, String, String, Option<String>)> =
        sqlx::query_as("SELECT id, kind, held_on, marking, signed_off_at FROM meetings WHERE reference = ?")
            .bind(reference.trim())
            .fetch_optional(&mut *conn)
            .await?;
    let (id, kind, held_on, marking, signed_off) = row.ok_or_else(|| CoreError::not_found(format!("no meeting '{reference}'")))?;
    let marking: Marking = marking.parse()?;
    if marking > me.clearance {
        return Err(CoreError::not_found(format!("no meeting '{reference}'")));
    }
    Ok(MeetingRow { id, kind: kind.parse()?, held_on, signed_off: signed_off.is_some() })
}

fn open_for_changes(m: &MeetingRow, reference: &str) -> CoreResult<()> {
    if m.signed_off {
        return Err(CoreError::new(
            ErrorCode::IllegalTransition,
            format!("{reference} is signed off and cannot change; record a new decision at a later meeting that supersedes the old one"),
        ));
    }
    Ok(())
}

fn check_attendees(attendees: &[Attendee]) -> CoreResult<()> {
    let mut seen = std::collections::HashSet::new();
    for a in attendees {
        let name = text("an attendee's name", &a.name)?;
        text(&format!("{name}'s organisation"), &a.organisation)?;
        if a.is_partner && !a.consent {
            return Err(CoreError::invalid(format!(
                "{name} attends for a partner agency: partners take part by mutual consent, so record that consent was given"
            )));
        }
        if !seen.insert(name.to_lowercase()) {
            return Err(CoreError::invalid(format!("{name} is listed twice")));
        }
    }
    Ok(())
}

async fn write_attendees(conn: &mut SqliteConnection, meeting_id: i64, attendees: &[Attendee]) -> CoreResult<()> {
    sqlx::query("DELETE FROM meeting_attendees WHERE meeting_id = ?").bind(meeting_id).execute(&mut *conn).await?;
    for a in attendees {
        sqlx::query("INSERT INTO meeting_attendees (meeting_id, name, organisation, is_partner, consent) VALUES (?,?,?,?,?)")
            .bind(meeting_id)
            .bind(a.name.trim())
            .bind(a.organisation.trim())
            .bind(a.is_partner as i64)
            .bind(a.consent as i64)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Records one decision inside the caller's transaction, after the rules
/// that tie decisions to meetings. Returns its id.
pub(crate) async fn insert_decision(
    conn: &mut SqliteConnection,
    me: &UserInfo,
    meeting: &MeetingRow,
    reference: &str,
    d: &NewDecision,
) -> CoreResult<i64> {
    open_for_changes(meeting, reference)?;
    if !d.kind.allowed_at(meeting.kind) {
        return Err(CoreError::new(
            ErrorCode::IllegalTransition,
            match d.kind {
                DecisionKind::ControlStrategy => {
                    "only the ST&CG sets or amends the control strategy; record this decision at an ST&CG meeting".to_owned()
                }
                _ => format!("a {} cannot take a {} decision", meeting.kind.title(), d.kind),
            },
        ));
    }
    let summary = text("the decision", &d.summary)?;
    let rationale = text("the rationale for the decision", &d.rationale)?;
    let maker = text("the decision maker", &d.decision_maker)?;
    let escalated_to = optional_text(d.escalated_to.as_deref());
    if d.kind == DecisionKind::Escalation && escalated_to.is_none() {
        return Err(CoreError::invalid("an escalation must say to whom the issue is escalated"));
    }
    if let Some(old) = d.supersedes {
        let exists: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM meeting_decisions WHERE id = ?").bind(old).fetch_optional(&mut *conn).await?;
        if exists.is_none() {
            return Err(CoreError::not_found(format!("no decision {old} to supersede")));
        }
    }
    let id = sqlx::query(
        "INSERT INTO meeting_decisions (meeting_id, kind, summary, rationale, decision_maker, escalated_to, supersedes, recorded_by, recorded_at) \
         VALUES (?,?,?,?,?,?,?,?,?)",
    )
    .bind(meeting.id)
    .bind(d.kind.as_str())
    .bind(&summary)
    .bind(&rationale)
    .bind(&maker)
    .bind(&escalated_to)
    .bind(d.supersedes)
    .bind(me.id)
    .bind(crate::cycle::now())
    .execute(&mut *conn)
    .await?
    .last_insert_rowid();
    Ok(id)
}

pub(crate) fn decision_event(reference: &str, id: i64, d: &NewDecision) -> AuditEvent {
    AuditEvent::new("meeting.decision", format!("meeting:{reference}")).reason(d.rationale.trim()).details(serde_json::json!({
        "decision": id, "kind": d.kind, "summary": d.summary.trim(), "decision_maker": d.decision_maker.trim(),
        "escalated_to": d.escalated_to, "supersedes": d.supersedes,
    }))
}

type DecisionRow = (i64, String, String, String, String, String, String, String, Option<String>, Option<i64>, Option<i64>, String, String);

const DECISION_SELECT: &str =
    "SELECT d.id, m.reference, m.kind, m.held_on, d.kind, d.summary, d.rationale, d.decision_maker, d.escalated_to, d.supersedes, \
    (SELECT min(n.id) FROM meeting_decisions n WHERE n.supersedes = d.id), u.username, d.recorded_at \
    FROM meeting_decisions d JOIN meetings m ON m.id = d.meeting_id JOIN users u ON u.id = d.recorded_by";

fn decision_view(r: DecisionRow) -> CoreResult<DecisionView> {
    let (
        id,
        meeting,
        meeting_kind,
        held_on,
        kind,
        summary,
        rationale,
        decision_maker,
        escalated_to,
        supersedes,
        superseded_by,
        recorded_by,
        recorded_at,
    ) = r;
    Ok(DecisionView {
        id,
        meeting,
        meeting_kind: meeting_kind.parse()?,
        held_on,
        kind: kind.parse()?,
        summary,
        rationale,
        decision_maker,
        escalated_to,
        supersedes,
        superseded_by,
        recorded_by,
        recorded_at,
    })
}

/// One decision, if the caller is cleared for its meeting.
pub(crate) async fn fetch_decision(conn: &mut SqliteConnection, me: &UserInfo, id: i64) -> CoreResult<DecisionView> {
    let row: Option<DecisionRow> = sqlx::query_as(crate::sqlf!(
        "{DECISION_SELECT} WHERE d.id = ? AND m.marking IN ({})",
        crate::cycle::search::marking_list(me.clearance)
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    decision_view(row.ok_or_else(|| CoreError::not_found(format!("no decision {id}")))?)
}

impl Session {
    pub async fn create_meeting(&self, m: NewMeeting) -> CoreResult<MeetingView> {
        let me = self.authorise(Action::ManageMeetings).await?;
        parse_date("the meeting date", &m.held_on)?;
        let title = text("the meeting's title", &m.title)?;
        let chair = text("the chair", &m.chair)?;
        check_attendees(&m.attendees)?;
        if m.marking > me.clearance {
            return Err(CoreError::denied(format!("you are cleared to {} and cannot record a {} meeting", me.clearance, m.marking)));
        }
        let mut tx = self.begin().await?;
        let reference = next_reference(&mut tx, m.kind.reference_prefix()).await?;
        let id = sqlx::query(
            "INSERT INTO meetings (reference, kind, held_on, title, chair, marking, created_by, created_at) VALUES (?,?,?,?,?,?,?,?)",
        )
        .bind(&reference)
        .bind(m.kind.as_str())
        .bind(m.held_on.trim())
        .bind(&title)
        .bind(&chair)
        .bind(m.marking.as_str())
        .bind(me.id)
        .bind(crate::cycle::now())
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        write_attendees(&mut tx, id, &m.attendees).await?;
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("meeting.create", format!("meeting:{reference}")).details(serde_json::json!({
                "kind": m.kind, "held_on": m.held_on.trim(), "chair": chair, "attendees": m.attendees.len(),
                "partners": m.attendees.iter().filter(|a| a.is_partner).count(),
            })),
        )
        .await?;
        self.commit(tx, head).await?;
        self.meeting(&reference).await
    }

    pub async fn set_meeting_attendees(&self, reference: &str, attendees: Vec<Attendee>) -> CoreResult<MeetingView> {
        let me = self.authorise(Action::ManageMeetings).await?;
        check_attendees(&attendees)?;
        let mut tx = self.begin().await?;
        let m = load_meeting(&mut tx, &me, reference).await?;
        open_for_changes(&m, reference)?;
        write_attendees(&mut tx, m.id, &attendees).await?;
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("meeting.attendance", format!("meeting:{reference}"))
                .details(serde_json::json!({"attendees": attendees.iter().map(|a| &a.name).collect::<Vec<_>>()})),
        )
        .await?;
        self.commit(tx, head).await?;
        self.meeting(reference).await
    }

    /// Agenda items the meeting should consider, built from what the store
    /// holds now: the latest approved assessment of the kind the group works
    /// from, the control strategy's priorities, requirements due for review
    /// and actions overdue. Nothing is saved: the chair edits, then sets it.
    pub async fn propose_agenda(&self, reference: &str) -> CoreResult<Vec<AgendaItem>> {
        let me = self.authorise(Action::ManageMeetings).await?;
        let mut conn = self.pool.acquire().await?;
        let m = load_meeting(&mut conn, &me, reference).await?;
        let markings = crate::cycle::search::marking_list(me.clearance);
        let mut items = Vec::new();
        let product_kinds: &[&str] = match m.kind {
            MeetingKind::Stcg => &["strategic-assessment"],
            MeetingKind::Ttcg | MeetingKind::IntelligenceUnit => &["tactical-assessment", "problem-profile", "subject-profile"],
            MeetingKind::Dmm => &["tactical-assessment"],
        };
        for kind in product_kinds {
            let p: Option<(String, String)> = sqlx::query_as(crate::sqlf!(
                "SELECT reference, title FROM products WHERE kind = ? AND state = 'approved' AND marking IN ({markings}) ORDER BY approved_at DESC LIMIT 1"
            ))
            .bind(kind)
            .fetch_optional(&mut *conn)
            .await?;
            if let Some((r, title)) = p {
                items.push(AgendaItem { title: format!("Consider {title}"), source: AgendaSource::Product, source_ref: Some(r) });
            }
        }
        let priorities: Vec<(String, String)> = sqlx::query_as(
            "SELECT i.issue_key, i.title FROM control_strategy_issues i WHERE i.is_priority = 1 AND i.version_id = \
             (SELECT id FROM control_strategy_versions ORDER BY version DESC LIMIT 1) ORDER BY i.position",
        )
        .fetch_all(&mut *conn)
        .await?;
        for (key, title) in priorities {
            items.push(AgendaItem {
                title: format!("Priority: {title} — progress against the delivery plan"),
                source: AgendaSource::Priority,
                source_ref: Some(key),
            });
        }
        let due: Vec<(String, String)> = sqlx::query_as(crate::sqlf!(
            "SELECT reference, title FROM requirements WHERE state = 'approved' AND review_due <= ? AND marking IN ({markings}) ORDER BY review_due"
        ))
        .bind(&m.held_on)
        .fetch_all(&mut *conn)
        .await?;
        for (r, title) in due {
            items.push(AgendaItem {
                title: format!("Review requirement: {title}"),
                source: AgendaSource::Requirement,
                source_ref: Some(r),
            });
        }
        let overdue: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT reference, title, owner FROM actions WHERE status IN ('open','in-progress') AND due_on < ? ORDER BY due_on",
        )
        .bind(&m.held_on)
        .fetch_all(&mut *conn)
        .await?;
        for (r, title, owner) in overdue {
            items.push(AgendaItem {
                title: format!("Overdue action: {title} ({owner})"),
                source: AgendaSource::Action,
                source_ref: Some(r),
            });
        }
        Ok(items)
    }

    pub async fn set_meeting_agenda(&self, reference: &str, agenda: Vec<AgendaItem>) -> CoreResult<MeetingView> {
        let me = self.authorise(Action::ManageMeetings).await?;
        for item in &agenda {
            text("an agenda item's title", &item.title)?;
        }
        let mut tx = self.begin().await?;
        let m = load_meeting(&mut tx, &me, reference).await?;
        open_for_changes(&m, reference)?;
        sqlx::query("DELETE FROM meeting_agenda WHERE meeting_id = ?").bind(m.id).execute(&mut *tx).await?;
        for (i, item) in agenda.iter().enumerate() {
            sqlx::query("INSERT INTO meeting_agenda (meeting_id, position, title, source_kind, source_ref) VALUES (?,?,?,?,?)")
                .bind(m.id)
                .bind(i as i64 + 1)
                .bind(item.title.trim())
                .bind(item.source.as_str())
                .bind(optional_text(item.source_ref.as_deref()))
                .execute(&mut *tx)
                .await?;
        }
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("meeting.agenda", format!("meeting:{reference}")).details(serde_json::json!({"items": agenda.len()})),
        )
        .await?;
        self.commit(tx, head).await?;
        self.meeting(reference).await
    }

    /// Records a decision (with its rationale and decision maker). Decisions
    /// that change the control strategy or approve a requirement have their
    /// own operations, which record the decision and its effect together.
    pub async fn record_decision(&self, reference: &str, d: NewDecision) -> CoreResult<DecisionView> {
        let me = self.authorise(Action::ManageMeetings).await?;
        if matches!(d.kind, DecisionKind::ControlStrategy | DecisionKind::RequirementApproval) {
            return Err(CoreError::invalid(
                "a control strategy or requirement approval decision is recorded with what it sets: use set_control_strategy or approve_requirement",
            ));
        }
        let mut tx = self.begin().await?;
        let m = load_meeting(&mut tx, &me, reference).await?;
        let id = insert_decision(&mut tx, &me, &m, reference, &d).await?;
        let head = audit::append(&mut tx, &me.username, decision_event(reference, id, &d)).await?;
        let view = fetch_decision(&mut tx, &me, id).await?;
        self.commit(tx, head).await?;
        Ok(view)
    }

    /// Signs the record off: from now on nothing about the meeting changes.
    pub async fn sign_off_meeting(&self, reference: &str) -> CoreResult<MeetingView> {
        let me = self.authorise(Action::SignOffMeeting).await?;
        let mut tx = self.begin().await?;
        let m = load_meeting(&mut tx, &me, reference).await?;
        if m.signed_off {
            return Err(CoreError::new(ErrorCode::Conflict, format!("{reference} is already signed off")));
        }
        let (attendees,): (i64,) =
            sqlx::query_as("SELECT count(*) FROM meeting_attendees WHERE meeting_id = ?").bind(m.id).fetch_one(&mut *tx).await?;
        if attendees == 0 {
            return Err(CoreError::invalid(format!("{reference} has no attendees recorded; record who attended before signing off")));
        }
        let (decisions,): (i64,) =
            sqlx::query_as("SELECT count(*) FROM meeting_decisions WHERE meeting_id = ?").bind(m.id).fetch_one(&mut *tx).await?;
        sqlx::query("UPDATE meetings SET signed_off_by = ?, signed_off_at = ? WHERE id = ?")
            .bind(me.id)
            .bind(crate::cycle::now())
            .bind(m.id)
            .execute(&mut *tx)
            .await?;
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("meeting.sign-off", format!("meeting:{reference}")).details(serde_json::json!({"decisions": decisions})),
        )
        .await?;
        self.commit(tx, head).await?;
        self.meeting(reference).await
    }

    pub async fn meeting(&self, reference: &str) -> CoreResult<MeetingView> {
        let me = self.authorise(Action::RecordRead).await?;
        let mut conn = self.pool.acquire().await?;
        let m = load_meeting(&mut conn, &me, reference).await?;
        type Row = (String, String, String, String, String, String, String, String, Option<String>, Option<String>);
        let (reference, kind, held_on, title, chair, marking, notes, created_by, signed_off_by, signed_off_at): Row = sqlx::query_as(
            "SELECT m.reference, m.kind, m.held_on, m.title, m.chair, m.marking, m.notes, c.username, s.username, m.signed_off_at \
             FROM meetings m JOIN users c ON c.id = m.created_by LEFT JOIN users s ON s.id = m.signed_off_by WHERE m.id = ?",
        )
        .bind(m.id)
        .fetch_one(&mut *conn)
        .await?;
        let attendees: Vec<(String, String, i64, i64)> = sqlx::query_as(
            "SELECT name, organisation, is_partner, consent FROM meeting_attendees WHERE meeting_id = ? ORDER BY is_partner, name",
        )
        .bind(m.id)
        .fetch_all(&mut *conn)
        .await?;
        let agenda: Vec<(String, String, Option<String>)> =
            sqlx::query_as("SELECT title, source_kind, source_ref FROM meeting_agenda WHERE meeting_id = ? ORDER BY position")
                .bind(m.id)
                .fetch_all(&mut *conn)
                .await?;
        let decisions: Vec<DecisionRow> =
            sqlx::query_as(crate::sqlf!("{DECISION_SELECT} WHERE d.meeting_id = ? ORDER BY d.id")).bind(m.id).fetch_all(&mut *conn).await?;
        Ok(MeetingView {
            reference,
            kind: kind.parse()?,
            held_on,
            title,
            chair,
            marking: marking.parse()?,
            notes,
            attendees: attendees
                .into_iter()
                .map(|(name, organisation, p, c)| Attendee { name, organisation, is_partner: p == 1, consent: c == 1 })
                .collect(),
            agenda: agenda
                .into_iter()
                .map(|(title, source, source_ref)| Ok(AgendaItem { title, source: source.parse()?, source_ref }))
                .collect::<CoreResult<_>>()?,
            decisions: decisions.into_iter().map(decision_view).collect::<CoreResult<_>>()?,
            created_by,
            signed_off_by,
            signed_off_at,
        })
    }

    /// Meetings the caller is cleared to see, newest first.
    pub async fn list_meetings(&self, kind: Option<MeetingKind>) -> CoreResult<Vec<MeetingSummary>> {
        let me = self.authorise(Action::RecordRead).await?;
        type Row = (String, String, String, String, String, String, i64, Option<String>);
        let rows: Vec<Row> = sqlx::query_as(crate::sqlf!(
            "SELECT m.reference, m.kind, m.held_on, m.title, m.chair, m.marking, \
             (SELECT count(*) FROM meeting_decisions d WHERE d.meeting_id = m.id), m.signed_off_at \
             FROM meetings m WHERE m.marking IN ({}) AND (?1 IS NULL OR m.kind = ?1) ORDER BY m.held_on DESC, m.id DESC",
            crate::cycle::search::marking_list(me.clearance)
        ))
        .bind(kind.map(|k| k.as_str()))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(reference, kind, held_on, title, chair, marking, decisions, signed)| {
                Ok(MeetingSummary {
                    reference,
                    kind: kind.parse()?,
                    held_on,
                    title,
                    chair,
                    marking: marking.parse()?,
                    decisions,
                    signed_off: signed.is_some(),
                })
            })
            .collect()
    }

    /// Every decision the caller may see, newest first (the T&C decision log).
    pub async fn decision_log(&self, limit: i64) -> CoreResult<Vec<DecisionView>> {
        let me = self.authorise(Action::RecordRead).await?;
        let rows: Vec<DecisionRow> = sqlx::query_as(crate::sqlf!(
            "{DECISION_SELECT} WHERE m.marking IN ({}) ORDER BY d.id DESC LIMIT ?",
            crate::cycle::search::marking_list(me.clearance)
        ))
        .bind(limit.clamp(1, 10_000))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(decision_view).collect()
    }
}
