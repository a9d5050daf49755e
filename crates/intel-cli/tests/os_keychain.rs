#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The keychain path against the real OS keychain (Secret Service on Linux).
//! Where none is running the test says so and passes, unless
//! INTEL_REQUIRE_KEYCHAIN=1 (set by the test script and CI), when it fails.

mod common;
use common::*;

fn keychain_required() -> bool {
    std::env::var("INTEL_REQUIRE_KEYCHAIN").is_ok_and(|v| v == "1")
}

#[test]
fn workstation_secret_lives_in_the_os_keychain_and_recovery_replaces_it() {
    let s = Store { dir: tempfile::Builder::new().prefix("intel-keychain-test").tempdir().unwrap(), inputs: tempfile::tempdir().unwrap() };
    let init = s.cmd("boss", PASS).args(["init", "--unit", "Keychain Unit", "--admin", "boss"]).output().unwrap();
    if !init.status.success() {
        let err = stderr(&init);
        assert!(err.contains("[keychain-unavailable]"), "init failed for another reason: {err}");
        assert!(err.contains("--keychain none"), "the message must say how to proceed without a keychain: {err}");
        assert_eq!(std::fs::read_dir(s.path()).unwrap().count(), 0, "a refused set-up must leave nothing behind");
        assert!(!keychain_required(), "INTEL_REQUIRE_KEYCHAIN=1 but no Secret Service is available: {err}");
        eprintln!("SKIPPED: no OS keychain here ({err})");
        return;
    }
    let recovery_key = String::from_utf8(init.stdout).unwrap().trim().to_owned();
    let keys: serde_json::Value = serde_json::from_slice(&std::fs::read(s.path().join("keys.json")).unwrap()).unwrap();
    assert_eq!(keys["keychain_mode"], "os-keychain");
    let store_id = keys["store_id"].as_str().unwrap().to_owned();

    let text = s.write_file("ir.txt", "keychain-bound report");
    let reference = s.ok(
        "boss",
        &["record", "add", "--marking", "OFFICIAL", "--priority", "low", "--source-type", "officer", "--text-file", text.to_str().unwrap()],
    );
    let reference = reference.trim();

    // Losing the keychain entry (a new workstation, a reset keychain) must fail closed.
    let account = format!("store:{store_id}");
    let before = file_hashes(s.path());
    intel_core::keys::Keychain::delete(&intel_core::keys::OsKeychain, &account).unwrap();
    let out = s.run("boss", &["record", "show", reference]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(stderr(&out).contains("[keychain-secret-missing]") && stderr(&out).contains("recover"), "{}", stderr(&out));
    assert_eq!(before, file_hashes(s.path()), "a refused unlock changed the store's files");

    // The recovery key from set-up opens it again and binds it to this keychain.
    let rec = s
        .cmd("boss", PASS)
        .env("INTEL_RECOVERY_KEY", &recovery_key)
        .env("INTEL_NEW_PASSPHRASE", "a brand new passphrase")
        .arg("recover")
        .output()
        .unwrap();
    assert!(rec.status.success(), "{}", stderr(&rec));
    let shown = s.cmd("boss", "a brand new passphrase").args(["record", "show", reference, "--json"]).output().unwrap();
    assert!(shown.status.success(), "{}", stderr(&shown));
    assert!(intel_core::keys::Keychain::get(&intel_core::keys::OsKeychain, &account).unwrap().is_some());
    intel_core::keys::Keychain::delete(&intel_core::keys::OsKeychain, &account).unwrap();
}

fn file_hashes(dir: &std::path::Path) -> std::collections::BTreeMap<String, String> {
    use sha2::Digest;
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.ends_with("unlock-failures.json"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), hex::encode(sha2::Sha256::digest(std::fs::read(&p).unwrap()))))
        .collect()
}
