//! Reading extracts as other systems write them: CSV with RFC 4180 quoting,
//! UTF-8 with and without a byte-order mark, Windows-1252, UTF-16, malformed
//! rows reported with their line numbers; XLSX made by a writer no one here
//! wrote (rust_xlsxwriter), with numbers, dates, gaps and errors.

#![allow(clippy::unwrap_used)]

use intel_interchange::extract::{self, CsvOptions, CsvRows, RowSource, TextEncoding};
use std::path::{Path, PathBuf};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// (good rows as (line, cells), bad rows as (line, message)).
fn read_all(src: &mut dyn RowSource) -> (Vec<(u64, Vec<String>)>, Vec<(u64, String)>) {
    let (mut good, mut bad) = (vec![], vec![]);
    while let Some(r) = src.next_row() {
        match r {
            Ok(row) => good.push((row.line, row.cells)),
            Err(e) => bad.push((e.line, e.message)),
        }
    }
    (good, bad)
}

fn cells(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn csv_quoting_multiline_records_and_malformed_rows_keep_their_lines() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "surname,forenames,note\n\
               SMITH,John,\"says \"\"hello\"\", waves\"\n\
               JONES,Mary,\"two\nlines\"\n\
               BROWN,Pat\n\
               GREEN,Sam,ok,extra\n\
               \n\
               WHITE,Jo,last\n";
    let p = write(dir.path(), "x.csv", csv.as_bytes());
    let mut rows = CsvRows::open(&p, &CsvOptions::default()).unwrap();
    assert_eq!(rows.header(), cells(&["surname", "forenames", "note"]).as_slice());
    let (good, bad) = read_all(&mut rows);
    assert_eq!(
        good,
        vec![
            (2, cells(&["SMITH", "John", "says \"hello\", waves"])),
            (3, cells(&["JONES", "Mary", "two\nlines"])),
            (8, cells(&["WHITE", "Jo", "last"])),
        ]
    );
    assert_eq!(bad.iter().map(|b| b.0).collect::<Vec<_>>(), vec![5, 6], "{bad:?}");
    assert!(bad[0].1.contains("2 fields where the header has 3"), "{}", bad[0].1);
    assert!(bad[1].1.contains("4 fields"), "{}", bad[1].1);
}

#[test]
fn encodings_utf8_bom_windows_1252_and_utf16_read_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let want = cells(&["Zoë", "£20 at Café Noël"]);
    let text = "name,note\nZoë,£20 at Café Noël\n";

    let plain = write(dir.path(), "utf8.csv", text.as_bytes());
    let mut bom_bytes = vec![0xEF, 0xBB, 0xBF];
    bom_bytes.extend_from_slice(text.as_bytes());
    let bom = write(dir.path(), "bom.csv", &bom_bytes);
    let (cp1252, _, lossy) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!lossy);
    let ansi = write(dir.path(), "ansi.csv", &cp1252);
    let mut utf16 = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let wide = write(dir.path(), "utf16.csv", &utf16);

    for p in [&plain, &bom, &ansi, &wide] {
        let mut rows = CsvRows::open(p, &CsvOptions::default()).unwrap();
        assert_eq!(rows.header(), cells(&["name", "note"]).as_slice(), "{} header (BOM must not stick to it)", p.display());
        let (good, bad) = read_all(&mut rows);
        assert!(bad.is_empty(), "{}: {bad:?}", p.display());
        assert_eq!(good, vec![(2, want.clone())], "{}", p.display());
    }

    // Told it is UTF-8, a Windows-1252 file's bad bytes are reported on their
    // row, not replaced.
    let forced = CsvOptions { encoding: TextEncoding::Utf8, ..CsvOptions::default() };
    let mut rows = CsvRows::open(&ansi, &forced).unwrap();
    let (good, bad) = read_all(&mut rows);
    assert!(good.is_empty());
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0].0, 2);
    assert!(bad[0].1.contains("Windows-1252"), "{}", bad[0].1);
}

