//! Unit tests of `update`: marks, ranges, filters, the confirm dialog, Esc layering, quitting,
//! remapped keys, the selection kept on its order across refreshes.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::engine::ItemResult;
use crate::tui::fixtures::{load, model, row};

fn key(m: &mut Model, code: KeyCode) -> Vec<Effect> {
    update(m, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn ch(m: &mut Model, c: char) -> Vec<Effect> {
    key(m, KeyCode::Char(c))
}

fn typed(m: &mut Model, s: &str) {
    for c in s.chars() {
        ch(m, c);
    }
}

#[test]
fn space_marks_and_moves_down() {
    let mut m = model(30, 120, 40);
    ch(&mut m, ' ');
    ch(&mut m, ' ');
    assert_eq!(m.orders.marks.len(), 2);
    assert_eq!(m.orders.sel.cursor, 2);
    ch(&mut m, 'k');
    ch(&mut m, ' ');
    assert_eq!(m.orders.marks.len(), 1, "Space on a marked row unmarks it");
}

#[test]
fn v_marks_a_range_and_ctrl_a_marks_all_of_the_tab() {
    let mut m = model(30, 120, 40);
    ch(&mut m, 'j');
    ch(&mut m, 'v');
    typed(&mut m, "jjj");
    ch(&mut m, 'v');
    let mut marked: Vec<String> = m.orders.marks.keys().map(|k| k.order_no.clone()).collect();
    marked.sort();
    assert_eq!(marked, ["10000001", "10000002", "10000003", "10000004"]);
    m.orders.marks.clear();
    ctrl_a(&mut m);
    assert_eq!(
        m.orders.marked_count(),
        Some(30),
        "every order of the tab, not the page"
    );
    assert!((0..30).all(|p| m.orders.row_at(p).is_none_or(|r| m.orders.is_marked(r))));
}

fn ctrl_a(m: &mut Model) -> Vec<Effect> {
    update(
        m,
        Msg::Key(KeyEvent::new(KeyCode::Char('a'), KeyModifiers::CONTROL)),
    )
}

#[test]
fn mark_all_holds_the_whole_tab_as_a_query_and_confirms_it_in_the_engine() {
    // 319 orders, a 24-row screen: the rows loaded are a window, "mark all" is not.
    let mut m = model(319, 80, 24);
    assert!(m.orders.rows().len() < 319);
    ctrl_a(&mut m);
    assert_eq!(m.orders.marked_count(), Some(319));
    // Space on a row "mark all" holds makes it an exception.
    ch(&mut m, ' ');
    assert_eq!(m.orders.marked_count(), Some(318));
    let first = m.orders.row_at(0).unwrap().key.clone();
    assert!(!m.orders.is_marked(m.orders.row_at(0).unwrap()));
    let fx = ch(&mut m, 'c');
    let Some(Effect::CountSelection { selection, keys }) = fx.first() else {
        panic!("the dialog asks the engine to count: {fx:?}");
    };
    assert_eq!(selection.status, StatusKey::Collected);
    assert!(selection.except.contains(&first));
    assert!(keys.is_empty());
    let counts = vec![
        (crate::domain::Site::Qoo10, "qoo10-main".to_string(), 106),
        (crate::domain::Site::Gmarket, "gmarket-a".to_string(), 106),
        (crate::domain::Site::Grip, "grip-live".to_string(), 106),
    ];
    update(&mut m, Msg::Data(Data::SelectionCounts(counts.clone())));
    match &m.dialog {
        Some(Dialog::Confirm { counts: Some(c), .. }) => assert_eq!(c, &counts),
        other => panic!("no counted dialog: {other:?}"),
    }
    key(&mut m, KeyCode::Tab);
    let fx = key(&mut m, KeyCode::Enter);
    match fx.as_slice() {
        [Effect::Execute(CommandKind::Confirm, cmd), ..] => match cmd.as_ref() {
            Command::ConfirmSelection { selection, keys } => {
                assert_eq!(selection.filter, "");
                assert_eq!(selection.except.len(), 1);
                assert!(keys.is_empty());
            }
            other => panic!("not a confirmation by query: {other:?}"),
        },
        other => panic!("nothing confirmed: {other:?}"),
    }
    assert!(!m.orders.any_marked(), "the marks are handed over");
}

#[test]
fn mark_all_under_a_filter_is_the_filter_and_single_marks_outside_it_are_kept() {
    let mut m = model(30, 120, 40);
    ch(&mut m, ' '); // 10000000, a qoo10 order
    ch(&mut m, '/');
    typed(&mut m, "grip");
    key(&mut m, KeyCode::Enter);
    load(&mut m, 30);
    ctrl_a(&mut m);
    assert_eq!(
        m.orders.marked_count(),
        Some(11),
        "10 grip orders and the qoo10 one"
    );
    let fx = ch(&mut m, 'c');
    match fx.first() {
        Some(Effect::CountSelection { selection, keys }) => {
            assert_eq!(selection.filter, "grip");
            assert_eq!(keys.len(), 1, "the qoo10 order goes along one by one");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_filter_keeps_marks_and_the_dialog_counts_the_hidden_ones() {
    let mut m = model(30, 120, 40);
    typed(&mut m, "   "); // marks 0, 1, 2
    ch(&mut m, '/');
    let fx = {
        typed(&mut m, "grip");
        key(&mut m, KeyCode::Enter)
    };
    let _ = fx;
    load(&mut m, 30); // the runner answers the filtered page request
    assert!(m.input.is_none());
    assert_eq!(m.orders.filter(), "grip");
    assert_eq!(m.orders.len(), 10, "every third order is a grip order");
    assert_eq!(m.orders.marks.len(), 3, "the filter keeps marks");
    ch(&mut m, 'c');
    match &m.dialog {
        Some(Dialog::Confirm {
            keys, hidden, focus, ..
        }) => {
            assert_eq!(keys.len(), 3);
            assert_eq!(*hidden, 2, "two of the three marked are not grip orders");
            assert_eq!(*focus, crate::tui::model::Button::Cancel, "Cancel is the default");
        }
        other => panic!("no confirm dialog: {other:?}"),
    }
}

#[test]
fn filter_is_smart_case() {
    let mut m = model(30, 120, 40);
    ch(&mut m, '/');
    typed(&mut m, "GRIP");
    load(&mut m, 30);
    assert_eq!(m.orders.len(), 0);
    for _ in 0..4 {
        key(&mut m, KeyCode::Backspace);
    }
    typed(&mut m, "Grip");
    load(&mut m, 30);
    assert_eq!(m.orders.len(), 0, "a capital makes the match case-sensitive");
    for _ in 0..4 {
        key(&mut m, KeyCode::Backspace);
    }
    typed(&mut m, "grip");
    load(&mut m, 30);
    assert_eq!(m.orders.len(), 10);
}

#[test]
fn confirm_goes_through_the_dialog_and_cancel_is_the_default() {
    let mut m = model(30, 120, 40);
    typed(&mut m, "   ");
    ch(&mut m, 'c');
    let fx = key(&mut m, KeyCode::Enter);
    assert!(m.dialog.is_none());
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::Execute(..))),
        "Enter on Cancel does nothing"
    );
    assert_eq!(m.orders.marks.len(), 3);
    ch(&mut m, 'c');
    key(&mut m, KeyCode::Tab);
    let fx = key(&mut m, KeyCode::Enter);
    let keys = fx
        .iter()
        .find_map(|e| match e {
            Effect::Execute(CommandKind::Confirm, cmd) => match cmd.as_ref() {
                Command::ConfirmOrders { keys } => Some(keys.clone()),
                _ => None,
            },
            _ => None,
        })
        .expect("a ConfirmOrders command");
    assert_eq!(keys.len(), 3);
    assert!(m.orders.marks.is_empty());
}

#[test]
fn esc_backs_out_one_layer_at_a_time_and_never_quits() {
    let mut m = model(30, 120, 40);
    typed(&mut m, "  ");
    ch(&mut m, '/');
    typed(&mut m, "qoo10");
    load(&mut m, 30);
    ch(&mut m, 'c'); // typed into the filter: no dialog
    assert!(m.dialog.is_none());
    assert_eq!(m.input.as_ref().map(|i| i.text.as_str()), Some("qoo10c"));
    key(&mut m, KeyCode::Backspace);
    key(&mut m, KeyCode::Esc);
    assert!(m.input.is_none(), "Esc closes the input");
    assert_eq!(m.orders.filter(), "qoo10", "…and keeps the filter");
    ch(&mut m, 'c');
    assert!(m.dialog.is_some());
    key(&mut m, KeyCode::Esc);
    assert!(m.dialog.is_none(), "Esc closes the dialog");
    assert_eq!(m.orders.filter(), "qoo10");
    key(&mut m, KeyCode::Esc);
    assert_eq!(m.orders.filter(), "", "Esc clears the filter");
    assert_eq!(m.orders.marks.len(), 2);
    key(&mut m, KeyCode::Esc);
    assert!(m.orders.marks.is_empty(), "Esc clears the marks");
    for _ in 0..3 {
        let fx = key(&mut m, KeyCode::Esc);
        assert!(!m.quit && !fx.iter().any(|e| matches!(e, Effect::Quit)));
    }
}

#[test]
fn q_quits_only_from_the_top_layer() {
    let mut m = model(30, 120, 40);
    ch(&mut m, ':');
    ch(&mut m, 'q');
    assert!(!m.quit, "q in the command bar is text");
    key(&mut m, KeyCode::Esc);
    ch(&mut m, ' ');
    ch(&mut m, 'c');
    ch(&mut m, 'q');
    assert!(!m.quit, "q in the confirm dialog does not quit");
    key(&mut m, KeyCode::Esc);
    ch(&mut m, '?');
    ch(&mut m, 'q');
    assert!(!m.quit && m.dialog.is_none(), "q closes the help");
    let fx = ch(&mut m, 'q');
    assert!(m.quit);
    assert!(fx.iter().any(|e| matches!(e, Effect::Quit)));
}

#[test]
fn the_command_bar_quits_and_switches_tabs() {
    let mut m = model(30, 120, 40);
    ch(&mut m, ':');
    typed(&mut m, "orders confirmed");
    let fx = key(&mut m, KeyCode::Enter);
    assert_eq!(m.orders.tab, StatusKey::Confirmed);
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::LoadOrders { list, .. } if list.status == StatusKey::Confirmed
    )));
    ch(&mut m, ':');
    typed(&mut m, "shop add");
    key(&mut m, KeyCode::Enter);
    assert!(matches!(m.dialog, Some(Dialog::ShopForm(_))));
    key(&mut m, KeyCode::Esc);
    ch(&mut m, ':');
    typed(&mut m, "shop renew q1");
    let fx = key(&mut m, KeyCode::Enter);
    assert!(
        fx.iter().any(|e| matches!(e, Effect::Execute(_, c)
            if matches!(c.as_ref(), crate::engine::Command::RenewShopKey { shop, login: None }
                if shop.as_str() == "q1"))),
        "{fx:?}"
    );
    // `:accept` takes the selected order, or the one named.
    ch(&mut m, ':');
    typed(&mut m, "orders collected");
    key(&mut m, KeyCode::Enter);
    load(&mut m, 30);
    let selected = m.orders.row_at(m.orders.sel.cursor).unwrap().key.clone();
    ch(&mut m, ':');
    typed(&mut m, "accept");
    let fx = key(&mut m, KeyCode::Enter);
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::Execute(CommandKind::Accept, c)
            if matches!(c.as_ref(), crate::engine::Command::AcceptSiteShipment { key } if *key == selected))),
        "{fx:?}"
    );
    ch(&mut m, ':');
    typed(&mut m, "accept no-slash");
    let fx = key(&mut m, KeyCode::Enter);
    assert!(fx.iter().all(|e| !matches!(e, Effect::Execute(..))));
    ch(&mut m, ':');
    typed(&mut m, "shop renew");
    let fx = key(&mut m, KeyCode::Enter);
    assert!(fx.iter().all(|e| !matches!(e, Effect::Execute(..))));
    assert!(m.toasts.iter().any(|t| t.text.contains("usage: :shop renew")));
    ch(&mut m, ':');
    typed(&mut m, "q");
    key(&mut m, KeyCode::Enter);
    assert!(m.quit);
}

