//! CSV extracts. Systems write UTF-8 (with or without a byte-order mark),
//! UTF-16 with a mark, or Windows-1252; `Auto` reads the mark, or else looks
//! at the start of the file. Quoting follows RFC 4180 (the `csv` crate).

use super::{check_header, ExtractError, Row, RowError, RowSource, MAX_CELL_BYTES};
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextEncoding {
    /// A byte-order mark decides; without one, UTF-8 unless the first 64 KiB
    /// are not UTF-8, then Windows-1252.
    #[default]
    Auto,
    Utf8,
    Windows1252,
}

#[derive(Debug, Clone)]
pub struct CsvOptions {
    pub encoding: TextEncoding,
    pub delimiter: u8,
}

impl Default for CsvOptions {
    fn default() -> Self {
        Self { encoding: TextEncoding::Auto, delimiter: b',' }
    }
}

/// What the reader actually decoded the file as (shown in the preview).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoded {
    Utf8,
    Utf8WithBom,
    Utf16,
    Windows1252,
}

type Input = Box<dyn Read + Send>;

pub struct CsvRows {
    reader: csv::Reader<Input>,
    header: Vec<String>,
    record: csv::ByteRecord,
    decoded: Decoded,
    /// Bytes of the file and bytes consumed so far (the decoded stream's
    /// position tracks the file's closely enough for a progress bar).
    size: u64,
    done: bool,
}

const SNIFF: usize = 64 * 1024;

fn sniff(file: &mut File) -> std::io::Result<(Vec<u8>, usize)> {
    let mut head = vec![0u8; SNIFF];
    let mut n = 0;
    while n < SNIFF {
        let got = file.read(&mut head[n..])?;
        if got == 0 {
            break;
        }
        n += got;
    }
    head.truncate(n);
    file.seek(SeekFrom::Start(0))?;
    Ok((head, n))
}

fn looks_utf8(head: &[u8]) -> bool {
    match std::str::from_utf8(head) {
        Ok(_) => true,
        // Cut off mid-character at the end of the sniffed block is still UTF-8.
        Err(e) => e.error_len().is_none(),
    }
}

impl CsvRows {
    pub fn open(path: &Path, options: &CsvOptions) -> Result<Self, ExtractError> {
        let io = |source| ExtractError::Io { path: path.display().to_string(), source };
        let mut file = File::open(path).map_err(io)?;
        let size = file.metadata().map_err(io)?.len();
        let (head, _) = sniff(&mut file).map_err(io)?;
        let bom = encoding_rs::Encoding::for_bom(&head).map(|(enc, _)| enc);
        let decoded = match (options.encoding, bom) {
            (_, Some(enc)) if enc == encoding_rs::UTF_8 => Decoded::Utf8WithBom,
            (_, Some(_)) => Decoded::Utf16,
            (TextEncoding::Utf8, None) => Decoded::Utf8,
            (TextEncoding::Windows1252, None) => Decoded::Windows1252,
            (TextEncoding::Auto, None) if looks_utf8(&head) => Decoded::Utf8,
            (TextEncoding::Auto, None) => Decoded::Windows1252,
        };
        if decoded == Decoded::Utf8WithBom {
            file.seek(SeekFrom::Start(3)).map_err(io)?;
        }
        let buffered = BufReader::with_capacity(256 * 1024, file);
        // UTF-8 is read as it is (past its mark), so a bad byte further on is
        // reported on its row rather than replaced; the others are decoded
        // to UTF-8 first.
        let input: Input = match decoded {
            Decoded::Utf8 | Decoded::Utf8WithBom => Box::new(buffered),
            Decoded::Utf16 => Box::new(encoding_rs_io::DecodeReaderBytesBuilder::new().bom_sniffing(true).strip_bom(true).build(buffered)),
            Decoded::Windows1252 => Box::new(
                encoding_rs_io::DecodeReaderBytesBuilder::new()
                    .encoding(Some(encoding_rs::WINDOWS_1252))
                    .bom_sniffing(false)
                    .build(buffered),
            ),
        };
        // One newline more at the end gives every record a terminator, which
        // is what lets `next_row` work out the line a record starts on.
        let input: Input = Box::new(input.chain(std::io::Cursor::new(b"\n")));
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(options.delimiter).from_reader(input);
        let mut first = csv::ByteRecord::new();
        let got = reader.read_byte_record(&mut first).map_err(|e| ExtractError::Format(format!("the header row cannot be read: {e}")))?;
        if !got {
            return Err(ExtractError::Format("the extract is empty".into()));
        }
        let names = first
            .iter()
            .map(|f| String::from_utf8(f.to_vec()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| ExtractError::Format("the header row is not UTF-8: choose Windows-1252 for this file".into()))?;
        let header = check_header(names)?;
        Ok(Self { reader, header, record: csv::ByteRecord::new(), decoded, size, done: false })
    }

    pub fn decoded(&self) -> Decoded {
        self.decoded
    }
}

impl RowSource for CsvRows {
    fn header(&self) -> &[String] {
        &self.header
    }

    fn next_row(&mut self) -> Option<Result<Row, RowError>> {
        if self.done {
            return None;
        }
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => {
                self.done = true;
                None
            }
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                // A broken stream cannot be resynchronised: report it and stop.
                if !matches!(e.kind(), csv::ErrorKind::Utf8 { .. } | csv::ErrorKind::UnequalLengths { .. }) {
                    self.done = true;
                }
                Some(Err(RowError { line, message: format!("the file cannot be read from here on: {e}") }))
            }
            Ok(true) => {
                // The record's own position is where reading began, before any
                // blank lines the reader skipped; counting back from its end
                // (past its terminator and the newlines inside quoted fields)
                // gives the line it starts on.
                let inside = self.record.iter().map(|f| f.iter().filter(|&&b| b == b'\n').count() as u64).sum::<u64>();
                let line = self.reader.position().line().saturating_sub(inside + 1).max(1);
                Some(self.convert(line))
            }
        }
    }

    fn progress(&self) -> Option<f64> {
        if self.size == 0 {
            return None;
        }
        Some((self.reader.position().byte() as f64 / self.size as f64).min(1.0))
    }
}

impl CsvRows {
    fn convert(&self, line: u64) -> Result<Row, RowError> {
        let fail = |message: String| RowError { line, message };
        if self.record.len() != self.header.len() {
            return Err(fail(format!("{} fields where the header has {}", self.record.len(), self.header.len())));
        }
        let mut cells = Vec::with_capacity(self.record.len());
        for (i, field) in self.record.iter().enumerate() {
            if field.len() > MAX_CELL_BYTES {
                return Err(fail(format!("column '{}' is longer than {} KiB (an unclosed quote?)", self.header[i], MAX_CELL_BYTES / 1024)));
            }
            match std::str::from_utf8(field) {
                Ok(s) => cells.push(s.trim().to_owned()),
                Err(_) => {
                    return Err(fail(format!(
                        "column '{}' is not UTF-8: if the file is Windows-1252, import it with that encoding",
                        self.header[i]
                    )))
                }
            }
        }
        Ok(Row { line, cells })
    }
}
