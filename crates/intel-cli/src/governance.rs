//! `intel meeting`, `strategy`, `requirement`, `action`, `product` and
//! `briefing`: tasking and coordination and intelligence products from the
//! command line (docs/cli.md). Structured inputs are JSON files in the core's
//! own shapes, so a script writes exactly what the desktop app sends.

use crate::args::{ActionCmd, MeetingCmd, OperationalReviewCmd, ProductCmd, RequirementCmd, StrategyCmd};
use crate::output::emit;
use intel_core::products::export::ProductFormat;
use intel_core::products::package::TaskingPackageRequest;
use intel_core::tasking::actions::ActionFilter;
use intel_core::{CoreError, CoreResult, Session};
use serde::de::DeserializeOwned;
use std::path::Path;

fn read_json<T: DeserializeOwned>(path: &Path, what: &str) -> CoreResult<T> {
    let bytes = std::fs::read(path).map_err(|e| CoreError::invalid(format!("cannot read {}: {e}", path.display())))?;
    serde_json::from_slice(&bytes)
        .map_err(|e| CoreError::invalid(format!("{} is not a valid {what} (see docs/cli.md): {e}", path.display())))
}

fn plain<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

pub async fn meeting(s: &Session, cmd: &MeetingCmd) -> CoreResult<i32> {
    match cmd {
        MeetingCmd::Create { file, json } => {
            let m = s.create_meeting(read_json(file, "meeting")?).await?;
            emit(*json, &m, || println!("{} recorded: {} on {}, chaired by {}", m.reference, m.title, m.held_on, m.chair))?;
        }
        MeetingCmd::List { json } => {
            let list = s.list_meetings(None).await?;
            emit(*json, &list, || {
                for m in &list {
                    let signed = if m.signed_off { "signed off" } else { "open" };
                    println!("{}  {}  {}  {} decisions, {signed}", m.reference, m.held_on, m.title, m.decisions);
                }
            })?;
        }
        MeetingCmd::Show { reference, json } => {
            let m = s.meeting(reference).await?;
            emit(*json, &m, || {
                println!("{} [{}] {} on {}, chair {}", m.reference, m.marking, m.title, m.held_on, m.chair);
                for a in &m.attendees {
                    println!("  attendee {} ({}){}", a.name, a.organisation, if a.is_partner { ", partner by consent" } else { "" });
                }
                for d in &m.decisions {
                    println!(
                        "  decision {} [{}] {} — rationale: {} — by {}",
                        d.id,
                        plain(&d.kind),
                        d.summary,
                        d.rationale,
                        d.decision_maker
                    );
                }
                if let Some(by) = &m.signed_off_by {
                    println!("  signed off by {by}");
                }
            })?;
        }
        MeetingCmd::Decide { reference, file, json } => {
            let d = s.record_decision(reference, read_json(file, "decision")?).await?;
            emit(*json, &d, || println!("decision {} recorded at {}", d.id, d.meeting))?;
        }
        MeetingCmd::SignOff { reference, json } => {
            let m = s.sign_off_meeting(reference).await?;
            emit(*json, &m, || println!("{} signed off; it can no longer change", m.reference))?;
        }
    }
    Ok(0)
}

pub async fn strategy(s: &Session, cmd: &StrategyCmd) -> CoreResult<i32> {
    match cmd {
        StrategyCmd::Set { meeting, decision, file, json } => {
            let v = s.set_control_strategy(meeting, read_json(decision, "decision")?, read_json(file, "control strategy")?).await?;
            emit(*json, &v, || println!("control strategy version {} set by decision {} at {}", v.version, v.decision_id, v.meeting))?;
        }
        StrategyCmd::Show { version, json } => {
            let v = s.control_strategy(*version).await?;
            emit(*json, &v, || match &v {
                None => println!("no control strategy has been set"),
                Some(v) => {
                    println!("control strategy version {} ({}, {})", v.version, v.meeting, v.held_on);
                    for i in &v.issues {
                        let owner = i.owner.as_deref().map(|o| format!(", owner {o}")).unwrap_or_default();
                        println!("  {} {}{owner} — {}", if i.is_priority { "PRIORITY" } else { "not a priority" }, i.title, i.reason);
                    }
                }
            })?;
        }
    }
    Ok(0)
}