#[test]
fn remapped_keys_drive_dispatch_and_bad_entries_warn() {
    let mut m = model(30, 120, 40);
    let warnings = m
        .keymap
        .apply_toml("[keys]\nconfirm = \"C\"\nmark = \"x\"\nbogus = \"b\"\n");
    assert_eq!(warnings.len(), 1);
    ch(&mut m, 'x');
    assert_eq!(m.orders.marks.len(), 1);
    ch(&mut m, 'c');
    assert!(m.dialog.is_none(), "c is no longer bound");
    ch(&mut m, 'C');
    assert!(matches!(m.dialog, Some(Dialog::Confirm { .. })));
    let hints = crate::tui::view::hints(&m);
    assert!(hints
        .iter()
        .any(|(k, what)| k == "C" && *what == "confirm marked"));
}

#[test]
fn the_selection_stays_on_its_order_across_refreshes() {
    let mut m = model(30, 120, 40);
    typed(&mut m, "jj");
    let k = m.orders.selected_key().cloned().unwrap();
    assert_eq!(k.order_no, "10000002");
    // Two new orders arrive at the top.
    let mut rows = vec![row(100, StatusKey::Collected), row(101, StatusKey::Collected)];
    rows.extend((0..30).map(|i| row(i, StatusKey::Collected)));
    let list = m.orders.list();
    update(
        &mut m,
        Msg::Data(Data::Orders {
            list,
            offset: 0,
            total: 32,
            rows,
            search: None,
        }),
    );
    assert_eq!(m.orders.sel.cursor, 4);
    assert_eq!(m.orders.selected_key(), Some(&k));
}

