//! The link chart on a PDF page: the diagram, its legend, then the same
//! associations as a table.

use crate::chart::{association_table, ChartLayout, EDGE_LABEL_SIZE, KIND_SIZE, LABEL_SIZE, LEGEND};
use crate::flow::{Flow, TextStyle};
use crate::layout::wrap;
use crate::metrics::{text_width, Font};
use crate::model::{ChartEdge, ChartNode};
use crate::page::{Op, Rgb, Stroke, CONTENT_HEIGHT, CONTENT_WIDTH, MARGIN_X};
use crate::table::table;

const CAPTION: TextStyle = TextStyle::new(Font::Bold, 10.5, 14.0);
const LEGEND_STYLE: TextStyle = TextStyle::new(Font::Regular, 8.0, 12.0).color(Rgb::TEXT_GREY);
const EDGE: Rgb = Rgb(0.2, 0.2, 0.2);
const NODE_BORDER: Rgb = Rgb(0.25, 0.25, 0.3);
const FRAME: Stroke = Stroke { color: Rgb(0.8, 0.8, 0.8), width: 0.5, dashed: false };

/// Small charts get a shorter box so a pair of nodes does not waste half a page.
pub fn chart_height(nodes: usize) -> f32 {
    match nodes {
        0..=2 => 150.0,
        3..=6 => 250.0,
        _ => 330.0,
    }
}

pub fn link_chart(flow: &mut Flow, caption: &str, nodes: &[ChartNode], edges: &[ChartEdge]) {
    let height = chart_height(nodes.len());
    let caption_lines = wrap(caption, CAPTION.font, CAPTION.size, CONTENT_WIDTH);
    let picture = height + LEGEND_STYLE.leading + 4.0;
    let with_caption = caption_lines.len() as f32 * CAPTION.leading + 4.0 + picture;
    flow.space(8.0);
    // The picture is never split: it moves whole to the next page, with its
    // caption unless the caption alone is too long to share a page with it.
    if with_caption <= CONTENT_HEIGHT {
        flow.ensure(with_caption);
    }
    for line in &caption_lines {
        flow.text_line(MARGIN_X, CAPTION, line);
    }
    flow.space(4.0);
    flow.ensure(picture);
    let top = flow.y;
    let layout = ChartLayout::new(nodes, edges, CONTENT_WIDTH, height);
    let at = |x: f32, y: f32| (MARGIN_X + x, top - y);

    flow.push(Op::Rect { x: MARGIN_X, y: top - height, w: CONTENT_WIDTH, h: height, radius: 0.0, fill: None, stroke: Some(FRAME) });
    if layout.nodes.is_empty() {
        let note = "No entities to chart.";
        let w = text_width(Font::Regular, 9.0, note);
        let (x, y) = at((CONTENT_WIDTH - w) / 2.0, height / 2.0);
        flow.text_at(x, y, TextStyle::new(Font::Regular, 9.0, 12.0).color(Rgb::TEXT_GREY), note);
    }
    for e in &layout.edges {
        let (x1, y1) = at(e.x1, e.y1);
        let (x2, y2) = at(e.x2, e.y2);
        flow.push(Op::Line { x1, y1, x2, y2, stroke: Stroke { color: EDGE, width: 1.1, dashed: !e.confirmed } });
    }
    let (nw, nh) = (layout.node_width, layout.node_height);
    for node in &layout.nodes {
        let (cx, cy) = at(node.x, node.y);
        let (r, g, b) = node.kind.fill();
        flow.push(Op::Rect {
            x: cx - nw / 2.0,
            y: cy - nh / 2.0,
            w: nw,
            h: nh,
            radius: 5.0,
            fill: Some(Rgb(r, g, b)),
            stroke: Some(Stroke::solid(NODE_BORDER, 0.8)),
        });
        let label_y = if node.kind_label.is_empty() { cy - LABEL_SIZE * 0.35 } else { cy + 1.0 };
        centred(flow, cx, label_y, TextStyle::new(Font::Bold, LABEL_SIZE, LABEL_SIZE), &node.label);
        let kind_style = TextStyle::new(Font::Regular, KIND_SIZE, KIND_SIZE).color(Rgb::TEXT_GREY);
        centred(flow, cx, cy - 9.0, kind_style, &node.kind_label);
    }
    for e in layout.edges.iter().filter(|e| !e.label.is_empty()) {
        let (x, y) = at(e.label_x, e.label_y);
        let (w, h) = (e.label_width + 4.0, EDGE_LABEL_SIZE + 3.0);
        flow.push(Op::Rect { x: x - w / 2.0, y: y - h / 2.0, w, h, radius: 0.0, fill: Some(Rgb::WHITE), stroke: None });
        centred(flow, x, y - EDGE_LABEL_SIZE * 0.35, TextStyle::new(Font::Regular, EDGE_LABEL_SIZE, EDGE_LABEL_SIZE), &e.label);
    }
    flow.y = top - height;
    flow.space(3.0);
    flow.text_line(MARGIN_X, LEGEND_STYLE, LEGEND);

    let (header, rows) = association_table(nodes, edges);
    if rows.is_empty() {
        flow.text_line(MARGIN_X, LEGEND_STYLE, "No associations recorded.");
    } else {
        table(flow, Some("Associations in the chart"), &header, &rows);
    }
}

fn centred(flow: &mut Flow, cx: f32, baseline: f32, style: TextStyle, text: &str) {
    let w = text_width(style.font, style.size, text);
    flow.text_at(cx - w / 2.0, baseline, style, text);
}