pub async fn requirement(s: &Session, cmd: &RequirementCmd) -> CoreResult<i32> {
    let show = |r: &intel_core::tasking::requirements::RequirementView| {
        println!("{} [{}] {} — {}, review due {}", r.reference, r.marking, r.title, r.state, r.review_due);
        for q in &r.questions {
            println!("  question {} (id {}): {} — {} answering", q.position, q.id, q.question, q.answers.len());
        }
        println!("  {} of {} questions answered", r.questions_answered, r.questions.len());
    };
    match cmd {
        RequirementCmd::Draft { file, json } => {
            let r = s.draft_requirement(read_json(file, "requirement")?).await?;
            emit(*json, &r, || show(&r))?;
        }
        RequirementCmd::Approve { reference, meeting, decision, json } => {
            let r = s.approve_requirement(reference, meeting, read_json(decision, "decision")?).await?;
            emit(*json, &r, || show(&r))?;
        }
        RequirementCmd::Answer { reference, question, report, note, json } => {
            let r = s.answer_requirement(reference, *question, report, note).await?;
            emit(*json, &r, || show(&r))?;
        }
        RequirementCmd::Show { reference, json } => {
            let r = s.requirement(reference).await?;
            emit(*json, &r, || show(&r))?;
        }
        RequirementCmd::List { json } => {
            let list = s.list_requirements().await?;
            emit(*json, &list, || {
                for r in &list {
                    println!("{}  {}  {}  {}/{} answered", r.reference, r.state, r.title, r.questions_answered, r.questions);
                }
            })?;
        }
    }
    Ok(0)
}

pub async fn action(s: &Session, cmd: &ActionCmd) -> CoreResult<i32> {
    match cmd {
        ActionCmd::Raise { decision, file, json } => {
            let a = s.raise_action(*decision, read_json(file, "action")?).await?;
            emit(*json, &a, || println!("{} raised: {} ({}, due {})", a.reference, a.title, a.owner, a.due_on))?;
        }
        ActionCmd::Update { reference, status, note, result, json } => {
            let a = s.update_action(reference, status.parse()?, note, result).await?;
            emit(*json, &a, || println!("{} is {}", a.reference, a.status))?;
        }
        ActionCmd::List { filter, json } => {
            let filter = match filter.as_str() {
                "all" => ActionFilter::All,
                "open" => ActionFilter::Open,
                "overdue" => ActionFilter::Overdue,
                "due-soon" => ActionFilter::DueSoon,
                other => return Err(CoreError::invalid(format!("'{other}' is not a filter; use all, open, overdue or due-soon"))),
            };
            let list = s.list_actions(filter).await?;
            emit(*json, &list, || {
                for a in &list {
                    println!(
                        "{}  due {}{}  {}  {}  ({})",
                        a.reference,
                        a.due_on,
                        if a.overdue { " OVERDUE" } else { "" },
                        a.status,
                        a.title,
                        a.owner
                    );
                }
            })?;
        }
        ActionCmd::Results { json } => {
            let r = s.results_analysis().await?;
            emit(*json, &r, || {
                for g in &r {
                    let issue = g.issue_title.as_deref().or(g.issue_key.as_deref()).unwrap_or("(no priority)");
                    println!(
                        "{issue} / {}: {} actions, {} done, {} open ({} overdue), {} cancelled",
                        g.strand, g.total, g.done, g.open, g.overdue, g.cancelled
                    );
                    for line in &g.results {
                        println!("    {line}");
                    }
                }
            })?;
        }
    }
    Ok(0)
}

