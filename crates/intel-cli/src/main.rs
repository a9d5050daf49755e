//! `intel`: the command line over intel-core. Errors go to stderr as
//! `intel: error [code]: message` with the exit status given in docs/cli.md.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod args;
mod exchange;
mod governance;
mod output;
mod references;
mod secrets;

use args::*;
use clap::Parser;
use intel_core::cycle::dissemination::DisseminationRequest;
use intel_core::cycle::entities::NewEntity;
use intel_core::cycle::export::ExportColumn;
use intel_core::cycle::records::{NewAttachment, NewReport};
use intel_core::cycle::search::SearchQuery;
use intel_core::cycle::users::NewUser;
use intel_core::domain::grading::{Evaluation3x5x2, LegacyGrade};
use intel_core::interchange::charts::ChartFormat;
use intel_core::interchange::lists::{EntityListQuery, TableFormat};
use intel_core::interchange::stix::StixRequest;
use intel_core::keys::{KdfPolicy, KeychainMode, OsKeychain};
use intel_core::store::connect::Tuning;
use intel_core::store::lifecycle::{unlock_accepting_rollback, UnlockOptions};
use intel_core::store::{self, CreateOptions, StoreState};
use intel_core::{CoreError, CoreResult, Session};
use output::{emit, emit_json};
use std::path::{Path, PathBuf};

fn main() {
    let cli = Cli::parse();
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("intel: error [internal]: could not start: {e}");
            std::process::exit(10);
        }
    };
    let code = match rt.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("intel: error [{}]: {}", e.code().as_str(), e);
            e.code().exit_status()
        }
    };
    std::process::exit(code);
}

fn store_dir(cli: &Cli) -> CoreResult<PathBuf> {
    cli.store.clone().ok_or_else(|| CoreError::invalid("say which store: --store DIR (or INTEL_STORE)"))
}

fn acting_user(cli: &Cli) -> CoreResult<String> {
    cli.user.clone().ok_or_else(|| CoreError::invalid("say who you are: --user NAME (or INTEL_USER)"))
}

fn policy(cli: &Cli) -> KdfPolicy {
    KdfPolicy { target_ms: cli.kdf_target_ms, ..KdfPolicy::default() }
}

async fn open(cli: &Cli) -> CoreResult<Session> {
    let dir = store_dir(cli)?;
    let user = acting_user(cli)?;
    let pass = secrets::passphrase("INTEL_PASSPHRASE", &format!("Passphrase for {user}: "))?;
    let opts = UnlockOptions { kdf: policy(cli), tuning: Tuning::default() };
    match &cli.accept_audit_rollback {
        Some(reason) => unlock_accepting_rollback(&dir, &user, &pass, &OsKeychain, opts, reason).await,
        None => store::unlock(&dir, &user, &pass, &OsKeychain, opts).await,
    }
}

fn read_text(path: &Path) -> CoreResult<String> {
    let bytes = std::fs::read(path).map_err(|e| CoreError::invalid(format!("cannot read {}: {e}", path.display())))?;
    String::from_utf8(bytes).map_err(|_| CoreError::invalid(format!("{} is not UTF-8 text", path.display())))
}

async fn run(cli: Cli) -> CoreResult<i32> {
    match &cli.command {
        Command::Init(a) => init(&cli, a).await.map(|_| 0),
        Command::Status => {
            let dir = store_dir(&cli)?;
            match store::inspect(&dir) {
                StoreState::Absent => println!("no store in {}", dir.display()),
                StoreState::Ready { keychain_mode } => println!("store ready ({})", keychain_mode.as_str()),
                StoreState::Damaged { message } => return Err(CoreError::damaged(message)),
            }
            Ok(0)
        }
        Command::Recover => {
            let dir = store_dir(&cli)?;
            let user = acting_user(&cli)?;
            let key = secrets::recovery_key()?;
            let pass = secrets::new_passphrase()?;
            let s = store::recover(&dir, &key, &user, &pass, &OsKeychain, UnlockOptions { kdf: policy(&cli), tuning: Tuning::default() })
                .await?;
            println!(
                "store recovered; {} has a new passphrase. Other users' passphrases must be reset (intel user reset NAME)",
                s.user().username
            );
            s.close().await;
            Ok(0)
        }
        Command::RotateKey { reason } => {
            let mut session = open(&cli).await?;
            session.rotate_data_key(reason).await?;
            println!("data key rotated");
            session.close().await;
            Ok(0)
        }
        Command::Permissions => {
            print!("{}", intel_core::domain::permission::matrix_markdown());
            Ok(0)
        }
        _ => {
            let session = open(&cli).await?;
            let result = dispatch(&cli, &session).await;
            session.close().await;
            result
        }
    }
}

