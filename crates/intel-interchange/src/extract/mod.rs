//! Reading extracts from other systems, a row at a time. A 1M-row extract
//! never needs 1M rows in memory: CSV is read through a buffered stream and
//! XLSX through calamine's cell reader on its own thread, handing rows over
//! a bounded channel. Every row keeps its line (CSV) or row (XLSX) number,
//! and a row that cannot be read is reported with it, never dropped.

mod csv_rows;
mod xlsx_rows;

pub use csv_rows::{CsvOptions, CsvRows, TextEncoding};
pub use xlsx_rows::XlsxRows;

use std::path::Path;

/// One data row: its cells in header order, and where it was in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// CSV: the line the record starts on. XLSX: the sheet's row number.
    pub line: u64,
    pub cells: Vec<String>,
}

/// A row that could not be read; the import reports it and goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub message: String,
}

/// The file as a whole could not be read (not there, not CSV/XLSX, no header).
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("cannot read {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{0}")]
    Format(String),
}

/// Rows from a CSV or XLSX extract.
pub trait RowSource {
    /// The column names from the header row (trimmed; never empty).
    fn header(&self) -> &[String];
    /// The next row, a row error, or None at the end.
    fn next_row(&mut self) -> Option<Result<Row, RowError>>;
    /// How far through the file reading is, 0.0 to 1.0, when it can tell.
    fn progress(&self) -> Option<f64>;
}

/// The format of an extract, from its name: `.xlsx` is a workbook, anything
/// else is read as CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtractFormat {
    Csv,
    Xlsx,
}

impl ExtractFormat {
    pub fn of(path: &Path) -> Self {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("xlsx") | Some("xlsm") => Self::Xlsx,
            _ => Self::Csv,
        }
    }
}

/// Opens an extract as rows. `sheet` picks a workbook's sheet (the first
/// when None); CSV ignores it.
pub fn open(path: &Path, csv: &CsvOptions, sheet: Option<&str>) -> Result<Box<dyn RowSource + Send>, ExtractError> {
    Ok(match ExtractFormat::of(path) {
        ExtractFormat::Csv => Box::new(CsvRows::open(path, csv)?),
        ExtractFormat::Xlsx => Box::new(XlsxRows::open(path, sheet)?),
    })
}

/// Header names must be usable as mapping keys: present and distinct.
fn check_header(columns: Vec<String>) -> Result<Vec<String>, ExtractError> {
    let columns: Vec<String> = columns.into_iter().map(|c| c.trim().to_owned()).collect();
    if columns.is_empty() || columns.iter().all(String::is_empty) {
        return Err(ExtractError::Format("the extract has no header row (the first row must name the columns)".into()));
    }
    for (i, c) in columns.iter().enumerate() {
        if c.is_empty() {
            return Err(ExtractError::Format(format!("column {} of the header has no name", i + 1)));
        }
        if columns[..i].contains(c) {
            return Err(ExtractError::Format(format!("the header names column '{c}' twice")));
        }
    }
    Ok(columns)
}

/// Longest cell accepted: a larger one is a broken quote swallowing the file.
pub const MAX_CELL_BYTES: usize = 64 * 1024;
