//! Unicode to Windows-1252, the byte encoding behind the PDF WinAnsiEncoding
//! used with the base-14 fonts. Anything outside it becomes '?', so a stray
//! emoji costs one glyph rather than the whole render.

/// The byte a character is shown with. Tabs show as spaces; other control
/// characters and everything CP1252 lacks show as '?'.
pub fn encode_char(c: char) -> u8 {
    match c {
        '\t' => b' ',
        ' '..='~' | '\u{a0}'..='\u{ff}' => c as u8,
        '\u{20ac}' => 0x80,
        '\u{201a}' => 0x82,
        '\u{0192}' => 0x83,
        '\u{201e}' => 0x84,
        '\u{2026}' => 0x85,
        '\u{2020}' => 0x86,
        '\u{2021}' => 0x87,
        '\u{02c6}' => 0x88,
        '\u{2030}' => 0x89,
        '\u{0160}' => 0x8A,
        '\u{2039}' => 0x8B,
        '\u{0152}' => 0x8C,
        '\u{017d}' => 0x8E,
        '\u{2018}' => 0x91,
        '\u{2019}' => 0x92,
        '\u{201c}' => 0x93,
        '\u{201d}' => 0x94,
        '\u{2022}' => 0x95,
        '\u{2013}' => 0x96,
        '\u{2014}' => 0x97,
        '\u{02dc}' => 0x98,
        '\u{2122}' => 0x99,
        '\u{0161}' => 0x9A,
        '\u{203a}' => 0x9B,
        '\u{0153}' => 0x9C,
        '\u{017e}' => 0x9E,
        '\u{0178}' => 0x9F,
        _ => b'?',
    }
}

/// The bytes a string is shown with, one per character.
pub fn encode(text: &str) -> Vec<u8> {
    text.chars().map(encode_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_typography_is_in_cp1252() {
        assert_eq!(encode("£5 – café “quoted” … —"), b"\xa35 \x96 caf\xe9 \x93quoted\x94 \x85 \x97".to_vec());
    }

    #[test]
    fn unmappable_and_control_characters_become_question_marks() {
        assert_eq!(encode("Ω😀\u{7}\u{7f}\u{81}"), b"?????".to_vec());
        assert_eq!(encode("a\tb"), b"a b".to_vec());
    }
}
