//! Tasking and coordination on a real encrypted store: the ST&CG sets the
//! control strategy and approves the strategic requirement, reports answer
//! it, the TT&CG decides and raises actions, operational review keeps its
//! objectives fixed once the operation starts, and signed-off meetings and
//! recorded decisions cannot change, in the core or in the schema beneath it.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use intel_core::domain::governance::{ActionStatus, DecisionKind, MeetingKind, RequirementKind, Strand};
use intel_core::domain::marking::Marking;
use intel_core::domain::report_fields::Priority;
use intel_core::domain::role::Role;
use intel_core::tasking::actions::{ActionFilter, NewAction};
use intel_core::tasking::meetings::{AgendaSource, Attendee};
use intel_core::tasking::requirements::{NewQuestion, NewRequirement};
use intel_core::tasking::review::{NewOperationalReview, Recommendation, ReviewFindings};
use intel_core::tasking::strategy::{NewStrategy, StrategyIssue};
use intel_core::{ErrorCode, Session};

fn strategy(summary: &str, owner: &str) -> NewStrategy {
    NewStrategy {
        summary: summary.into(),
        issues: vec![
            StrategyIssue {
                key: "county-lines".into(),
                title: "Drug supply through county lines".into(),
                is_priority: true,
                reason: "Highest harm in the strategic assessment: violence and exploitation of children".into(),
                owner: Some(owner.into()),
                delivery_plan: Some("Op Harbour delivery plan".into()),
                strands: vec![Strand::Prevention, Strand::Intelligence, Strand::Enforcement],
            },
            StrategyIssue {
                key: "cycle-theft".into(),
                title: "Cycle theft".into(),
                is_priority: false,
                reason: "High volume, low harm: handled by neighbourhood teams".into(),
                owner: None,
                delivery_plan: None,
                strands: vec![],
            },
        ],
    }
}

