//! Canary: unique strings written through every path that takes
//! intelligence — report text, sanitised text, source reference, grades'
//! rationale and conditions, entity labels and details, associations,
//! attachments (name and content), status reasons, disseminations, reviews
//! and searches — must never appear in any file in the store's folder or
//! the system temp folder, while the store is open or after it is closed.
//!
//! The canaries are random and only ever handed to the API: this test writes
//! none of them to a file itself, and no assertion message prints one.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use intel_core::cycle::dissemination::DisseminationRequest;
use intel_core::cycle::entities::{EntityKind, NewEntity, ObjectType};
use intel_core::cycle::records::NewAttachment;
use intel_core::cycle::review::ReviewDecision;
use intel_core::cycle::search::SearchQuery;
use intel_core::domain::grading::{Evaluation3x5x2, HandlingCode, IntelGrade, SourceGrade};
use intel_core::domain::marking::Marking;
use intel_core::domain::report_fields::SourceType;
use intel_core::domain::role::Role;
use intel_core::domain::status::Status;
use std::io::Read;
use std::path::{Path, PathBuf};

struct Canaries(Vec<(&'static str, String)>);

impl Canaries {
    fn new() -> Self {
        Canaries(Vec::new())
    }
    fn make(&mut self, tag: &'static str) -> String {
        let c = canary(&format!("cnry{tag}"));
        self.0.push((tag, c.clone()));
        c
    }
    /// For fields with a short limit (a covert source's reference number).
    fn make_short(&mut self, tag: &'static str) -> String {
        use rand::Rng;
        let c = format!("cr{:016x}", rand::thread_rng().gen::<u64>());
        self.0.push((tag, c.clone()));
        c
    }
}

/// Every regular file under `root` (not following links), skipping what cannot be read.
fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_dir() {
                stack.push(e.path());
            } else if ft.is_file() {
                out.push(e.path());
            }
        }
    }
    out
}

/// Streams the file, so large files are fine; a match across a chunk
/// boundary is caught by keeping the tail of the previous chunk. Returns the
/// index of the needle found.
fn file_contains_any(path: &Path, needles: &[&[u8]]) -> Option<usize> {
    let pattern = needles.iter().map(|n| regex::escape(&String::from_utf8_lossy(n))).collect::<Vec<_>>().join("|");
    let re = regex::bytes::Regex::new(&pattern).expect("needles form a pattern");
    let mut f = std::fs::File::open(path).ok()?;
    let longest = needles.iter().map(|n| n.len()).max().unwrap_or(0);
    let mut window: Vec<u8> = Vec::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = match f.read(&mut buf) {
            Ok(0) | Err(_) => return None,
            Ok(n) => n,
        };
        window.extend_from_slice(&buf[..n]);
        if let Some(m) = re.find(&window) {
            return needles.iter().position(|needle| *needle == m.as_bytes());
        }
        let keep = window.len().min(longest.saturating_sub(1));
        window.drain(..window.len() - keep);
    }
}

/// Fails naming the file and the canary's tag (never the canary itself).
fn assert_no_canary(roots: &[&Path], canaries: &Canaries) {
    let needles: Vec<&[u8]> = canaries.0.iter().map(|(_, c)| c.as_bytes()).collect();
    let mut scanned = 0;
    for root in roots {
        for f in files_under(root) {
            scanned += 1;
            if let Some(i) = file_contains_any(&f, &needles) {
                panic!("the {} canary was found in plain text in {}", canaries.0[i].0, f.display());
            }
        }
    }
    assert!(scanned > 0, "nothing was scanned");
}