async fn init(cli: &Cli, a: &InitArgs) -> CoreResult<()> {
    let dir = store_dir(cli)?;
    let mode = match a.keychain.as_str() {
        "os" => KeychainMode::OsKeychain,
        "none" => KeychainMode::PassphraseOnly,
        other => return Err(CoreError::invalid(format!("--keychain takes 'os' or 'none', not '{other}'"))),
    };
    let passphrase = secrets::passphrase("INTEL_PASSPHRASE", &format!("New passphrase for {}: ", a.admin))?;
    let created = store::create(
        &dir,
        CreateOptions {
            unit_name: a.unit.clone(),
            admin_username: a.admin.clone(),
            admin_display_name: a.display_name.clone().unwrap_or_else(|| a.admin.clone()),
            passphrase,
            keychain_mode: mode,
            kdf: policy(cli),
            tuning: Tuning::default(),
        },
        &OsKeychain,
    )
    .await?;
    let key = created.recovery_key;
    match &a.recovery_key_file {
        Some(path) => {
            intel_core::fsutil::write_atomically(path, format!("{}\n", key.expose()).as_bytes())?;
            eprintln!(
                "Recovery key written to {}. Print it, put it in the intelligence manager's safe, then delete the file.",
                path.display()
            );
        }
        None => {
            eprintln!("Store created in {} ({} mode).", dir.display(), mode.as_str());
            eprintln!("RECOVERY KEY — shown once. Write it down and keep it in the intelligence manager's safe:");
            println!("{}", key.expose());
        }
    }
    created.session.close().await;
    Ok(())
}

async fn dispatch(cli: &Cli, s: &Session) -> CoreResult<i32> {
    match &cli.command {
        Command::User(cmd) => user(s, cmd).await,
        Command::Record(cmd) => record(s, cmd).await,
        Command::Entity(cmd) => entity(s, cmd).await,
        Command::Dissemination(cmd) => dissemination(s, cmd).await,
        Command::Review(cmd) => review(s, cmd).await,
        Command::Search(a) => search(s, a).await,
        Command::Audit(cmd) => audit(s, cmd).await,
        Command::Config(cmd) => config(s, cmd).await,
        Command::Identity(cmd) => exchange::identity(s, cmd).await,
        Command::Peer(cmd) => exchange::peer(s, cmd).await,
        Command::Bundle(cmd) => exchange::bundle(s, cmd).await,
        Command::Outbox(cmd) => exchange::outbox(s, cmd).await,
        Command::Sync { json } => exchange::sync(s, *json).await,
        Command::Meeting(cmd) => governance::meeting(s, cmd).await,
        Command::Strategy(cmd) => governance::strategy(s, cmd).await,
        Command::Requirement(cmd) => governance::requirement(s, cmd).await,
        Command::Action(cmd) => governance::action(s, cmd).await,
        Command::OperationalReview(cmd) => governance::operational_review(s, cmd).await,
        Command::Ref(cmd) => references::reference(s, cmd).await,
        Command::Stix { references, include_code_c, out, json } => {
            let req = StixRequest { reports: references.clone(), include_code_c: *include_code_c };
            let x = s.export_stix(&req, out).await?;
            emit(*json, &x, || {
                println!("{}: {} reports ({} code C), {} (sha256 {})", x.path, x.reports, x.code_c.len(), x.marking, x.sha256)
            })?;
            Ok(0)
        }
        Command::Product(cmd) => governance::product(s, cmd).await,
        Command::Briefing { json } => governance::briefing(s, *json).await,
        Command::RotateKey { .. } => Err(CoreError::internal("handled elsewhere")),
        Command::Check { json } => {
            let r = s.integrity_check().await?;
            emit(*json, &r, || {
                println!(
                    "{} — {} reports, {} audit entries",
                    if r.ok { "store file intact" } else { "STORE FILE DAMAGED" },
                    r.reports,
                    r.audit_entries
                )
            })?;
            Ok(if r.ok { 0 } else { intel_core::ErrorCode::StoreDamaged.exit_status() })
        }
        Command::Init(_) | Command::Status | Command::Recover | Command::Permissions => Ok(0),
    }
}

