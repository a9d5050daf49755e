//! Matching people's names across systems. One system writes "SMITH, John",
//! another "John Smith", a third "Jon Smyth": a key puts the first two
//! together exactly; Jaro-Winkler similarity (the `strsim` crate) scores the
//! third. Transliteration (the `deunicode` crate) lets "Zoë Łukasz" meet
//! "Zoe Lukasz".

/// A person's name as the extract gave it, in parts or whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName {
    pub forenames: String,
    pub surname: String,
}

impl PersonName {
    /// "SMITH, John" (surname first, as PNC-style extracts write it) or
    /// "John Smith".
    pub fn parse(full: &str) -> Self {
        match full.split_once(',') {
            Some((surname, forenames)) => Self { forenames: forenames.trim().into(), surname: surname.trim().into() },
            None => {
                let mut words: Vec<&str> = full.split_whitespace().collect();
                let surname = words.pop().unwrap_or_default().to_owned();
                Self { forenames: words.join(" "), surname }
            }
        }
    }

    pub fn display(&self) -> String {
        [self.forenames.trim(), self.surname.trim()].iter().filter(|p| !p.is_empty()).copied().collect::<Vec<_>>().join(" ")
    }
}

fn tokens(name: &str) -> Vec<String> {
    let plain = deunicode::deunicode(name).to_lowercase();
    let mut words: Vec<String> =
        plain.split(|c: char| !c.is_ascii_alphanumeric() && c != '\'').map(|w| w.replace('\'', "")).filter(|w| !w.is_empty()).collect();
    words.sort();
    words
}

/// The exact-match key: transliterated, lower case, punctuation gone, the
/// words in sorted order (so the order a system writes them in is lost on
/// purpose). Empty when the name has no letters or digits.
pub fn name_key(name: &str) -> String {
    tokens(name).join(" ")
}

/// 0.0 (nothing alike) to 1.0 (the same key).
pub fn name_similarity(a: &str, b: &str) -> f64 {
    let (ka, kb) = (name_key(a), name_key(b));
    if ka.is_empty() || kb.is_empty() {
        return 0.0;
    }
    if ka == kb {
        return 1.0;
    }
    strsim::jaro_winkler(&ka, &kb)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn order_case_and_punctuation_do_not_matter() {
        assert_eq!(name_key("SMITH, John"), name_key("john smith"));
        assert_eq!(name_key("O'Brien, Seán"), name_key("Sean OBrien"));
        assert_eq!(name_key("Zoë Łukasz"), "lukasz zoe");
        assert_eq!(name_similarity("SMITH, John", "John Smith"), 1.0);
        assert_eq!(name_key(" -- "), "");
        assert_eq!(name_similarity("", "John"), 0.0);
    }

    #[test]
    fn near_spellings_score_high_and_other_people_low() {
        let near = name_similarity("Jon Smyth", "John Smith");
        let far = name_similarity("Mary Jones", "John Smith");
        assert!(near > 0.9, "{near}");
        assert!(far < 0.7, "{far}");
    }

    #[test]
    fn names_parse_either_way_round() {
        assert_eq!(PersonName::parse("SMITH, John Paul"), PersonName { forenames: "John Paul".into(), surname: "SMITH".into() });
        assert_eq!(PersonName::parse("John Paul Smith"), PersonName { forenames: "John Paul".into(), surname: "Smith".into() });
        assert_eq!(PersonName::parse("Smith").display(), "Smith");
    }
}
