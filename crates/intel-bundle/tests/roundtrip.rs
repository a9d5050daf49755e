//! Property: whatever a payload holds (any text, any number of records and
//! attachments), build → open gives back exactly the same content.
#![allow(clippy::unwrap_used)]

mod common;
use common::*;
use intel_bundle::*;
use proptest::prelude::*;
use std::collections::{BTreeMap, HashMap};

fn report(id: u64, text: String, original: Option<String>, att: Option<Vec<u8>>) -> ReportRecord {
    let mut r = sample_payload().0.reports.remove(0);
    r.id = id;
    r.reference = format!("NXU/2026/{id:06}");
    r.sanitised_text = Some(text);
    r.original_text = original;
    r.attachments = att
        .map(|a| {
            vec![AttachmentRecord {
                file_name: "a.bin".into(),
                media_type: "application/octet-stream".into(),
                size: a.len() as u64,
                sha256: sha256_hex(&a),
            }]
        })
        .unwrap_or_default();
    r
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn build_then_open_gives_back_the_same_content(
        texts in prop::collection::vec(("\\PC{0,200}", prop::option::of("\\PC{0,80}"), prop::option::of(prop::collection::vec(any::<u8>(), 0..300))), 1..6),
        tasking in prop::option::of("\\PC{1,60}"),
    ) {
        let (a, b) = (Party::new("ws-a"), Party::new("ws-b"));
        let mut payload = Payload::default();
        let mut atts = BTreeMap::new();
        for (i, (text, original, att)) in texts.into_iter().enumerate() {
            if let Some(bytes) = &att { atts.insert(sha256_hex(bytes), bytes.clone()); }
            payload.reports.push(report(i as u64 + 1, text, original, att));
        }
        if let Some(title) = tasking {
            payload.taskings.push(TaskingRecord { reference: "T/1".into(), title, body: "Find out who drives the van.".into(), issued_by: "DI Ward".into(), due_at: None, marking: "OFFICIAL".into() });
        }
        let (bytes, _) = build(&spec(&a, 9, vec![b.public.age_recipient.clone()], &payload, &atts), &a.keys.signing).unwrap();
        let opened = open_as(&bytes, &b, &[a.known(SignerStatus::Active)], &HashMap::new(), &[], t0()).unwrap();
        prop_assert_eq!(opened.payload, payload);
        prop_assert_eq!(opened.attachments, atts);
    }
}
