//! Arbitrary bytes fed to the local parsers — SKU files (.xlsx and .csv in every encoding),
//! the config TOML and keymap.toml: each gives a value or an error, never a panic.

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use shipdeck::catalogue::read::read_bytes;
use shipdeck::catalogue::TextEncoding;
use shipdeck::config::Config;
use shipdeck::tui::keymap::{Key, Keymap};

/// A small valid workbook to mutate.
fn workbook() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("SKUs").unwrap();
        for (c, h) in ["sku code", "sku name", "on hand"].iter().enumerate() {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        sheet.write_string(1, 0, "A-1").unwrap();
        sheet.write_string(1, 1, "シャツ").unwrap();
        sheet.write_number(1, 2, 3.0).unwrap();
        book.save_to_buffer().unwrap()
    })
}

/// Text made of TOML-ish pieces and stray characters, more likely to get deep into a parser
/// than uniform bytes.
fn tomlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("[esm]\n".to_string()),
        Just("[qoo10]\n".to_string()),
        Just("[keys]\n".to_string()),
        Just("[log]\nlevel = ".to_string()),
        Just("master_id = ".to_string()),
        Just("secret_key = ".to_string()),
        Just("quit = ".to_string()),
        Just("\"".to_string()),
        Just("'''".to_string()),
        Just("[\"ctrl-é\", \"F99\", \"alt-\", \"f256\", \"ctrl-shift-tab\"]".to_string()),
        Just("= ".to_string()),
        Just("\n".to_string()),
        Just("1979-05-27T07:32:00Z".to_string()),
        Just("{ a = [ ".to_string()),
        any::<char>().prop_map(|c| c.to_string()),
        "[a-z_+.]{0,8}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_as_a_sku_file_never_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..2048),
        ext in prop_oneof![Just("x.csv"), Just("x.xlsx"), Just("x.txt"), Just("x.ods")],
        enc in prop_oneof![
            Just(None),
            Just(Some(TextEncoding::Utf8)),
            Just(Some(TextEncoding::ShiftJis)),
            Just(Some(TextEncoding::Cp949)),
        ],
    ) {
        let _ = read_bytes(Path::new(ext), &bytes, enc);
        let mut zipped = b"PK\x03\x04".to_vec();
        zipped.extend(&bytes);
        let _ = read_bytes(Path::new("x.xlsx"), &zipped, enc);
    }

    #[test]
    fn csv_like_text_never_panics(
        text in prop::collection::vec(
            prop_oneof![
                Just(","), Just("\""), Just("\n"), Just("\r\n"), Just("'="), Just("sku code"),
                Just("on hand"), Just("site"), Just("grip"), Just("\u{feff}"), Just("商品"),
                Just("-1"), Just("99999999999999999999"), Just("\t"),
            ],
            0..80,
        ).prop_map(|v| v.concat())
    ) {
        let _ = read_bytes(Path::new("x.csv"), text.as_bytes(), None);
    }

    #[test]
    fn a_mutated_workbook_never_panics(
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut bytes = workbook().to_vec();
        for (at, b) in flips {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        if truncate {
            bytes.truncate(cut.index(bytes.len()));
        }
        let _ = read_bytes(Path::new("x.xlsx"), &bytes, None);
    }

    #[test]
    fn a_workbook_with_arbitrary_cells_anywhere_gives_rows_or_an_error(
        cells in prop::collection::vec(
            (0u32..1_048_576, 0u16..16_384, "\\PC{0,12}"),
            1..12,
        ),
        near in prop::collection::vec((0u32..50, 0u16..12, "\\PC{0,12}"), 0..30),
    ) {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (r, c, t) in near.iter().chain(cells.iter()) {
            let _ = sheet.write_string(*r, *c, t.as_str());
        }
        let bytes = book.save_to_buffer().unwrap();
        match read_bytes(Path::new("x.xlsx"), &bytes, None) {
            Ok(file) => {
                for sheet in &file.sheets {
                    for row in &sheet.rows {
                        prop_assert!(row.row > sheet.header_row);
                        prop_assert!(row.cells.len() <= 16_384);
                    }
                }
            }
            Err(e) => prop_assert!(!e.is_empty()),
        }
    }

    #[test]
    fn any_config_text_parses_or_names_a_line(text in tomlish()) {
        match Config::parse(Path::new("c.toml"), &text) {
            Ok(_) => {}
            Err(e) => prop_assert!(e.to_string().contains("c.toml")),
        }
    }

    #[test]
    fn any_bytes_as_config_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = Config::parse(Path::new("c.toml"), &text);
    }

    #[test]
    fn any_keymap_text_leaves_a_working_keymap(text in tomlish(), key in "\\PC{0,16}") {
        let mut km = Keymap::default();
        let _warnings = km.apply_toml(&text);
        let _ = Key::parse(&key);
        // Every action still has a label to show (bound or "-").
        prop_assert!(!km.label(shipdeck::tui::keymap::Action::Quit).is_empty());
    }
}
