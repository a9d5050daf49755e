//! Tables: columns sized by their content, cells wrapped inside their column,
//! and the header row repeated at the top of every continuation page.

use crate::flow::{Flow, TextStyle};
use crate::layout::{natural_width, truncate, widest_word, wrap};
use crate::metrics::Font;
use crate::page::{Op, Rgb, Stroke, CONTENT_BOTTOM, CONTENT_HEIGHT, CONTENT_TOP, CONTENT_WIDTH, MARGIN_X};

const CELL: TextStyle = TextStyle::new(Font::Regular, 9.0, 11.5);
const HEAD: TextStyle = TextStyle::new(Font::Bold, 9.0, 11.5);
const CAPTION: TextStyle = TextStyle::new(Font::Bold, 9.5, 13.0);
const PAD_X: f32 = 4.0;
const PAD_Y: f32 = 3.0;
/// Narrowest column worth having; below this even short words break.
const MIN_COLUMN: f32 = 40.0;
/// A header is repeated on every page, so it must not eat the page: longer
/// header cells are cut.
const MAX_HEADER_LINES: usize = 4;
const BORDER: Stroke = Stroke { color: Rgb::RULE, width: 0.5, dashed: false };

/// Column widths summing to `available`: proportional to each column's
/// unwrapped content, but never below [`MIN_COLUMN`] (or an equal share, when
/// there are too many columns for that) and, where the page allows, never
/// below the column's longest word (capped at a third of the line).
pub fn column_widths(header: &[String], rows: &[Vec<String>], available: f32) -> Vec<f32> {
    let columns = column_count(header, rows);
    if columns == 0 {
        return Vec::new();
    }
    let floor_share = (available / columns as f32).min(MIN_COLUMN);
    let mut natural = vec![0.0f32; columns];
    let mut floor = vec![floor_share; columns];
    let cells = header.iter().map(|h| (h, HEAD)).enumerate().chain(rows.iter().flat_map(|r| r.iter().map(|c| (c, CELL)).enumerate()));
    for (i, (text, style)) in cells {
        natural[i] = natural[i].max(natural_width(text, style.font, style.size) + 2.0 * PAD_X);
        let word = (widest_word(text, style.font, style.size) + 2.0 * PAD_X).min(available / 3.0);
        floor[i] = floor[i].max(word);
    }
    let total_floor: f32 = floor.iter().sum();
    if total_floor > available {
        // Not every longest word fits: give each column its equal share plus
        // a part of what is left in proportion to how much more it wanted.
        let spare = (available - floor_share * columns as f32).max(0.0);
        let wanted = total_floor - floor_share * columns as f32;
        for f in &mut floor {
            *f = floor_share + (*f - floor_share) * spare / wanted;
        }
    }
    let weights: Vec<f32> = natural.iter().zip(&floor).map(|(n, f)| n.max(*f)).collect();
    distribute(&weights, &floor, available)
}

/// Shares `available` in proportion to `weights`, pinning any column that
/// would fall below its floor at the floor and sharing the rest again.
fn distribute(weights: &[f32], floor: &[f32], available: f32) -> Vec<f32> {
    let mut pinned = vec![false; weights.len()];
    loop {
        let fixed: f32 = floor.iter().zip(&pinned).filter(|(_, p)| **p).map(|(f, _)| f).sum();
        let free: f32 = weights.iter().zip(&pinned).filter(|(_, p)| !**p).map(|(w, _)| w).sum();
        let left = (available - fixed).max(0.0);
        let widths: Vec<f32> = weights
            .iter()
            .zip(floor)
            .zip(&pinned)
            .map(|((w, f), p)| {
                if *p {
                    *f
                } else if free > 0.0 {
                    left * w / free
                } else {
                    0.0
                }
            })
            .collect();
        let mut changed = false;
        for (i, w) in widths.iter().enumerate() {
            if !pinned[i] && *w < floor[i] - 0.01 {
                pinned[i] = true;
                changed = true;
            }
        }
        if !changed {
            return widths;
        }
    }
}

fn column_count(header: &[String], rows: &[Vec<String>]) -> usize {
    rows.iter().map(Vec::len).chain(std::iter::once(header.len())).max().unwrap_or(0)
}

