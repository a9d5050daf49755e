//! The key hierarchy in use: changing a passphrase, locking and resetting
//! users, recovery with the recovery key after the keychain lost its
//! secret, rotating the data key (and surviving a rotation interrupted at
//! either point), and the idle lock.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use intel_core::cycle::records::NewAttachment;
use intel_core::cycle::search::SearchQuery;
use intel_core::domain::marking::Marking;
use intel_core::domain::role::Role;
use intel_core::keys::{Keyfile, MemoryKeychain};
use intel_core::secret::RecoveryKey;
use intel_core::store;
use intel_core::ErrorCode;
use std::time::Duration;

fn keyfile(ts: &TestStore) -> Keyfile {
    Keyfile::load(&ts.dir.join("keys.json")).unwrap()
}

fn slot_of(ts: &TestStore, username: &str) -> Option<intel_core::keys::keyfile::UserSlot> {
    let kf = keyfile(ts);
    kf.slots.get(&Keyfile::slot_id(&kf.store_id, username)).cloned()
}

#[tokio::test(flavor = "multi_thread")]
async fn changing_your_own_passphrase() {
    let (ts, a) = TestStore::create().await;
    add_user(&a, "officer", Role::IntelligenceOfficer, false, Marking::OfficialSensitive).await;
    a.close().await;
    let s = ts.user("officer").await;
    let before = std::fs::read(ts.dir.join("keys.json")).unwrap();
    assert_eq!(err_code(s.change_own_passphrase(&pass("too short")).await), ErrorCode::InvalidInput);
    assert_eq!(std::fs::read(ts.dir.join("keys.json")).unwrap(), before, "a refused change touched the key file");
    let admin_slot = slot_of(&ts, ADMIN).unwrap();
    s.change_own_passphrase(&pass("a completely new passphrase")).await.unwrap();
    assert_eq!(audit_actions(&s).await.last().map(String::as_str), Some("user.change-passphrase"));
    s.close().await;
    // Only this user's slot changed.
    assert_eq!(serde_json::to_value(slot_of(&ts, ADMIN).unwrap()).unwrap(), serde_json::to_value(admin_slot).unwrap());

    assert_eq!(err_code(ts.unlock("officer", &user_pass("officer")).await), ErrorCode::WrongCredentials, "the old passphrase still works");
    let s = ts.unlock("officer", "a completely new passphrase").await.unwrap();
    assert_eq!(s.user().username, "officer");
    s.close().await;
    ts.admin().await.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_locked_user_is_shut_out_until_an_administrator_resets_them() {
    let (ts, a) = TestStore::create().await;
    add_user(&a, "bob", Role::Analyst, false, Marking::OfficialSensitive).await;
    let bob = ts.user("bob").await;
    bob.search(&SearchQuery::default()).await.unwrap();

    assert_eq!(err_code(a.lock_user(ADMIN, "myself").await), ErrorCode::InvalidInput, "no one locks themselves out");
    assert_eq!(err_code(a.lock_user("nobody", "x").await), ErrorCode::NotFound);
    assert_eq!(err_code(a.lock_user("bob", " ").await), ErrorCode::InvalidInput);
    a.lock_user("bob", "left the unit").await.unwrap();
    assert!(slot_of(&ts, "bob").is_none(), "locking removes the key slot");
    assert!(a.list_users().await.unwrap().iter().any(|u| u.username == "bob" && u.locked), "locked, never deleted");
    assert!(sqlx::query("DELETE FROM users WHERE username = 'bob'").execute(a.pool_for_tests()).await.is_err(), "users are never deleted");
    assert_eq!(err_code(a.lock_user("bob", "again").await), ErrorCode::NotFound);

    // The open session stops at its next call; a new unlock is refused.
    assert_eq!(err_code(bob.search(&SearchQuery::default()).await), ErrorCode::UserLocked);
    assert_eq!(err_code(bob.search(&SearchQuery::default()).await), ErrorCode::SessionLocked);
    assert!(bob.is_locked());
    let refused = err_code(ts.unlock("bob", &user_pass("bob")).await);
    assert!(matches!(refused, ErrorCode::WrongCredentials | ErrorCode::UserLocked), "{refused:?}");

    assert_eq!(err_code(a.reset_passphrase("nobody", &pass("a new passphrase for nobody"), "x").await), ErrorCode::NotFound);
    assert_eq!(err_code(a.reset_passphrase("bob", &pass("short"), "returned").await), ErrorCode::InvalidInput);
    a.reset_passphrase("bob", &pass("bob's new passphrase here"), "returned to the unit").await.unwrap();
    let actions = audit_actions(&a).await;
    assert!(actions.iter().any(|x| x == "user.lock") && actions.iter().any(|x| x == "user.reset-passphrase"));
    a.close().await;

    assert_eq!(err_code(ts.unlock("bob", &user_pass("bob")).await), ErrorCode::WrongCredentials);
    let bob = ts.unlock("bob", "bob's new passphrase here").await.unwrap();
    assert_eq!((bob.user().role, bob.user().locked), (Role::Analyst, false));
    bob.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn recovery_after_the_keychain_lost_its_secret() {
    let (ts, a) = TestStore::create().await;
    add_user(&a, "carol", Role::Analyst, false, Marking::OfficialSensitive).await;
    add_user(&a, "dave", Role::IntelligenceOfficer, false, Marking::OfficialSensitive).await;
    let reference = a.record_report(report("recorded before the keychain was lost")).await.unwrap();
    a.close().await;

    // A new workstation profile: the keychain is empty.
    let fresh = MemoryKeychain::new();
    let unlock = |user: &'static str, p: String, kc: MemoryKeychain| {
        let dir = ts.dir.clone();
        async move { store::unlock(&dir, user, &pass(&p), &kc, unlock_opts()).await }
    };
    assert_eq!(err_code(unlock(ADMIN, ADMIN_PASS.into(), fresh.clone()).await), ErrorCode::KeychainSecretMissing);

    // Wrong or malformed recovery keys, and users who may not recover, change nothing.
    let before = snapshot(&ts.dir);
    let other = {
        use age::secrecy::ExposeSecret;
        RecoveryKey::new(age::x25519::Identity::generate().to_string().expose_secret().to_owned())
    };
    for key in [other, RecoveryKey::new("AGE-SECRET-KEY-1NOTAKEY".into())] {
        let r = store::recover(&ts.dir, &key, ADMIN, &pass("admin's new passphrase"), &fresh, unlock_opts()).await;
        assert_eq!(err_code(r), ErrorCode::WrongCredentials);
    }
    let r = store::recover(&ts.dir, &ts.recovery_key, "carol", &pass("carol's new passphrase"), &fresh, unlock_opts()).await;
    assert_eq!(err_code(r), ErrorCode::PermissionDenied, "an analyst may not recover the store");
    let r = store::recover(&ts.dir, &ts.recovery_key, ADMIN, &pass("short"), &fresh, unlock_opts()).await;
    assert_eq!(err_code(r), ErrorCode::InvalidInput);
    assert_eq!(
        snapshot(&ts.dir).into_iter().filter(|(k, _)| k != "unlock-failures.json").collect::<Vec<_>>(),
        before.into_iter().filter(|(k, _)| k != "unlock-failures.json").collect::<Vec<_>>()
    );

    // The recovery key, as written down (spaces and lower case are forgiven).
    let written = RecoveryKey::new(
        ts.recovery_key
            .expose()
            .to_lowercase()
            .chars()
            .collect::<Vec<_>>()
            .chunks(8)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join(" "),
    );
    let s = store::recover(&ts.dir, &written, ADMIN, &pass("admin's new passphrase"), &fresh, unlock_opts()).await.unwrap();
    assert_eq!(s.show_report(&reference).await.unwrap().original_text.as_deref(), Some("recorded before the keychain was lost"));
    assert!(audit_actions(&s).await.iter().any(|x| x == "store.recover"));
    assert!(s.verify_audit().await.unwrap().ok());
    s.close().await;

    assert_eq!(err_code(unlock(ADMIN, ADMIN_PASS.into(), fresh.clone()).await), ErrorCode::WrongCredentials, "the old passphrase is gone");
    let a = unlock(ADMIN, "admin's new passphrase".into(), fresh.clone()).await.unwrap();
    // Every other user needs a reset: their slots were bound to the lost secret.
    assert_eq!(err_code(unlock("carol", user_pass("carol"), fresh.clone()).await), ErrorCode::WrongCredentials);
    a.reset_passphrase("carol", &pass("carol's reset passphrase"), "after recovery").await.unwrap();
    a.close().await;
    let c = unlock("carol", "carol's reset passphrase".into(), fresh.clone()).await.unwrap();
    assert_eq!(c.show_report(&reference).await.unwrap().sanitised_text, None);
    c.close().await;
    assert_eq!(err_code(unlock("dave", user_pass("dave"), fresh.clone()).await), ErrorCode::WrongCredentials);
    // The old keychain's secret no longer opens anything.
    assert_eq!(err_code(unlock(ADMIN, "admin's new passphrase".into(), ts.keychain.clone()).await), ErrorCode::WrongCredentials);
}

#[tokio::test(flavor = "multi_thread")]
async fn rotating_the_data_key_keeps_every_way_in() {
    let (ts, a) = TestStore::create().await;
    add_user(&a, "officer", Role::IntelligenceOfficer, false, Marking::OfficialSensitive).await;
    add_user(&a, "analyst", Role::Analyst, false, Marking::Official).await;
    let mut r = report("held across the key rotation");
    r.attachments.push(NewAttachment {
        file_name: "a.bin".into(),
        media_type: "application/octet-stream".into(),
        content: vec![7u8; 50_000],
    });
    let reference = a.record_report(r).await.unwrap();
    let old_keys = std::fs::read(ts.dir.join("keys.json")).unwrap();
    assert_eq!(keyfile(&ts).data_key_generation, 1);

    let mut a = a;
    a.rotate_data_key("annual rotation").await.unwrap();
    let kf = keyfile(&ts);
    assert_eq!(kf.data_key_generation, 2);
    assert!(kf.slots.values().all(|s| s.data_key.pending.is_none()) && kf.recovery.pending.is_none(), "no rotation left half-done");
    assert_eq!(kf.slots.len(), 3);
    // The session carries on with the new key.
    let (_, bytes) = a.read_attachment(&reference, 1).await.unwrap();
    assert_eq!(bytes, vec![7u8; 50_000]);
    a.record_report(report("after the rotation")).await.unwrap();
    assert!(a.verify_audit().await.unwrap().ok());
    assert!(audit_actions(&a).await.iter().any(|x| x == "store.rotate-key"));
    a.close().await;

    // The old key no longer opens the file: the database really was rekeyed.
    let new_keys = std::fs::read(ts.dir.join("keys.json")).unwrap();
    std::fs::write(ts.dir.join("keys.json"), &old_keys).unwrap();
    assert_eq!(err_code(ts.unlock(ADMIN, ADMIN_PASS).await), ErrorCode::StoreDamaged);
    std::fs::write(ts.dir.join("keys.json"), &new_keys).unwrap();

    for user in ["officer", "analyst"] {
        let s = ts.user(user).await;
        let v = s.show_report(&reference).await.unwrap();
        assert_eq!(v.attachments.len(), 1);
        assert_eq!(s.search(&SearchQuery::default()).await.unwrap().len(), 2);
        s.close().await;
    }
    let s = ts.admin().await;
    s.close().await;
    let mut s =
        store::recover(&ts.dir, &ts.recovery_key, ADMIN, &pass("after rotation passphrase"), &ts.keychain, unlock_opts()).await.unwrap();
    assert_eq!(s.show_report(&reference).await.unwrap().attachments.len(), 1);

    // A rotation needs a reason; refused, it changes nothing.
    let keys = std::fs::read(ts.dir.join("keys.json")).unwrap();
    assert_eq!(err_code(s.rotate_data_key(" ").await), ErrorCode::InvalidInput);
    assert_eq!(std::fs::read(ts.dir.join("keys.json")).unwrap(), keys);
    assert_eq!(keyfile(&ts).data_key_generation, 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rotation_interrupted_at_either_point_still_opens() {
    let (ts, a) = TestStore::create().await;
    let reference = a.record_report(report("survives an interrupted rotation")).await.unwrap();
    a.close().await;
    let backup = tempfile::tempdir().unwrap();
    for f in file_names(&ts.dir) {
        std::fs::copy(ts.dir.join(&f), backup.path().join(&f)).unwrap();
    }
    let old_kf = keyfile(&ts);
    let mut a = ts.admin().await;
    a.rotate_data_key("rotation").await.unwrap();
    a.close().await;
    let new_kf = keyfile(&ts);

    // The key file as it is between "pending written" and "pending promoted".
    let mut interrupted = old_kf.clone();
    for (id, slot) in interrupted.slots.iter_mut() {
        slot.data_key.pending = Some(new_kf.slots[id].data_key.sealed.clone());
    }
    interrupted.recovery.pending = Some(new_kf.recovery.sealed.clone());

    // Crash after the rekey: the database has the new key, the key file still names the old one.
    interrupted.save(&ts.dir.join("keys.json")).unwrap();
    let s = ts.admin().await;
    assert_eq!(s.show_report(&reference).await.unwrap().reference, reference);
    s.close().await;

    // Crash before the rekey: the database (and its checkpoint) as before, pending key unused.
    for f in file_names(backup.path()) {
        std::fs::copy(backup.path().join(&f), ts.dir.join(&f)).unwrap();
    }
    interrupted.save(&ts.dir.join("keys.json")).unwrap();
    let s = ts.admin().await;
    assert_eq!(s.show_report(&reference).await.unwrap().reference, reference);
    assert!(s.verify_audit().await.unwrap().ok());
    s.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_idle_session_locks_itself() {
    let (ts, mut s) = TestStore::create().await;
    assert_eq!(s.idle_limit(), intel_core::session::DEFAULT_IDLE_LOCK);
    s.search(&SearchQuery::default()).await.unwrap();
    s.set_idle_limit(Duration::from_millis(50));
    assert!(!s.is_locked());
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(s.is_locked());
    let head = audit_head(&s).await;
    assert_eq!(err_code(s.search(&SearchQuery::default()).await), ErrorCode::SessionLocked);
    assert_eq!(err_code(s.record_report(report("after the lock")).await), ErrorCode::SessionLocked);
    // Activity after the limit does not revive it.
    s.set_idle_limit(Duration::from_secs(3600));
    assert_eq!(err_code(s.show_report("IR-2026-000001").await), ErrorCode::SessionLocked);
    assert_eq!(audit_head(&s).await, head, "a locked session did nothing");
    s.close().await;

    // Locking on demand, and the unit's idle limit applying to new sessions.
    let s = ts.admin().await;
    assert_eq!(err_code(s.set_idle_lock(30, "too short").await), ErrorCode::InvalidInput);
    s.set_idle_lock(10 * 60, "shared office").await.unwrap();
    s.lock_now();
    assert_eq!(err_code(s.search(&SearchQuery::default()).await), ErrorCode::SessionLocked);
    s.close().await;
    let s = ts.admin().await;
    assert_eq!(s.idle_limit(), Duration::from_secs(600));
    s.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rotation_while_the_store_is_open_elsewhere_loses_nothing() {
    let (ts, a) = TestStore::create().await;
    add_user(&a, "officer", Role::IntelligenceOfficer, false, Marking::OfficialSensitive).await;
    let reference = a.record_report(report("recorded before the attempt")).await.unwrap();
    let o = ts.user("officer").await;
    // SQLite cannot rekey while another connection has the file open; the
    // attempt must fail without harming the store or the other session.
    let mut a = a;
    assert!(a.rotate_data_key("while in use").await.is_err(), "rotated under another session's feet");
    // The refused rotation left this session usable.
    assert_eq!(a.show_report(&reference).await.unwrap().reference, reference);
    a.close().await;
    assert_eq!(keyfile(&ts).data_key_generation, 1);
    assert_eq!(o.show_report(&reference).await.unwrap().reference, reference);
    o.record_report(report("written after the failed rotation")).await.unwrap();
    o.close().await;
    let a = ts.admin().await;
    assert_eq!(a.search(&SearchQuery::default()).await.unwrap().len(), 2);
    assert!(a.verify_audit().await.unwrap().ok());
    let ok: Vec<(String,)> = sqlx::query_as("PRAGMA integrity_check").fetch_all(a.pool_for_tests()).await.unwrap();
    assert_eq!(ok, vec![("ok".to_owned(),)]);
    // With everyone else out, it works.
    let mut a = a;
    a.rotate_data_key("now alone").await.unwrap();
    a.close().await;
    assert_eq!(keyfile(&ts).data_key_generation, 2);
    ts.user("officer").await.close().await;
}
