//! One spelling for each kind of identifier, so that values from different
//! systems compare equal when they mean the same thing. Each function says
//! why a value was refused; a refused value is reported on its row, never
//! silently dropped or guessed at.

use chrono::NaiveDate;

/// A value in its one spelling, or why it has none.
pub type Normalised = Result<String, String>;

/// Vehicle registration marks: upper case, letters and digits only
/// ("ab12 cde", "AB12-CDE" and "AB12CDE" are one vehicle). Forms vary by
/// country and era, so only the character set and length are checked.
pub fn vehicle_registration(raw: &str) -> Normalised {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            ' ' | '-' | '.' | '\t' => {}
            c if c.is_ascii_alphanumeric() => out.push(c.to_ascii_uppercase()),
            c => return Err(format!("'{raw}' is not a vehicle registration: '{c}' is not a letter or digit")),
        }
    }
    match out.len() {
        0 => Err("the vehicle registration is empty".into()),
        1..=8 => Ok(out),
        _ => Err(format!("'{raw}' is not a vehicle registration: more than 8 letters and digits")),
    }
}

/// Phone numbers in E.164 (+447700900123). Numbers written without a
/// country code are read as numbers of `default_region` (ISO 3166 alpha-2,
/// e.g. "GB"). Parsing and validity come from libphonenumber's metadata
/// (the `phonenumber` crate), not from rules written here.
pub fn phone_e164(raw: &str, default_region: &str) -> Normalised {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err("the phone number is empty".into());
    }
    let region: phonenumber::country::Id =
        default_region.parse().map_err(|_| format!("'{default_region}' is not a country code such as GB"))?;
    let number = phonenumber::parse(Some(region), trimmed).map_err(|e| format!("'{trimmed}' is not a phone number: {e}"))?;
    if !phonenumber::is_valid(&number) {
        return Err(format!("'{trimmed}' is not a valid phone number for its country"));
    }
    Ok(number.format().mode(phonenumber::Mode::E164).to_string())
}

/// UK postcodes: upper case, one space before the inward code ("sw1a2aa"
/// becomes "SW1A 2AA"). The shape is checked (outward code, then a digit
/// and two letters); whether the postcode exists is not.
pub fn postcode(raw: &str) -> Normalised {
    let compact: String = raw.chars().filter(|c| !c.is_whitespace()).map(|c| c.to_ascii_uppercase()).collect();
    if compact.is_empty() {
        return Err("the postcode is empty".into());
    }
    if compact == "GIR0AA" {
        return Ok("GIR 0AA".into());
    }
    let bytes = compact.as_bytes();
    let shaped = (5..=7).contains(&bytes.len()) && {
        let (outward, inward) = compact.split_at(compact.len() - 3);
        let inward = inward.as_bytes();
        let out = outward.as_bytes();
        let inward_ok = inward[0].is_ascii_digit() && inward[1].is_ascii_alphabetic() && inward[2].is_ascii_alphabetic();
        // Outward: one or two letters, a digit, then optionally a letter or digit.
        let letters = out.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        let rest = &out[letters..];
        let outward_ok = (1..=2).contains(&letters)
            && !rest.is_empty()
            && rest[0].is_ascii_digit()
            && rest.len() <= 2
            && rest.iter().all(|b| b.is_ascii_alphanumeric());
        inward_ok && outward_ok
    };
    if !shaped {
        return Err(format!("'{}' is not a UK postcode", raw.trim()));
    }
    let (outward, inward) = compact.split_at(compact.len() - 3);
    Ok(format!("{outward} {inward}"))
}

