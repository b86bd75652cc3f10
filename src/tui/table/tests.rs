//! The generic table through `update` and on screen: sort, filter, marks, and the selection kept on
//! its row's key across a reload, in the Pushes, Mismatches and Shops panes (Orders: update tests).

use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;

use crate::engine::{Event, PullSummary};
use crate::tui::fixtures::{mismatch, model, push};
use crate::tui::model::Model;
use crate::tui::msg::{Data, Msg};
use crate::tui::{update, view};

fn keys(m: &mut Model, s: &str) {
    for c in s.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\x1b' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        update(m, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }
}

fn screen(m: &Model) -> String {
    let mut t = Terminal::new(TestBackend::new(m.size.0, m.size.1)).unwrap();
    t.draw(|f| view(m, f)).unwrap();
    format!("{}", t.backend())
}

fn snap(name: &str, s: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.bind(|| insta::assert_snapshot!(name, s));
}

fn push_ids(m: &Model) -> Vec<u64> {
    m.pushes.visible().map(|p| p.id).collect()
}

#[test]
fn pushes_sort_filter_and_marks_hold_across_a_reload_with_the_selection_on_its_push() {
    let mut m = model(10, 120, 40);
    // Newest first, as the store answers.
    update(
        &mut m,
        Msg::Data(Data::Pushes((1..=12).rev().map(push).collect())),
    );
    keys(&mut m, "4");
    assert_eq!(push_ids(&m), (1..=12).rev().collect::<Vec<_>>());
    // `s`: by id, largest first; `S`: reversed. The header carries the arrow.
    keys(&mut m, "sS");
    assert_eq!(push_ids(&m), (1..=12).collect::<Vec<_>>());
    assert_eq!(
        m.pushes.selected().map(|p| p.id),
        Some(12),
        "the selection stays on its push"
    );
    assert_eq!(m.pushes.headers()[1], "id ▲");
    // Tries, largest first; ties keep their order.
    keys(&mut m, "ssss");
    assert_eq!(m.pushes.headers()[5], "tries ▼");
    assert_eq!(
        push_ids(&m),
        [9, 4, 8, 3, 12, 7, 2, 11, 6, 1, 10, 5],
        "ties in load order"
    );
    // Filter: the failed ones; Space marks two of them.
    keys(&mut m, "/failed\n");
    assert_eq!(push_ids(&m), [4, 7, 1, 10]);
    // The selection stayed on push 12 through the sorts; the filter hides it: the cursor is on
    // the last row. `g` to the top, then mark.
    assert_eq!(m.pushes.selected().map(|p| p.id), Some(10));
    keys(&mut m, "g  ");
    let marked: Vec<u64> = m.pushes.marks.keys().copied().collect();
    assert_eq!(marked, [4, 7]);
    assert_eq!(m.pushes.selected().map(|p| p.id), Some(1));
    // A reload: a new failed push, push 4 now done, the rest in another order.
    let mut again: Vec<_> = (1..=13).map(push).collect();
    again[3].state = crate::domain::PushState::Done {
        at: crate::tui::fixtures::now(),
    };
    again[3].last_error = None;
    update(&mut m, Msg::Data(Data::Pushes(again)));
    assert_eq!(push_ids(&m), [13, 7, 1, 10], "sorted and filtered again, once");
    assert_eq!(
        m.pushes.selected().map(|p| p.id),
        Some(1),
        "the selection stays on push 1"
    );
    assert_eq!(m.pushes.marks.len(), 2, "marks are kept by id");
    let s = screen(&m);
    assert!(
        s.contains("Pushes (4) — r retries the marked — filter: failed"),
        "{s}"
    );
    assert!(s.contains("tries ▼"), "{s}");
    snap("pushes_sorted_filtered_marked_120x40", &s);
    // `r` retries the marked ones, the hidden one too.
    let fx = update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::NONE)),
    );
    assert!(
        fx.iter()
            .any(|e| matches!(e, crate::tui::msg::Effect::Execute(_, c)
            if matches!(c.as_ref(), crate::engine::Command::RetryPushes { ids } if ids == &[4, 7]))),
        "{fx:?}"
    );
}