/// A row's cells, each wrapped to its column.
struct Row {
    cells: Vec<Vec<String>>,
    header: bool,
}

impl Row {
    fn new(texts: &[String], widths: &[f32], header: bool) -> Self {
        let style = if header { HEAD } else { CELL };
        let cells = widths
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let text = texts.get(i).map_or("", String::as_str);
                let inner = w - 2.0 * PAD_X;
                let mut lines = wrap(text, style.font, style.size, inner);
                if header && lines.len() > MAX_HEADER_LINES {
                    lines.truncate(MAX_HEADER_LINES);
                    if let Some(last) = lines.last_mut() {
                        // The ellipsis marks the cut; truncate keeps one if it must shorten.
                        *last = truncate(&format!("{last}\u{2026}"), style.font, style.size, inner);
                    }
                }
                lines
            })
            .collect();
        Row { cells, header }
    }

    fn line_count(&self) -> usize {
        self.cells.iter().map(Vec::len).max().unwrap_or(1).max(1)
    }

    fn style(&self) -> TextStyle {
        if self.header {
            HEAD
        } else {
            CELL
        }
    }

    fn height(&self, lines: usize) -> f32 {
        lines as f32 * self.style().leading + 2.0 * PAD_Y
    }
}

pub fn table(flow: &mut Flow, caption: Option<&str>, header: &[String], rows: &[Vec<String>]) {
    let widths = column_widths(header, rows, CONTENT_WIDTH);
    let head = (!header.is_empty()).then(|| Row::new(header, &widths, true));
    let head_height = head.as_ref().map_or(0.0, |h| h.height(h.line_count()));
    let first_row_height = rows.first().map_or(0.0, |r| Row::new(r, &widths, false).height(1));
    flow.space(6.0);
    if let Some(caption) = caption.filter(|c| !c.is_empty()) {
        // Keep the caption with the header and first row.
        flow.ensure(CAPTION.leading + head_height + first_row_height);
        flow.paragraph(MARGIN_X, CONTENT_WIDTH, CAPTION, caption);
        flow.space(2.0);
    }
    if widths.is_empty() {
        return;
    }
    flow.ensure(head_height + first_row_height);
    if let Some(head) = &head {
        draw_row(flow, &widths, head, 0, head.line_count());
    }
    for texts in rows {
        let row = Row::new(texts, &widths, false);
        let total = row.line_count();
        let mut from = 0;
        while from < total {
            let left = total - from;
            let room = ((flow.y - CONTENT_BOTTOM - 2.0 * PAD_Y) / CELL.leading).floor().max(0.0) as usize;
            let fresh_page = flow.y >= CONTENT_TOP - head_height - 0.01;
            let fits_fresh_page = row.height(left) + head_height <= CONTENT_HEIGHT;
            // Rows move whole to the next page when they would fit there; a
            // row taller than a page is split a page's worth at a time. On a
            // fresh page something is always drawn, so this cannot loop.
            let take = if room >= left {
                left
            } else if !fresh_page && (fits_fresh_page || room == 0) {
                0
            } else {
                room.max(1)
            };
            if take == 0 {
                flow.new_page();
                if let Some(head) = &head {
                    draw_row(flow, &widths, head, 0, head.line_count());
                }
                continue;
            }
            draw_row(flow, &widths, &row, from, from + take);
            from += take;
        }
    }
    flow.space(4.0);
}

/// Draws lines `from..to` of every cell of `row` as one bordered band.
fn draw_row(flow: &mut Flow, widths: &[f32], row: &Row, from: usize, to: usize) {
    let style = row.style();
    let height = row.height(to - from);
    let top = flow.y;
    let bottom = top - height;
    let fill = row.header.then_some(Rgb::HEADER_FILL);
    let mut x = MARGIN_X;
    for (w, lines) in widths.iter().zip(&row.cells) {
        flow.push(Op::Rect { x, y: bottom, w: *w, h: height, radius: 0.0, fill, stroke: Some(BORDER) });
        let mut line_top = top - PAD_Y;
        for line in lines.iter().skip(from).take(to - from) {
            flow.text_at(x + PAD_X, style.baseline(line_top), style, line);
            line_top -= style.leading;
        }
        x += w;
    }
    flow.y = bottom;
}
