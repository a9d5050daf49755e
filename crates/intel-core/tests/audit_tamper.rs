//! Audit tampering: someone with the data key edits the audit trail directly.
//! Verification must report every class of change the issue names — an
//! altered, removed, inserted or reordered entry, a truncated tail — and a
//! whole-file rollback must stop the store opening until an administrator
//! deliberately accepts it.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use intel_core::audit::{entry_hash, AuditRecord, GENESIS_HASH};
use intel_core::domain::marking::Marking;
use intel_core::domain::role::Role;
use intel_core::store::lifecycle::unlock_accepting_rollback;
use intel_core::{ErrorCode, Session};

/// A store with a couple of dozen audit entries of different kinds.
async fn busy_store() -> (TestStore, Session) {
    let (ts, s) = TestStore::create().await;
    add_user(&s, "analyst1", Role::Analyst, false, Marking::OfficialSensitive).await;
    for i in 0..4 {
        let r = s.record_report(report(&format!("report {i} about the docks"))).await.unwrap();
        s.evaluate(&r, eval_p()).await.unwrap();
        s.sanitise(&r, &format!("sanitised report {i}")).await.unwrap();
        s.show_report(&r).await.unwrap();
    }
    (ts, s)
}

async fn unprotect(s: &Session) {
    for t in ["audit_log_no_update", "audit_log_no_delete"] {
        sqlx::query(intel_core::sqlf!("DROP TRIGGER {t}")).execute(s.pool_for_tests()).await.unwrap();
    }
}

async fn rows(s: &Session) -> Vec<AuditRecord> {
    sqlx::query_as("SELECT * FROM audit_log ORDER BY seq").fetch_all(s.pool_for_tests()).await.unwrap()
}

async fn exec(s: &Session, sql: &'static str) {
    sqlx::query(sql).execute(s.pool_for_tests()).await.unwrap();
}

/// Recomputes every hash from the first entry on, as a careful forger would.
async fn rechain(s: &Session) {
    let mut prev = GENESIS_HASH.to_owned();
    for r in rows(s).await {
        let h = entry_hash(r.seq, &r.at, &r.actor, &r.action, &r.target, &r.reason, &r.details, &prev);
        sqlx::query("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?")
            .bind(&prev)
            .bind(&h)
            .bind(r.seq)
            .execute(s.pool_for_tests())
            .await
            .unwrap();
        prev = h;
    }
}

/// Runs verification and returns its problems, which must not be empty.
async fn problems(s: &Session) -> Vec<String> {
    let report = s.verify_audit().await.expect("verification runs even over a damaged trail");
    assert!(!report.ok(), "tampering went unnoticed");
    report.problems
}

