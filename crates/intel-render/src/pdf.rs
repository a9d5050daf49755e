//! Serialises laid-out pages with pdf-writer, adding to every page the
//! marking banners and the "Page N of M" footer (M is known by now).
//! Nothing time- or environment-dependent is written, so equal documents give
//! equal bytes.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use crate::compose::compose;
use crate::cp1252;
use crate::layout::truncate;
use crate::metrics::{text_width, Font};
use crate::model::Document;
use crate::page::{Op, Page, Rgb, Stroke, CONTENT_WIDTH, PAGE_HEIGHT, PAGE_WIDTH};

const BANNER_SIZE: f32 = 11.0;
/// A long marking shrinks to this before it is cut.
const BANNER_MIN_SIZE: f32 = 7.0;
const TOP_BANNER_BASELINE: f32 = PAGE_HEIGHT - 34.0;
const BOTTOM_BANNER_BASELINE: f32 = 24.0;
const FOOTER_BASELINE: f32 = 42.0;
const FOOTER_SIZE: f32 = 8.0;
/// Bezier handle length for a quarter circle.
const KAPPA: f32 = 0.552_284_8;

const REGULAR: Name<'static> = Name(b"F1");
const BOLD: Name<'static> = Name(b"F2");

pub fn render(doc: &Document) -> Vec<u8> {
    let pages = compose(doc);
    let total = pages.len();

    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let regular = Ref::new(3);
    let bold = Ref::new(4);
    let info = Ref::new(5);
    let mut next = Ref::new(6);
    let page_ids: Vec<(Ref, Ref)> = (0..total).map(|_| (next.bump(), next.bump())).collect();

    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids(page_ids.iter().map(|(p, _)| *p)).count(i32::try_from(total).unwrap_or(i32::MAX));
    for (id, font) in [(regular, Font::Regular), (bold, Font::Bold)] {
        pdf.type1_font(id).base_font(Name(font.base_font().as_bytes())).encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    let mut document_info = pdf.document_info(info);
    document_info.title(TextStr(&doc.title)).producer(TextStr("Intel Desk"));
    document_info.finish();

    for (number, (page, (page_id, content_id))) in pages.iter().zip(&page_ids).enumerate() {
        let mut writer = pdf.page(*page_id);
        writer.parent(tree).media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT)).contents(*content_id);
        writer.resources().fonts().pair(REGULAR, regular).pair(BOLD, bold);
        writer.finish();
        let content = page_content(doc, page, number + 1, total);
        pdf.stream(*content_id, &content);
    }
    pdf.finish()
}

fn page_content(doc: &Document, page: &Page, number: usize, total: usize) -> Vec<u8> {
    let mut content = Content::new();
    banner(&mut content, &doc.marking, TOP_BANNER_BASELINE);
    for op in &page.ops {
        draw(&mut content, op);
    }
    let footer = if doc.reference.trim().is_empty() {
        format!("Page {number} of {total}")
    } else {
        format!("{} \u{b7} Page {number} of {total}", doc.reference.trim())
    };
    let footer = truncate(&footer, Font::Regular, FOOTER_SIZE, CONTENT_WIDTH);
    let w = text_width(Font::Regular, FOOTER_SIZE, &footer);
    text(&mut content, (PAGE_WIDTH - w) / 2.0, FOOTER_BASELINE, Font::Regular, FOOTER_SIZE, Rgb::TEXT_GREY, &footer);
    banner(&mut content, &doc.marking, BOTTOM_BANNER_BASELINE);
    content.finish().to_vec()
}

/// The marking, centred and bold; shrunk and then cut rather than run off the
/// page, because a marking that is not seen is not applied.
fn banner(content: &mut Content, marking: &str, baseline: f32) {
    let marking = marking.trim();
    let mut size = BANNER_SIZE;
    let mut width = text_width(Font::Bold, size, marking);
    if width > CONTENT_WIDTH {
        size = (size * CONTENT_WIDTH / width).max(BANNER_MIN_SIZE);
    }
    let shown = truncate(marking, Font::Bold, size, CONTENT_WIDTH);
    width = text_width(Font::Bold, size, &shown);
    text(content, (PAGE_WIDTH - width) / 2.0, baseline, Font::Bold, size, Rgb::BLACK, &shown);
}

fn font_name(font: Font) -> Name<'static> {
    match font {
        Font::Regular => REGULAR,
        Font::Bold => BOLD,
    }
}

fn text(content: &mut Content, x: f32, y: f32, font: Font, size: f32, color: Rgb, text: &str) {
    if text.is_empty() {
        return;
    }
    let bytes = cp1252::encode(text);
    content.set_fill_rgb(color.0, color.1, color.2);
    content.begin_text();
    content.set_font(font_name(font), size);
    content.next_line(x, y);
    content.show(Str(&bytes));
    content.end_text();
}

fn draw(content: &mut Content, op: &Op) {
    match op {
        Op::Text { x, y, font, size, color, text: t } => text(content, *x, *y, *font, *size, *color, t),
        Op::Line { x1, y1, x2, y2, stroke } => {
            content.save_state();
            set_stroke(content, stroke);
            content.move_to(*x1, *y1).line_to(*x2, *y2).stroke();
            content.restore_state();
        }
        Op::Rect { x, y, w, h, radius, fill, stroke } => {
            if fill.is_none() && stroke.is_none() {
                return;
            }
            content.save_state();
            if let Some(fill) = fill {
                content.set_fill_rgb(fill.0, fill.1, fill.2);
            }
            if let Some(stroke) = stroke {
                set_stroke(content, stroke);
            }
            let r = radius.min(w / 2.0).min(h / 2.0).max(0.0);
            if r > 0.0 {
                rounded_rect(content, *x, *y, *w, *h, r);
            } else {
                content.rect(*x, *y, *w, *h);
            }
            match (fill.is_some(), stroke.is_some()) {
                (true, true) => content.fill_nonzero_and_stroke(),
                (true, false) => content.fill_nonzero(),
                _ => content.stroke(),
            };
            content.restore_state();
        }
    }
}

fn set_stroke(content: &mut Content, stroke: &Stroke) {
    content.set_stroke_rgb(stroke.color.0, stroke.color.1, stroke.color.2);
    content.set_line_width(stroke.width);
    if stroke.dashed {
        content.set_dash_pattern([4.0, 3.0], 0.0);
    }
}

fn rounded_rect(content: &mut Content, x: f32, y: f32, w: f32, h: f32, r: f32) {
    let k = r * KAPPA;
    let (x2, y2) = (x + w, y + h);
    content.move_to(x + r, y);
    content.line_to(x2 - r, y);
    content.cubic_to(x2 - r + k, y, x2, y + r - k, x2, y + r);
    content.line_to(x2, y2 - r);
    content.cubic_to(x2, y2 - r + k, x2 - r + k, y2, x2 - r, y2);
    content.line_to(x + r, y2);
    content.cubic_to(x + r - k, y2, x, y2 - r + k, x, y2 - r);
    content.line_to(x, y + r);
    content.cubic_to(x, y + r - k, x + r - k, y, x + r, y);
    content.close_path();
}
