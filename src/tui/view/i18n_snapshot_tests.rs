//! The dashboard in Korean and Japanese: all four panes and the help at 80×24, the main screen at
//! 120×40 in each language, and tables that stay aligned with wide text in their cells.

use std::collections::BTreeSet;

use ratatui::backend::TestBackend;
use ratatui::Terminal;

use crate::domain::mapping::{SiteCode, Suggestion};
use crate::domain::push::{Push, PushKind, PushState};
use crate::domain::tracking::{Carrier, Tracking, TrackingNumber};
use crate::domain::{OrderKey, ShopName, SkuCode};
use crate::i18n::{with_lang, Lang};
use crate::store::MismatchRow;
use crate::tui::fixtures::{model, now};
use crate::tui::model::{MismatchItem, Model};
use crate::tui::msg::{Data, Msg};
use crate::tui::{update, view};

/// The screen's rows as text, one string per row, as a terminal shows them (a wide character's
/// second cell is not repeated).
fn rows(m: &Model) -> Vec<String> {
    let mut t = Terminal::new(TestBackend::new(m.size.0, m.size.1)).unwrap();
    t.draw(|f| view(m, f)).unwrap();
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            let mut line = String::new();
            let mut skip = 0;
            for x in 0..buf.area.width {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let s = buf[(x, y)].symbol();
                skip = crate::i18n::width(s).saturating_sub(1);
                line.push_str(s);
            }
            line
        })
        .collect()
}

fn screen(m: &Model) -> String {
    let r = rows(m);
    for (y, line) in r.iter().enumerate() {
        assert_eq!(
            crate::i18n::width(line),
            usize::from(m.size.0),
            "row {y} is not as wide as the screen: {line:?}"
        );
    }
    r.join("\n")
}

fn keys(m: &mut Model, s: &str) {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    for c in s.chars() {
        update(m, Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
    }
}

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path("snapshots");
    s.set_prepend_module_to_snapshot(false);
    s
}

fn push(id: u64, order: &str, kind: PushKind, state: PushState, error: Option<&str>) -> Push {
    Push {
        id,
        shop: ShopName::new("qoo10-main").unwrap(),
        order_no: Some(order.into()),
        kind,
        state,
        attempts: u32::from(error.is_some()),
        calls: 1,
        last_error: error.map(String::from),
        note: None,
        actor: None,
        created_at: now(),
        updated_at: now(),
    }
}

/// The fixture model with open mismatches (Korean and Japanese product names, as the sites send
/// them) and pushes in every state.
fn full(w: u16, h: u16) -> Model {
    let mut m = model(40, w, h);
    let line = |order: &str, shop: &str, code: &str, product: &str, option: &str| MismatchItem {
        row: MismatchRow {
            key: OrderKey::new(ShopName::new(shop).unwrap(), order.to_string()).unwrap(),
            line_key: "1".into(),
            code: Some(SiteCode::Option { code: code.into() }),
            product_name: product.into(),
            option_name: option.into(),
        },
        site: None,
    };
    let items = vec![
        line(
            "10000003",
            "gmarket-a",
            "OPT-778",
            "무선 블루투스 이어폰 프로",
            "화이트",
        ),
        line(
            "10000007",
            "qoo10-main",
            "A-1029",
            "保湿クリーム 50g 詰め替え用",
            "無香料",
        ),
        line("10000011", "grip-live", "sku 12", "Cotton tee", "L"),
    ];
    let id = items[0].id();
    update(&mut m, Msg::Data(Data::Mismatches(items)));
    update(
        &mut m,
        Msg::Data(Data::Suggestions(
            id,
            vec![Suggestion {
                code: SiteCode::Option {
                    code: "opt-778".into(),
                },
                sku: SkuCode::new("EAR-PRO-WH").unwrap(),
                differences: BTreeSet::new(),
            }],
        )),
    );
    let tracking = Tracking::from_label(Carrier::Cj, TrackingNumber::new("640212345678").unwrap());
    let due = now() + jiff::SignedDuration::from_secs(90);
    update(
        &mut m,
        Msg::Data(Data::Pushes(vec![
            push(
                4,
                "10000002",
                PushKind::Ship {
                    tracking,
                    line_keys: vec!["1".into()],
                },
                PushState::Done { at: now() },
                None,
            ),
            push(
                3,
                "10000001",
                PushKind::Confirm { line_keys: vec![] },
                PushState::Pending { due_at: due },
                Some("HTTP 503"),
            ),
            push(
                2,
                "10000000",
                PushKind::Confirm { line_keys: vec![] },
                PushState::Failed { at: now() },
                Some("order already cancelled"),
            ),
        ])),
    );
    m
}