#[test]
fn a_pushed_result_is_applied_as_a_change_and_sorted_in() {
    let mut m = model(10, 120, 40);
    update(&mut m, Msg::Data(Data::Pushes((1..=6).rev().map(push).collect())));
    keys(&mut m, "4jj");
    assert_eq!(m.pushes.selected().map(|p| p.id), Some(4));
    keys(&mut m, "sS"); // by id, smallest first
    let mut p = push(9);
    p.attempts = 1;
    update(&mut m, Msg::Engine(Event::PushResult { push: Box::new(p) }));
    assert_eq!(push_ids(&m), [1, 2, 3, 4, 5, 6, 9]);
    assert_eq!(m.pushes.selected().map(|p| p.id), Some(4));
}

#[test]
fn mismatches_sort_and_filter_keep_the_selected_line_across_a_reload() {
    let mut m = model(10, 80, 24);
    update(
        &mut m,
        Msg::Data(Data::Mismatches((0..9).map(mismatch).collect())),
    );
    keys(&mut m, "3");
    let ids = |m: &Model| -> Vec<String> {
        m.mismatches
            .visible()
            .map(|i| i.row.key.order_no.clone())
            .collect()
    };
    // `s` `s` `s`: order, line, site code (A→Z).
    keys(&mut m, "sss");
    assert_eq!(m.mismatches.headers()[2], "site code ▲");
    let codes: Vec<String> = m.mismatches.visible().map(|i| i.code_text()).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted);
    keys(&mut m, "/red\n");
    assert_eq!(m.mismatches.len(), 5, "the even lines have the red option");
    keys(&mut m, "jj");
    let chosen = m.selected_mismatch().unwrap().id();
    let before = ids(&m);
    // Reload: the store answers in another order and with a new red line.
    let mut again: Vec<_> = (0..11).rev().map(mismatch).collect();
    again.swap(0, 5);
    update(&mut m, Msg::Data(Data::Mismatches(again)));
    assert_eq!(m.mismatches.len(), 6);
    assert_eq!(
        m.selected_mismatch().unwrap().id(),
        chosen,
        "the selection stays on its line"
    );
    let after: Vec<String> = ids(&m).into_iter().filter(|i| before.contains(i)).collect();
    assert_eq!(after, before, "the sort holds across the reload");
    let s = screen(&m);
    assert!(s.contains("site code ▲"), "{s}");
    snap("mismatches_sorted_filtered_80x24", &s);
    // Esc clears the filter; the selection stays on the line.
    keys(&mut m, "\x1b");
    assert_eq!(m.mismatches.len(), 11);
    assert_eq!(m.selected_mismatch().unwrap().id(), chosen);
}

#[test]
fn shops_sorted_by_errors_move_when_a_pull_reports_them() {
    let mut m = model(10, 120, 40);
    keys(&mut m, "1ssssss"); // name, site, shop id, health, last pull, errors
    assert_eq!(m.shops.headers()[6], "errors ▼");
    let first = |m: &Model| m.shops.visible().next().unwrap().view.name.clone();
    assert_eq!(first(&m), "qoo10-main", "no errors yet: load order");
    let summary = PullSummary {
        errors: vec!["HTTP 500".into(), "HTTP 502".into()],
        ..PullSummary::default()
    };
    update(
        &mut m,
        Msg::Engine(Event::PullFinished {
            shop: crate::domain::ShopName::new("grip-live").unwrap(),
            summary,
        }),
    );
    assert_eq!(
        first(&m),
        "grip-live",
        "sorted again when the pull's errors came in"
    );
    assert!(screen(&m).contains("2: HTTP 500"));
}