#[tokio::test(flavor = "multi_thread")]
async fn no_plaintext_leaves_the_store() {
    let mut c = Canaries::new();
    let (ts, a) = TestStore::create().await;
    add_user(&a, "officer", Role::IntelligenceOfficer, false, Marking::OfficialSensitive).await;

    // Recording: text, source reference, submitting officer, attachments.
    let mut r = report(&format!("Subject {} was seen at {} driving a van", c.make("original"), c.make("place")));
    r.source_type = SourceType::CovertSource;
    r.source_ref = Some(format!("CHIS-{}", c.make_short("sourceref")));
    r.submitting_officer = Some(c.make("officer"));
    r.marking = Marking::OfficialSensitive;
    let content = c.make("attachment");
    let mut big = Vec::new();
    for i in 0..3000 {
        big.extend_from_slice(format!("line {i} of the scanned statement: {content}\n").as_bytes());
    }
    r.attachments.push(NewAttachment {
        file_name: format!("{}.txt", c.make("filename")),
        media_type: "text/plain".into(),
        content: big.clone(),
    });
    let reference = a.record_report(r).await.unwrap();
    a.add_attachment(
        &reference,
        NewAttachment {
            file_name: "second.bin".into(),
            media_type: "application/octet-stream".into(),
            content: c.make("attachment2").into_bytes(),
        },
    )
    .await
    .unwrap();

    // Evaluation, sanitisation, development.
    a.evaluate(
        &reference,
        Evaluation3x5x2 {
            source: SourceGrade::Untested,
            intelligence: IntelGrade::C,
            handling: HandlingCode::C,
            conditions: Some(c.make("conditions")),
            rationale: c.make("rationale"),
        },
    )
    .await
    .unwrap();
    a.sanitise(&reference, &format!("A male was seen at {} driving a van", c.make("sanitised"))).await.unwrap();
    let person = a
        .create_entity(NewEntity {
            kind: EntityKind::Person,
            object_type: None,
            label: c.make("person"),
            details: serde_json::json!({"dob": c.make("persondetails")}),
            ocgm_band: None,
        })
        .await
        .unwrap();
    let van = a
        .create_entity(NewEntity {
            kind: EntityKind::Object,
            object_type: Some(ObjectType::Vehicle),
            label: c.make("vrm"),
            details: serde_json::Value::Null,
            ocgm_band: None,
        })
        .await
        .unwrap();
    let ocg = a
        .create_entity(NewEntity {
            kind: EntityKind::Organisation,
            object_type: None,
            label: c.make("ocg"),
            details: serde_json::Value::Null,
            ocgm_band: Some("2B".into()),
        })
        .await
        .unwrap();
    a.link_entity(&reference, person, &c.make("linkrole")).await.unwrap();
    a.link_entity(&reference, van, "vehicle used").await.unwrap();
    a.associate(person, van, &c.make("assockind"), true, Some(&reference)).await.unwrap();
    a.associate(person, ocg, "member of", false, None).await.unwrap();
    a.change_status(&reference, Status::InDevelopment, &c.make("statusreason")).await.unwrap();

    // Dissemination (requested by an officer, authorised by the manager) and review.
    a.close().await;
    let s = ts.user("officer").await;
    let d = s
        .disseminate(
            &reference,
            DisseminationRequest { recipient: c.make("recipient"), purpose: c.make("purpose"), conditions_acknowledged: true },
        )
        .await
        .unwrap();
    let other = s.record_report(report(&format!("second report naming {}", c.make("second")))).await.unwrap();
    s.review(&other, ReviewDecision::Retain, &c.make("review")).await.unwrap();
    s.close().await;
    let a = ts.admin().await;
    a.decide_dissemination(d.id, true, &c.make("decision")).await.unwrap();

    // Reads and searches, including ones whose text is itself a canary.
    for q in [c.make("search"), c.make("search2"), "van".to_owned()] {
        a.search(&SearchQuery { text: Some(q), ..Default::default() }).await.unwrap();
    }
    let hits = a.search(&SearchQuery { text: Some("driving".into()), ..Default::default() }).await.unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(a.read_attachment(&reference, 1).await.unwrap().1, big);
    a.show_report(&reference).await.unwrap();
    a.entity_view(person).await.unwrap();
    a.find_entities("cnry", 10).await.unwrap();
    a.audit_entries(None, 100).await.unwrap();

    // While open: the database, its WAL and everything else are ciphertext.
    assert!(ts.dir.join("store.db-wal").exists(), "expected the write-ahead log to be in use");
    assert_no_canary(&[&ts.dir], &c);
    a.close().await;

    // After closing: the store folder and the whole temp folder.
    assert!(file_names(&ts.dir).contains("store.db"));
    let temp = std::env::temp_dir();
    assert!(ts.dir.starts_with(&temp), "the store is under the temp folder, so it is scanned twice over");
    assert_no_canary(&[&ts.dir, &temp], &c);
    assert!(c.0.len() >= 24, "every path was given a canary");

    // The scan itself can see plain text: a file written by the test (with
    // a fresh string that is not one of the canaries) is found.
    let probe = Canaries(vec![("probe", canary("probe"))]);
    let probe_file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(probe_file.path(), format!("xx{}yy", probe.0[0].1)).unwrap();
    let needles: Vec<&[u8]> = vec![probe.0[0].1.as_bytes()];
    assert_eq!(file_contains_any(probe_file.path(), &needles), Some(0));
}

#[test]
fn the_scanner_finds_matches_across_chunk_boundaries() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("big.bin");
    let needle = canary("boundary");
    let mut bytes = vec![b'x'; (1 << 20) - 10];
    bytes.extend_from_slice(needle.as_bytes());
    bytes.extend_from_slice(&[b'y'; 100]);
    std::fs::write(&p, &bytes).unwrap();
    assert_eq!(file_contains_any(&p, &[b"not-there", needle.as_bytes()]), Some(1));
    assert_eq!(file_contains_any(&p, &[b"not-there"]), None);
}
