//! Reading a SKU file into rows of text cells: .xlsx / .xls / .ods through calamine, .csv as
//! UTF-8 (with or without BOM), Shift_JIS or CP949, detected or chosen.

use std::path::Path;

use std::io::Read;

use calamine::{Data, Reader};
use serde::{Deserialize, Serialize};

use super::headers::match_header;

/// The text encoding of a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    /// UTF-8, with or without a byte-order mark.
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// Shift_JIS (Windows-31J), as Japanese Excel saves CSV.
    #[value(name = "shift_jis", alias = "sjis", alias = "cp932")]
    ShiftJis,
    /// CP949 (EUC-KR superset), as Korean Excel saves CSV.
    #[value(name = "cp949", alias = "euc-kr")]
    Cp949,
}

impl TextEncoding {
    /// The name shown in reports.
    pub const fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::ShiftJis => "shift_jis",
            TextEncoding::Cp949 => "cp949",
        }
    }

    fn codec(self) -> &'static encoding_rs::Encoding {
        match self {
            TextEncoding::Utf8 => encoding_rs::UTF_8,
            TextEncoding::ShiftJis => encoding_rs::SHIFT_JIS,
            TextEncoding::Cp949 => encoding_rs::EUC_KR,
        }
    }
}

/// One data row: its number in the file (header = its own row number) and its cells.
#[derive(Debug, Clone)]
pub struct RawRow {
    /// 1-based row number as the file counts it.
    pub row: u32,
    /// Cell texts, by 0-based column index.
    pub cells: Vec<String>,
}

/// One sheet (a CSV file is one unnamed sheet).
#[derive(Debug, Clone)]
pub struct RawSheet {
    /// The sheet name (xlsx only).
    pub name: Option<String>,
    /// The header row's number.
    pub header_row: u32,
    /// The header cells, by 0-based column index.
    pub headers: Vec<String>,
    /// The data rows (blank rows left out).
    pub rows: Vec<RawRow>,
    /// True for spreadsheets: columns are named by letter as well.
    pub lettered: bool,
}

/// A file read into sheets.
#[derive(Debug, Clone)]
pub struct RawFile {
    /// What was read, e.g. `csv (shift_jis)` or `xlsx`.
    pub format: String,
    /// The sheets to import.
    pub sheets: Vec<RawSheet>,
}

/// Why a file could not be read at all (reported without a row).
pub type ReadError = String;

/// A SKU file larger than this is refused before it is read (60,000 SKUs take about 5 MB).
pub const MAX_SKU_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A sheet whose used range (the box around its non-empty cells) spans more cells than this is
/// refused before any grid of rows is built.
pub const MAX_SHEET_CELLS: u64 = 4_000_000;

/// The most an .xlsx may unpack to, all its parts together (60,000 SKUs unpack to about 30 MB);
/// counted by unpacking, not taken from the sizes the archive declares.
pub const MAX_XLSX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;

/// Refuses a zip archive whose parts unpack to more than `cap` bytes (a zip bomb), before the
/// spreadsheet reader keeps any of them in memory.
fn check_unpacked_size(bytes: &[u8], cap: u64) -> Result<(), ReadError> {
    let unreadable = |e: &dyn std::fmt::Display| format!("not a readable spreadsheet: {e}");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| unreadable(&e))?;
        let left = cap - total;
        total += std::io::copy(&mut (&mut part).take(left + 1), &mut std::io::sink())
            .map_err(|e| unreadable(&e))?;
        if total > cap {
            return Err(format!(
                "the workbook unpacks to more than {cap} bytes ({} MiB), more than shipdeck \
                 reads (a zip bomb?)",
                cap / (1024 * 1024)
            ));
        }
    }
    Ok(())
}

/// Reads at most `cap` bytes of `path`; a larger file is an error naming the cap (`what` says
/// what kind of file it is). A file that grows while read, or a device, is cut at the cap too.
pub fn read_capped(path: &Path, cap: u64, what: &str) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read the file: {e}"))?;
    let too_big = |size: u64| {
        format!(
            "the file is {size} bytes or more, larger than the {cap} bytes ({} MiB) shipdeck reads \
             from {what}",
            cap / (1024 * 1024)
        )
    };
    if let Ok(meta) = file.metadata() {
        if meta.len() > cap {
            return Err(too_big(meta.len()));
        }
    }
    let mut bytes = Vec::new();
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read the file: {e}"))?;
    if bytes.len() as u64 > cap {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default()
}

/// True when the file is a spreadsheet (by its first bytes or its extension).
fn is_spreadsheet(path: &Path, bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
        || matches!(extension(path).as_str(), "xlsx" | "xlsm" | "xls" | "xlsb" | "ods")
}

/// Reads a file of at most `MAX_SKU_FILE_BYTES`; `encoding` forces the text encoding of a CSV.
pub fn read_file(path: &Path, encoding: Option<TextEncoding>) -> Result<RawFile, ReadError> {
    let bytes = read_capped(path, MAX_SKU_FILE_BYTES, "a SKU file")?;
    read_bytes(path, &bytes, encoding)
}

