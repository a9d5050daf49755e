//! The link chart as inline SVG for the HTML rendering: the same geometry as
//! the PDF, so both pictures agree.

use std::fmt::Write as _;

use crate::chart::{ChartLayout, EDGE_LABEL_SIZE, KIND_SIZE, LABEL_SIZE};
use crate::chart_pdf::chart_height;
use crate::html::escape;
use crate::metrics::{text_width, Font};
use crate::model::{ChartEdge, ChartNode};
use crate::page::CONTENT_WIDTH;

/// The dash the PDF uses too (4 on, 3 off), for unconfirmed associations.
pub const DASH: &str = "4 3";

fn hex((r, g, b): (f32, f32, f32)) -> String {
    let c = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    format!("#{:02x}{:02x}{:02x}", c(r), c(g), c(b))
}

/// Labels were cut to fit by Helvetica's widths; `textLength` holds the
/// browser to those widths, so a wider fallback font cannot overflow a node.
fn fit(font: Font, size: f32, text: &str) -> String {
    format!(r#" textLength="{:.1}" lengthAdjust="spacingAndGlyphs""#, text_width(font, size, text))
}

pub fn chart_svg(caption: &str, nodes: &[ChartNode], edges: &[ChartEdge]) -> String {
    let width = CONTENT_WIDTH;
    let height = chart_height(nodes.len());
    let layout = ChartLayout::new(nodes, edges, width, height);
    let mut s = String::new();
    // Writing to a String cannot fail; the results are ignored deliberately.
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {width:.1} {height:.1}" role="img" aria-label="{}" font-family="Helvetica, Arial, sans-serif">"#,
        escape(caption)
    );
    if layout.nodes.is_empty() {
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="9" fill="#595959">No entities to chart.</text>"##,
            width / 2.0,
            height / 2.0
        );
    }
    for e in &layout.edges {
        let (class, dash) =
            if e.confirmed { ("confirmed", String::new()) } else { ("unconfirmed", format!(r#" stroke-dasharray="{DASH}""#)) };
        let _ = write!(
            s,
            r##"<line class="edge {class}" x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#333333" stroke-width="1.1"{dash}/>"##,
            e.x1, e.y1, e.x2, e.y2
        );
    }
    let (nw, nh) = (layout.node_width, layout.node_height);
    for (node, source) in layout.nodes.iter().zip(nodes) {
        let _ = write!(
            s,
            r##"<g class="node {}"><title>{}</title><rect x="{:.1}" y="{:.1}" width="{nw:.1}" height="{nh:.1}" rx="5" fill="{}" stroke="#40404d" stroke-width="0.8"/>"##,
            node.kind.class(),
            escape(&source.label),
            node.x - nw / 2.0,
            node.y - nh / 2.0,
            hex(node.kind.fill()),
        );
        let label_y = if node.kind_label.is_empty() { node.y + LABEL_SIZE * 0.35 } else { node.y - 1.0 };
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{label_y:.1}" text-anchor="middle" font-size="{LABEL_SIZE}" font-weight="700"{}>{}</text>"#,
            node.x,
            fit(Font::Bold, LABEL_SIZE, &node.label),
            escape(&node.label)
        );
        if !node.kind_label.is_empty() {
            let _ = write!(
                s,
                r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="{KIND_SIZE}" fill="#595959"{}>{}</text>"##,
                node.x,
                node.y + 9.0,
                fit(Font::Regular, KIND_SIZE, &node.kind_label),
                escape(&node.kind_label)
            );
        }
        s.push_str("</g>");
    }
    for e in layout.edges.iter().filter(|e| !e.label.is_empty()) {
        let (w, h) = (e.label_width + 4.0, EDGE_LABEL_SIZE + 3.0);
        let _ = write!(
            s,
            r##"<rect x="{:.1}" y="{:.1}" width="{w:.1}" height="{h:.1}" fill="#ffffff"/><text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="{EDGE_LABEL_SIZE}"{}>{}</text>"##,
            e.label_x - w / 2.0,
            e.label_y - h / 2.0,
            e.label_x,
            e.label_y + EDGE_LABEL_SIZE * 0.35,
            fit(Font::Regular, EDGE_LABEL_SIZE, &e.label),
            escape(&e.label)
        );
    }
    s.push_str("</svg>");
    s
}