#[test]
fn csv_files_that_cannot_be_extracts_are_refused_whole() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.csv", b"");
    assert!(CsvRows::open(&empty, &CsvOptions::default()).err().unwrap().to_string().contains("empty"));
    let dup = write(dir.path(), "dup.csv", b"name,name\nA,B\n");
    assert!(CsvRows::open(&dup, &CsvOptions::default()).err().unwrap().to_string().contains("twice"));
    let blank = write(dir.path(), "blank.csv", b"name,,dob\n");
    assert!(CsvRows::open(&blank, &CsvOptions::default()).err().unwrap().to_string().contains("column 2"));
    let missing = dir.path().join("nope.csv");
    assert!(CsvRows::open(&missing, &CsvOptions::default()).err().unwrap().to_string().contains("cannot read"));
    let semi = write(dir.path(), "semi.csv", b"a;b\n1;2\n");
    let mut rows = CsvRows::open(&semi, &CsvOptions { delimiter: b';', ..CsvOptions::default() }).unwrap();
    assert_eq!(read_all(&mut rows).0, vec![(2, cells(&["1", "2"]))]);
}

#[test]
fn xlsx_from_an_independent_writer_reads_as_text_rows() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("extract.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("PND extract").unwrap();
    for (c, h) in ["surname", "dob", "phone", "count", "note"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("dd/mm/yyyy");
    sheet.write_string(1, 0, "Smith").unwrap();
    sheet.write_datetime_with_format(1, 1, ExcelDateTime::from_ymd(1990, 3, 7).unwrap(), &date).unwrap();
    sheet.write_number(1, 2, 7700900123.0).unwrap();
    sheet.write_number(1, 3, 2.5).unwrap();
    sheet.write_string(1, 4, "  padded  ").unwrap();
    // Row 3 left empty; row 4 has a gap in the middle and nothing at the end.
    sheet.write_string(3, 0, "Jones").unwrap();
    sheet.write_number(3, 3, 3.0).unwrap();
    // Row 5 has a cell past the header.
    sheet.write_string(4, 0, "Brown").unwrap();
    sheet.write_string(4, 6, "stray").unwrap();
    book.save(&path).unwrap();

    let mut rows = extract::open(&path, &CsvOptions::default(), None).unwrap();
    assert_eq!(rows.header(), cells(&["surname", "dob", "phone", "count", "note"]).as_slice());
    let (good, bad) = read_all(rows.as_mut());
    assert_eq!(good, vec![(2, cells(&["Smith", "1990-03-07", "7700900123", "2.5", "padded"])), (4, cells(&["Jones", "", "", "3", ""]))]);
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0].0, 5);
    assert!(bad[0].1.contains("beyond the header"), "{}", bad[0].1);

    assert!(extract::open(&path, &CsvOptions::default(), Some("Sheet9")).err().unwrap().to_string().contains("PND extract"));
    let not_xlsx = write(dir.path(), "fake.xlsx", b"name\nA\n");
    assert!(extract::open(&not_xlsx, &CsvOptions::default(), None).err().unwrap().to_string().contains("not a readable XLSX"));
}

#[test]
fn a_large_csv_streams_without_holding_its_rows() {
    // 200k rows read one at a time; the reader holds one record.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.csv");
    {
        use std::io::Write;
        let mut w = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        writeln!(w, "id,name").unwrap();
        for i in 0..200_000 {
            writeln!(w, "{i},person {i}").unwrap();
        }
    }
    let mut rows = CsvRows::open(&path, &CsvOptions::default()).unwrap();
    let mut n = 0u64;
    let mut last_progress = 0.0;
    while let Some(r) = rows.next_row() {
        let r = r.unwrap();
        assert_eq!(r.line, n + 2);
        n += 1;
        if n % 50_000 == 0 {
            let p = rows.progress().unwrap();
            assert!(p > last_progress && p <= 1.0);
            last_progress = p;
        }
    }
    assert_eq!(n, 200_000);
    assert_eq!(rows.progress(), Some(1.0));
}
