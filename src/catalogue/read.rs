//! Reading a SKU file into rows of text cells: .xlsx / .xls / .ods through calamine, .csv as
//! UTF-8 (with or without BOM), Shift_JIS or CP949, detected or chosen.

use std::path::Path;

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

/// True when the file is a spreadsheet (by its first bytes or its extension).
fn is_spreadsheet(path: &Path, bytes: &[u8]) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
        || matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "xlsb" | "ods")
}

/// Reads a file; `encoding` forces the text encoding of a CSV.
pub fn read_file(path: &Path, encoding: Option<TextEncoding>) -> Result<RawFile, ReadError> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read the file: {e}"))?;
    read_bytes(path, bytes, encoding)
}

/// Reads a file's bytes; `name` (its extension) helps tell a spreadsheet from a CSV.
pub fn read_bytes(name: &Path, bytes: Vec<u8>, encoding: Option<TextEncoding>) -> Result<RawFile, ReadError> {
    let path = name;
    if bytes.is_empty() {
        return Err("the file is empty (no header row)".into());
    }
    if is_spreadsheet(path, &bytes) {
        read_spreadsheet(bytes)
    } else {
        read_csv(&bytes, encoding)
    }
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

fn read_spreadsheet(bytes: Vec<u8>) -> Result<RawFile, ReadError> {
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
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
        let range = book
            .worksheet_range(&name)
            .map_err(|e| format!("sheet {name}: cannot read it: {e}"))?;
        let Some((row0, col0)) = range.start() else {
            continue;
        };
        let mut header: Option<(u32, Vec<String>)> = None;
        let mut rows = Vec::new();
        for (i, r) in range.rows().enumerate() {
            let row = row0 + i as u32 + 1;
            let mut cells: Vec<String> = vec![String::new(); col0 as usize];
            cells.extend(r.iter().map(cell_text));
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            if header.is_none() {
                header = Some((row, cells));
            } else {
                rows.push(RawRow { row, cells });
            }
        }
        if let Some((header_row, headers)) = header {
            sheets.push(RawSheet {
                name: Some(name),
                header_row,
                headers,
                rows,
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
        let cells: Vec<String> = rec.iter().map(str::to_string).collect();
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