/// The display column where `needle` starts in `line`.
fn column(line: &str, needle: &str) -> Option<usize> {
    line.find(needle).map(|i| crate::i18n::width(&line[..i]))
}

const PANES: [(&str, &str); 4] = [
    ("shops", "1"),
    ("orders", "2"),
    ("mismatches", "3"),
    ("pushes", "4"),
];

#[test]
fn korean_and_japanese_panes_and_help_at_80x24() {
    for lang in [Lang::Ko, Lang::Ja] {
        with_lang(lang, || {
            for (name, key) in PANES {
                let mut m = full(80, 24);
                keys(&mut m, key);
                let s = screen(&m);
                settings().bind(|| insta::assert_snapshot!(format!("{}_{name}_80x24", lang.code()), s));
            }
            let mut m = full(80, 24);
            keys(&mut m, "?");
            let s = screen(&m);
            let head = crate::tr!("help-in-pane", pane = crate::tr!("pane-orders"));
            assert!(s.contains(&head), "{s}");
            settings().bind(|| insta::assert_snapshot!(format!("{}_help_80x24", lang.code()), s));
            // Its end: the dialog keys, the bars' keys and the `:` commands.
            keys(&mut m, "G");
            let s = screen(&m);
            assert!(
                s.contains(&crate::tr!("help-commands")) && s.contains(":q"),
                "{s}"
            );
            settings().bind(|| insta::assert_snapshot!(format!("{}_help_80x24_end", lang.code()), s));
        });
    }
}

#[test]
fn the_main_screen_at_120x40_in_each_language() {
    for lang in crate::i18n::LANGS {
        with_lang(lang, || {
            let mut m = full(120, 40);
            keys(&mut m, "  j");
            let s = screen(&m);
            settings().bind(|| insta::assert_snapshot!(format!("{}_orders_120x40", lang.code()), s));
        });
    }
}

#[test]
fn columns_after_wide_text_stay_aligned() {
    for lang in crate::i18n::LANGS {
        with_lang(lang, || {
            // Orders: the status column holds wide text; the SKU column after it starts under its
            // header on every row.
            let m = full(120, 40);
            let r = rows(&m);
            let header = r
                .iter()
                .find(|l| l.contains(&crate::tr!("col-order-no")))
                .unwrap();
            let sku_col = column(header, &crate::tr!("col-sku")).unwrap();
            let qty_col = column(header, &crate::tr!("col-qty")).unwrap();
            let data: Vec<&String> = r.iter().filter(|l| l.contains("1000000")).collect();
            assert!(data.len() >= 5, "{r:#?}");
            for l in &data {
                let unmapped = crate::tr!("sku-unmapped", n = 1);
                let ok = crate::tr!("sku-ok");
                let at = column(l, &unmapped).or_else(|| column(l, &format!(" {ok}")).map(|c| c + 1));
                assert_eq!(at, Some(sku_col), "{}: {l}\n{header}", lang.code());
                // The quantity (one digit) sits in its column.
                let qty = l
                    .char_indices()
                    .find(|(i, _)| crate::i18n::width(&l[..*i]) == qty_col)
                    .map(|(_, c)| c);
                assert!(qty.is_some_and(|c| c.is_ascii_digit()), "{l}\n{header}");
            }
            // Mismatches: wide product names are cut inside their column; the candidates after them
            // start under their header.
            let mut m = full(80, 24);
            keys(&mut m, "3");
            let r = rows(&m);
            let header = r
                .iter()
                .find(|l| l.contains(&crate::tr!("col-candidates")))
                .unwrap();
            let cand_col = column(header, &crate::tr!("col-candidates")).unwrap();
            let line = r.iter().find(|l| l.contains("EAR-PRO-WH")).unwrap();
            assert_eq!(column(line, "EAR-PRO-WH"), Some(cand_col), "{line}\n{header}");
            let jp = r.iter().find(|l| l.contains("A-1029")).unwrap();
            assert!(jp.contains("保湿"), "{jp}");
            assert!(
                !jp.contains("詰め替え用"),
                "the long name is cut to its column: {jp}"
            );
        });
    }
}