#[test]
fn results_become_a_toast_and_enter_shows_the_details() {
    let mut m = model(5, 120, 40);
    let items = vec![
        ItemResult {
            item: "qoo10-main/10000000".into(),
            outcome: Ok("confirmation queued".into()),
        },
        ItemResult {
            item: "gmarket-a/10000001".into(),
            outcome: Err("cannot confirm: the order is confirmed".into()),
        },
    ];
    let fx = update(
        &mut m,
        Msg::Done {
            what: CommandKind::Confirm,
            result: Ok(CommandResult::Items { items }),
        },
    );
    assert!(fx.iter().any(|e| matches!(e, Effect::Refresh)));
    assert_eq!(
        m.toasts.last().unwrap().text,
        "1 confirmed, 1 failed — Enter for details"
    );
    key(&mut m, KeyCode::Enter);
    match &m.dialog {
        Some(Dialog::Details { lines, .. }) => assert_eq!(lines.len(), 2),
        other => panic!("{other:?}"),
    }
}

#[test]
fn moving_past_the_loaded_window_asks_for_the_next_page() {
    let mut m = model(1000, 120, 40);
    let fx = key(&mut m, KeyCode::PageDown);
    assert!(fx.is_empty(), "{fx:?}");
    key(&mut m, KeyCode::PageDown);
    let fx = key(&mut m, KeyCode::PageDown);
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::LoadOrders { offset, limit, .. } if *offset > 0 && *limit < 200)),
        "{fx:?}"
    );
    let fx = ch(&mut m, 'G');
    assert!(fx.iter().any(|e| matches!(e, Effect::LoadOrders { .. })));
    assert_eq!(m.orders.sel.cursor, 999);
}