async fn people(a: &Session) {
    add_user(a, "director", Role::DirectorOfIntelligence, false, Marking::OfficialSensitive).await;
    add_user(a, "officer", Role::IntelligenceOfficer, false, Marking::OfficialSensitive).await;
    add_user(a, "analyst", Role::Analyst, false, Marking::OfficialSensitive).await;
    add_user(a, "pa", Role::PrincipalAnalyst, false, Marking::OfficialSensitive).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_stcg_sets_the_control_strategy_and_every_version_is_kept() {
    let (ts, a) = TestStore::create().await;
    people(&a).await;
    let director = ts.user("director").await;

    // Partners attend by consent only.
    let mut m = meeting(MeetingKind::Stcg, "2026-12-01");
    m.attendees.push(Attendee { name: "Ms Green".into(), organisation: "County Council CSP".into(), is_partner: true, consent: false });
    assert_eq!(err_code(director.create_meeting(m.clone()).await), ErrorCode::InvalidInput);
    m.attendees.last_mut().unwrap().consent = true;
    let stcg = director.create_meeting(m).await.unwrap();
    assert!(stcg.reference.starts_with("STCG-"), "{}", stcg.reference);
    assert_eq!(stcg.attendees.iter().filter(|a| a.is_partner).count(), 1);

    // Only an ST&CG decision sets it: not the TT&CG, not a bare decision.
    let ttcg = director.create_meeting(meeting(MeetingKind::Ttcg, "2026-12-02")).await.unwrap();
    let before = row_counts(&director).await;
    let refused =
        director.set_control_strategy(&ttcg.reference, decision(DecisionKind::ControlStrategy, "set"), strategy("v1", "Supt Reed")).await;
    assert_eq!(err_code(refused), ErrorCode::IllegalTransition);
    assert_eq!(
        err_code(director.record_decision(&stcg.reference, decision(DecisionKind::ControlStrategy, "sneak")).await),
        ErrorCode::InvalidInput
    );
    assert_eq!(row_counts(&director).await, before, "refusals wrote nothing");

    // A priority needs an owner and a delivery plan; every issue needs its reason.
    let mut no_owner = strategy("v1", "Supt Reed");
    no_owner.issues[0].owner = None;
    assert_eq!(
        err_code(director.set_control_strategy(&stcg.reference, decision(DecisionKind::Other, "x"), no_owner).await),
        ErrorCode::InvalidInput
    );
    let mut no_reason = strategy("v1", "Supt Reed");
    no_reason.issues[1].reason = " ".into();
    assert_eq!(
        err_code(director.set_control_strategy(&stcg.reference, decision(DecisionKind::Other, "x"), no_reason).await),
        ErrorCode::InvalidInput
    );

    let v1 = director
        .set_control_strategy(&stcg.reference, decision(DecisionKind::Other, "adopt v1"), strategy("v1", "Supt Reed"))
        .await
        .unwrap();
    assert_eq!(v1.version, 1);
    assert_eq!(v1.meeting, stcg.reference);
    assert!(v1.rationale.contains("adopt v1"));
    let not_priority = v1.issues.iter().find(|i| !i.is_priority).unwrap();
    assert!(not_priority.reason.contains("neighbourhood teams"), "why it is not a priority is kept");

    let v2 = director
        .set_control_strategy(&stcg.reference, decision(DecisionKind::Other, "amend owner"), strategy("v2", "Supt Khan"))
        .await
        .unwrap();
    assert_eq!(v2.version, 2);
    assert_eq!(director.control_strategy(None).await.unwrap().unwrap().version, 2);
    let old = director.control_strategy(Some(1)).await.unwrap().unwrap();
    assert_eq!(old.issues[0].owner.as_deref(), Some("Supt Reed"), "version 1 kept as set");
    assert_eq!(director.control_strategy_history().await.unwrap().len(), 2);

    // The schema itself refuses to rewrite a version.
    let pool = director.pool_for_tests();
    assert!(sqlx::query("UPDATE control_strategy_issues SET owner = 'someone else'").execute(pool).await.is_err());
    assert!(sqlx::query("DELETE FROM control_strategy_versions").execute(pool).await.is_err());

    // Only the entitled roles amend it.
    let analyst = ts.user("analyst").await;
    assert_eq!(
        err_code(analyst.set_control_strategy(&stcg.reference, decision(DecisionKind::Other, "x"), strategy("v3", "x")).await),
        ErrorCode::PermissionDenied
    );
    assert!(audit_actions(&director).await.iter().filter(|a| *a == "control-strategy.set").count() == 2);
    assert!(director.verify_audit().await.unwrap().ok());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_signed_off_meeting_cannot_change_and_decisions_are_superseded_not_edited() {
    let (ts, a) = TestStore::create().await;
    people(&a).await;
    let director = ts.user("director").await;
    let ttcg = director.create_meeting(meeting(MeetingKind::Ttcg, "2026-12-01")).await.unwrap();
    let d1 = director.record_decision(&ttcg.reference, decision(DecisionKind::Tasking, "Deploy ANPR at the ring road")).await.unwrap();
    let mut esc = decision(DecisionKind::Escalation, "Beyond local capability");
    assert_eq!(err_code(director.record_decision(&ttcg.reference, esc.clone()).await), ErrorCode::InvalidInput, "escalations say to whom");
    esc.escalated_to = Some("Regional organised crime unit".into());
    director.record_decision(&ttcg.reference, esc).await.unwrap();
    let mut no_rationale = decision(DecisionKind::Tasking, "x");
    no_rationale.rationale = "".into();
    assert_eq!(err_code(director.record_decision(&ttcg.reference, no_rationale).await), ErrorCode::InvalidInput);

    // The PA minutes meetings but only the managers sign them off.
    let pa = ts.user("pa").await;
    assert_eq!(err_code(pa.sign_off_meeting(&ttcg.reference).await), ErrorCode::PermissionDenied);
    let signed = director.sign_off_meeting(&ttcg.reference).await.unwrap();
    assert_eq!(signed.signed_off_by.as_deref(), Some("director"));

    let before = row_counts(&director).await;
    assert_eq!(
        err_code(director.record_decision(&ttcg.reference, decision(DecisionKind::Tasking, "late")).await),
        ErrorCode::IllegalTransition
    );
    assert_eq!(err_code(director.set_meeting_attendees(&ttcg.reference, vec![attendee("X")]).await), ErrorCode::IllegalTransition);
    assert_eq!(err_code(director.set_meeting_agenda(&ttcg.reference, vec![]).await), ErrorCode::IllegalTransition);
    assert_eq!(err_code(director.sign_off_meeting(&ttcg.reference).await), ErrorCode::Conflict);
    assert_eq!(row_counts(&director).await, before);

    // Beneath the core, the schema refuses too.
    let pool = director.pool_for_tests();
    for sql in [
        "UPDATE meeting_decisions SET rationale = 'rewritten'",
        "DELETE FROM meeting_decisions",
        "UPDATE meetings SET chair = 'someone else'",
        "DELETE FROM meeting_attendees",
        "INSERT INTO meeting_decisions (meeting_id, kind, summary, rationale, decision_maker, recorded_by, recorded_at) \
         SELECT id, 'other', 's', 'r', 'm', 1, 'now' FROM meetings",
    ] {
        assert!(sqlx::query(sql).execute(pool).await.is_err(), "the schema accepted: {sql}");
    }

    // A change of mind is a new decision at a later meeting.
    let next = director.create_meeting(meeting(MeetingKind::Ttcg, "2026-12-15")).await.unwrap();
    let mut change = decision(DecisionKind::Tasking, "ANPR moved to the bypass");
    change.supersedes = Some(d1.id);
    let d2 = director.record_decision(&next.reference, change).await.unwrap();
    let old = director.meeting(&ttcg.reference).await.unwrap().decisions.into_iter().find(|d| d.id == d1.id).unwrap();
    assert_eq!(old.superseded_by, Some(d2.id));
    assert_eq!(old.summary, "Deploy ANPR at the ring road", "the old decision is kept as it was");
    // Actions come from the decision in force.
    let act =
        NewAction { title: "x".into(), strand: Strand::Enforcement, issue_key: None, owner: "PS Lee".into(), due_on: "2026-12-20".into() };
    assert_eq!(err_code(director.raise_action(d1.id, act).await), ErrorCode::IllegalTransition);
    let log = director.decision_log(10).await.unwrap();
    assert_eq!(log.len(), 3);
    assert!(director.verify_audit().await.unwrap().ok());
}

#[tokio::test(flavor = "multi_thread")]
async fn requirements_are_approved_by_the_right_group_and_show_coverage_and_gaps() {
    let (ts, a) = TestStore::create().await;
    people(&a).await;
    let director = ts.user("director").await;
    let stcg = director.create_meeting(meeting(MeetingKind::Stcg, "2026-12-01")).await.unwrap();
    let sir = NewRequirement {
        kind: RequirementKind::Strategic,
        title: "County lines into Northshire".into(),
        operation: None,
        marking: Marking::Official,
        review_due: "2027-06-01".into(),
        questions: vec![
            NewQuestion { question: "Which lines supply the town centre?".into(), issue_key: Some("county-lines".into()) },
            NewQuestion { question: "Where are children being exploited?".into(), issue_key: Some("county-lines".into()) },
        ],
    };
    // Questions link to the control strategy's issues: there is none yet.
    assert_eq!(err_code(director.draft_requirement(sir.clone()).await), ErrorCode::InvalidInput);
    director.set_control_strategy(&stcg.reference, decision(DecisionKind::Other, "adopt"), strategy("v1", "Supt Reed")).await.unwrap();
    let draft = director.draft_requirement(sir).await.unwrap();
    assert!(draft.reference.starts_with("SIR-"));
    assert_eq!(draft.state, "draft");
    let ttcg = director.create_meeting(meeting(MeetingKind::Ttcg, "2026-12-02")).await.unwrap();
    assert_eq!(
        err_code(director.approve_requirement(&draft.reference, &ttcg.reference, decision(DecisionKind::Other, "approve")).await),
        ErrorCode::IllegalTransition,
        "only the ST&CG approves a strategic requirement"
    );
    let approved =
        director.approve_requirement(&draft.reference, &stcg.reference, decision(DecisionKind::Other, "approve SIR")).await.unwrap();
    assert_eq!(approved.state, "approved");
    assert_eq!(approved.published_with_version, Some(1), "published with the control strategy");
    assert_eq!(approved.gaps.len(), 2);

    // A tactical requirement names its operation and may be approved by the TT&CG.
    let tir = NewRequirement {
        kind: RequirementKind::Tactical,
        title: "Op Harbour".into(),
        operation: None,
        marking: Marking::Official,
        review_due: "2027-01-15".into(),
        questions: vec![NewQuestion { question: "Who runs the Dockside line?".into(), issue_key: None }],
    };
    assert_eq!(err_code(director.draft_requirement(tir.clone()).await), ErrorCode::InvalidInput);
    let tir = director.draft_requirement(NewRequirement { operation: Some("Op Harbour".into()), ..tir }).await.unwrap();
    director.approve_requirement(&tir.reference, &ttcg.reference, decision(DecisionKind::Other, "approve TIR")).await.unwrap();

    // An officer's report answers the first question.
    let officer = ts.user("officer").await;
    let canary = canary("ORIGINALWORDING");
    let mut r = report(&format!("Source says {canary} runs the town-centre line"));
    r.priority = Priority::High;
    let reference = officer.record_report(r).await.unwrap();
    officer.evaluate(&reference, eval_p()).await.unwrap();
    officer.sanitise(&reference, "A male is believed to run the town-centre line").await.unwrap();
    let q1 = approved.questions[0].id;
    let answered = officer.answer_requirement(&approved.reference, q1, &reference, "names the line holder").await.unwrap();
    assert_eq!(answered.questions_answered, 1);
    assert_eq!(answered.gaps, vec!["Where are children being exploited?".to_owned()]);
    let ans = &answered.questions[0].answers[0];
    assert_eq!(ans.grade.as_deref(), Some("1BP"));
    assert_eq!(ans.summary.as_deref(), Some("A male is believed to run the town-centre line"));
    assert!(!serde_json::to_string(&answered).unwrap().contains(&canary), "coverage shows sanitised wording only");
    assert_eq!(err_code(officer.answer_requirement(&approved.reference, q1, &reference, "again").await), ErrorCode::Conflict);
    // A draft requirement collects no answers.
    let other = director
        .draft_requirement(NewRequirement {
            kind: RequirementKind::Tactical,
            title: "Draft".into(),
            operation: Some("Op X".into()),
            marking: Marking::Official,
            review_due: "2027-01-01".into(),
            questions: vec![NewQuestion { question: "q".into(), issue_key: None }],
        })
        .await
        .unwrap();
    assert_eq!(
        err_code(officer.answer_requirement(&other.reference, other.questions[0].id, &reference, "n").await),
        ErrorCode::IllegalTransition
    );

    // Communicated to all staff: who has read it.
    assert!(approved.not_yet_acknowledged.contains(&"officer".to_owned()));
    let acked = officer.acknowledge_requirement(&approved.reference).await.unwrap();
    assert!(acked.acknowledged_by_me);
    assert!(!acked.not_yet_acknowledged.contains(&"officer".to_owned()));
    assert_eq!(acked.acknowledgements, 1);
    let list = officer.list_requirements().await.unwrap();
    let row = list.iter().find(|r| r.reference == approved.reference).unwrap();
    assert_eq!((row.questions, row.questions_answered), (2, 1));

    // The ST&CG's agenda is proposed from the strategy; the TT&CG's from what is due.
    let agenda = director.propose_agenda(&stcg.reference).await.unwrap();
    assert!(agenda.iter().any(|i| i.source == AgendaSource::Priority && i.source_ref.as_deref() == Some("county-lines")));
    director.set_meeting_agenda(&stcg.reference, agenda.clone()).await.unwrap();
    assert_eq!(director.meeting(&stcg.reference).await.unwrap().agenda, agenda);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_action_manager_tracks_delivery_against_the_plans() {
    let (ts, a) = TestStore::create().await;
    people(&a).await;
    let director = ts.user("director").await;
    let stcg = director.create_meeting(meeting(MeetingKind::Stcg, "2026-11-01")).await.unwrap();
    director.set_control_strategy(&stcg.reference, decision(DecisionKind::Other, "adopt"), strategy("v1", "Supt Reed")).await.unwrap();
    let ttcg = director.create_meeting(meeting(MeetingKind::Ttcg, "2026-11-15")).await.unwrap();
    let d = director.record_decision(&ttcg.reference, decision(DecisionKind::Tasking, "Disrupt the Dockside line")).await.unwrap();
    let officer = ts.user("officer").await;
    let new = |title: &str, due: &str, strand| NewAction {
        title: title.into(),
        strand,
        issue_key: Some("county-lines".into()),
        owner: "DS Khan".into(),
        due_on: due.into(),
    };
    let overdue = officer.raise_action(d.id, new("Warrant at 4 Dock Row", "2020-01-01", Strand::Enforcement)).await.unwrap();
    assert!(overdue.reference.starts_with("ACT-"));
    assert!(overdue.overdue);
    let soon = officer.raise_action(d.id, new("Safeguarding visits", &tomorrow(), Strand::Prevention)).await.unwrap();
    let later = officer.raise_action(d.id, new("Source tasking", "2099-01-01", Strand::Intelligence)).await.unwrap();

    let refs = |v: Vec<intel_core::tasking::actions::ActionView>| v.into_iter().map(|a| a.reference).collect::<Vec<_>>();
    assert_eq!(refs(officer.list_actions(ActionFilter::Overdue).await.unwrap()), vec![overdue.reference.clone()]);
    assert_eq!(refs(officer.list_actions(ActionFilter::DueSoon).await.unwrap()), vec![overdue.reference.clone(), soon.reference.clone()]);

    assert_eq!(err_code(officer.update_action(&overdue.reference, ActionStatus::Done, "executed", "").await), ErrorCode::InvalidInput);
    let done = officer
        .update_action(&overdue.reference, ActionStatus::Done, "executed 03:00", "Two arrests, 40 wraps of crack cocaine seized")
        .await
        .unwrap();
    assert_eq!(done.status, ActionStatus::Done);
    assert!(!done.overdue);
    assert_eq!(done.history.len(), 1);
    assert_eq!(err_code(officer.update_action(&overdue.reference, ActionStatus::Open, "reopen", "").await), ErrorCode::IllegalTransition);
    officer.update_action(&later.reference, ActionStatus::Cancelled, "source withdrawn", "").await.unwrap();

    let results = officer.results_analysis().await.unwrap();
    let enforcement = results.iter().find(|r| r.strand == Strand::Enforcement).unwrap();
    assert_eq!(enforcement.issue_title.as_deref(), Some("Drug supply through county lines"));
    assert_eq!(enforcement.owner.as_deref(), Some("Supt Reed"));
    assert_eq!((enforcement.total, enforcement.done), (1, 1));
    assert!(enforcement.results[0].contains("Two arrests"));
    let prevention = results.iter().find(|r| r.strand == Strand::Prevention).unwrap();
    assert_eq!((prevention.open, prevention.done), (1, 0));
    assert_eq!(results.iter().find(|r| r.strand == Strand::Intelligence).unwrap().cancelled, 1);

    // Researchers do not run the action manager.
    add_user(&a, "researcher", Role::Researcher, false, Marking::Official).await;
    let researcher = ts.user("researcher").await;
    assert_eq!(err_code(researcher.update_action(&soon.reference, ActionStatus::InProgress, "x", "").await), ErrorCode::PermissionDenied);
}

fn tomorrow() -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(1)).to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn operational_review_objectives_are_fixed_before_the_operation_starts() {
    let (ts, a) = TestStore::create().await;
    people(&a).await;
    let director = ts.user("director").await;
    let dmm = director.create_meeting(meeting(MeetingKind::Dmm, "2026-12-01")).await.unwrap();
    let ttcg = director.create_meeting(meeting(MeetingKind::Ttcg, "2026-12-01")).await.unwrap();
    let review = NewOperationalReview {
        operation: "Op Harbour".into(),
        scope: "Impact on drug supply and partnership capability".into(),
        planned_start: "2026-12-10".into(),
        objectives: vec![],
    };
    assert_eq!(
        err_code(director.commission_operational_review(&dmm.reference, decision(DecisionKind::Other, "review"), review.clone()).await),
        ErrorCode::IllegalTransition,
        "the TT&CG commissions operational review"
    );
    let r =
        director.commission_operational_review(&ttcg.reference, decision(DecisionKind::Other, "review Op Harbour"), review).await.unwrap();
    assert!(r.reference.starts_with("OR-"));
    assert_eq!(err_code(director.record_operation_start(&r.reference).await), ErrorCode::IllegalTransition, "no objectives yet");
    let findings = ReviewFindings {
        impact: "Supply disrupted for six weeks".into(),
        lessons: "Partner data arrived late".into(),
        good_practice: "Joint safeguarding visits".into(),
        recommendations: vec![Recommendation { strand: Strand::Prevention, text: "Pair each warrant with a safeguarding visit".into() }],
    };
    assert_eq!(err_code(director.record_review_findings(&r.reference, findings.clone()).await), ErrorCode::IllegalTransition);
    director.set_review_objectives(&r.reference, vec!["Reduce supply".into(), "Safeguard children".into()]).await.unwrap();
    let started = director.record_operation_start(&r.reference).await.unwrap();
    assert!(started.started_at.is_some());
    assert_eq!(err_code(director.set_review_objectives(&r.reference, vec!["Moved goalposts".into()]).await), ErrorCode::IllegalTransition);
    assert!(
        sqlx::query("UPDATE operational_reviews SET objectives = '[\"moved\"]'").execute(director.pool_for_tests()).await.is_err(),
        "the schema keeps the objectives fixed too"
    );
    let done = director.record_review_findings(&r.reference, findings).await.unwrap();
    assert_eq!(done.objectives, vec!["Reduce supply".to_owned(), "Safeguard children".to_owned()]);
    assert!(done.completed_at.is_some());
    let options = director.tactical_options().await.unwrap();
    assert_eq!(options.len(), 1);
    assert_eq!(options[0].operation, "Op Harbour");
    assert!(director.verify_audit().await.unwrap().ok());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_review_above_the_users_clearance_cannot_be_changed_either() {
    let (ts, a) = TestStore::create().await;
    people(&a).await;
    add_user(&a, "manager-official", Role::IntelligenceManager, false, Marking::Official).await;
    let director = ts.user("director").await;
    let mut sensitive = meeting(MeetingKind::Ttcg, "2026-12-01");
    sensitive.marking = Marking::OfficialSensitive;
    let ttcg = director.create_meeting(sensitive).await.unwrap();
    let review = NewOperationalReview {
        operation: "Op Lantern".into(),
        scope: "Covert phase".into(),
        planned_start: "2026-12-10".into(),
        objectives: vec!["Identify the supplier".into()],
    };
    let r =
        director.commission_operational_review(&ttcg.reference, decision(DecisionKind::Other, "review Op Lantern"), review).await.unwrap();
    let low = ts.user("manager-official").await;
    let before = audit_head(&director).await;
    assert_eq!(err_code(low.set_review_objectives(&r.reference, vec!["Changed".into()]).await), ErrorCode::NotFound);
    assert_eq!(err_code(low.record_operation_start(&r.reference).await), ErrorCode::NotFound);
    assert_eq!(audit_head(&director).await, before, "nothing was written");
    let unchanged = director.operational_review(&r.reference).await.unwrap();
    assert_eq!(unchanged.objectives, vec!["Identify the supplier".to_owned()]);
    assert!(unchanged.started_at.is_none());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_daily_briefing_shows_the_last_day_sanitised() {
    let (ts, a) = TestStore::create().await;
    people(&a).await;
    let director = ts.user("director").await;
    let stcg = director.create_meeting(meeting(MeetingKind::Stcg, "2026-12-01")).await.unwrap();
    director.set_control_strategy(&stcg.reference, decision(DecisionKind::Other, "adopt"), strategy("v1", "Supt Reed")).await.unwrap();
    let d = director.record_decision(&stcg.reference, decision(DecisionKind::Tasking, "brief the DMM")).await.unwrap();
    director
        .raise_action(
            d.id,
            NewAction {
                title: "Overdue thing".into(),
                strand: Strand::Intelligence,
                issue_key: None,
                owner: "PS Lee".into(),
                due_on: "2020-01-01".into(),
            },
        )
        .await
        .unwrap();
    director
        .raise_action(
            d.id,
            NewAction {
                title: "Far off".into(),
                strand: Strand::Intelligence,
                issue_key: None,
                owner: "PS Lee".into(),
                due_on: "2099-01-01".into(),
            },
        )
        .await
        .unwrap();
    let officer = ts.user("officer").await;
    let canary = canary("BRIEFINGORIGINAL");
    let mut high = report(&format!("{canary} threat to life at Dock Row"));
    high.priority = Priority::High;
    let high_ref = officer.record_report(high).await.unwrap();
    officer.record_report(report("low priority note")).await.unwrap();
    add_user(&a, "researcher", Role::Researcher, false, Marking::Official).await;
    let researcher = ts.user("researcher").await;
    let b = researcher.daily_briefing().await.unwrap();
    assert_eq!(b.high_priority.len(), 1);
    assert_eq!(b.high_priority[0].reference, high_ref);
    assert_eq!(b.high_priority[0].summary, None, "awaiting sanitisation: no wording at all");
    assert!(!serde_json::to_string(&b).unwrap().contains(&canary));
    assert_eq!(b.actions_due.iter().map(|a| a.title.as_str()).collect::<Vec<_>>(), vec!["Overdue thing"]);
    assert_eq!(b.strategy_changes.len(), 1);
    assert_eq!(b.strategy_changes[0].priorities, vec!["Drug supply through county lines".to_owned()]);
    assert!(b.decisions.iter().any(|x| x.summary == "brief the DMM"));
    officer.sanitise(&high_ref, "Threat to life reported at an address in the docks").await.unwrap();
    let b = researcher.daily_briefing().await.unwrap();
    assert_eq!(b.high_priority[0].summary.as_deref(), Some("Threat to life reported at an address in the docks"));
    assert!(audit_actions(&researcher).await.contains(&"briefing.read".to_owned()));
}
