//! The PDF read back with poppler-utils: what a reader (or a search tool)
//! actually gets out of the file.

mod common;

use common::*;
use intel_render::{render_pdf, Block};

#[test]
fn every_page_carries_both_banners_and_its_page_number() {
    if !tools_available(&["pdftotext", "pdfinfo"]) {
        return;
    }
    let file = write_temp(&render_pdf(&long_document()));
    let pages = page_count(file.path());
    assert!(pages >= 3, "expected at least 3 pages, got {pages}");
    for n in 1..=pages {
        let text = page_text(file.path(), n);
        assert!(text.matches(MARKING).count() >= 2, "page {n} lacks a banner:\n{text}");
        assert!(text.contains(&format!("TA-2026-0001 \u{b7} Page {n} of {pages}")), "page {n} footer:\n{text}");
    }
}

#[test]
fn document_info_names_title_and_producer() {
    if !tools_available(&["pdfinfo"]) {
        return;
    }
    let file = write_temp(&render_pdf(&long_document()));
    assert_eq!(info(file.path(), "Title").as_deref(), Some("Long report for pagination"));
    assert_eq!(info(file.path(), "Producer").as_deref(), Some("Intel Desk"));
    assert_eq!(info(file.path(), "Page size").as_deref().map(|s| s.contains("A4")), Some(true));
}

#[test]
fn title_block_and_every_paragraph_word_are_extractable() {
    if !tools_available(&["pdftotext"]) {
        return;
    }
    let doc = long_document();
    let file = write_temp(&render_pdf(&doc));
    let text = squash(&all_text(file.path()));
    let first = squash(&page_text(file.path(), 1));
    for expected in
        ["TACTICAL ASSESSMENT", "Long report for pagination", "TA-2026-0001 \u{b7} North Intelligence Unit", "Handling conditions"]
    {
        assert!(first.contains(expected), "page 1 lacks {expected:?}");
    }
    for expected in ["DS B. Reviewer", "Deadline", "2026-03-31", "Dissemination", "Regional Organised Crime Unit"] {
        assert!(first.contains(expected), "page 1 lacks {expected:?}");
    }
    assert!(text.contains("The canary phrase is purple elephants dancing at midnight."));
    for block in &doc.blocks {
        if let Block::Paragraph(p) = block {
            // Whole paragraphs survive, wrapped lines and all.
            assert!(text.contains(&squash(p)), "paragraph missing: {p}");
        }
    }
}

#[test]
fn table_header_repeats_on_continuation_pages_and_every_cell_survives() {
    if !tools_available(&["pdftotext", "pdfinfo"]) {
        return;
    }
    let file = write_temp(&render_pdf(&long_document()));
    let pages = page_count(file.path());
    let texts: Vec<String> = (1..=pages).map(|n| squash(&page_text(file.path(), n))).collect();
    let with_rows: Vec<usize> = (0..pages).filter(|&i| texts[i].contains("SUB-")).collect();
    assert!(with_rows.len() >= 2, "the 60-row table should span pages, found rows on {with_rows:?}");
    for &i in &with_rows {
        for header in ["Subject ref", "Association detail", "Source grading"] {
            assert!(texts[i].contains(header), "page {} has rows but no {header:?} header", i + 1);
        }
    }
    let all = texts.join(" ");
    for i in 0..60 {
        assert_eq!(all.matches(&format!("SUB-{i:03} ")).count(), 1, "row {i} missing or duplicated");
        assert!(all.contains(&format!("associate number {i} ")), "row {i} detail missing");
    }
}

#[test]
fn cp1252_typography_round_trips() {
    if !tools_available(&["pdftotext"]) {
        return;
    }
    let mut doc = base_document();
    doc.title = "Price \u{a3}5 \u{2013} caf\u{e9} \u{201c}quoted\u{201d}".into();
    doc.blocks = vec![
        Block::Paragraph("It cost \u{a3}5 \u{2013} caf\u{e9} \u{201c}quoted\u{201d} \u{2014} and \u{2018}so\u{2019} on\u{2026} \u{20ac}3, na\u{ef}ve, Gr\u{fc}\u{df}e".into()),
        Block::Table { caption: None, header: vec!["Cell".into()], rows: vec![vec!["\u{a3}5 \u{2013} caf\u{e9}".into()]] },
    ];
    let file = write_temp(&render_pdf(&doc));
    let text = all_text(file.path());
    assert!(text.contains("Price \u{a3}5 \u{2013} caf\u{e9} \u{201c}quoted\u{201d}"), "{text}");
    assert!(text.contains("It cost \u{a3}5 \u{2013} caf\u{e9} \u{201c}quoted\u{201d} \u{2014} and \u{2018}so\u{2019} on\u{2026} \u{20ac}3, na\u{ef}ve, Gr\u{fc}\u{df}e"), "{text}");
}

#[test]
fn characters_outside_cp1252_become_question_marks() {
    if !tools_available(&["pdftotext"]) {
        return;
    }
    let mut doc = base_document();
    doc.blocks = vec![Block::Paragraph("Omega \u{3a9} and emoji \u{1f600} and Cyrillic \u{416} end".into())];
    let file = write_temp(&render_pdf(&doc));
    let text = squash(&all_text(file.path()));
    assert!(text.contains("Omega ? and emoji ? and Cyrillic ? end"), "{text}");
}

#[test]
fn link_chart_keeps_its_legend_and_association_table_as_text() {
    if !tools_available(&["pdftotext"]) {
        return;
    }
    let mut doc = base_document();
    doc.blocks = vec![chart_block()];
    let file = write_temp(&render_pdf(&doc));
    let text = squash(&all_text(file.path()));
    assert!(text.contains("Solid line: confirmed association \u{b7} Dashed line: unconfirmed association"), "{text}");
    for expected in ["From", "Association", "To", "Confirmed", "resides at", "14 Mill Street, Northtown", "suspected in", "Eastside Crew"] {
        assert!(text.contains(expected), "missing {expected:?}");
    }
    assert!(text.contains("yes") && text.contains("no"));
}

#[test]
fn a_row_taller_than_a_page_is_split_not_lost() {
    if !tools_available(&["pdftotext", "pdfinfo"]) {
        return;
    }
    let mut doc = base_document();
    let huge: String = (0..900).map(|i| format!("w{i} ")).collect();
    doc.blocks = vec![Block::Table { caption: None, header: vec!["Key".into(), "Text".into()], rows: vec![vec!["only".into(), huge]] }];
    let file = write_temp(&render_pdf(&doc));
    assert!(page_count(file.path()) >= 2);
    let text = squash(&all_text(file.path()));
    for i in [0, 450, 899] {
        assert!(text.contains(&format!("w{i} ")), "word w{i} lost");
    }
}
