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