#[track_caller]
fn mentions(problems: &[String], needle: &str) {
    assert!(problems.iter().any(|p| p.contains(needle)), "expected a problem mentioning {needle:?}, got {problems:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_untampered_trail_verifies() {
    let (ts, s) = busy_store().await;
    let head = audit_head(&s).await;
    let report = s.verify_audit().await.unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    assert_eq!(report.entries, head);
    assert_eq!(report.head_seq, head);
    assert_eq!(report.checkpoint_seq, Some(head), "the checkpoint keeps up with every commit");
    // Verification itself is audited, and the chain stays whole across sessions.
    assert_eq!(audit_actions(&s).await.last().map(String::as_str), Some("audit.verify"));
    s.close().await;
    let s = ts.admin().await;
    assert!(s.verify_audit().await.unwrap().ok());
    // The triggers refuse ordinary edits in the first place.
    assert!(sqlx::query("UPDATE audit_log SET reason = 'x' WHERE seq = 1").execute(s.pool_for_tests()).await.is_err());
    assert!(sqlx::query("DELETE FROM audit_log WHERE seq = 1").execute(s.pool_for_tests()).await.is_err());
    s.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_altered_entry_is_detected() {
    let (_ts, s) = busy_store().await;
    unprotect(&s).await;
    exec(&s, "UPDATE audit_log SET actor = 'someone-else' WHERE seq = 5").await;
    mentions(&problems(&s).await, "entry 5 has been altered");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_altered_entry_with_its_hash_recomputed_is_detected() {
    let (_ts, s) = busy_store().await;
    unprotect(&s).await;
    let r = &rows(&s).await[4];
    let h = entry_hash(r.seq, &r.at, &r.actor, &r.action, &r.target, "innocent reason", &r.details, &r.prev_hash);
    sqlx::query("UPDATE audit_log SET reason = 'innocent reason', hash = ? WHERE seq = 5")
        .bind(h)
        .execute(s.pool_for_tests())
        .await
        .unwrap();
    mentions(&problems(&s).await, "entry 6 does not follow");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_altered_entry_with_the_whole_chain_rehashed_is_caught_by_the_checkpoint() {
    let (_ts, s) = busy_store().await;
    unprotect(&s).await;
    exec(&s, "UPDATE audit_log SET details = '{}' WHERE seq = 3").await;
    rechain(&s).await;
    mentions(&problems(&s).await, "differs from the one recorded in the checkpoint");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_removed_middle_entry_is_detected() {
    let (_ts, s) = busy_store().await;
    unprotect(&s).await;
    exec(&s, "DELETE FROM audit_log WHERE seq = 7").await;
    let p = problems(&s).await;
    mentions(&p, "entries 7 to 7 are missing");
    mentions(&p, "entry 8 does not follow");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_removed_entry_with_the_trail_renumbered_and_rehashed_is_detected() {
    let (_ts, s) = busy_store().await;
    unprotect(&s).await;
    exec(&s, "DELETE FROM audit_log WHERE seq = 7").await;
    exec(&s, "UPDATE audit_log SET seq = seq - 1 WHERE seq > 7").await;
    rechain(&s).await;
    mentions(&problems(&s).await, "entries were cut from the end, or the store was rolled back");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_inserted_entry_is_detected() {
    let (_ts, s) = busy_store().await;
    unprotect(&s).await;
    // Make room after entry 5 and forge a well-formed entry chained to it.
    exec(&s, "UPDATE audit_log SET seq = seq + 1000 WHERE seq > 5").await;
    exec(&s, "UPDATE audit_log SET seq = seq - 999 WHERE seq > 1000").await;
    let prev = rows(&s).await[4].hash.clone();
    let at = "2026-01-01T00:00:00.000000Z";
    let h = entry_hash(6, at, "admin", "report.read", "report:IR-FORGED", "", "{}", &prev);
    sqlx::query("INSERT INTO audit_log VALUES (6, ?, 'admin', 'report.read', 'report:IR-FORGED', '', '{}', ?, ?)")
        .bind(at)
        .bind(&prev)
        .bind(&h)
        .execute(s.pool_for_tests())
        .await
        .unwrap();
    let p = problems(&s).await;
    mentions(&p, "entry 7 does not follow");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_inserted_entry_with_the_whole_chain_rehashed_is_caught_by_the_checkpoint() {
    let (_ts, s) = busy_store().await;
    unprotect(&s).await;
    exec(&s, "UPDATE audit_log SET seq = seq + 1000 WHERE seq > 5").await;
    exec(&s, "UPDATE audit_log SET seq = seq - 999 WHERE seq > 1000").await;
    exec(
        &s,
        "INSERT INTO audit_log VALUES (6, '2026-01-01T00:00:00.000000Z', 'admin', 'report.read', 'report:IR-FORGED', '', '{}', 'x', 'y')",
    )
    .await;
    rechain(&s).await;
    mentions(&problems(&s).await, "differs from the one recorded in the checkpoint");
}

#[tokio::test(flavor = "multi_thread")]
async fn two_reordered_entries_are_detected() {
    let (_ts, s) = busy_store().await;
    unprotect(&s).await;
    // Swap the contents of entries 5 and 6, keeping their positions.
    exec(&s, "UPDATE audit_log SET seq = -5 WHERE seq = 5").await;
    exec(&s, "UPDATE audit_log SET seq = 5 WHERE seq = 6").await;
    exec(&s, "UPDATE audit_log SET seq = 6 WHERE seq = -5").await;
    let p = problems(&s).await;
    mentions(&p, "entry 5 does not follow");
    mentions(&p, "entry 5 has been altered");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_truncated_tail_is_detected_by_verify_and_at_unlock() {
    let (ts, s) = busy_store().await;
    let head = audit_head(&s).await;
    unprotect(&s).await;
    sqlx::query("DELETE FROM audit_log WHERE seq > ?").bind(head - 3).execute(s.pool_for_tests()).await.unwrap();
    // The remaining chain is internally perfect: only the checkpoint shows the cut.
    let p = problems(&s).await;
    assert_eq!(p.len(), 1, "{p:?}");
    mentions(&p, &format!("ends at entry {} but entry {head} was committed", head - 3));
    s.close().await;
    let err = ts.unlock(ADMIN, ADMIN_PASS).await.expect_err("a truncated trail must stop the unlock");
    assert_eq!(err.code(), ErrorCode::AuditTampered, "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_forged_or_missing_checkpoint_stops_the_unlock() {
    let (ts, s) = busy_store().await;
    s.close().await;
    let cp_path = ts.dir.join("audit.checkpoint");
    let original = std::fs::read(&cp_path).unwrap();
    // Moving the checkpoint back (to hide a later truncation) breaks its MAC.
    let mut cp: serde_json::Value = serde_json::from_slice(&original).unwrap();
    cp["seq"] = serde_json::json!(cp["seq"].as_i64().unwrap() - 2);
    std::fs::write(&cp_path, serde_json::to_vec(&cp).unwrap()).unwrap();
    assert_eq!(err_code(ts.unlock(ADMIN, ADMIN_PASS).await), ErrorCode::AuditTampered);
    std::fs::remove_file(&cp_path).unwrap();
    assert_eq!(err_code(ts.unlock(ADMIN, ADMIN_PASS).await), ErrorCode::AuditTampered);
    std::fs::write(&cp_path, &original).unwrap();
    let s = ts.admin().await;
    assert!(s.verify_audit().await.unwrap().ok());
    s.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_whole_file_rollback_is_refused_until_an_administrator_accepts_it() {
    let (ts, s) = busy_store().await;
    s.close().await;
    let old_db = std::fs::read(ts.dir.join("store.db")).unwrap();

    let s = ts.admin().await;
    let later = s.record_report(report("recorded after the backup was taken")).await.unwrap();
    s.close().await;

    // Put the old database back, as a restore from an old copy would.
    std::fs::write(ts.dir.join("store.db"), &old_db).unwrap();
    for sidecar in ["store.db-wal", "store.db-shm"] {
        let _ = std::fs::remove_file(ts.dir.join(sidecar));
    }
    let before = snapshot(&ts.dir);
    let err = ts.unlock(ADMIN, ADMIN_PASS).await.expect_err("a rolled-back store must not open silently");
    assert_eq!(err.code(), ErrorCode::AuditTampered, "{err}");
    assert!(err.to_string().contains("rolled back"), "{err}");
    assert_eq!(
        snapshot(&ts.dir).into_iter().filter(|(k, _)| k != "unlock-failures.json").collect::<Vec<_>>(),
        before.clone().into_iter().filter(|(k, _)| k != "unlock-failures.json").collect::<Vec<_>>(),
        "the refusal changed files"
    );

    // Only an administrator, with a reason, may accept it — and a refusal must
    // not quietly accept it anyway.
    let analyst =
        unlock_accepting_rollback(&ts.dir, "analyst1", &pass(&user_pass("analyst1")), &ts.keychain, unlock_opts(), "restored").await;
    assert_eq!(err_code(analyst), ErrorCode::PermissionDenied);
    assert_eq!(
        err_code(ts.unlock(ADMIN, ADMIN_PASS).await),
        ErrorCode::AuditTampered,
        "a refused acceptance must leave the store refusing"
    );
    let no_reason = unlock_accepting_rollback(&ts.dir, ADMIN, &pass(ADMIN_PASS), &ts.keychain, unlock_opts(), "  ").await;
    assert_eq!(err_code(no_reason), ErrorCode::InvalidInput);
    let wrong = unlock_accepting_rollback(&ts.dir, ADMIN, &pass("not the passphrase"), &ts.keychain, unlock_opts(), "restored").await;
    assert_eq!(err_code(wrong), ErrorCode::WrongCredentials);
    assert_eq!(err_code(ts.unlock(ADMIN, ADMIN_PASS).await), ErrorCode::AuditTampered);

    let s = unlock_accepting_rollback(
        &ts.dir,
        ADMIN,
        &pass(ADMIN_PASS),
        &ts.keychain,
        unlock_opts(),
        "restored from backup after disk failure",
    )
    .await
    .expect("an administrator accepts the restore");
    let accepted: Vec<(String, String)> = sqlx::query_as("SELECT actor, reason FROM audit_log WHERE action = 'audit.accept-rollback'")
        .fetch_all(s.pool_for_tests())
        .await
        .unwrap();
    assert_eq!(accepted, vec![(ADMIN.to_owned(), "restored from backup after disk failure".to_owned())]);
    // What happened after the copy is gone, and the trail is whole again from here.
    assert_eq!(err_code(s.show_report(&later).await), ErrorCode::NotFound);
    assert!(s.verify_audit().await.unwrap().ok());
    s.close().await;
    ts.admin().await.close().await;
    ts.user("analyst1").await.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn accepting_a_rollback_is_no_way_round_the_back_off() {
    let (ts, s) = busy_store().await;
    s.close().await;
    for _ in 0..3 {
        let r = unlock_accepting_rollback(&ts.dir, ADMIN, &pass("guessing the passphrase"), &ts.keychain, unlock_opts(), "restored").await;
        assert_eq!(err_code(r), ErrorCode::WrongCredentials);
    }
    let r = unlock_accepting_rollback(&ts.dir, ADMIN, &pass(ADMIN_PASS), &ts.keychain, unlock_opts(), "restored").await;
    assert_eq!(err_code(r), ErrorCode::BackedOff);
    assert_eq!(err_code(ts.unlock(ADMIN, ADMIN_PASS).await), ErrorCode::BackedOff);
}