async fn user(s: &Session, cmd: &UserCmd) -> CoreResult<i32> {
    match cmd {
        UserCmd::Add { name, role, display_name, admin, clearance } => {
            let passphrase = secrets::new_passphrase()?;
            let u = s
                .add_user(NewUser {
                    username: name.clone(),
                    display_name: display_name.clone().unwrap_or_else(|| name.clone()),
                    role: role.parse()?,
                    is_admin: *admin,
                    clearance: clearance.parse()?,
                    passphrase,
                })
                .await?;
            println!("added {} ({})", u.username, u.role);
        }
        UserCmd::List { json } => {
            let users = s.list_users().await?;
            if *json {
                emit_json(&users)?;
            } else {
                for u in users {
                    println!(
                        "{:<20} {:<26} {:<20}{}{}",
                        u.username,
                        u.role.as_str(),
                        u.clearance.as_str(),
                        if u.is_admin { " admin" } else { "" },
                        if u.locked { " LOCKED" } else { "" }
                    );
                }
            }
        }
        UserCmd::Lock { name, reason } => {
            s.lock_user(name, reason).await?;
            println!("locked {name}");
        }
        UserCmd::Reset { name, reason } => {
            let p = secrets::new_passphrase()?;
            s.reset_passphrase(name, &p, reason).await?;
            println!("{name} has a new passphrase and is unlocked");
        }
        UserCmd::Passwd => {
            let p = secrets::new_passphrase()?;
            s.change_own_passphrase(&p).await?;
            println!("passphrase changed");
        }
    }
    Ok(0)
}

fn parse_time(s: &str) -> CoreResult<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|_| CoreError::invalid(format!("'{s}' is not a time in RFC 3339 form, e.g. 2026-11-25T09:30:00Z")))
}

fn attachment(path: &Path) -> CoreResult<NewAttachment> {
    let content = std::fs::read(path).map_err(|e| CoreError::invalid(format!("cannot read {}: {e}", path.display())))?;
    Ok(NewAttachment {
        file_name: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "attachment".into()),
        media_type: "application/octet-stream".into(),
        content,
    })
}