pub async fn product(s: &Session, cmd: &ProductCmd) -> CoreResult<i32> {
    let done = |v: intel_core::products::ProductView| {
        println!("{} [{}] {} — {}", v.reference, v.marking, v.title, v.state);
    };
    match cmd {
        ProductCmd::Create { file, json } => {
            let v = s.create_product(read_json(file, "product")?).await?;
            emit(*json, &v, || {
                println!("{} drafted: sections {}", v.reference, v.sections.iter().map(|s| s.key.as_str()).collect::<Vec<_>>().join(", "))
            })?;
        }
        ProductCmd::List { json } => {
            let list = s.list_products().await?;
            emit(*json, &list, || {
                for p in &list {
                    println!("{}  {}  {}  {}  by {}", p.reference, p.state, p.marking, p.title, p.author);
                }
            })?;
        }
        ProductCmd::Show { reference, json } => {
            let v = s.product(reference).await?;
            emit(*json, &v, || {
                println!("{} {} [{}] {} — {}", v.kind_title, v.reference, v.marking, v.title, v.state);
                for c in &v.citations {
                    println!(
                        "  cites {} ({}){}",
                        c.reference,
                        c.grade(),
                        c.conditions.as_deref().map(|x| format!(" — code C: {x}")).unwrap_or_default()
                    );
                }
            })?;
        }
        ProductCmd::Section { reference, key, text_file } => {
            let text =
                std::fs::read_to_string(text_file).map_err(|e| CoreError::invalid(format!("cannot read {}: {e}", text_file.display())))?;
            done(s.update_product_section(reference, key, &text).await?);
        }
        ProductCmd::Cite { reference, report, section, note } => done(s.cite_report(reference, report, section, note).await?),
        ProductCmd::Details { reference, title, marking, to } => {
            done(s.set_product_details(reference, title, marking.parse()?, to.clone()).await?)
        }
        ProductCmd::Recommend { reference, strand, text } => done(s.add_recommendation(reference, strand.parse()?, text).await?),
        ProductCmd::Gap { reference, text } => done(s.add_gap(reference, text).await?),
        ProductCmd::Embed { reference, file } => done(s.add_embed(reference, read_json(file, "embed")?).await?),
        ProductCmd::Submit { reference, note } => done(s.submit_product(reference, note).await?),
        ProductCmd::Review { reference, send_back, note } => done(s.peer_review_product(reference, !send_back, note).await?),
        ProductCmd::Approve { reference, refuse, note } => done(s.approve_product(reference, !refuse, note).await?),
        ProductCmd::Export { reference, format, out, json } => {
            let format = match format.as_str() {
                "pdf" => ProductFormat::Pdf,
                "html" => ProductFormat::Html,
                other => return Err(CoreError::invalid(format!("'{other}' is not an export format; use pdf or html"))),
            };
            let e = s.export_product(reference, format, out).await?;
            emit(*json, &e, || {
                println!("{} exported to {} ({} bytes, marked {}, sha256 {})", e.reference, e.path, e.bytes, e.marking, e.sha256)
            })?;
        }
        ProductCmd::Package { product, requirements, actions, to, out, json } => {
            let req = TaskingPackageRequest {
                product: product.clone(),
                requirements: requirements.clone(),
                actions: actions.clone(),
                peers: to.clone(),
            };
            let e = s.export_tasking_package(&req, out).await?;
            emit(*json, &e, || {
                println!(
                    "tasking package {} written to {} ({})",
                    e.bundle.bundle_id,
                    e.bundle.path.as_deref().unwrap_or(""),
                    e.items.join(", ")
                );
                println!("briefing written to {}", e.briefing_path);
            })?;
        }
    }
    Ok(0)
}

pub async fn briefing(s: &Session, json: bool) -> CoreResult<i32> {
    let b = s.daily_briefing().await?;
    emit(json, &b, || {
        println!("Daily briefing since {}", b.since);
        println!("High-priority intelligence ({}):", b.high_priority.len());
        for r in &b.high_priority {
            println!(
                "  {} {} {}",
                r.reference,
                r.grade.as_deref().unwrap_or("ungraded"),
                r.summary.as_deref().unwrap_or("(awaiting sanitisation)")
            );
        }
        println!("Actions due ({}):", b.actions_due.len());
        for a in &b.actions_due {
            println!("  {} due {} {} ({})", a.reference, a.due_on, a.title, a.owner);
        }
        for c in &b.strategy_changes {
            println!("Control strategy version {} set at {}: {}", c.version, c.meeting, c.priorities.join("; "));
        }
        for r in &b.requirements_approved {
            println!("Requirement approved: {} {}", r.reference, r.title);
        }
        println!("Decisions in the last 24 hours: {}", b.decisions.len());
        println!("Taskings received: {}", b.taskings_received.len());
    })?;
    Ok(0)
}

pub async fn operational_review(s: &Session, cmd: &OperationalReviewCmd) -> CoreResult<i32> {
    let show = |r: &intel_core::tasking::review::OperationalReview| {
        let state = match (&r.started_at, &r.completed_at) {
            (_, Some(_)) => "complete",
            (Some(_), None) => "operation under way",
            (None, None) => "before the operation",
        };
        println!("{} {} — {state}; scope: {}", r.reference, r.operation, r.scope);
        for o in &r.objectives {
            println!("  objective: {o}");
        }
    };
    match cmd {
        OperationalReviewCmd::Commission { meeting, decision, file, json } => {
            let r =
                s.commission_operational_review(meeting, read_json(decision, "decision")?, read_json(file, "operational review")?).await?;
            emit(*json, &r, || show(&r))?;
        }
        OperationalReviewCmd::Objectives { reference, objectives, json } => {
            let r = s.set_review_objectives(reference, objectives.clone()).await?;
            emit(*json, &r, || show(&r))?;
        }
        OperationalReviewCmd::Start { reference, json } => {
            let r = s.record_operation_start(reference).await?;
            emit(*json, &r, || show(&r))?;
        }
        OperationalReviewCmd::Findings { reference, file, json } => {
            let r = s.record_review_findings(reference, read_json(file, "review findings")?).await?;
            emit(*json, &r, || show(&r))?;
        }
        OperationalReviewCmd::Show { reference, json } => {
            let r = s.operational_review(reference).await?;
            emit(*json, &r, || show(&r))?;
        }
        OperationalReviewCmd::Options { json } => {
            let list = s.tactical_options().await?;
            emit(*json, &list, || {
                for o in &list {
                    println!("{}: {} (from {}, {})", o.strand, o.text, o.review, o.operation);
                }
            })?;
        }
    }
    Ok(0)
}