/// Reads a file's bytes (`path` names its format by extension; nothing is opened).
pub fn read_bytes(path: &Path, bytes: &[u8], encoding: Option<TextEncoding>) -> Result<RawFile, ReadError> {
    if bytes.is_empty() {
        return Err("the file is empty (no header row)".into());
    }
    if !is_spreadsheet(path, bytes) {
        return read_csv(bytes, encoding);
    }
    // Only .xlsx is read cell by cell (bounded); calamine builds the whole grid of an .xls or
    // .ods when it opens one, so a hostile one could take all memory.
    let old = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    if old || matches!(extension(path).as_str(), "xls" | "xlsb" | "ods") {
        return Err(
            "only .xlsx spreadsheets are read (not .xls, .xlsb or .ods): save the file \
                    as .xlsx or .csv"
                .into(),
        );
    }
    read_xlsx(bytes)
}

/// A cell as text: numbers that are whole are written without a decimal point.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        other => other.to_string(),
    }
}

/// A column number (0-based) as its letters: 0 → A, 16383 → XFD.
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
    String::from_utf8_lossy(&out).into_owned()
}

/// The non-empty cells of one sheet as (row, column, text), read one at a time; refused as soon
/// as they, or the box around them, pass `MAX_SHEET_CELLS`.
fn sheet_cells(
    book: &mut calamine::Xlsx<std::io::Cursor<&[u8]>>,
    name: &str,
) -> Result<Vec<(u32, u32, String)>, ReadError> {
    let mut reader = book
        .worksheet_cells_reader(name)
        .map_err(|e| format!("sheet {name}: cannot read it: {e}"))?;
    let mut cells = Vec::new();
    let (mut r0, mut r1, mut c0, mut c1) = (u32::MAX, 0u32, u32::MAX, 0u32);
    while let Some(cell) = reader
        .next_cell()
        .map_err(|e| format!("sheet {name}: cannot read it: {e}"))?
    {
        let (row, col) = cell.get_position();
        let text = cell_text(&Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        (r0, r1, c0, c1) = (r0.min(row), r1.max(row), c0.min(col), c1.max(col));
        cells.push((row, col, text));
        let area = (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1);
        if area > MAX_SHEET_CELLS {
            return Err(format!(
                "sheet {name}: its cells reach from {}{} to {}{} ({} rows × {} columns), more than \
                 the {MAX_SHEET_CELLS} cells shipdeck reads from a sheet; delete the stray cells \
                 outside the table (in Excel, Ctrl+End goes to the last one)",
                column_letters(c0),
                r0 + 1,
                column_letters(c1),
                r1 + 1,
                u64::from(r1 - r0) + 1,
                u64::from(c1 - c0) + 1,
            ));
        }
    }
    Ok(cells)
}

fn read_xlsx(bytes: &[u8]) -> Result<RawFile, ReadError> {
    check_unpacked_size(bytes, MAX_XLSX_UNPACKED_BYTES)?;
    let mut book: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a readable spreadsheet: {e}"))?;
    let names = book.sheet_names();
    let wanted: Vec<String> = {
        let named: Vec<String> = names
            .iter()
            .filter(|n| {
                let n = n.trim().to_lowercase();
                n == "skus" || n == "mappings"
            })
            .cloned()
            .collect();
        if named.is_empty() {
            names.first().cloned().into_iter().collect()
        } else {
            named
        }
    };
    if wanted.is_empty() {
        return Err("the workbook has no sheets".into());
    }
    let mut sheets = Vec::new();
    for name in wanted {
        let mut cells = sheet_cells(&mut book, &name)?;
        cells.sort_by_key(|(r, c, _)| (*r, *c));
        let mut rows: Vec<RawRow> = Vec::new();
        for (r, c, text) in cells {
            let row = r + 1;
            if rows.last().is_none_or(|last| last.row != row) {
                rows.push(RawRow {
                    row,
                    cells: Vec::new(),
                });
            }
            if let Some(last) = rows.last_mut() {
                let c = c as usize;
                if last.cells.len() <= c {
                    last.cells.resize(c + 1, String::new());
                }
                last.cells[c] = text;
            }
        }
        let mut rows = rows
            .into_iter()
            .filter(|r| r.cells.iter().any(|c| !c.trim().is_empty()));
        if let Some(header) = rows.next() {
            sheets.push(RawSheet {
                name: Some(name),
                header_row: header.row,
                headers: header.cells,
                rows: rows.collect(),
                lettered: true,
            });
        }
    }
    if sheets.is_empty() {
        return Err("the workbook is empty (no header row)".into());
    }
    Ok(RawFile {
        format: "xlsx".into(),
        sheets,
    })
}

/// True when decoded text looks like a text file (no NULs or other control characters).
fn looks_textual(text: &str) -> Option<usize> {
    text.char_indices()
        .find(|(_, c)| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .map(|(i, _)| i)
}

/// How plausible a decoding is: header cells that name a column, then letters of the script
/// the encoding is for.
fn plausibility(text: &str, enc: TextEncoding) -> (usize, usize) {
    let first = text.lines().next().unwrap_or("");
    let headers = first
        .split([',', '\t'])
        .filter(|h| match_header(h.trim_matches('"')).is_some())
        .count();
    let script = text
        .chars()
        .filter(|c| match enc {
            TextEncoding::Cp949 => ('\u{AC00}'..='\u{D7A3}').contains(c),
            TextEncoding::ShiftJis => {
                ('\u{3040}'..='\u{30FF}').contains(c) || ('\u{FF61}'..='\u{FF9F}').contains(c)
            }
            TextEncoding::Utf8 => false,
        })
        .count();
    (headers, script)
}

/// Decodes CSV bytes: the forced encoding, or UTF-8 first, then Shift_JIS / CP949.
pub fn decode(bytes: &[u8], forced: Option<TextEncoding>) -> Result<(String, TextEncoding), ReadError> {
    let strict = |enc: TextEncoding, b: &[u8]| -> Option<String> {
        enc.codec()
            .decode_without_bom_handling_and_without_replacement(b)
            .map(|c| c.into_owned())
    };
    let utf8_body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (text, enc) = match forced {
        Some(TextEncoding::Utf8) => (
            strict(TextEncoding::Utf8, utf8_body).ok_or("not valid UTF-8 text (as --encoding utf-8 says)")?,
            TextEncoding::Utf8,
        ),
        Some(enc) => (
            strict(enc, bytes)
                .ok_or_else(|| format!("not valid {} text (as --encoding says)", enc.name()))?,
            enc,
        ),
        None => match std::str::from_utf8(utf8_body) {
            Ok(t) => (t.to_string(), TextEncoding::Utf8),
            Err(_) => {
                let mut best: Option<((usize, usize), String, TextEncoding)> = None;
                for enc in [TextEncoding::ShiftJis, TextEncoding::Cp949] {
                    if let Some(t) = strict(enc, bytes) {
                        if looks_textual(&t).is_some() {
                            continue;
                        }
                        let score = plausibility(&t, enc);
                        if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
                            best = Some((score, t, enc));
                        }
                    }
                }
                match best {
                    Some((_, t, enc)) => (t, enc),
                    None => {
                        return Err("not a text file: it is neither UTF-8, Shift_JIS nor CP949 \
                                    (binary data?); use --encoding if you know its encoding"
                            .into())
                    }
                }
            }
        },
    };
    if let Some(at) = looks_textual(&text) {
        return Err(format!(
            "not a text file: a control character at byte {at} (binary data?)"
        ));
    }
    Ok((text, enc))
}

fn read_csv(bytes: &[u8], forced: Option<TextEncoding>) -> Result<RawFile, ReadError> {
    let (text, enc) = decode(bytes, forced)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut header: Option<(u32, Vec<String>)> = None;
    let mut rows = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            format!("line {line}: not readable as CSV: {e}")
        })?;
        let row = rec.position().map(|p| p.line() as u32).unwrap_or(0);
        let cells: Vec<String> = rec
            .iter()
            .map(|c| super::export::unneutralise(c).to_string())
            .collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if header.is_none() {
            header = Some((row, cells));
        } else {
            rows.push(RawRow { row, cells });
        }
    }
    let Some((header_row, headers)) = header else {
        return Err("the file is empty (no header row)".into());
    };
    Ok(RawFile {
        format: format!("csv ({})", enc.name()),
        sheets: vec![RawSheet {
            name: None,
            header_row,
            headers,
            rows,
            lettered: false,
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workbook_that_unpacks_past_the_cap_is_refused_by_what_it_unpacks_to() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "sku code").unwrap();
        for r in 1..200u32 {
            sheet.write_string(r, 0, format!("{r:0>2000}")).unwrap();
        }
        let bytes = book.save_to_buffer().unwrap();
        assert!(bytes.len() < 64 * 1024, "{}", bytes.len());
        let err = check_unpacked_size(&bytes, 256 * 1024).unwrap_err();
        assert!(err.contains("unpacks to more than 262144 bytes"), "{err}");
        check_unpacked_size(&bytes, 4 * 1024 * 1024).unwrap();
        assert!(read_xlsx(&bytes).is_ok());
    }

    #[test]
    fn detects_utf8_bom_shift_jis_and_cp949() {
        let (t, e) = decode("\u{feff}sku code,商品名\n".as_bytes(), None).unwrap();
        assert_eq!((t.as_str(), e), ("sku code,商品名\n", TextEncoding::Utf8));
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("sku code,商品名,在庫数\nA,シャツ,1\n");
        let (t, e) = decode(&sjis, None).unwrap();
        assert_eq!(e, TextEncoding::ShiftJis);
        assert!(t.contains("シャツ"));
        let (kr, _, _) = encoding_rs::EUC_KR.encode("sku code,상품명,재고\nA,티셔츠,1\n");
        let (t, e) = decode(&kr, None).unwrap();
        assert_eq!(e, TextEncoding::Cp949);
        assert!(t.contains("티셔츠"));
        assert!(decode(&[0x00, 0x01, 0xff, 0xfe, 0x80], None).is_err());
    }
}