async fn record(s: &Session, cmd: &RecordCmd) -> CoreResult<i32> {
    match cmd {
        RecordCmd::Add { marking, priority, source_type, source_ref, officer, received, review_group, text_file, attachments } => {
            // The marking is checked before the text is read, so SECRET material is refused untouched.
            let marking = marking.parse()?;
            let text = read_text(text_file)?;
            let reference = s
                .record_report(NewReport {
                    marking,
                    priority: priority.parse()?,
                    source_type: source_type.parse()?,
                    source_ref: source_ref.clone(),
                    submitting_officer: officer.clone(),
                    received_at: received.as_deref().map(parse_time).transpose()?,
                    text,
                    review_group: *review_group,
                    attachments: attachments.iter().map(|p| attachment(p)).collect::<CoreResult<_>>()?,
                })
                .await?;
            println!("{reference}");
        }
        RecordCmd::AddBatch { jsonl } => return add_batch(s, jsonl).await,
        RecordCmd::Evaluate { reference, source, intel, handling, conditions, rationale } => {
            s.evaluate(
                reference,
                Evaluation3x5x2 {
                    source: source.parse()?,
                    intelligence: intel.parse()?,
                    handling: handling.parse()?,
                    conditions: conditions.clone(),
                    rationale: rationale.clone(),
                },
            )
            .await?;
            println!("{reference} evaluated {}{}{}", source, intel.to_uppercase(), handling.to_uppercase());
        }
        RecordCmd::LegacyGrade { reference, scheme, source, intel, handling, rationale } => {
            s.add_legacy_grade(
                reference,
                LegacyGrade {
                    scheme: scheme.parse()?,
                    source: source.to_uppercase(),
                    intelligence: intel.to_uppercase(),
                    handling: handling.clone(),
                    rationale: rationale.clone(),
                },
            )
            .await?;
            println!("{reference}: {scheme} grade stored");
        }
        RecordCmd::Sanitise { reference, text_file } => {
            s.sanitise(reference, &read_text(text_file)?).await?;
            println!("{reference} sanitised");
        }
        RecordCmd::Show { reference, json } => {
            let v = s.show_report(reference).await?;
            if *json {
                emit_json(&v)?;
            } else {
                output::report(&v);
            }
        }
        RecordCmd::Attach { reference, file } => {
            let info = s.add_attachment(reference, attachment(file)?).await?;
            println!("attached {} sha256 {}", info.file_name, info.sha256);
        }
        RecordCmd::Status { reference, to, reason } => {
            s.change_status(reference, to.parse()?, reason).await?;
            println!("{reference} is now {to}");
        }
        RecordCmd::Link { reference, entity, role } => {
            s.link_entity(reference, *entity, role).await?;
            println!("linked entity {entity} to {reference} as {role}");
        }
        RecordCmd::Disseminate { reference, recipient, purpose, acknowledge_conditions, json } => {
            let d = s
                .disseminate(
                    reference,
                    DisseminationRequest {
                        recipient: recipient.clone(),
                        purpose: purpose.clone(),
                        conditions_acknowledged: *acknowledge_conditions,
                    },
                )
                .await?;
            emit(*json, &d, || println!("dissemination {} {}", d.id, d.state))?;
        }
    }
    Ok(0)
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct BatchLine {
    marking: String,
    priority: String,
    source_type: String,
    source_ref: Option<String>,
    officer: Option<String>,
    received: Option<String>,
    review_group: Option<i64>,
    text: String,
}

async fn add_batch(s: &Session, path: &Path) -> CoreResult<i32> {
    use std::io::{BufRead, Write};
    let reader: Box<dyn BufRead> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::io::BufReader::new(
            std::fs::File::open(path).map_err(|e| CoreError::invalid(format!("cannot read {}: {e}", path.display())))?,
        ))
    };
    let mut out = std::io::stdout().lock();
    for (n, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| CoreError::invalid(format!("line {}: {e}", n + 1)))?;
        if line.trim().is_empty() {
            continue;
        }
        let b: BatchLine = serde_json::from_str(&line).map_err(|e| CoreError::invalid(format!("line {}: {e}", n + 1)))?;
        let reference = s
            .record_report(NewReport {
                marking: b.marking.parse()?,
                priority: b.priority.parse()?,
                source_type: b.source_type.parse()?,
                source_ref: b.source_ref,
                submitting_officer: b.officer,
                received_at: b.received.as_deref().map(parse_time).transpose()?,
                text: b.text,
                review_group: b.review_group,
                attachments: vec![],
            })
            .await
            .map_err(|e| CoreError::new(e.code(), format!("line {}: {e}", n + 1)))?;
        // Printed only after the commit: a printed reference is an acknowledged write.
        writeln!(out, "{reference}").and_then(|_| out.flush())?;
    }
    Ok(0)
}