/// Dates of birth as YYYY-MM-DD. Extracts write them as 1990-03-07,
/// 07/03/1990 or 07-03-1990 (day first, as UK systems do) or 07.03.1990;
/// a two-digit year is refused rather than guessed.
pub fn date_of_birth(raw: &str, today: NaiveDate) -> Normalised {
    let t = raw.trim();
    if t.is_empty() {
        return Err("the date of birth is empty".into());
    }
    // A spreadsheet date-time ("1990-03-07 00:00:00" or "…T00:00:00") keeps its date.
    let t = t.split(['T', ' ']).next().unwrap_or(t);
    let parsed = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(t, f).ok().filter(|_| has_four_digit_year(t, f)))
        .ok_or_else(|| format!("'{}' is not a date of birth (use YYYY-MM-DD or DD/MM/YYYY)", raw.trim()))?;
    if parsed > today {
        return Err(format!("the date of birth {parsed} is in the future"));
    }
    if parsed < NaiveDate::from_ymd_opt(1880, 1, 1).unwrap_or(NaiveDate::MIN) {
        return Err(format!("the date of birth {parsed} is before 1880"));
    }
    Ok(parsed.format("%Y-%m-%d").to_string())
}

fn has_four_digit_year(text: &str, format: &str) -> bool {
    let year = if format.starts_with("%Y") { text.split(['-', '/', '.']).next() } else { text.split(['-', '/', '.']).next_back() };
    year.is_some_and(|y| y.len() == 4)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
    }

    #[test]
    fn vehicle_registrations_compare_whatever_the_spacing() {
        for raw in ["ab12 cde", "AB12-CDE", " AB12CDE ", "ab.12.cde"] {
            assert_eq!(vehicle_registration(raw).unwrap(), "AB12CDE", "{raw}");
        }
        assert!(vehicle_registration("AB12*CDE").unwrap_err().contains("'*'"));
        assert!(vehicle_registration("  ").is_err());
        assert!(vehicle_registration("ABCDEFGHJ").is_err());
    }

    #[test]
    fn phone_numbers_become_e164() {
        for raw in ["07911 123456", "+44 7911 123456", "0044 7911 123456", "(07911) 123-456"] {
            assert_eq!(phone_e164(raw, "GB").unwrap(), "+447911123456", "{raw}");
        }
        assert_eq!(phone_e164("020 7219 3000", "GB").unwrap(), "+442072193000");
        assert_eq!(phone_e164("+33 1 42 68 53 00", "GB").unwrap(), "+33142685300");
        assert!(phone_e164("12345", "GB").is_err());
        assert!(phone_e164("not a number", "GB").is_err());
        assert!(phone_e164("07911 123456", "XX").unwrap_err().contains("country code"));
    }

    #[test]
    fn postcodes_get_one_spelling() {
        for (raw, want) in [
            ("sw1a2aa", "SW1A 2AA"),
            ("M1 1AE", "M1 1AE"),
            (" b33 8th", "B33 8TH"),
            ("CR2 6XH", "CR2 6XH"),
            ("DN55 1PT", "DN55 1PT"),
            ("gir 0aa", "GIR 0AA"),
        ] {
            assert_eq!(postcode(raw).unwrap(), want, "{raw}");
        }
        for bad in ["", "12345", "SW1A", "SW1A 2A1", "ABC1 2DE", "S 1AA"] {
            assert!(postcode(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn dates_of_birth_are_day_first_and_never_guessed() {
        for raw in ["1990-03-07", "07/03/1990", "07-03-1990", "07.03.1990", "1990-03-07 00:00:00", "1990-03-07T00:00:00"] {
            assert_eq!(date_of_birth(raw, today()).unwrap(), "1990-03-07", "{raw}");
        }
        assert!(date_of_birth("07/03/90", today()).is_err(), "two-digit years are refused");
        assert!(date_of_birth("31/02/1990", today()).is_err());
        assert!(date_of_birth("2027-01-01", today()).unwrap_err().contains("future"));
        assert!(date_of_birth("1870-01-01", today()).is_err());
    }

    proptest::proptest! {
        #[test]
        fn normalising_twice_changes_nothing(s in "[A-Za-z0-9 .-]{0,12}") {
            if let Ok(once) = vehicle_registration(&s) {
                proptest::prop_assert_eq!(vehicle_registration(&once).unwrap(), once.clone());
            }
            if let Ok(once) = postcode(&s) {
                proptest::prop_assert_eq!(postcode(&once).unwrap(), once.clone());
            }
        }
    }
}
