//! Lays a [`Document`] out into pages: the title block on page 1, then the
//! blocks in order. Banners and footers are added later by the PDF writer,
//! once the page count is known.

use crate::chart_pdf::link_chart;
use crate::flow::{BoxLine, BoxStyle, Flow, TextStyle, BULLET_INDENT};
use crate::layout::wrap;
use crate::metrics::{text_width, Font};
use crate::model::{Block, Document};
use crate::page::{Page, Rgb, Stroke, CONTENT_WIDTH, MARGIN_X};
use crate::table::table;

pub const BODY: TextStyle = TextStyle::new(Font::Regular, 10.0, 14.0);
const KIND: TextStyle = TextStyle::new(Font::Bold, 10.0, 14.0).color(Rgb::TEXT_GREY);
const TITLE: TextStyle = TextStyle::new(Font::Bold, 20.0, 25.0);
const REFERENCE: TextStyle = TextStyle::new(Font::Bold, 11.0, 16.0);
const LABEL: TextStyle = TextStyle::new(Font::Bold, 9.0, 14.0).color(Rgb::TEXT_GREY);
const HEADING: TextStyle = TextStyle::new(Font::Bold, 13.0, 18.0);
const BOX_LABEL: TextStyle = TextStyle::new(Font::Bold, 9.5, 14.0);
const BOX_TEXT: TextStyle = TextStyle::new(Font::Regular, 9.5, 13.0);
const SEPARATOR: Stroke = Stroke { color: Rgb::RULE, width: 0.6, dashed: false };

/// The handling box is red-edged: it carries conditions the reader must obey.
const HANDLING_BOX: BoxStyle = BoxStyle {
    fill: Some(Rgb(0.99, 0.96, 0.96)),
    stroke: Some(Stroke { color: Rgb(0.70, 0.12, 0.12), width: 1.0, dashed: false }),
    bar: Some(Rgb(0.70, 0.12, 0.12)),
    padding: 7.0,
};
const NOTE_BOX: BoxStyle = BoxStyle {
    fill: Some(Rgb(1.0, 0.97, 0.88)),
    stroke: Some(Stroke { color: Rgb(0.80, 0.55, 0.10), width: 0.8, dashed: false }),
    bar: Some(Rgb(0.80, 0.55, 0.10)),
    padding: 7.0,
};

pub fn compose(doc: &Document) -> Vec<Page> {
    let mut flow = Flow::new();
    title_block(&mut flow, doc);
    for block in &doc.blocks {
        match block {
            Block::Heading(text) => heading(&mut flow, text),
            Block::Paragraph(text) => {
                flow.space(3.0);
                flow.paragraph(MARGIN_X, CONTENT_WIDTH, BODY, text);
                flow.space(5.0);
            }
            Block::Bullets(items) => {
                flow.space(2.0);
                for item in items {
                    flow.bullet_item(MARGIN_X + 4.0, CONTENT_WIDTH - 4.0, BODY, item);
                    flow.space(1.5);
                }
                flow.space(4.0);
            }
            Block::Note { label, text } => {
                flow.space(4.0);
                let lines = labelled_box_lines(label, std::slice::from_ref(text), false);
                flow.boxed(MARGIN_X, CONTENT_WIDTH, &lines, NOTE_BOX);
                flow.space(8.0);
            }
            Block::Table { caption, header, rows } => table(&mut flow, caption.as_deref(), header, rows),
            Block::LinkChart { caption, nodes, edges } => link_chart(&mut flow, caption, nodes, edges),
        }
    }
    flow.pages
}

fn title_block(flow: &mut Flow, doc: &Document) {
    if !doc.kind.trim().is_empty() {
        flow.paragraph(MARGIN_X, CONTENT_WIDTH, KIND, &doc.kind.to_uppercase());
    }
    flow.paragraph(MARGIN_X, CONTENT_WIDTH, TITLE, &doc.title);
    let reference: Vec<&str> = [doc.reference.as_str(), doc.unit.as_str()].into_iter().filter(|s| !s.trim().is_empty()).collect();
    if !reference.is_empty() {
        flow.space(2.0);
        flow.paragraph(MARGIN_X, CONTENT_WIDTH, REFERENCE, &reference.join(" \u{b7} "));
    }
    flow.space(8.0);
    if !doc.handling.is_empty() {
        let lines = labelled_box_lines("Handling conditions", &doc.handling, true);
        flow.boxed(MARGIN_X, CONTENT_WIDTH, &lines, HANDLING_BOX);
        flow.space(10.0);
    }
    meta_rows(flow, &doc.meta);
    if !doc.dissemination.is_empty() {
        flow.space(6.0);
        flow.ensure(LABEL.leading + BODY.leading);
        flow.text_line(MARGIN_X, LABEL, "Dissemination");
        for recipient in &doc.dissemination {
            flow.bullet_item(MARGIN_X + 4.0, CONTENT_WIDTH - 4.0, BODY, recipient);
        }
    }
    flow.space(8.0);
    flow.rule(MARGIN_X, CONTENT_WIDTH, SEPARATOR);
    flow.space(10.0);
}

/// Label/value rows: the labels in a column as wide as the widest (within
/// reason), values wrapping beside them.
fn meta_rows(flow: &mut Flow, meta: &[(String, String)]) {
    let widest = meta.iter().map(|(l, _)| text_width(LABEL.font, LABEL.size, l)).fold(0.0f32, f32::max);
    let label_width = (widest + 12.0).clamp(60.0, 150.0);
    let value_width = CONTENT_WIDTH - label_width;
    for (label, value) in meta {
        let labels = wrap(label, LABEL.font, LABEL.size, label_width - 8.0);
        let values = wrap(value, BODY.font, BODY.size, value_width);
        for i in 0..labels.len().max(values.len()) {
            flow.ensure(BODY.leading);
            if let Some(l) = labels.get(i) {
                let y = BODY.baseline(flow.y);
                flow.text_at(MARGIN_X, y, LABEL, l);
            }
            flow.text_line(MARGIN_X + label_width, BODY, values.get(i).map_or("", String::as_str));
        }
        flow.space(1.0);
    }
}

fn heading(flow: &mut Flow, text: &str) {
    let lines = wrap(text, HEADING.font, HEADING.size, CONTENT_WIDTH);
    flow.space(10.0);
    // Keep a heading with at least two lines of what follows it.
    flow.ensure(lines.len() as f32 * HEADING.leading + 2.0 * BODY.leading);
    for line in &lines {
        flow.text_line(MARGIN_X, HEADING, line);
    }
    flow.space(2.0);
}

/// A bold label line, then each text wrapped (bulleted when `bullets`).
fn labelled_box_lines(label: &str, texts: &[String], bullets: bool) -> Vec<BoxLine> {
    let inner = CONTENT_WIDTH - 2.0 * NOTE_BOX.padding - 4.0;
    let mut lines: Vec<BoxLine> = wrap(label, BOX_LABEL.font, BOX_LABEL.size, inner)
        .into_iter()
        .map(|text| BoxLine { style: BOX_LABEL, indent: 4.0, bullet: false, text })
        .collect();
    let indent = if bullets { 4.0 + BULLET_INDENT } else { 4.0 };
    for text in texts {
        for (i, line) in wrap(text, BOX_TEXT.font, BOX_TEXT.size, inner - indent + 4.0).into_iter().enumerate() {
            lines.push(BoxLine { style: BOX_TEXT, indent, bullet: bullets && i == 0, text: line });
        }
    }
    lines
}