async fn entity(s: &Session, cmd: &EntityCmd) -> CoreResult<i32> {
    match cmd {
        EntityCmd::Add { kind, object_type, label, ocgm_band, details } => {
            let details = match details {
                Some(d) => serde_json::from_str(d).map_err(|e| CoreError::invalid(format!("--details is not JSON: {e}")))?,
                None => serde_json::Value::Null,
            };
            let id = s
                .create_entity(NewEntity {
                    kind: kind.parse()?,
                    object_type: object_type.as_deref().map(str::parse).transpose()?,
                    label: label.clone(),
                    details,
                    ocgm_band: ocgm_band.clone(),
                })
                .await?;
            println!("{id}");
        }
        EntityCmd::Show { id, json } => {
            let v = s.entity_view(*id).await?;
            emit(*json, &v, || {
                println!("{} [{}] {}", v.entity.id, v.entity.kind, v.entity.label);
                for r in &v.reports {
                    println!("  {} as {} ({})", r.reference, r.role, r.status);
                }
                for a in &v.associations {
                    println!("  {} -{}-> {} {}", a.from_entity, a.kind, a.to_entity, if a.confirmed { "confirmed" } else { "unconfirmed" });
                }
            })?;
        }
        EntityCmd::Find { prefix, json } => {
            let v = s.find_entities(prefix, 25).await?;
            emit(*json, &v, || {
                for e in &v {
                    println!("{} [{}] {}", e.id, e.kind, e.label);
                }
            })?;
        }
        EntityCmd::Associate { from, to, kind, confirmed, supporting } => {
            let id = s.associate(*from, *to, kind, *confirmed, supporting.as_deref()).await?;
            println!("{id}");
        }
        EntityCmd::Merge { survivor, duplicate, reason } => {
            let id = s.merge_entities(*survivor, *duplicate, reason).await?;
            println!("{id}");
        }
        EntityCmd::Unmerge { merge, reason } => {
            s.undo_merge(*merge, reason).await?;
            println!("merge {merge} undone");
        }
        EntityCmd::Export { kind, prefix, out, json } => {
            let q = EntityListQuery { kind: kind.as_deref().map(str::parse).transpose()?, prefix: prefix.clone() };
            let x = s.export_entity_list(&q, table_format(out)?, out).await?;
            emit(*json, &x, || println!("{}: {} entities, {} (sha256 {})", x.path, x.rows, x.marking, x.sha256))?;
        }
        EntityCmd::Chart { ids, title, format, out, json } => {
            let format = match format.trim().to_ascii_lowercase().as_str() {
                "graphml" => ChartFormat::Graphml,
                "anx" => ChartFormat::Anx,
                other => return Err(CoreError::invalid(format!("'{other}' is not a chart format; use graphml or anx"))),
            };
            let x = s.export_link_chart(title, ids, format, out).await?;
            emit(*json, &x, || println!("{}: {} entities, {} links, {} (sha256 {})", x.path, x.entities, x.links, x.marking, x.sha256))?;
        }
    }
    Ok(0)
}

async fn dissemination(s: &Session, cmd: &DisseminationCmd) -> CoreResult<i32> {
    match cmd {
        DisseminationCmd::Pending { json } => {
            let v = s.disseminations_awaiting_authorisation().await?;
            emit(*json, &v, || {
                for d in &v {
                    println!(
                        "{} {} to {} ({}) conditions: {}",
                        d.id,
                        d.reference,
                        d.recipient,
                        d.purpose,
                        d.conditions.as_deref().unwrap_or("-")
                    );
                }
            })?;
        }
        DisseminationCmd::Decide { id, approve, refuse, note } => {
            if approve == refuse {
                return Err(CoreError::invalid("say --approve or --refuse"));
            }
            let d = s.decide_dissemination(*id, *approve, note).await?;
            println!("dissemination {} {}", d.id, d.state);
        }
    }
    Ok(0)
}

