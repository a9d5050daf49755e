//! The command line, as documented in docs/cli.md. Changing a flag here is an
//! interface change for scripts and tests.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "intel", version, about = "Intel Desk: the unit's encrypted intelligence store, from the command line")]
pub struct Cli {
    /// The store folder.
    #[arg(long, env = "INTEL_STORE", global = true)]
    pub store: Option<PathBuf>,
    /// The acting user. Their passphrase comes from INTEL_PASSPHRASE, else a prompt.
    #[arg(long, env = "INTEL_USER", global = true)]
    pub user: Option<String>,
    /// Target time for one key derivation when a passphrase is set (Argon2id, 64 MiB or more).
    #[arg(long, env = "INTEL_KDF_TARGET_MS", global = true, default_value_t = 500, hide = true)]
    pub kdf_target_ms: u32,
    /// Open a store that is behind its audit checkpoint (after a deliberate restore); administrators only, recorded in the audit trail.
    #[arg(long, global = true, value_name = "REASON")]
    pub accept_audit_rollback: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new store and its first user (intelligence manager + administrator).
    Init(InitArgs),
    /// Say whether a store exists here, without unlocking it.
    Status,
    /// Open the store with the recovery key and set a new passphrase for --user.
    Recover,
    #[command(subcommand)]
    User(UserCmd),
    #[command(subcommand)]
    Record(RecordCmd),
    #[command(subcommand)]
    Entity(EntityCmd),
    #[command(subcommand)]
    Dissemination(DisseminationCmd),
    #[command(subcommand)]
    Review(ReviewCmd),
    /// Full-text search with filters.
    Search(SearchArgs),
    #[command(subcommand)]
    Audit(AuditCmd),
    #[command(subcommand)]
    Config(ConfigCmd),
    /// This workstation's bundle identity: show, export for enrolment, rotate.
    #[command(subcommand)]
    Identity(IdentityCmd),
    /// Trusted peers (the force gateway, other workstations).
    #[command(subcommand)]
    Peer(PeerCmd),
    /// Signed bundles: preview, export to a file, import from a file.
    #[command(subcommand)]
    Bundle(BundleCmd),
    /// Bundles queued for the gateway.
    #[command(subcommand)]
    Outbox(OutboxCmd),
    /// Push the outbox to the force gateway and pull (and import) what waits there.
    Sync {
        #[arg(long)]
        json: bool,
    },
    /// Tasking and coordination meetings: attendance, agenda, decisions, sign-off.
    #[command(subcommand)]
    Meeting(MeetingCmd),
    /// The control strategy (set only by an ST&CG decision).
    #[command(subcommand)]
    Strategy(StrategyCmd),
    /// Intelligence requirements: draft, approve, answer, coverage.
    #[command(subcommand)]
    Requirement(RequirementCmd),
    /// The action manager.
    #[command(subcommand)]
    Action(ActionCmd),
    /// Operational review: commissioned by the TT&CG, objectives fixed at the operation's start.
    #[command(subcommand)]
    OperationalReview(OperationalReviewCmd),
    /// A STIX 2.1 bundle of sanitised, graded reports for partner platforms.
    Stix {
        #[arg(required = true)]
        references: Vec<String>,
        /// Include handling code C reports (needs authority to authorise disseminations).
        #[arg(long)]
        include_code_c: bool,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// References to other systems (PND, OCGM, crime, command and control, ViSOR, NABIS, PNC, custody).
    #[command(subcommand, name = "ref")]
    Ref(RefCmd),
    /// Intelligence products: draft, cite, review, approve, export; tasking packages.
    #[command(subcommand)]
    Product(ProductCmd),
    /// The daily briefing for the daily management meeting.
    Briefing {
        #[arg(long)]
        json: bool,
    },
    /// Rotate the store's data key (PRAGMA rekey); administrators only.
    RotateKey {
        #[arg(long)]
        reason: String,
    },
    /// Print the permission matrix.
    Permissions,
    /// Check the store file's integrity (PRAGMA integrity_check) and count its records.
    Check {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct InitArgs {
    #[arg(long)]
    pub unit: String,
    #[arg(long)]
    pub admin: String,
    #[arg(long)]
    pub display_name: Option<String>,
    /// `os` (default): bind keys to this workstation's keychain. `none`: passphrase-only mode.
    #[arg(long, default_value = "os")]
    pub keychain: String,
    /// Write the recovery key to this file instead of standard output.
    #[arg(long)]
    pub recovery_key_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum UserCmd {
    /// Add a user; their first passphrase comes from INTEL_NEW_PASSPHRASE, else a prompt.
    Add {
        name: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        display_name: Option<String>,
        #[arg(long)]
        admin: bool,
        #[arg(long, default_value = "OFFICIAL-SENSITIVE")]
        clearance: String,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    /// Lock an account (users are never deleted).
    Lock {
        name: String,
        #[arg(long)]
        reason: String,
    },
    /// Unlock an account and set a new passphrase (INTEL_NEW_PASSPHRASE, else a prompt).
    Reset {
        name: String,
        #[arg(long)]
        reason: String,
    },
    /// Change your own passphrase (INTEL_NEW_PASSPHRASE, else a prompt).
    Passwd,
}

#[derive(Debug, Subcommand)]
pub enum RecordCmd {
    /// Record a report; prints its reference.
    Add {
        #[arg(long)]
        marking: String,
        #[arg(long)]
        priority: String,
        #[arg(long)]
        source_type: String,
        #[arg(long)]
        source_ref: Option<String>,
        #[arg(long)]
        officer: Option<String>,
        /// When the intelligence was received (RFC 3339); default now.
        #[arg(long)]
        received: Option<String>,
        #[arg(long)]
        review_group: Option<i64>,
        #[arg(long)]
        text_file: PathBuf,
        #[arg(long = "attach")]
        attachments: Vec<PathBuf>,
    },
    /// Record many reports from JSON lines (a file, or - for standard input);
    /// prints each reference as soon as that report is committed.
    AddBatch {
        #[arg(long)]
        jsonl: PathBuf,
    },
    Evaluate {
        reference: String,
        #[arg(long)]
        source: String,
        #[arg(long)]
        intel: String,
        #[arg(long)]
        handling: String,
        #[arg(long)]
        conditions: Option<String>,
        #[arg(long)]
        rationale: String,
    },
    /// Store a historic 5x5x5 or Admiralty grade as given.
    LegacyGrade {
        reference: String,
        #[arg(long)]
        scheme: String,
        #[arg(long)]
        source: String,
        #[arg(long)]
        intel: String,
        #[arg(long)]
        handling: Option<String>,
        #[arg(long)]
        rationale: String,
    },
    Sanitise {
        reference: String,
        #[arg(long)]
        text_file: PathBuf,
    },
    Show {
        reference: String,
        #[arg(long)]
        json: bool,
    },
    Attach {
        reference: String,
        file: PathBuf,
    },
    Status {
        reference: String,
        #[arg(long)]
        to: String,
        #[arg(long)]
        reason: String,
    },
    Link {
        reference: String,
        #[arg(long)]
        entity: i64,
        #[arg(long)]
        role: String,
    },
    Disseminate {
        reference: String,
        #[arg(long)]
        recipient: String,
        #[arg(long)]
        purpose: String,
        #[arg(long)]
        acknowledge_conditions: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum EntityCmd {
    /// Create an entity; prints its id.
    Add {
        #[arg(long)]
        kind: String,
        #[arg(long)]
        object_type: Option<String>,
        #[arg(long)]
        label: String,
        #[arg(long)]
        ocgm_band: Option<String>,
        /// Further details as a JSON object.
        #[arg(long)]
        details: Option<String>,
    },
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    Find {
        prefix: String,
        #[arg(long)]
        json: bool,
    },
    Associate {
        from: i64,
        to: i64,
        #[arg(long)]
        kind: String,
        #[arg(long)]
        confirmed: bool,
        #[arg(long)]
        supporting: Option<String>,
    },
    /// Merge DUPLICATE into SURVIVOR; prints the merge id (undo with `entity unmerge`).
    Merge {
        survivor: i64,
        duplicate: i64,
        #[arg(long)]
        reason: String,
    },
    Unmerge {
        merge: i64,
        #[arg(long)]
        reason: String,
    },
    /// Write the entity list (surviving entities, their references and how
    /// many reports you may see link to each) to FILE: .csv or .xlsx.
    Export {
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        prefix: Option<String>,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Write the link chart of these entities (and the associations between
    /// them) for another tool: GraphML or i2 Analyst's Notebook exchange.
    Chart {
        #[arg(required = true)]
        ids: Vec<i64>,
        #[arg(long)]
        title: String,
        /// graphml or anx
        #[arg(long)]
        format: String,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

/// What a reference is held on: a report or an entity.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct RefHolderArgs {
    #[arg(long)]
    pub report: Option<String>,
    #[arg(long)]
    pub entity: Option<i64>,
}

#[derive(Debug, Subcommand)]
pub enum RefCmd {
    /// Record a reference on a report or entity; prints its id.
    Add {
        #[command(flatten)]
        on: RefHolderArgs,
        /// pnd, ocgm, crime, cad, visor, nabis, pnc or custody.
        #[arg(long)]
        system: String,
        #[arg(long)]
        value: String,
        /// OCGM only (required there): the group's band, score and scoring date.
        #[arg(long)]
        ocgm_band: Option<String>,
        #[arg(long)]
        ocgm_score: Option<i64>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        ocgm_scored_on: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// The references a report or entity carries.
    List {
        #[command(flatten)]
        on: RefHolderArgs,
        #[arg(long)]
        json: bool,
    },
    /// Everything in the store that carries a reference.
    Holders {
        #[arg(long)]
        system: String,
        value: String,
        #[arg(long)]
        json: bool,
    },
    /// References starting with PREFIX, with how many things hold each.
    Find {
        prefix: String,
        #[arg(long)]
        system: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Remove a reference (kept, with who removed it and why).
    Remove {
        id: i64,
        #[arg(long)]
        reason: String,
    },
    /// Each system's reference format (a regular expression over the whole value).
    Formats {
        #[arg(long)]
        json: bool,
    },
    /// Set a system's format (administrators), or go back to the default.
    SetFormat {
        #[arg(long)]
        system: String,
        #[arg(long, required_unless_present = "default", conflicts_with = "default")]
        pattern: Option<String>,
        #[arg(long)]
        default: bool,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum DisseminationCmd {
    Pending {
        #[arg(long)]
        json: bool,
    },
    /// Authorise (--approve) or refuse (--refuse) a code C dissemination.
    Decide {
        id: i64,
        #[arg(long, conflicts_with = "refuse")]
        approve: bool,
        #[arg(long)]
        refuse: bool,
        #[arg(long)]
        note: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReviewCmd {
    Record {
        reference: String,
        #[arg(long)]
        decision: String,
        #[arg(long)]
        rationale: String,
    },
    Due {
        #[arg(long)]
        before: Option<String>,
        #[arg(long)]
        json: bool,
    },
    Schedule {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    pub query: Option<String>,
    #[arg(long)]
    pub status: Option<String>,
    #[arg(long)]
    pub marking: Option<String>,
    #[arg(long)]
    pub priority: Option<String>,
    #[arg(long)]
    pub source_grade: Option<String>,
    #[arg(long)]
    pub intel_grade: Option<String>,
    #[arg(long)]
    pub handling: Option<String>,
    #[arg(long)]
    pub from: Option<String>,
    #[arg(long)]
    pub to: Option<String>,
    #[arg(long)]
    pub entity: Option<i64>,
    #[arg(long)]
    pub limit: Option<i64>,
    /// Write every matching report (all columns) to FILE instead: .csv or .xlsx.
    #[arg(long, value_name = "FILE")]
    pub export: Option<PathBuf>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum AuditCmd {
    /// Walk the whole chain and check it against the checkpoint. Exit 8 if anything is wrong.
    Verify {
        #[arg(long)]
        json: bool,
    },
    Log {
        #[arg(long)]
        target: Option<String>,
        #[arg(long, default_value_t = 100)]
        limit: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigCmd {
    /// Tokens: {yyyy} {yy} {seq} {seq:N}
    ReferenceFormat {
        format: String,
        #[arg(long)]
        reason: String,
    },
    Retention {
        #[arg(long)]
        group: i64,
        #[arg(long)]
        months: i64,
        #[arg(long)]
        reason: String,
    },
    IdleLock {
        seconds: u64,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum IdentityCmd {
    /// The workstation id, unit and public keys.
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Write the self-signed enrolment file (public keys only); administrators only.
    Enrolment {
        #[arg(long)]
        out: PathBuf,
    },
    /// Make a new key pair and retire the current one; administrators only.
    Rotate {
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PeerCmd {
    /// Trust a peer from its enrolment file (or take a known peer's new key); administrators only.
    Add {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    /// Stop trusting a peer; administrators only.
    Revoke {
        id: String,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum BundleCmd {
    /// What an export would carry and hold back, writing nothing.
    Preview {
        #[arg(long, default_value = "records")]
        kind: String,
        /// A peer id to address the bundle to (repeatable); the gateway, if configured, is always a recipient.
        #[arg(long = "to")]
        to: Vec<String>,
        /// Include reports sent before and unchanged since.
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Sign and write a bundle to a file.
    Export {
        #[arg(long, default_value = "records")]
        kind: String,
        #[arg(long = "to")]
        to: Vec<String>,
        /// Why a full export (original wording and source references) is authorised; required for --kind full.
        #[arg(long)]
        reason: Option<String>,
        #[arg(long)]
        all: bool,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Check a bundle file and import it (all or nothing); --dry-run shows what would arrive.
    Import {
        file: PathBuf,
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum OutboxCmd {
    List {
        #[arg(long)]
        json: bool,
    },
    /// Sign a bundle of what is new or changed and queue it for the gateway.
    Queue {
        #[arg(long, default_value = "records")]
        kind: String,
        #[arg(long = "to")]
        to: Vec<String>,
        #[arg(long)]
        reason: Option<String>,
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
}

/// Complex inputs (a meeting, a decision, a strategy...) are JSON files in the
/// core's own shapes, documented in docs/cli.md.
#[derive(Debug, Subcommand)]
pub enum MeetingCmd {
    Create {
        #[arg(long)]
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    Show {
        reference: String,
        #[arg(long)]
        json: bool,
    },
    /// Record a decision (JSON: kind, summary, rationale, decision_maker, escalated_to, supersedes).
    Decide {
        reference: String,
        #[arg(long)]
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    SignOff {
        reference: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum StrategyCmd {
    /// Set or amend it at an ST&CG meeting: the decision and the strategy as JSON files.
    Set {
        #[arg(long)]
        meeting: String,
        #[arg(long)]
        decision: PathBuf,
        #[arg(long)]
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    Show {
        #[arg(long)]
        version: Option<i64>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum RequirementCmd {
    Draft {
        #[arg(long)]
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    Approve {
        reference: String,
        #[arg(long)]
        meeting: String,
        #[arg(long)]
        decision: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Mark a report as answering one of the requirement's questions (by question id).
    Answer {
        reference: String,
        #[arg(long)]
        question: i64,
        #[arg(long)]
        report: String,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long)]
        json: bool,
    },
    Show {
        reference: String,
        #[arg(long)]
        json: bool,
    },
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ActionCmd {
    /// Raise an action from a decision (JSON: title, strand, issue_key, owner, due_on).
    Raise {
        #[arg(long)]
        decision: i64,
        #[arg(long)]
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    Update {
        reference: String,
        #[arg(long)]
        status: String,
        #[arg(long)]
        note: String,
        #[arg(long, default_value = "")]
        result: String,
        #[arg(long)]
        json: bool,
    },
    /// all, open, overdue or due-soon.
    List {
        #[arg(long, default_value = "open")]
        filter: String,
        #[arg(long)]
        json: bool,
    },
    /// Results analysis against the control strategy's delivery plans.
    Results {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ProductCmd {
    /// Open a draft (JSON: kind, title, marking, terms {requester, scope, questions, deadline}, commissioned_by).
    Create {
        #[arg(long)]
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    Show {
        reference: String,
        #[arg(long)]
        json: bool,
    },
    /// Write a section's text from a file.
    Section {
        reference: String,
        key: String,
        #[arg(long)]
        text_file: PathBuf,
    },
    Cite {
        reference: String,
        report: String,
        #[arg(long)]
        section: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Title, marking and dissemination list (--to, repeatable).
    Details {
        reference: String,
        #[arg(long)]
        title: String,
        #[arg(long)]
        marking: String,
        #[arg(long = "to")]
        to: Vec<String>,
    },
    Recommend {
        reference: String,
        #[arg(long)]
        strand: String,
        text: String,
    },
    Gap {
        reference: String,
        text: String,
    },
    /// Embed a link chart, timeline or table (JSON: section, kind, entity_id, query, caption).
    Embed {
        reference: String,
        #[arg(long)]
        file: PathBuf,
    },
    Submit {
        reference: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Peer review: passes it for approval, or --return it to draft.
    Review {
        reference: String,
        #[arg(long = "return")]
        send_back: bool,
        #[arg(long)]
        note: String,
    },
    /// Approve for release, or --refuse (back to draft).
    Approve {
        reference: String,
        #[arg(long)]
        refuse: bool,
        #[arg(long)]
        note: String,
    },
    /// Export an approved product (pdf or html).
    Export {
        reference: String,
        #[arg(long, default_value = "pdf")]
        format: String,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// A signed tasking package (bundle) with a PDF briefing beside it.
    Package {
        #[arg(long)]
        product: Option<String>,
        #[arg(long = "requirement")]
        requirements: Vec<String>,
        #[arg(long = "action")]
        actions: Vec<String>,
        #[arg(long = "to")]
        to: Vec<String>,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum OperationalReviewCmd {
    /// Commission at a TT&CG (JSON: operation, scope, planned_start, objectives).
    Commission {
        #[arg(long)]
        meeting: String,
        #[arg(long)]
        decision: PathBuf,
        #[arg(long)]
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// State the objectives (repeatable --objective); only before the operation starts.
    Objectives {
        reference: String,
        #[arg(long = "objective")]
        objectives: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Record that the operation has begun, which fixes the objectives.
    Start {
        reference: String,
        #[arg(long)]
        json: bool,
    },
    /// Record the findings (JSON: impact, lessons, good_practice, recommendations [{strand, text}]).
    Findings {
        reference: String,
        #[arg(long)]
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    Show {
        reference: String,
        #[arg(long)]
        json: bool,
    },
    /// The menu of tactical options (recommendations of completed reviews).
    Options {
        #[arg(long)]
        json: bool,
    },
}
