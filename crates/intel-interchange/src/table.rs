//! Lists for spreadsheets: search results and entity lists as CSV or XLSX.
//! Report text is untrusted, so nothing in a cell may become a formula: XLSX
//! cells are written as strings (never parsed), and CSV cells that a
//! spreadsheet would read as a formula are prefixed with an apostrophe
//! (OWASP's CSV-injection advice). The marking is in the XLSX page header
//! and footer (printed on every page) and its document properties.

use rust_xlsxwriter::{DocProperties, Format, Workbook};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub title: String,
    pub marking: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Excel's limit on the characters in one cell.
pub const XLSX_CELL_LIMIT: usize = 32_767;

pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// A worksheet name: at most 31 characters, none of []:*?/\.
fn sheet_name(title: &str) -> String {
    let cleaned: String = title.chars().map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c }).collect();
    let trimmed: String = cleaned.trim().trim_matches('\'').chars().take(31).collect();
    if trimmed.trim().is_empty() {
        "Export".into()
    } else {
        trimmed
    }
}

impl Sheet {
    pub fn to_csv(&self) -> Result<Vec<u8>, String> {
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
        let fail = |e: csv::Error| format!("could not write CSV: {e}");
        w.write_record(&self.headers).map_err(fail)?;
        for row in &self.rows {
            w.write_record(row.iter().map(|c| neutralise(c).into_owned())).map_err(fail)?;
        }
        w.into_inner().map_err(|e| format!("could not write CSV: {e}"))
    }

    /// The workbook, built in memory (no temporary files on disk).
    pub fn to_xlsx(&self) -> Result<Vec<u8>, String> {
        for (i, row) in self.rows.iter().enumerate() {
            if let Some(col) = row.iter().position(|c| c.chars().count() > XLSX_CELL_LIMIT) {
                return Err(format!(
                    "row {} has a {} longer than a spreadsheet cell can hold ({XLSX_CELL_LIMIT} characters); export as CSV instead",
                    i + 1,
                    self.headers.get(col).map(String::as_str).unwrap_or("cell")
                ));
            }
        }
        let fail = |e: rust_xlsxwriter::XlsxError| format!("could not write the workbook: {e}");
        let mut book = Workbook::new();
        let marking = self.marking.replace('&', "&&");
        book.set_properties(
            &DocProperties::new().set_title(&self.title).set_subject(&self.marking).set_keywords(format!("marking: {}", self.marking)),
        );
        let bold = Format::new().set_bold();
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(&self.title)).map_err(fail)?;
        sheet.set_header(format!("&C&\"-,Bold\"{marking}"));
        sheet.set_footer(format!("&C&\"-,Bold\"{marking}&R&P of &N"));
        for (c, h) in self.headers.iter().enumerate() {
            let col = u16::try_from(c).map_err(|_| "too many columns for a worksheet".to_owned())?;
            sheet.write_string_with_format(0, col, h, &bold).map_err(fail)?;
            sheet.set_column_width(col, 18).map_err(fail)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(fail)?;
        for (r, row) in self.rows.iter().enumerate() {
            let at = u32::try_from(r + 1).map_err(|_| "too many rows for a worksheet".to_owned())?;
            for (c, cell) in row.iter().enumerate() {
                if !cell.is_empty() {
                    sheet.write_string(at, c as u16, cell).map_err(fail)?;
                }
            }
        }
        book.save_to_buffer().map_err(fail)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let s = Sheet {
            title: "t".into(),
            marking: "OFFICIAL".into(),
            headers: vec!["Reference".into(), "Summary".into()],
            rows: vec![vec!["R/1".into(), "a, \"b\"\nc".into()], vec!["R/2".into(), "=HYPERLINK(\"x\")".into()]],
        };
        let text = String::from_utf8(s.to_csv().unwrap()).unwrap();
        assert_eq!(text, "Reference,Summary\r\nR/1,\"a, \"\"b\"\"\nc\"\r\nR/2,\"'=HYPERLINK(\"\"x\"\")\"\r\n");
    }

    #[test]
    fn sheet_names_are_ones_excel_accepts() {
        assert_eq!(sheet_name("Search: burglary/robbery [2026]"), "Search  burglary robbery  2026");
        assert_eq!(sheet_name("???"), "Export");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
    }

    #[test]
    fn an_oversized_cell_is_refused_not_cut() {
        let s = Sheet {
            title: "t".into(),
            marking: "OFFICIAL".into(),
            headers: vec!["Summary".into()],
            rows: vec![vec!["x".repeat(XLSX_CELL_LIMIT + 1)]],
        };
        assert!(s.to_xlsx().unwrap_err().contains("export as CSV"));
    }
}