async fn review(s: &Session, cmd: &ReviewCmd) -> CoreResult<i32> {
    match cmd {
        ReviewCmd::Record { reference, decision, rationale } => {
            s.review(reference, decision.parse()?, rationale).await?;
            println!("{reference} reviewed: {decision}");
        }
        ReviewCmd::Due { before, json } => {
            let v = s.reviews_due(before.as_deref(), 500).await?;
            emit(*json, &v, || {
                for r in &v {
                    println!("{} group {} due {} ({})", r.reference, r.review_group, r.review_due, r.status);
                }
            })?;
        }
        ReviewCmd::Schedule { json } => {
            let v = s.retention_schedule().await?;
            emit(*json, &v, || {
                for r in &v {
                    println!("group {}: review after {} months — {}", r.review_group, r.review_after_months, r.label);
                }
            })?;
        }
    }
    Ok(0)
}

/// A list's format from its file name.
fn table_format(path: &Path) -> CoreResult<TableFormat> {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("csv") => Ok(TableFormat::Csv),
        Some("xlsx") => Ok(TableFormat::Xlsx),
        _ => Err(CoreError::invalid(format!("{}: name the file .csv or .xlsx", path.display()))),
    }
}

async fn search(s: &Session, a: &SearchArgs) -> CoreResult<i32> {
    let q = SearchQuery {
        text: a.query.clone(),
        status: a.status.as_deref().map(str::parse).transpose()?,
        marking: a.marking.as_deref().map(str::parse).transpose()?,
        priority: a.priority.as_deref().map(str::parse).transpose()?,
        source_grade: a.source_grade.clone(),
        intelligence_grade: a.intel_grade.clone(),
        handling_code: a.handling.clone(),
        recorded_from: a.from.clone(),
        recorded_to: a.to.clone(),
        entity_id: a.entity,
        limit: a.limit,
        ..Default::default()
    };
    if let Some(out) = &a.export {
        let x = s.export_search_table(&q, ExportColumn::ALL, table_format(out)?, out).await?;
        emit(a.json, &x, || println!("{}: {} rows, {} (sha256 {})", x.path, x.rows, x.marking, x.sha256))?;
        return Ok(0);
    }
    let hits = s.search(&q).await?;
    emit(a.json, &hits, || {
        for h in &hits {
            println!(
                "{}\t{}\t{}\t{}\t{}\t{}",
                h.reference,
                h.recorded_at,
                h.status,
                h.grade.as_deref().unwrap_or("-"),
                h.marking,
                h.summary.replace('\n', " ")
            );
        }
    })?;
    Ok(0)
}

async fn audit(s: &Session, cmd: &AuditCmd) -> CoreResult<i32> {
    match cmd {
        AuditCmd::Verify { json } => {
            let r = s.verify_audit().await?;
            emit(*json, &r, || {
                if r.ok() {
                    println!("audit trail intact: {} entries, head {} ({})", r.entries, r.head_seq, r.head_hash);
                } else {
                    println!("AUDIT TRAIL PROBLEMS ({}):", r.problems.len());
                    for p in &r.problems {
                        println!("  - {p}");
                    }
                }
            })?;
            Ok(if r.ok() { 0 } else { intel_core::ErrorCode::AuditTampered.exit_status() })
        }
        AuditCmd::Log { target, limit, json } => {
            let v = s.audit_entries(target.as_deref(), *limit).await?;
            emit(*json, &v, || {
                for e in &v {
                    println!("{:>6} {} {:<14} {:<24} {} {}", e.seq, e.at, e.actor, e.action, e.target, e.reason);
                }
            })?;
            Ok(0)
        }
    }
}

async fn config(s: &Session, cmd: &ConfigCmd) -> CoreResult<i32> {
    match cmd {
        ConfigCmd::ReferenceFormat { format, reason } => s.set_reference_format(format, reason).await?,
        ConfigCmd::Retention { group, months, reason } => s.set_retention(*group, *months, reason).await?,
        ConfigCmd::IdleLock { seconds, reason } => s.set_idle_lock(*seconds, reason).await?,
    }
    println!("saved");
    Ok(0)
}
