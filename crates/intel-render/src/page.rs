//! Page geometry and the drawing operations a laid-out page is made of.
//! Layout produces these; the PDF writer only serialises them, which is what
//! lets the page count be known before any footer is written.

use crate::metrics::Font;

/// A4 in points.
pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;
pub const MARGIN_X: f32 = 56.0;
pub const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;
/// Body content lives between these two lines; the banners and the footer
/// sit outside them so nothing can ever overprint the marking.
pub const CONTENT_TOP: f32 = PAGE_HEIGHT - 64.0;
pub const CONTENT_BOTTOM: f32 = 64.0;
pub const CONTENT_HEIGHT: f32 = CONTENT_TOP - CONTENT_BOTTOM;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub f32, pub f32, pub f32);

impl Rgb {
    pub const BLACK: Rgb = Rgb(0.0, 0.0, 0.0);
    pub const WHITE: Rgb = Rgb(1.0, 1.0, 1.0);
    pub const TEXT_GREY: Rgb = Rgb(0.35, 0.35, 0.35);
    pub const RULE: Rgb = Rgb(0.55, 0.55, 0.55);
    pub const HEADER_FILL: Rgb = Rgb(0.90, 0.90, 0.90);
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub color: Rgb,
    pub width: f32,
    pub dashed: bool,
}

impl Stroke {
    pub fn solid(color: Rgb, width: f32) -> Self {
        Stroke { color, width, dashed: false }
    }
}

/// One drawing operation, in PDF coordinates (origin bottom left, points).
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// `y` is the baseline.
    Text {
        x: f32,
        y: f32,
        font: Font,
        size: f32,
        color: Rgb,
        text: String,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        stroke: Stroke,
    },
    /// `y` is the bottom edge. `radius` 0 gives square corners.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        radius: f32,
        fill: Option<Rgb>,
        stroke: Option<Stroke>,
    },
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub ops: Vec<Op>,
}
