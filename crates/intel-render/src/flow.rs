//! The cursor that pours content down the page and starts a new page when it
//! runs out of room. Every drawing helper here checks the room it needs first,
//! so no caller can write into the banner or footer area.

use crate::layout::wrap;
use crate::metrics::Font;
use crate::page::{Op, Page, Rgb, Stroke, CONTENT_BOTTOM, CONTENT_TOP};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    pub font: Font,
    pub size: f32,
    pub leading: f32,
    pub color: Rgb,
}

impl TextStyle {
    pub const fn new(font: Font, size: f32, leading: f32) -> Self {
        TextStyle { font, size, leading, color: Rgb::BLACK }
    }

    pub const fn color(self, color: Rgb) -> Self {
        TextStyle { color, ..self }
    }

    /// Baseline of a line whose box starts at `top`: the glyphs sit centred in
    /// the leading, allowing for Helvetica's descender (about 0.21 em).
    pub fn baseline(&self, top: f32) -> f32 {
        top - self.leading + (self.leading - self.size) / 2.0 + 0.21 * self.size
    }
}

/// One pre-wrapped line inside a box.
#[derive(Debug, Clone, PartialEq)]
pub struct BoxLine {
    pub style: TextStyle,
    /// Offset of the text from the box's inner left edge.
    pub indent: f32,
    /// A bullet drawn just left of the text.
    pub bullet: bool,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoxStyle {
    pub fill: Option<Rgb>,
    pub stroke: Option<Stroke>,
    /// A thick bar down the left edge, so the box reads as flagged even in
    /// greyscale print.
    pub bar: Option<Rgb>,
    pub padding: f32,
}

pub const BULLET: &str = "\u{2022}";
pub const BULLET_INDENT: f32 = 12.0;

pub struct Flow {
    pub pages: Vec<Page>,
    /// Top of the free space on the current page.
    pub y: f32,
}

impl Flow {
    pub fn new() -> Self {
        Flow { pages: vec![Page::default()], y: CONTENT_TOP }
    }

    pub fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last].ops
    }

    pub fn push(&mut self, op: Op) {
        self.ops().push(op);
    }

    pub fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = CONTENT_TOP;
    }

    pub fn remaining(&self) -> f32 {
        self.y - CONTENT_BOTTOM
    }

    pub fn at_top(&self) -> bool {
        self.y >= CONTENT_TOP - 0.01
    }

    /// Starts a new page unless `height` fits here. At the top of a page it
    /// never breaks, so something taller than a page cannot loop.
    pub fn ensure(&mut self, height: f32) {
        if self.remaining() < height && !self.at_top() {
            self.new_page();
        }
    }

    /// Vertical gap. Swallowed at the top of a page, where it would only push
    /// content down for nothing.
    pub fn space(&mut self, height: f32) {
        if !self.at_top() {
            self.y = (self.y - height).max(CONTENT_BOTTOM);
        }
    }

    pub fn text_line(&mut self, x: f32, style: TextStyle, text: &str) {
        self.ensure(style.leading);
        let y = style.baseline(self.y);
        self.text_at(x, y, style, text);
        self.y -= style.leading;
    }

    pub fn text_at(&mut self, x: f32, y: f32, style: TextStyle, text: &str) {
        if text.is_empty() {
            return;
        }
        self.push(Op::Text { x, y, font: style.font, size: style.size, color: style.color, text: text.to_string() });
    }

    /// Wraps `text` to `width` and writes it line by line, breaking pages
    /// between lines.
    pub fn paragraph(&mut self, x: f32, width: f32, style: TextStyle, text: &str) {
        for line in wrap(text, style.font, style.size, width) {
            self.text_line(x, style, &line);
        }
    }

    /// A bulleted item: the bullet on the first line, the rest hanging.
    pub fn bullet_item(&mut self, x: f32, width: f32, style: TextStyle, text: &str) {
        for (i, line) in wrap(text, style.font, style.size, width - BULLET_INDENT).into_iter().enumerate() {
            self.ensure(style.leading);
            if i == 0 {
                let y = style.baseline(self.y);
                self.text_at(x + 2.0, y, style, BULLET);
            }
            self.text_line(x + BULLET_INDENT, style, &line);
        }
    }

    pub fn rule(&mut self, x: f32, width: f32, stroke: Stroke) {
        let y = self.y;
        self.push(Op::Line { x1: x, y1: y, x2: x + width, y2: y, stroke });
    }

    /// Lines inside a box. A box that reaches the bottom of the page is closed
    /// there and continued on the next page, so a long note still breaks.
    pub fn boxed(&mut self, x: f32, width: f32, lines: &[BoxLine], style: BoxStyle) {
        let pad = style.padding;
        let first_leading = lines.first().map_or(0.0, |l| l.style.leading);
        self.ensure(2.0 * pad + first_leading);
        let mut start = self.ops().len();
        let mut top = self.y;
        self.y -= pad;
        for line in lines {
            if self.y - line.style.leading < CONTENT_BOTTOM + pad {
                self.close_box(start, x, width, top, self.y - pad, style);
                self.new_page();
                start = self.ops().len();
                top = self.y;
                self.y -= pad;
            }
            let baseline = line.style.baseline(self.y);
            let text_x = x + pad + line.indent;
            if line.bullet {
                self.text_at(text_x - BULLET_INDENT + 2.0, baseline, line.style, BULLET);
            }
            self.text_at(text_x, baseline, line.style, &line.text);
            self.y -= line.style.leading;
        }
        self.y = (self.y - pad).max(CONTENT_BOTTOM);
        self.close_box(start, x, width, top, self.y, style);
    }

    /// The box goes in before its text (at `start`) so a fill cannot hide it.
    fn close_box(&mut self, start: usize, x: f32, width: f32, top: f32, bottom: f32, style: BoxStyle) {
        let bottom = bottom.max(CONTENT_BOTTOM);
        let h = top - bottom;
        let mut shapes = vec![Op::Rect { x, y: bottom, w: width, h, radius: 0.0, fill: style.fill, stroke: style.stroke }];
        if let Some(bar) = style.bar {
            shapes.push(Op::Rect { x, y: bottom, w: 3.0, h, radius: 0.0, fill: Some(bar), stroke: None });
        }
        let ops = self.ops();
        let at = start.min(ops.len());
        ops.splice(at..at, shapes);
    }
}

impl Default for Flow {
    fn default() -> Self {
        Flow::new()
    }
}
