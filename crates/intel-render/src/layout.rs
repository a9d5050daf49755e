//! Line breaking by real glyph widths. Both the PDF and the SVG chart labels
//! measure with these functions, so what fits here fits on the page.

use crate::cp1252;
use crate::metrics::{byte_width, Font};

/// Width of `text` in 1/1000 em. Integer sums keep a line's measured width
/// identical however it was built up, so the wrap test and the check agree.
fn units(font: Font, text: &str) -> u32 {
    text.chars().map(|c| char_units(font, c)).sum()
}

fn char_units(font: Font, c: char) -> u32 {
    u32::from(byte_width(font, cp1252::encode_char(c)))
}

fn fits(units: u32, size: f32, max_width: f32) -> bool {
    units as f32 * size / 1000.0 <= max_width
}

/// A no-break space keeps its words together, as the author intended.
fn is_break(c: char) -> bool {
    c.is_whitespace() && c != '\u{a0}'
}

/// Breaks `text` into lines no wider than `max_width` points at `size` in
/// `font`. A '\n' forces a break; runs of other whitespace collapse to one
/// space. A word wider than the line is broken between characters. Every line
/// holds at least one character, so a width narrower than one glyph still
/// terminates (that glyph overhangs). An empty text gives one empty line, and
/// each empty hard line stays an empty line, so blank lines keep their space.
pub fn wrap(text: &str, font: Font, size: f32, max_width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for hard_line in text.split('\n') {
        wrap_hard_line(hard_line, font, size, max_width, &mut lines);
    }
    lines
}

fn wrap_hard_line(text: &str, font: Font, size: f32, max_width: f32, lines: &mut Vec<String>) {
    let first = lines.len();
    let space = char_units(font, ' ');
    let mut line = String::new();
    let mut width = 0u32;
    for word in text.split(is_break).filter(|w| !w.is_empty()) {
        let word_width = units(font, word);
        if !line.is_empty() {
            if fits(width + space + word_width, size, max_width) {
                line.push(' ');
                line.push_str(word);
                width += space + word_width;
                continue;
            }
            lines.push(std::mem::take(&mut line));
            width = 0;
        }
        if fits(word_width, size, max_width) {
            line.push_str(word);
            width = word_width;
            continue;
        }
        for c in word.chars() {
            let w = char_units(font, c);
            if !line.is_empty() && !fits(width + w, size, max_width) {
                lines.push(std::mem::take(&mut line));
                width = 0;
            }
            line.push(c);
            width += w;
        }
    }
    if !line.is_empty() || lines.len() == first {
        lines.push(line);
    }
}

/// `text` cut to fit `max_width`, ending in an ellipsis when anything was cut.
/// Gives an empty string when not even the ellipsis fits.
pub fn truncate(text: &str, font: Font, size: f32, max_width: f32) -> String {
    let text: String = text.chars().map(|c| if is_break(c) { ' ' } else { c }).collect();
    if fits(units(font, &text), size, max_width) {
        return text;
    }
    let ellipsis = char_units(font, '\u{2026}');
    let mut out = String::new();
    let mut width = 0u32;
    for c in text.chars() {
        let w = char_units(font, c);
        if !fits(width + w + ellipsis, size, max_width) {
            break;
        }
        out.push(c);
        width += w;
    }
    let mut out = out.trim_end().to_string();
    if fits(units(font, &out) + ellipsis, size, max_width) {
        out.push('\u{2026}');
    }
    out
}

/// The widest single word, so a column is never narrower than its longest
/// word needs unless the page forces it.
pub fn widest_word(text: &str, font: Font, size: f32) -> f32 {
    text.split(is_break).map(|w| units(font, w)).max().unwrap_or(0) as f32 * size / 1000.0
}

/// The width of the widest hard line, unwrapped.
pub fn natural_width(text: &str, font: Font, size: f32) -> f32 {
    text.split('\n').map(|l| units(font, l)).max().unwrap_or(0) as f32 * size / 1000.0
}
