//! Random documents never make either renderer panic, and the PDF is always
//! a PDF.

use intel_render::{render_html, render_pdf, Block, ChartEdge, ChartNode, Document};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => any::<String>(),
        3 => "[a-zA-Z0-9 .,;'\"&<>\n\t\u{a3}\u{e9}\u{2013}\u{201c}\u{201d}\u{3a9}\u{1f600}\u{0}\u{7f}\u{85}\u{a0}]{0,120}",
        1 => "[a-z]{150,400}",
        1 => Just("<script>alert(1)</script>".to_string()),
        1 => Just(String::new()),
    ]
}

fn kind() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("person".to_string()),
        Just("object".to_string()),
        Just("location".to_string()),
        Just("event".to_string()),
        Just("organisation".to_string()),
        text(),
    ]
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        text().prop_map(Block::Heading),
        text().prop_map(Block::Paragraph),
        vec(text(), 0..5).prop_map(Block::Bullets),
        (text(), text()).prop_map(|(label, text)| Block::Note { label, text }),
        (option::of(text()), vec(text(), 0..6), vec(vec(text(), 0..8), 0..14)).prop_map(|(caption, header, rows)| Block::Table {
            caption,
            header,
            rows
        }),
        (
            text(),
            vec((0u64..10, text(), kind()).prop_map(|(id, label, kind)| ChartNode { id, label, kind }), 0..14),
            vec(
                (0u64..12, 0u64..12, text(), any::<bool>()).prop_map(|(from, to, label, confirmed)| ChartEdge {
                    from,
                    to,
                    label,
                    confirmed
                }),
                0..16
            ),
        )
            .prop_map(|(caption, nodes, edges)| Block::LinkChart { caption, nodes, edges }),
    ]
}

fn document() -> impl Strategy<Value = Document> {
    ((text(), vec(text(), 0..3), text(), text(), text(), text()), (vec((text(), text()), 0..5), vec(text(), 0..4), vec(block(), 0..8)))
        .prop_map(|((marking, handling, kind, title, reference, unit), (meta, dissemination, blocks))| Document {
            marking,
            handling,
            kind,
            title,
            reference,
            unit,
            meta,
            dissemination,
            blocks,
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn random_documents_render(doc in document()) {
        let pdf = render_pdf(&doc);
        prop_assert!(pdf.starts_with(b"%PDF-"));
        prop_assert!(pdf.trim_ascii_end().ends_with(b"%%EOF"));
        let html = render_html(&doc);
        prop_assert!(html.starts_with("<!DOCTYPE html>"));
        prop_assert!(!html.to_ascii_lowercase().contains("<script"));
    }
}

#[test]
fn extreme_tables_terminate() {
    let wide: Vec<String> = (0..300).map(|i| format!("column {i}")).collect();
    let tall_cell = "word ".repeat(5000);
    let doc = Document {
        blocks: vec![
            Block::Table { caption: None, header: wide.clone(), rows: vec![wide.clone(); 3] },
            Block::Table { caption: Some("tall".into()), header: vec!["h".repeat(3000)], rows: vec![vec![tall_cell]] },
            Block::Table { caption: None, header: vec![], rows: vec![vec![], vec![]] },
            Block::LinkChart { caption: String::new(), nodes: vec![], edges: vec![] },
        ],
        ..Document::default()
    };
    assert!(render_pdf(&doc).starts_with(b"%PDF-"));
    assert!(render_html(&doc).contains("</html>"));
}

#[test]
fn model_round_trips_through_serde() {
    let doc =
        Document { marking: "OFFICIAL".into(), blocks: vec![Block::Note { label: "L".into(), text: "T".into() }], ..Document::default() };
    let json = serde_json::to_string(&doc).expect("serialise");
    let back: Document = serde_json::from_str(&json).expect("deserialise");
    assert_eq!(back, doc);
}
