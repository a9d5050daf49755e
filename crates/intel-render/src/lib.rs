//! Renders an intelligence product to PDF and to self-contained HTML.
//!
//! The input is a plain-data [`Document`]: this crate has no database, no
//! network and no Tauri, so the core decides what goes into a product and this
//! crate only decides how it looks. Both outputs carry the protective marking
//! at the top and bottom of every page.
//!
//! The PDF uses the base-14 Helvetica faces with WinAnsiEncoding, so no font
//! is embedded; text outside CP1252 shows as '?'. Layout runs first and the
//! pages are written afterwards, which is what lets every footer say
//! "Page N of M". Output is deterministic: equal documents give equal bytes.

mod chart;
mod chart_pdf;
mod compose;
pub mod cp1252;
mod flow;
mod html;
pub mod layout;
pub mod metrics;
mod model;
mod page;
mod pdf;
mod svg;
mod table;

pub use html::escape as escape_html;
pub use model::{Block, ChartEdge, ChartNode, Document};
pub use page::{CONTENT_WIDTH, PAGE_HEIGHT, PAGE_WIDTH};
pub use table::column_widths;

/// The document as a PDF file (A4).
pub fn render_pdf(doc: &Document) -> Vec<u8> {
    pdf::render(doc)
}

/// The document as one self-contained HTML5 page.
pub fn render_html(doc: &Document) -> String {
    html::render(doc)
}
