//! Fail closed: every refused unlock or set-up leaves the store folder's bytes
//! exactly as they were (only the back-off counter may change), creates no new
//! file, and says what went wrong with a specific error code.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use intel_core::cycle::records::NewAttachment;
use intel_core::keys::{KeychainMode, MemoryKeychain};
use intel_core::store::{self, StoreState};
use intel_core::ErrorCode;
use std::collections::BTreeMap;
use std::path::Path;

const FAILURES: &str = "unlock-failures.json";

/// A closed store with a little of everything in it.
async fn closed_store() -> TestStore {
    let (ts, s) = TestStore::create().await;
    for i in 0..20 {
        let mut r = report(&format!("report number {i} about a blue van seen near the docks {}", "filler text ".repeat(40)));
        r.attachments.push(NewAttachment {
            file_name: format!("photo{i}.jpg"),
            media_type: "image/jpeg".into(),
            content: vec![i as u8; 6000],
        });
        let reference = s.record_report(r).await.expect("record");
        s.evaluate(&reference, eval_p()).await.expect("evaluate");
    }
    s.close().await;
    ts
}

/// Every file but the back-off counter has the same bytes, and the set of
/// files is the same (nothing new, nothing removed).
#[track_caller]
fn assert_untouched(dir: &Path, before: &BTreeMap<String, String>) {
    let after = snapshot(dir);
    assert_eq!(after.keys().collect::<Vec<_>>(), before.keys().collect::<Vec<_>>(), "the set of files in the store folder changed");
    for (name, hash) in before {
        if name != FAILURES {
            assert_eq!(&after[name], hash, "{name} was modified by a refused operation");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn closed_store_has_only_the_expected_files() {
    let ts = closed_store().await;
    let names = file_names(&ts.dir);
    let expected: std::collections::BTreeSet<String> =
        ["store.db", "keys.json", "audit.checkpoint", FAILURES, "store.lock"].iter().map(|s| s.to_string()).collect();
    assert_eq!(names, expected);
    assert_eq!(store::inspect(&ts.dir), StoreState::Ready { keychain_mode: KeychainMode::OsKeychain });
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_passphrase_is_refused_and_changes_nothing() {
    let ts = closed_store().await;
    let before = snapshot(&ts.dir);
    assert_eq!(err_code(ts.unlock(ADMIN, "not the right passphrase").await), ErrorCode::WrongCredentials);
    assert_untouched(&ts.dir, &before);
    // The right one still works afterwards.
    ts.admin().await.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_user_is_refused_and_changes_nothing() {
    let ts = closed_store().await;
    let before = snapshot(&ts.dir);
    assert_eq!(err_code(ts.unlock("nobody", ADMIN_PASS).await), ErrorCode::WrongCredentials);
    assert_untouched(&ts.dir, &before);
}

#[tokio::test(flavor = "multi_thread")]
async fn missing_keychain_secret_is_refused_and_changes_nothing() {
    let ts = closed_store().await;
    let before = snapshot(&ts.dir);
    let empty = MemoryKeychain::new();
    let err = store::unlock(&ts.dir, ADMIN, &pass(ADMIN_PASS), &empty, unlock_opts()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::KeychainSecretMissing);
    assert!(err.to_string().contains("recovery"), "the message should point to the recovery key: {err}");
    assert_untouched(&ts.dir, &before);
    // A workstation with no keychain at all gets its own, different error.
    let none = MemoryKeychain::unavailable();
    assert_eq!(err_code(store::unlock(&ts.dir, ADMIN, &pass(ADMIN_PASS), &none, unlock_opts()).await), ErrorCode::KeychainUnavailable);
    assert_untouched(&ts.dir, &before);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_wrong_workstation_secret_is_wrong_credentials() {
    // A copied store on another workstation whose keychain holds a different
    // secret under the same name: the passphrase alone must not open it.
    let ts = closed_store().await;
    let before = snapshot(&ts.dir);
    let other = MemoryKeychain::new();
    let kf = intel_core::keys::Keyfile::load(&ts.dir.join("keys.json")).unwrap();
    use intel_core::keys::Keychain;
    other.set(&format!("store:{}", kf.store_id), &intel_core::secret::SecretKey::random()).unwrap();
    assert_eq!(err_code(store::unlock(&ts.dir, ADMIN, &pass(ADMIN_PASS), &other, unlock_opts()).await), ErrorCode::WrongCredentials);
    assert_untouched(&ts.dir, &before);
}

#[tokio::test(flavor = "multi_thread")]
async fn set_up_without_a_keychain_refuses_and_leaves_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    // Both a folder that does not exist yet and an existing empty one.
    for dir in [tmp.path().join("new-store"), tmp.path().to_path_buf()] {
        let err =
            store::create(&dir, create_options(KeychainMode::OsKeychain), &MemoryKeychain::unavailable()).await.err().expect("refused");
        assert_eq!(err.code(), ErrorCode::KeychainUnavailable);
        assert!(err.to_string().contains("passphrase-only"), "the message should name the explicit alternative: {err}");
        assert!(file_names(&dir).is_empty(), "set-up left files behind: {:?}", file_names(&dir));
        assert_eq!(store::inspect(&dir), StoreState::Absent);
    }
    // Passphrase-only must be chosen explicitly, and then works without a keychain.
    let dir = tmp.path().join("passphrase-only");
    let created =
        store::create(&dir, create_options(KeychainMode::PassphraseOnly), &MemoryKeychain::unavailable()).await.expect("explicit choice");
    assert_eq!(created.session.keychain_mode(), KeychainMode::PassphraseOnly);
    created.session.close().await;
    assert_eq!(store::inspect(&dir), StoreState::Ready { keychain_mode: KeychainMode::PassphraseOnly });
    let s = store::unlock(&dir, ADMIN, &pass(ADMIN_PASS), &MemoryKeychain::unavailable(), unlock_opts()).await.expect("unlock");
    s.close().await;
}

async fn assert_damaged_file_refused(ts: &TestStore) {
    let before = snapshot(&ts.dir);
    let err = ts.unlock(ADMIN, ADMIN_PASS).await.expect_err("a damaged store must not open");
    assert_eq!(err.code(), ErrorCode::StoreDamaged, "{err}");
    assert!(err.to_string().contains("backup"), "the message should say to restore from backup: {err}");
    assert_untouched(&ts.dir, &before);
    // And again: still refused, still unchanged (nothing was "repaired").
    assert_eq!(err_code(ts.unlock(ADMIN, ADMIN_PASS).await), ErrorCode::StoreDamaged);
    assert_untouched(&ts.dir, &before);
}

#[tokio::test(flavor = "multi_thread")]
async fn truncated_database_is_refused_and_changes_nothing() {
    let ts = closed_store().await;
    let db = ts.dir.join("store.db");
    let bytes = std::fs::read(&db).unwrap();
    std::fs::write(&db, &bytes[..bytes.len() / 2]).unwrap();
    assert_damaged_file_refused(&ts).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn database_truncated_by_one_page_is_refused() {
    let ts = closed_store().await;
    let db = ts.dir.join("store.db");
    let bytes = std::fs::read(&db).unwrap();
    std::fs::write(&db, &bytes[..bytes.len() - 4096]).unwrap();
    assert_damaged_file_refused(&ts).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn flipped_byte_in_the_middle_is_refused_and_changes_nothing() {
    let ts = closed_store().await;
    let db = ts.dir.join("store.db");
    let mut bytes = std::fs::read(&db).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    std::fs::write(&db, &bytes).unwrap();
    assert_damaged_file_refused(&ts).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn flipped_byte_in_the_first_page_is_refused() {
    let ts = closed_store().await;
    let db = ts.dir.join("store.db");
    let mut bytes = std::fs::read(&db).unwrap();
    bytes[100] ^= 0x80;
    std::fs::write(&db, &bytes).unwrap();
    assert_damaged_file_refused(&ts).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_flipped_byte_anywhere_is_refused() {
    use rand::{Rng, SeedableRng};
    let ts = closed_store().await;
    let db = ts.dir.join("store.db");
    let original = std::fs::read(&db).unwrap();
    let pages = original.len() / 4096;
    assert!(pages > 20, "the test store should span many pages ({pages})");
    // The salt at the start, the last byte, and pages chosen at random (seeded, so a failure repeats).
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x1D_E5C);
    let mut offsets = vec![3, original.len() - 1];
    offsets.extend((0..8).map(|_| rng.gen_range(0..original.len())));
    for offset in offsets {
        let mut bytes = original.clone();
        bytes[offset] ^= 0x20;
        std::fs::write(&db, &bytes).unwrap();
        let before = snapshot(&ts.dir);
        let err = ts.unlock(ADMIN, ADMIN_PASS).await.expect_err("a damaged store must not open");
        assert_eq!(err.code(), ErrorCode::StoreDamaged, "byte {offset} (page {}): {err}", offset / 4096 + 1);
        assert_untouched(&ts.dir, &before);
    }
    std::fs::write(&db, &original).unwrap();
    ts.admin().await.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn missing_key_file_is_refused_and_no_database_is_made() {
    let ts = closed_store().await;
    std::fs::remove_file(ts.dir.join("keys.json")).unwrap();
    let before = snapshot(&ts.dir);
    let err = ts.unlock(ADMIN, ADMIN_PASS).await.expect_err("refused");
    assert_eq!(err.code(), ErrorCode::StoreDamaged);
    assert!(err.to_string().contains("keys.json"), "{err}");
    assert_untouched(&ts.dir, &before);
    assert!(matches!(store::inspect(&ts.dir), StoreState::Damaged { .. }));
    // Set-up must not make a new store over the remains of this one either.
    assert_eq!(
        err_code(store::create(&ts.dir, create_options(KeychainMode::OsKeychain), &ts.keychain).await.map(|_| ())),
        ErrorCode::StoreExists
    );
    assert_untouched(&ts.dir, &before);
}

#[tokio::test(flavor = "multi_thread")]
async fn missing_database_is_refused_and_no_new_database_is_made() {
    let ts = closed_store().await;
    std::fs::remove_file(ts.dir.join("store.db")).unwrap();
    let before = snapshot(&ts.dir);
    let err = ts.unlock(ADMIN, ADMIN_PASS).await.expect_err("refused");
    assert_eq!(err.code(), ErrorCode::StoreDamaged);
    assert!(err.to_string().contains("store.db"), "{err}");
    assert!(!ts.dir.join("store.db").exists(), "a new, empty store.db was created");
    assert_untouched(&ts.dir, &before);
    // Recovery must not create one either.
    let r = store::recover(&ts.dir, &ts.recovery_key, ADMIN, &pass("a brand new passphrase"), &ts.keychain, unlock_opts()).await;
    assert_eq!(err_code(r), ErrorCode::StoreDamaged);
    assert!(!ts.dir.join("store.db").exists());
    assert_untouched(&ts.dir, &before);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_plain_sqlite_file_is_refused() {
    let ts = closed_store().await;
    let db = ts.dir.join("store.db");
    std::fs::remove_file(&db).unwrap();
    {
        // A real, unencrypted SQLite database holding something readable.
        use sqlx::ConnectOptions;
        let mut conn = sqlx::sqlite::SqliteConnectOptions::new().filename(&db).create_if_missing(true).connect().await.unwrap();
        sqlx::query("CREATE TABLE t (x TEXT)").execute(&mut conn).await.unwrap();
        sqlx::query("INSERT INTO t VALUES ('plain text')").execute(&mut conn).await.unwrap();
        sqlx::Connection::close(conn).await.unwrap();
    }
    assert!(std::fs::read(&db).unwrap().starts_with(b"SQLite format 3\0"));
    let before = snapshot(&ts.dir);
    let err = ts.unlock(ADMIN, ADMIN_PASS).await.expect_err("a plain file must be refused");
    assert_eq!(err.code(), ErrorCode::StoreDamaged, "{err}");
    assert_untouched(&ts.dir, &before);
    // Alone in a folder, without a key file: refused too, and not overwritten by set-up.
    std::fs::remove_file(ts.dir.join("keys.json")).unwrap();
    let before = snapshot(&ts.dir);
    assert_eq!(err_code(ts.unlock(ADMIN, ADMIN_PASS).await), ErrorCode::StoreDamaged);
    assert_eq!(
        err_code(store::create(&ts.dir, create_options(KeychainMode::OsKeychain), &ts.keychain).await.map(|_| ())),
        ErrorCode::StoreExists
    );
    assert_untouched(&ts.dir, &before);
}

#[tokio::test(flavor = "multi_thread")]
async fn set_up_over_an_existing_store_is_refused_and_changes_nothing() {
    let ts = closed_store().await;
    let before = snapshot(&ts.dir);
    let err = store::create(&ts.dir, create_options(KeychainMode::OsKeychain), &ts.keychain).await.err().expect("refused");
    assert_eq!(err.code(), ErrorCode::StoreExists);
    assert_untouched(&ts.dir, &before);
    assert_eq!(std::fs::read(ts.dir.join(FAILURES)).unwrap(), std::fs::read(ts.dir.join(FAILURES)).unwrap());
    // The original admin still gets in with the original passphrase.
    ts.admin().await.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn repeated_failures_back_off_and_are_audited_at_the_next_unlock() {
    let ts = closed_store().await;
    let before = snapshot(&ts.dir);
    for _ in 0..3 {
        assert_eq!(err_code(ts.unlock(ADMIN, "a wrong passphrase here").await), ErrorCode::WrongCredentials);
    }
    // The fourth attempt waits, even with the right passphrase.
    let err = ts.unlock(ADMIN, ADMIN_PASS).await.expect_err("backed off");
    assert_eq!(err.code(), ErrorCode::BackedOff);
    assert!(err.to_string().contains("wait"), "{err}");
    assert_untouched(&ts.dir, &before);

    // Let the wait pass by moving the last failure into the past.
    let path = ts.dir.join(FAILURES);
    let mut f: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(f["consecutive"], 3);
    assert_eq!(f["pending_audit"].as_array().map(Vec::len), Some(3));
    let raw = std::fs::read_to_string(&path).unwrap();
    assert!(!raw.contains(ADMIN) && !raw.contains("wrong passphrase"), "failed attempts must be sealed on disk: {raw}");
    f["last_failure"] = serde_json::json!((chrono::Utc::now() - chrono::Duration::minutes(10)).to_rfc3339());
    std::fs::write(&path, serde_json::to_vec(&f).unwrap()).unwrap();

    let s = ts.admin().await;
    let failed: Vec<(String, String, String)> =
        sqlx::query_as("SELECT actor, target, reason FROM audit_log WHERE action = 'login.failed' ORDER BY seq")
            .fetch_all(s.pool_for_tests())
            .await
            .unwrap();
    assert_eq!(failed.len(), 3, "every failed attempt is in the audit trail");
    for (actor, target, reason) in &failed {
        assert_eq!(actor, ADMIN);
        assert_eq!(target, "user:admin");
        assert_eq!(reason, "wrong passphrase");
    }
    let actions = audit_actions(&s).await;
    let first_failed = actions.iter().position(|a| a == "login.failed").unwrap();
    assert_eq!(actions.last().map(String::as_str), Some("login"), "the failures are recorded before the successful login");
    assert!(first_failed < actions.len() - 1);
    assert!(s.verify_audit().await.unwrap().ok());
    s.close().await;

    // The counter starts again: a single failure now is not backed off.
    let f: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert!(f.get("consecutive").is_none_or(|c| c == 0), "the counter was not reset: {f}");
    assert_eq!(err_code(ts.unlock(ADMIN, "a wrong passphrase here").await), ErrorCode::WrongCredentials);
    ts.admin().await.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_users_count_towards_back_off() {
    let ts = closed_store().await;
    for name in ["alice", "bob", "carol"] {
        assert_eq!(err_code(ts.unlock(name, "a wrong passphrase here").await), ErrorCode::WrongCredentials);
    }
    assert_eq!(err_code(ts.unlock(ADMIN, ADMIN_PASS).await), ErrorCode::BackedOff);
}