#[test]
fn a_dialog_drawn_over_wide_text_keeps_its_left_border() {
    with_lang(Lang::Ko, || {
        let mut m = full(80, 24);
        keys(&mut m, "?");
        let r = rows(&m);
        // The help is 72 wide, centred: its left border is column 4, over the wide tab names and
        // status cells of the Orders pane.
        let top = r
            .iter()
            .position(|l| column(l, "┌") == Some(4))
            .expect("the help's top corner");
        let bottom = r.iter().rposition(|l| column(l, "┘").is_some()).unwrap();
        assert!(bottom > top + 5, "{r:#?}");
        for l in &r[top + 1..bottom] {
            let at: Vec<usize> = l
                .match_indices('│')
                .map(|(i, _)| crate::i18n::width(&l[..i]))
                .collect();
            assert!(at.contains(&4), "the border is lost under a wide character: {l}");
        }
    });
}

fn command(m: &mut Model, line: &str) {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    keys(m, ":");
    keys(m, line);
    update(m, Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
}

#[test]
fn korean_and_japanese_dialogs_at_80x24() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    for lang in [Lang::Ko, Lang::Ja] {
        with_lang(lang, || {
            // The confirm dialog over the Orders pane.
            let mut m = full(80, 24);
            keys(&mut m, "  c");
            let s = screen(&m);
            assert!(s.contains(&crate::tr!("confirm-marked", n = 2)), "{s}");
            settings().bind(|| insta::assert_snapshot!(format!("{}_confirm_80x24", lang.code()), s));
            // The map dialog over the Mismatches pane, with its suggestion.
            let mut m = full(80, 24);
            keys(&mut m, "3");
            update(
                &mut m,
                Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
            );
            let s = screen(&m);
            assert!(
                s.contains(&crate::tr!("map-title")) && s.contains("EAR-PRO-WH"),
                "{s}"
            );
            settings().bind(|| insta::assert_snapshot!(format!("{}_map_80x24", lang.code()), s));
            // The shop form.
            let mut m = full(80, 24);
            command(&mut m, "shop add");
            let s = screen(&m);
            assert!(s.contains(&crate::tr!("form-save-test")), "{s}");
            settings().bind(|| insta::assert_snapshot!(format!("{}_shop_form_80x24", lang.code()), s));
        });
    }
}

#[test]
fn a_korean_toast_is_shown_whole_measured_in_columns() {
    for lang in [Lang::Ko, Lang::Ja] {
        with_lang(lang, || {
            let mut m = full(80, 24);
            keys(&mut m, "y");
            let toast = m.toasts.last().expect("a toast").text.clone();
            assert!(toast.contains("10000000"), "{toast}");
            let r = rows(&m);
            assert!(
                r.iter().any(|l| l.contains(&toast)),
                "the toast {toast:?} is cut:\n{}",
                r.join("\n")
            );
        });
    }
}
