//! Line breaking against the font metrics.

use intel_render::layout::{truncate, wrap};
use intel_render::metrics::{text_width, Font};
use intel_render::{column_widths, CONTENT_WIDTH};
use proptest::prelude::*;

fn assert_within(lines: &[String], font: Font, size: f32, width: f32) {
    for line in lines {
        let w = text_width(font, size, line);
        assert!(w <= width + 1e-3 || line.chars().count() == 1, "{line:?} is {w} wide, limit {width}");
    }
}

fn no_space(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn metrics_are_adobe_helvetica() {
    assert_eq!(text_width(Font::Regular, 1000.0, "a"), 556.0);
    assert_eq!(text_width(Font::Regular, 1000.0, "i"), 222.0);
    assert_eq!(text_width(Font::Bold, 1000.0, "i"), 278.0);
    assert_eq!(text_width(Font::Regular, 1000.0, "W"), 944.0);
    assert_eq!(text_width(Font::Regular, 1000.0, "@"), 1015.0);
    assert_eq!(text_width(Font::Bold, 1000.0, "@"), 975.0);
    assert_eq!(text_width(Font::Regular, 1000.0, "\u{2014}"), 1000.0);
    assert_eq!(text_width(Font::Regular, 1000.0, "\u{a3}"), 556.0);
    // Unmappable characters are measured as the '?' they print as.
    assert_eq!(text_width(Font::Regular, 10.0, "\u{3a9}"), text_width(Font::Regular, 10.0, "?"));
}

#[test]
fn wraps_at_word_boundaries_within_the_width() {
    let text = "The quick brown fox jumps over the lazy dog near the riverbank while the analysts watch carefully.";
    let lines = wrap(text, Font::Regular, 10.0, 120.0);
    assert!(lines.len() > 2, "{lines:?}");
    assert_within(&lines, Font::Regular, 10.0, 120.0);
    assert_eq!(lines.join(" "), text);
    // Greedy: the next word would not have fitted on any line.
    for pair in lines.windows(2) {
        let next_word = pair[1].split(' ').next().unwrap_or("");
        assert!(text_width(Font::Regular, 10.0, &format!("{} {next_word}", pair[0])) > 120.0);
    }
}

#[test]
fn bold_is_wider_so_it_wraps_sooner() {
    let text = "mmmm mmmm mmmm mmmm mmmm mmmm mmmm mmmm";
    let regular = wrap(text, Font::Regular, 10.0, 150.0);
    let bold = wrap(text, Font::Bold, 10.0, 150.0);
    assert!(bold.len() > regular.len());
    assert_within(&bold, Font::Bold, 10.0, 150.0);
}

#[test]
fn hard_breaks_and_blank_lines_are_kept() {
    assert_eq!(wrap("one\ntwo", Font::Regular, 10.0, 200.0), ["one", "two"]);
    assert_eq!(wrap("one\n\ntwo", Font::Regular, 10.0, 200.0), ["one", "", "two"]);
    assert_eq!(wrap("", Font::Regular, 10.0, 200.0), [""]);
    assert_eq!(wrap("  spaced   out  ", Font::Regular, 10.0, 200.0), ["spaced out"]);
}

#[test]
fn a_word_longer_than_the_line_breaks_by_character() {
    let word = "x".repeat(200);
    let lines = wrap(&format!("start {word} end"), Font::Regular, 10.0, 80.0);
    assert_within(&lines, Font::Regular, 10.0, 80.0);
    assert_eq!(no_space(&lines.concat()), format!("start{word}end"));
    assert!(lines.len() >= 200 * 5 / 80);
}

#[test]
fn a_width_narrower_than_a_glyph_still_terminates() {
    assert_eq!(wrap("abc", Font::Regular, 10.0, 0.0), ["a", "b", "c"]);
    assert_eq!(wrap("abc", Font::Regular, 10.0, -5.0), ["a", "b", "c"]);
}

#[test]
fn truncate_fits_and_marks_the_cut() {
    let label = "Silver Ford Focus AB12 CDE registered keeper unknown";
    let cut = truncate(label, Font::Bold, 8.0, 80.0);
    assert!(text_width(Font::Bold, 8.0, &cut) <= 80.0);
    assert!(cut.ends_with('\u{2026}'), "{cut}");
    assert_eq!(truncate("short", Font::Bold, 8.0, 80.0), "short");
    assert_eq!(truncate("anything", Font::Bold, 8.0, 1.0), "");
}

#[test]
fn column_widths_follow_content_and_fill_the_line() {
    let header = vec!["Ref".to_string(), "Summary".to_string()];
    let rows = vec![vec!["IR-1".to_string(), "A long summary of what the source said about the subject and the vehicle".to_string()]];
    let widths = column_widths(&header, &rows, CONTENT_WIDTH);
    assert_eq!(widths.len(), 2);
    assert!((widths.iter().sum::<f32>() - CONTENT_WIDTH).abs() < 0.01);
    assert!(widths[1] > 3.0 * widths[0], "{widths:?}");
    assert!(widths[0] >= 40.0);
    // Too many columns for the minimum: equal shares, still summing to the line.
    let many: Vec<String> = (0..40).map(|i| format!("c{i}")).collect();
    let widths = column_widths(&many, &[], CONTENT_WIDTH);
    assert!((widths.iter().sum::<f32>() - CONTENT_WIDTH).abs() < 0.01);
    assert!(column_widths(&[], &[vec![]], CONTENT_WIDTH).is_empty());
}

proptest! {
    #[test]
    fn wrapped_lines_never_exceed_the_width(text in "[a-zA-Z0-9 .,\n\u{a3}\u{2013}\u{201c}\u{201d}\u{3a9}]{0,300}", width in 1.0f32..400.0, bold in any::<bool>()) {
        let font = if bold { Font::Bold } else { Font::Regular };
        let lines = wrap(&text, font, 9.0, width);
        for line in &lines {
            let w = text_width(font, 9.0, line);
            prop_assert!(w <= width + 1e-3 || line.chars().count() == 1, "{:?} is {} wide, limit {}", line, w, width);
        }
        prop_assert_eq!(no_space(&lines.concat()), no_space(&text));
    }
}
