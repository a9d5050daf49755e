//! Shared helpers for the core's integration tests: real SQLCipher stores in
//! temporary folders, the real key hierarchy, an in-memory keychain, and the
//! cheapest key-derivation settings the core allows (64 MiB, one pass).
#![allow(dead_code)]

use intel_core::cycle::records::NewReport;
use intel_core::cycle::users::NewUser;
use intel_core::domain::governance::{DecisionKind, MeetingKind};
use intel_core::domain::grading::{Evaluation3x5x2, HandlingCode, IntelGrade, SourceGrade};
use intel_core::domain::marking::Marking;
use intel_core::domain::report_fields::{Priority, SourceType};
use intel_core::domain::role::Role;
use intel_core::keys::{KdfPolicy, KeychainMode, MemoryKeychain};
use intel_core::secret::{Passphrase, RecoveryKey};
use intel_core::store::connect::Tuning;
use intel_core::store::lifecycle::UnlockOptions;
use intel_core::store::{self, CreateOptions};
use intel_core::tasking::meetings::{Attendee, NewDecision, NewMeeting};
use intel_core::{CoreResult, ErrorCode, Session, UserInfo};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub const KDF: KdfPolicy = KdfPolicy { memory_kib: 64 * 1024, target_ms: 1 };
pub const TUNING: Tuning = Tuning { cache_kib: 8 * 1024, max_connections: 2 };
pub const ADMIN: &str = "admin";
pub const ADMIN_PASS: &str = "admin passphrase for tests";

pub fn pass(s: &str) -> Passphrase {
    Passphrase::new(s.to_owned())
}

/// The passphrase `add_user` gives each user.
pub fn user_pass(username: &str) -> String {
    format!("{username} passphrase for tests")
}

pub fn unlock_opts() -> UnlockOptions {
    UnlockOptions { kdf: KDF, tuning: TUNING }
}

/// A store in its own temporary folder. The store lives in `<tmp>/store` so
/// tests can also check that the store folder itself gains no stray files.
pub struct TestStore {
    pub tmp: tempfile::TempDir,
    pub dir: PathBuf,
    pub keychain: MemoryKeychain,
    pub recovery_key: RecoveryKey,
}

impl TestStore {
    pub async fn create() -> (TestStore, Session) {
        Self::create_with(MemoryKeychain::new(), KeychainMode::OsKeychain).await
    }

    pub async fn create_with(keychain: MemoryKeychain, mode: KeychainMode) -> (TestStore, Session) {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("store");
        let created = store::create(&dir, create_options(mode), &keychain).await.expect("store set-up");
        let ts = TestStore { tmp, dir, keychain, recovery_key: created.recovery_key };
        (ts, created.session)
    }

    pub async fn unlock(&self, username: &str, passphrase: &str) -> CoreResult<Session> {
        store::unlock(&self.dir, username, &pass(passphrase), &self.keychain, unlock_opts()).await
    }

    pub async fn admin(&self) -> Session {
        self.unlock(ADMIN, ADMIN_PASS).await.expect("admin unlocks")
    }

    /// Unlocks a user made by [`add_user`].
    pub async fn user(&self, username: &str) -> Session {
        self.unlock(username, &user_pass(username)).await.unwrap_or_else(|e| panic!("{username} unlocks: {e}"))
    }
}

pub fn create_options(mode: KeychainMode) -> CreateOptions {
    CreateOptions {
        unit_name: "Test Intelligence Unit".into(),
        admin_username: ADMIN.into(),
        admin_display_name: "Admin Manager".into(),
        passphrase: pass(ADMIN_PASS),
        keychain_mode: mode,
        kdf: KDF,
        tuning: TUNING,
    }
}

pub async fn add_user(admin: &Session, username: &str, role: Role, is_admin: bool, clearance: Marking) -> UserInfo {
    admin
        .add_user(NewUser {
            username: username.into(),
            display_name: format!("{username} display"),
            role,
            is_admin,
            clearance,
            passphrase: pass(&user_pass(username)),
        })
        .await
        .unwrap_or_else(|e| panic!("adding {username}: {e}"))
}

pub fn report(text: &str) -> NewReport {
    NewReport {
        marking: Marking::Official,
        priority: Priority::Low,
        source_type: SourceType::Officer,
        source_ref: None,
        submitting_officer: Some("PC 1234 Example".into()),
        received_at: None,
        text: text.into(),
        review_group: None,
        attachments: vec![],
    }
}