#[test]
fn sku_import_runs_the_engine_command_and_shows_the_report_scrollable() {
    let mut m = model(10, 120, 40);
    ch(&mut m, ':');
    typed(&mut m, "sku import /tmp/catalogue file.csv --dry-run");
    let fx = key(&mut m, KeyCode::Enter);
    let cmd = fx.iter().find_map(|e| match e {
        Effect::Execute(CommandKind::Sku, c) => Some(c),
        _ => None,
    });
    match cmd.map(|c| c.as_ref()) {
        Some(Command::ImportSkus { path, dry_run, .. }) => {
            assert_eq!(path, &std::path::PathBuf::from("/tmp/catalogue file.csv"));
            assert!(*dry_run);
        }
        other => panic!("{other:?}"),
    }
    // The report: 40 error lines, more than the dialog shows at once.
    let errors = (0..40)
        .map(|i| crate::catalogue::Problem {
            file: "c.csv".into(),
            sheet: None,
            row: Some(i + 2),
            column: Some("on hand".into()),
            message: "not a whole number".into(),
        })
        .collect();
    let report = crate::catalogue::ImportReport {
        file: "c.csv".into(),
        format: "csv (utf-8)".into(),
        rows: 40,
        errors,
        ..Default::default()
    };
    update(
        &mut m,
        Msg::Done {
            what: CommandKind::Sku,
            result: Ok(CommandResult::SkusImported { report }),
        },
    );
    match &m.dialog {
        Some(Dialog::Details { title, lines, scroll }) => {
            assert!(title.contains("40 errors, nothing written"), "{title}");
            assert!(lines.iter().any(|l| l.contains("row 41")), "{lines:?}");
            assert_eq!(*scroll, 0);
        }
        other => panic!("{other:?}"),
    }
    ch(&mut m, 'j');
    ch(&mut m, 'j');
    key(&mut m, KeyCode::End);
    let Some(Dialog::Details { lines, scroll, .. }) = &m.dialog else {
        panic!()
    };
    assert_eq!(*scroll, lines.len() - 1);
    ch(&mut m, 'g');
    let Some(Dialog::Details { scroll, .. }) = &m.dialog else {
        panic!()
    };
    assert_eq!(*scroll, 0);
    key(&mut m, KeyCode::Esc);
    assert!(m.dialog.is_none());
    // Without a path: a usage toast, no command.
    ch(&mut m, ':');
    typed(&mut m, "sku export");
    let fx = key(&mut m, KeyCode::Enter);
    assert!(!fx.iter().any(|e| matches!(e, Effect::Execute(..))));
    assert!(m.toasts.last().unwrap().text.contains("usage"));
}

