//! Whole-screen snapshots at 80×24 and 120×40 on ratatui's TestBackend, with a fixed model.

use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;

use crate::tui::fixtures::model;
use crate::tui::model::Model;
use crate::tui::msg::Msg;
use crate::tui::{update, view};

fn screen(m: &Model) -> String {
    let mut t = Terminal::new(TestBackend::new(m.size.0, m.size.1)).unwrap();
    t.draw(|f| view(m, f)).unwrap();
    format!("{}", t.backend())
}

fn keys(m: &mut Model, s: &str) {
    for c in s.chars() {
        update(m, Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
    }
}

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    // The fixture's clock is fixed; relative times are masked anyway, should one slip through.
    s.add_filter(r"\b\d+[smhd] ago\b", "[ago]");
    s.set_snapshot_path("snapshots");
    s
}

#[test]
fn orders_80x24() {
    let mut m = model(40, 80, 24);
    keys(&mut m, "  j");
    settings().bind(|| insta::assert_snapshot!(screen(&m)));
}

#[test]
fn orders_120x40_with_confirm_dialog() {
    let mut m = model(40, 120, 40);
    keys(&mut m, "   c");
    settings().bind(|| insta::assert_snapshot!(screen(&m)));
}

#[test]
fn shops_120x40() {
    let mut m = model(10, 120, 40);
    keys(&mut m, "1");
    settings().bind(|| insta::assert_snapshot!(screen(&m)));
}

#[test]
fn help_80x24_mono() {
    let mut m = model(10, 80, 40);
    m.theme = crate::tui::theme::Theme::mono();
    keys(&mut m, "?");
    settings().bind(|| insta::assert_snapshot!(screen(&m)));
}

#[test]
fn too_small() {
    let m = model(10, 50, 10);
    settings().bind(|| insta::assert_snapshot!(screen(&m)));
}

#[test]
fn opening_80x24() {
    // The first frame, drawn before the store is open: empty panes, the status bar says why.
    let mut m = Model::new(
        crate::tui::keymap::Keymap::default(),
        crate::tui::theme::Theme::default16(),
        (80, 24),
        jiff::Timestamp::UNIX_EPOCH,
    );
    m.opening = Some("opening the store at /data/shipdeck".into());
    let s = screen(&m);
    assert!(s.contains("opening the store at /data/shipdeck…"), "{s}");
    settings().bind(|| insta::assert_snapshot!(s));
}

#[test]
fn help_80x24_scrolls_to_its_end_and_shows_only_what_works_in_the_pane() {
    let mut m = model(10, 80, 24);
    keys(&mut m, "?");
    let top = screen(&m);
    assert!(top.contains("In Orders"), "{top}");
    assert!(top.contains("of "), "the title says the help scrolls:\n{top}");
    assert!(!top.contains(":q "), "the end is below the screen:\n{top}");
    keys(&mut m, "G");
    let end = screen(&m);
    assert!(end.contains(":q "), "{end}");
    assert!(end.contains(":cancel"), "{end}");
    settings().bind(|| insta::assert_snapshot!("help_80x24_top", top));
    settings().bind(|| insta::assert_snapshot!("help_80x24_end", end));
    // In Shops, the Orders-only keys are not offered.
    keys(&mut m, "q1?");
    let shops = screen(&m);
    assert!(shops.contains("In Shops"), "{shops}");
    assert!(!shops.contains("confirm marked"), "{shops}");
    assert!(shops.contains("pull now"), "{shops}");
}

#[test]
fn mark_all_dialog_counted_per_site_and_shop_120x40() {
    let mut m = model(319, 120, 40);
    update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Char('a'), KeyModifiers::CONTROL)),
    );
    keys(&mut m, "c");
    let counting = screen(&m);
    assert!(counting.contains("counting…"), "{counting}");
    update(
        &mut m,
        Msg::Data(crate::tui::msg::Data::SelectionCounts(vec![
            (crate::domain::Site::Gmarket, "gmarket-a".into(), 106),
            (crate::domain::Site::Grip, "grip-live".into(), 106),
            (crate::domain::Site::Qoo10, "qoo10-main".into(), 107),
        ])),
    );
    let s = screen(&m);
    assert!(s.contains("Confirm 319 marked orders"), "{s}");
    assert!(s.contains("319 marked"), "{s}");
    settings().bind(|| insta::assert_snapshot!(s));
}