pub fn eval_p() -> Evaluation3x5x2 {
    Evaluation3x5x2 {
        source: SourceGrade::Reliable,
        intelligence: IntelGrade::B,
        handling: HandlingCode::P,
        conditions: None,
        rationale: "corroborated by ANPR".into(),
    }
}

pub fn eval_c(conditions: &str) -> Evaluation3x5x2 {
    Evaluation3x5x2 {
        source: SourceGrade::Untested,
        intelligence: IntelGrade::C,
        handling: HandlingCode::C,
        conditions: Some(conditions.into()),
        rationale: "single uncorroborated source".into(),
    }
}

/// The error code of a call that must fail.
#[track_caller]
pub fn err_code<T: std::fmt::Debug>(r: CoreResult<T>) -> ErrorCode {
    match r {
        Ok(v) => panic!("expected an error, got Ok({v:?})"),
        Err(e) => e.code(),
    }
}

/// SHA-256 of every file under `dir`, by path relative to `dir`.
pub fn snapshot(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return out;
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let entry = entry.expect("dir entry");
            let p = entry.path();
            if entry.file_type().expect("file type").is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).expect("inside").to_string_lossy().into_owned();
                let bytes = std::fs::read(&p).expect("read file");
                out.insert(rel, hex::encode(Sha256::digest(&bytes)));
            }
        }
    }
    out
}

pub fn file_names(dir: &Path) -> BTreeSet<String> {
    snapshot(dir).into_keys().collect()
}

pub async fn audit_head(s: &Session) -> i64 {
    sqlx::query_scalar::<_, i64>("SELECT coalesce(max(seq), 0) FROM audit_log").fetch_one(s.pool_for_tests()).await.expect("audit head")
}

pub async fn audit_actions(s: &Session) -> Vec<String> {
    sqlx::query_scalar::<_, String>("SELECT action FROM audit_log ORDER BY seq").fetch_all(s.pool_for_tests()).await.expect("audit actions")
}

/// Row counts of every table that an operation could change.
pub async fn row_counts(s: &Session) -> BTreeMap<&'static str, i64> {
    let mut out = BTreeMap::new();
    for t in [
        "audit_log",
        "users",
        "reports",
        "sanitisations",
        "attachments",
        "evaluations",
        "status_history",
        "entities",
        "report_entities",
        "associations",
        "entity_merges",
        "disseminations",
        "reviews",
        "store_meta",
        "meetings",
        "meeting_attendees",
        "meeting_agenda",
        "meeting_decisions",
        "control_strategy_versions",
        "control_strategy_issues",
        "requirements",
        "requirement_questions",
        "requirement_answers",
        "requirement_acknowledgements",
        "actions",
        "action_updates",
        "operational_reviews",
        "products",
        "product_sections",
        "product_citations",
        "product_embeds",
        "product_gaps",
        "product_recommendations",
        "product_decisions",
    ] {
        let n: i64 = sqlx::query_scalar(intel_core::sqlf!("SELECT count(*) FROM {t}")).fetch_one(s.pool_for_tests()).await.expect("count");
        out.insert(t, n);
    }
    out
}

/// A string no test file, log or fixture could contain by chance.
pub fn canary(tag: &str) -> String {
    use rand::Rng;
    let n: u128 = rand::thread_rng().gen();
    format!("{tag}{n:032x}")
}

// Tasking and coordination fixtures.

pub fn attendee(name: &str) -> Attendee {
    Attendee { name: name.into(), organisation: "Northshire Police".into(), is_partner: false, consent: false }
}

pub fn meeting(kind: MeetingKind, held_on: &str) -> NewMeeting {
    NewMeeting {
        kind,
        held_on: held_on.into(),
        title: format!("{} {held_on}", kind.title()),
        chair: "ACC Morgan".into(),
        marking: Marking::Official,
        attendees: vec![attendee("ACC Morgan"), attendee("DCI Patel")],
    }
}

pub fn decision(kind: DecisionKind, summary: &str) -> NewDecision {
    NewDecision {
        kind,
        summary: summary.into(),
        rationale: format!("rationale for: {summary}"),
        decision_maker: "ACC Morgan".into(),
        escalated_to: None,
        supersedes: None,
    }
}