#[test]
fn s_moves_the_orders_sort_through_the_indexed_columns_and_reloads() {
    use crate::store::{OrderSort, OrderSortKey};
    let mut m = model(30, 120, 40);
    assert_eq!(m.orders.sort(), OrderSort::default());
    let expect = |m: &Model, fx: &[Effect], by: OrderSortKey, reverse: bool| {
        assert_eq!(m.orders.sort(), OrderSort { by, reverse });
        assert!(
            fx.iter()
                .any(|e| matches!(e, Effect::LoadOrders { list, offset: 0, .. }
                if list.sort == OrderSort { by, reverse })),
            "{fx:?}"
        );
        assert!(!m.orders.loaded, "the old rows are of another order");
    };
    let fx = ch(&mut m, 's');
    expect(&m, &fx, OrderSortKey::Shop, false);
    let fx = ch(&mut m, 'S');
    expect(&m, &fx, OrderSortKey::Shop, true);
    let fx = ch(&mut m, 's');
    expect(&m, &fx, OrderSortKey::Site, false);
    let fx = ch(&mut m, 's');
    expect(&m, &fx, OrderSortKey::Time, false);
    let fx = ch(&mut m, 'S');
    expect(&m, &fx, OrderSortKey::Time, true);
    // A page loaded for the previous sort is dropped; one for this sort is taken.
    let stale = crate::tui::msg::OrdersList {
        sort: OrderSort::default(),
        ..m.orders.list()
    };
    update(
        &mut m,
        Msg::Data(Data::Orders {
            list: stale,
            offset: 0,
            total: 1,
            rows: vec![row(1, StatusKey::Collected)],
            search: None,
        }),
    );
    assert!(!m.orders.loaded);
    let list = m.orders.list();
    update(
        &mut m,
        Msg::Data(Data::Orders {
            list,
            offset: 0,
            total: 1,
            rows: vec![row(1, StatusKey::Collected)],
            search: None,
        }),
    );
    assert!(m.orders.loaded);
}

#[test]
fn sorting_a_pane_keeps_the_selection_on_its_row_and_marks_the_header() {
    let mut m = model(10, 120, 40);
    ch(&mut m, '1');
    // Natural order: qoo10-main, gmarket-a, lotteon-b, grip-live. Select lotteon-b.
    typed(&mut m, "jj");
    let name = |m: &Model| m.shops.selected().unwrap().view.name.clone();
    let order = |m: &Model| -> Vec<String> { m.shops.visible().map(|r| r.view.name.clone()).collect() };
    assert_eq!(name(&m), "lotteon-b");
    ch(&mut m, 's'); // by name, A→Z
    assert_eq!(order(&m), ["gmarket-a", "grip-live", "lotteon-b", "qoo10-main"]);
    assert_eq!(name(&m), "lotteon-b", "the selection stays on its shop");
    ch(&mut m, 'S'); // Z→A
    assert_eq!(order(&m), ["qoo10-main", "lotteon-b", "grip-live", "gmarket-a"]);
    assert_eq!(name(&m), "lotteon-b");
    let header = m.shops.headers();
    assert_eq!(header[..2], ["name ▼", "site"]);
}
