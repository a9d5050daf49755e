//! Properties of the PDF bytes themselves, no external tools needed.

mod common;

use common::*;
use intel_render::{render_pdf, Block, Document};

#[test]
fn same_document_gives_identical_bytes() {
    let doc = sample_document();
    let a = render_pdf(&doc);
    let b = render_pdf(&doc.clone());
    assert_eq!(a, b);
    assert_eq!(render_pdf(&long_document()), render_pdf(&long_document()));
}

#[test]
fn output_is_a_pdf_with_base14_fonts_and_no_timestamp() {
    let pdf = render_pdf(&sample_document());
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.trim_ascii_end().ends_with(b"%%EOF"));
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("/BaseFont /Helvetica") && text.contains("/BaseFont /Helvetica-Bold"));
    assert!(text.contains("/Encoding /WinAnsiEncoding"));
    assert!(!text.contains("/FontFile"), "no font is embedded");
    assert!(!text.contains("/CreationDate") && !text.contains("/ModDate"));
    assert!(text.contains("/Producer (Intel Desk)"));
}

#[test]
fn unconfirmed_edges_are_dashed_and_confirmed_ones_solid() {
    // One chart with only confirmed edges, one with only unconfirmed: only the
    // second may set a dash pattern.
    let chart = |confirmed| {
        let mut doc = base_document();
        if let Block::LinkChart { caption, nodes, mut edges } = chart_block() {
            edges.iter_mut().for_each(|e| e.confirmed = confirmed);
            doc.blocks = vec![Block::LinkChart { caption, nodes, edges }];
        }
        String::from_utf8_lossy(&render_pdf(&doc)).into_owned()
    };
    assert!(!chart(true).contains("] 0 d"), "a confirmed association must be a solid line");
    assert!(chart(false).contains("[4 3] 0 d"), "an unconfirmed association must be dashed");
}

#[test]
fn empty_document_still_renders_one_marked_page() {
    let pdf = render_pdf(&Document::default());
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(String::from_utf8_lossy(&pdf).contains("/Count 1"));
}
