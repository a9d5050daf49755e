//! Bundles and the standard tools, both ways, with Debian's `age`, `minisign`,
//! `tar`, `jq` and `sha256sum`: a force administrator can open and check a
//! bundle by hand with exactly the steps in docs/bundle-format.md, and a
//! bundle put together by hand with those tools opens in Intel Desk.
//! Skipped when a tool is missing, unless INTEL_REQUIRE_TOOLS=1 (CI sets it).
#![allow(clippy::unwrap_used)]

mod common;
use common::*;
use intel_bundle::*;
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

fn tools_present() -> bool {
    let missing: Vec<&str> = ["age", "minisign", "tar", "jq", "sha256sum"]
        .into_iter()
        .filter(|t| Command::new("sh").args(["-c", &format!("command -v {t}")]).output().map(|o| !o.status.success()).unwrap_or(true))
        .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(std::env::var_os("INTEL_REQUIRE_TOOLS").is_none(), "INTEL_REQUIRE_TOOLS is set but these tools are missing: {missing:?}");
    eprintln!("skipping: tools missing: {missing:?}");
    false
}

/// Runs a shell line in `dir`; returns (success, stdout + stderr).
fn sh(dir: &Path, line: &str) -> (bool, String) {
    let out = Command::new("sh").arg("-c").arg(line).current_dir(dir).output().unwrap();
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn a_force_administrator_checks_a_bundle_by_hand() {
    if !tools_present() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let (sender, force) = (Party::new("ws-a"), Party::new("gw-force"));
    let (p, atts) = sample_payload();
    let (bytes, manifest) = build(&spec(&sender, 1, vec![force.public.age_recipient.clone()], &p, &atts), &sender.keys.signing).unwrap();
    std::fs::write(d.join("bundle.idb"), &bytes).unwrap();
    std::fs::write(d.join("force.agekey"), format!("{}\n", force.keys.age.to_secret_string().as_str())).unwrap();
    std::fs::write(d.join("ws-a.pub"), sender.public.minisign_public_key_file()).unwrap();

    // The documented steps, verbatim.
    let (ok, out) = sh(d, "age --decrypt -i force.agekey -o bundle.tar bundle.idb");
    assert!(ok, "age could not decrypt: {out}");
    let (ok, out) = sh(d, "mkdir contents && tar -xf bundle.tar -C contents");
    assert!(ok, "tar: {out}");
    let (ok, out) = sh(&d.join("contents"), "minisign -V -p ../ws-a.pub -m manifest.json");
    assert!(ok, "minisign refused our signature: {out}");
    assert!(out.contains(&format!("id:{}", manifest.bundle_id)) && out.contains("seq:1"), "trusted comment: {out}");
    let (ok, out) = sh(&d.join("contents"), r#"jq -r '.parts[] | "\(.sha256)  \(.name)"' manifest.json | sha256sum --check --strict"#);
    assert!(ok, "sha256sum: {out}");
    assert!(out.contains("payload.json: OK"), "{out}");
    let (ok, sender_id) = sh(&d.join("contents"), "jq -r .sender.key_id manifest.json");
    assert!(ok && sender_id.trim() == sender.public.key_id);

    // The same steps catch tampering.
    let (_, _) = sh(&d.join("contents"), "sed -i 's/blue/red /' payload.json");
    let (ok, out) = sh(&d.join("contents"), r#"jq -r '.parts[] | "\(.sha256)  \(.name)"' manifest.json | sha256sum --check --strict"#);
    assert!(!ok && out.contains("payload.json: FAILED"), "{out}");
    let (_, _) = sh(&d.join("contents"), "sed -i 's/OFFICIAL-SENSITIVE/OFFICIAL/' manifest.json");
    let (ok, out) = sh(&d.join("contents"), "minisign -V -p ../ws-a.pub -m manifest.json");
    assert!(!ok, "minisign accepted an altered manifest: {out}");
}

#[test]
fn a_bundle_made_by_hand_with_the_standard_tools_opens() {
    if !tools_present() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    // A signing key made by the minisign tool (unencrypted, -W), used by both sides.
    let (ok, out) = sh(d, "minisign -G -W -p hand.pub -s hand.key");
    assert!(ok, "minisign -G: {out}");
    let signing = SigningSecret::from_minisign_key_file(&std::fs::read_to_string(d.join("hand.key")).unwrap()).unwrap();
    let receiver = Party::new("ws-b");
    let hand = Party {
        id: "ws-hand".into(),
        public: WorkstationKeys {
            signing: SigningSecret::from_secret_bytes(&signing.to_secret_bytes()).unwrap(),
            age: WorkstationKeys::generate().unwrap().age,
        }
        .public()
        .unwrap(),
        keys: WorkstationKeys::generate().unwrap(),
    };
    let pub_line = std::fs::read_to_string(d.join("hand.pub")).unwrap().lines().nth(1).unwrap().to_string();
    assert_eq!(pub_line, hand.public.signing_public, "our reading of minisign's key differs from its .pub file");

    // Our manifest and payload, then minisign's signature, GNU tar's archive and age's encryption.
    let (p, atts) = sample_payload();
    let (archive, manifest) = build_archive(&spec(&hand, 1, vec![receiver.public.age_recipient.clone()], &p, &atts), &signing).unwrap();
    let members = raw::read_archive(&archive).unwrap();
    std::fs::create_dir(d.join("attachments")).unwrap();
    for (name, data) in &members {
        if name != "manifest.json.minisig" {
            std::fs::write(d.join(name), data).unwrap();
        }
    }
    let comment = format!("intel-desk-bundle v1 id:{} sender:ws-hand seq:1", manifest.bundle_id);
    let (ok, out) = sh(d, &format!("minisign -S -s hand.key -m manifest.json -t '{comment}'"));
    assert!(ok, "minisign -S: {out}");
    let att = format!("attachments/{}", sha256_hex(ATTACHMENT));
    let line = format!(
        "tar -cf bundle.tar manifest.json manifest.json.minisig payload.json {att} && age -r {} -o bundle.idb bundle.tar",
        receiver.public.age_recipient
    );
    let (ok, out) = sh(d, &line);
    assert!(ok, "tar/age: {out}");

    let bytes = std::fs::read(d.join("bundle.idb")).unwrap();
    let opened = open_as(&bytes, &receiver, &[hand.known(SignerStatus::Active)], &HashMap::new(), &[], t0()).unwrap();
    assert_eq!(opened.payload, p);
    assert_eq!(opened.attachments, atts);
}
