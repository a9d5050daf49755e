//! XLSX extracts, through calamine's cell reader: the sheet's XML is read
//! as a stream on a thread of its own, and finished rows come back over a
//! bounded channel, so memory holds the shared strings and a few rows.

use super::{check_header, ExtractError, Row, RowError, RowSource, MAX_CELL_BYTES};
use calamine::{open_workbook, DataRef, Reader, Xlsx};
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

type Item = Result<Row, RowError>;

pub struct XlsxRows {
    header: Vec<String>,
    rows: Receiver<Item>,
}

/// Rows in flight between the reading thread and the importer.
const CHANNEL_ROWS: usize = 1024;

fn cell_text(value: &DataRef<'_>) -> Result<String, String> {
    Ok(match value {
        DataRef::Empty => String::new(),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.trim().to_owned(),
        DataRef::SharedString(s) => s.trim().to_owned(),
        DataRef::Int(i) => i.to_string(),
        // Whole numbers (phone numbers, counts typed into a number cell) keep
        // no ".0"; others keep Rust's shortest round-trip form.
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        DataRef::Float(f) => f.to_string(),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        DataRef::DateTime(d) if d.is_datetime() => {
            let (y, mo, da, h, mi, s, _) = d.to_ymd_hms_milli();
            if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{da:02}")
            } else {
                format!("{y:04}-{mo:02}-{da:02}T{h:02}:{mi:02}:{s:02}")
            }
        }
        DataRef::DateTime(d) => d.as_f64().to_string(),
        DataRef::Error(e) => return Err(format!("holds a spreadsheet error ({e})")),
    })
}

fn column_letters(mut col: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Reads the sheet, sending the header first, then each row in order.
fn read_sheet(
    mut book: Xlsx<std::io::BufReader<std::fs::File>>,
    sheet: String,
    tx: SyncSender<Item>,
    width_tx: SyncSender<Result<Vec<String>, String>>,
) {
    let mut cells = match book.worksheet_cells_reader(&sheet) {
        Ok(c) => c,
        Err(e) => {
            let _ = width_tx.send(Err(format!("sheet '{sheet}' cannot be read: {e}")));
            return;
        }
    };
    let mut header: Option<usize> = None;
    let mut width_tx = Some(width_tx);
    let mut current: Option<(u32, Vec<String>, Option<String>)> = None;
    let flush = |row: u32,
                 cells: Vec<String>,
                 problem: Option<String>,
                 header: &mut Option<usize>,
                 width_tx: &mut Option<SyncSender<Result<Vec<String>, String>>>|
     -> bool {
        let line = u64::from(row) + 1;
        match header {
            None => {
                if cells.iter().all(String::is_empty) {
                    return true;
                }
                *header = Some(cells.len());
                let answer = match problem {
                    Some(p) => Err(format!("the header row (row {line}) {p}")),
                    None => Ok(cells),
                };
                width_tx.take().map(|t| t.send(answer).is_ok()).unwrap_or(false)
            }
            Some(width) => {
                if cells.iter().all(String::is_empty) && problem.is_none() {
                    return true;
                }
                let item = match problem {
                    Some(message) => Err(RowError { line, message }),
                    None if cells.len() > *width && cells[*width..].iter().any(|c| !c.is_empty()) => {
                        Err(RowError { line, message: format!("has cells beyond the header's {width} columns") })
                    }
                    None => {
                        let mut cells = cells;
                        cells.resize(*width, String::new());
                        Ok(Row { line, cells })
                    }
                };
                tx.send(item).is_ok()
            }
        }
    };
    loop {
        let next = match cells.next_cell() {
            Ok(n) => n,
            Err(e) => {
                let line = current.as_ref().map(|c| u64::from(c.0) + 1).unwrap_or(0);
                if width_tx.is_some() {
                    let _ = width_tx.take().map(|t| t.send(Err(format!("the workbook cannot be read: {e}"))));
                } else {
                    let _ = tx.send(Err(RowError { line, message: format!("the workbook cannot be read from here on: {e}") }));
                }
                return;
            }
        };
        let Some(cell) = next else { break };
        let (row, col) = cell.get_position();
        if current.as_ref().is_some_and(|c| c.0 != row) {
            if let Some((r, cs, p)) = current.take() {
                if !flush(r, cs, p, &mut header, &mut width_tx) {
                    return;
                }
            }
        }
        let entry = current.get_or_insert_with(|| (row, Vec::new(), None));
        let col = col as usize;
        if entry.1.len() <= col {
            entry.1.resize(col + 1, String::new());
        }
        match cell_text(cell.get_value()) {
            Ok(t) if t.len() > MAX_CELL_BYTES => {
                entry.2.get_or_insert(format!(
                    "cell {}{} is longer than {} KiB",
                    column_letters(col as u32),
                    row + 1,
                    MAX_CELL_BYTES / 1024
                ));
            }
            Ok(t) => entry.1[col] = t,
            Err(why) => {
                entry.2.get_or_insert(format!("cell {}{} {why}", column_letters(col as u32), row + 1));
            }
        }
    }
    if let Some((r, cs, p)) = current.take() {
        flush(r, cs, p, &mut header, &mut width_tx);
    }
    if let Some(t) = width_tx.take() {
        let _ = t.send(Err("the sheet is empty".into()));
    }
}

impl XlsxRows {
    pub fn open(path: &Path, sheet: Option<&str>) -> Result<Self, ExtractError> {
        let book: Xlsx<_> = open_workbook(path).map_err(|e| match e {
            calamine::XlsxError::Io(source) => ExtractError::Io { path: path.display().to_string(), source },
            other => ExtractError::Format(format!("{} is not a readable XLSX workbook: {other}", path.display())),
        })?;
        let names = book.sheet_names();
        let sheet = match sheet {
            Some(s) if names.iter().any(|n| n == s) => s.to_owned(),
            Some(s) => return Err(ExtractError::Format(format!("the workbook has no sheet '{s}' (it has: {})", names.join(", ")))),
            None => names.first().cloned().ok_or_else(|| ExtractError::Format("the workbook has no sheets".into()))?,
        };
        let (tx, rows) = sync_channel(CHANNEL_ROWS);
        let (width_tx, width_rx) = sync_channel(1);
        std::thread::Builder::new()
            .name("xlsx-extract".into())
            .spawn(move || read_sheet(book, sheet, tx, width_tx))
            .map_err(|e| ExtractError::Format(format!("cannot start reading the workbook: {e}")))?;
        let header = width_rx
            .recv()
            .map_err(|_| ExtractError::Format("the workbook reader stopped before the header row".into()))?
            .map_err(ExtractError::Format)?;
        let header = check_header(header)?;
        Ok(Self { header, rows })
    }

    pub fn sheet_names(path: &Path) -> Result<Vec<String>, ExtractError> {
        let book: Xlsx<_> =
            open_workbook(path).map_err(|e| ExtractError::Format(format!("{} is not a readable XLSX workbook: {e}", path.display())))?;
        Ok(book.sheet_names())
    }
}

impl RowSource for XlsxRows {
    fn header(&self) -> &[String] {
        &self.header
    }

    fn next_row(&mut self) -> Option<Result<Row, RowError>> {
        self.rows.recv().ok()
    }

    /// The cell stream does not know the sheet's length: callers count rows.
    fn progress(&self) -> Option<f64> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::column_letters;

    #[test]
    fn columns_are_named_as_spreadsheets_name_them() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }
}
