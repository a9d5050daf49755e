//! Writes a sample product to target/render-sample.{pdf,html} (and a long one
//! to target/render-long-sample.pdf) and, when
//! poppler-utils is installed, PNGs of its pages, for a person to look at.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::*;
use intel_render::{render_html, render_pdf};

fn target_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target")
}

#[test]
fn writes_the_sample_for_inspection() {
    let doc = sample_document();
    let dir = target_dir();
    std::fs::create_dir_all(&dir).expect("target dir");
    let pdf_path = dir.join("render-sample.pdf");
    std::fs::write(&pdf_path, render_pdf(&doc)).expect("write sample pdf");
    std::fs::write(dir.join("render-sample.html"), render_html(&doc)).expect("write sample html");
    std::fs::write(dir.join("render-long-sample.pdf"), render_pdf(&long_document())).expect("write long sample pdf");
    if !tools_available(&["pdftoppm", "pdftotext", "pdfinfo"]) {
        return;
    }
    let pages = page_count(&pdf_path);
    let chart_page =
        (1..=pages).find(|&n| page_text(&pdf_path, n).contains("Solid line: confirmed")).expect("a page with the chart legend");
    // A chart is never split: the legend's page also holds the caption.
    assert!(page_text(&pdf_path, chart_page).contains("Figure 1: Associations around the Northtown line"));
    let status =
        Command::new("pdftoppm").args(["-png", "-r", "60"]).arg(&pdf_path).arg(dir.join("render-sample")).status().expect("pdftoppm runs");
    assert!(status.success());
    eprintln!("sample: {} ({pages} pages, chart on page {chart_page})", pdf_path.display());
}
