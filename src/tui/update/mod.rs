//! `update(&mut Model, Msg) -> Vec<Effect>`: every change of the dashboard's state, no I/O.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::domain::StatusKey;
use crate::engine::{Command, CommandResult, Event};

use super::keymap::{Action, Key};
use super::model::{Dialog, Input, InputKind, Model, Pane, PANES, TOAST_SECS};
use super::msg::{CommandKind, Data, Effect, Msg};
use crate::domain::lifecycle::ALL_STATUS_KEYS;

/// Applies a message to the model and returns what the runner should do.
pub fn update(m: &mut Model, msg: Msg) -> Vec<Effect> {
    let mut fx = Vec::new();
    match msg {
        Msg::Key(ev) => {
            if ev.kind == KeyEventKind::Press {
                key(m, ev, &mut fx);
            }
        }
        Msg::Resize(w, h) => {
            m.size = (w, h);
            follow_all(m);
        }
        Msg::Tick(now) => {
            m.now = now;
            m.toasts
                .retain(|t| now.duration_since(t.at).as_secs() < TOAST_SECS);
        }
        Msg::Engine(ev) => engine_event(m, ev, &mut fx),
        Msg::Data(d) => data(m, d),
        Msg::Done { what, result } => done(m, what, result, &mut fx),
        Msg::Lagged => fx.push(Effect::Refresh),
    }
    if m.pane == Pane::Mismatches {
        marks::want_suggestions(m, &mut fx);
    }
    if !fx.iter().any(|e| matches!(e, Effect::Refresh)) {
        if let Some((offset, limit)) = m.orders.wanted(m.page()) {
            fx.push(Effect::LoadOrders {
                list: m.orders.list(),
                offset,
                limit,
            });
        }
    }
    fx
}

fn engine_event(m: &mut Model, ev: Event, fx: &mut Vec<Effect>) {
    match ev {
        Event::PullFinished { shop, summary } => {
            let info = m.pulls.entry(shop.to_string()).or_default();
            info.last = Some(m.now);
            info.errors = summary.errors.len();
            info.error_text = summary.errors.first().cloned();
            let (info, page) = (info.clone(), m.page());
            m.shops.edit(page, |rows| {
                for r in rows.iter_mut().filter(|r| r.view.name == shop.as_str()) {
                    r.pull = info.clone();
                }
            });
        }
        Event::BulkProgress { progress } => {
            // Progress is drawn from the event itself; the lists reload once it is over.
            let over = progress.finished();
            m.bulk = Some(progress);
            if !over {
                return;
            }
        }
        Event::PushResult { push } => {
            // Applied as a change: the push replaces its old version (or comes first, as newest).
            let page = m.page();
            m.pushes
                .edit(page, |rows| match rows.iter_mut().find(|p| p.id == push.id) {
                    Some(p) => *p = *push,
                    None => rows.insert(0, *push),
                });
        }
        // Resync: events were missed over the link; the refresh reloads everything in view.
        Event::OrdersChanged { .. } | Event::ShopHealth { .. } | Event::Resync => {}
    }
    fx.push(Effect::Refresh);
}

fn data(m: &mut Model, d: Data) {
    match d {
        Data::Status(s) => m.status = Some(s),
        Data::Shops(s) => m.set_shops(s),
        Data::Orders {
            list,
            offset,
            total,
            rows,
            search,
        } => {
            let page = m.page();
            let o = &mut m.orders;
            // A page of another list (an earlier tab, sort or filter) is of no use any more.
            if list.status != o.tab || list.sort != o.sort() || search.is_some() != o.filtering() {
                return;
            }
            // The selection stays on the same order when it is still in the loaded rows.
            if let Some(search) = search {
                // Any search result for a part of the filter still helps: it is filtered locally.
                if !o.filter().contains(list.filter.as_str()) {
                    return;
                }
                o.searched = Some((list.filter, search));
                o.take_rows(rows, None, page);
            } else if list.filter.is_empty() {
                o.take_rows(rows, Some((offset, total)), page);
            }
        }
        Data::Mismatches(items) => {
            let page = m.page();
            m.mismatches.set_rows(items, None, page);
        }
        Data::Suggestions(id, s) => {
            m.suggesting.remove(&id);
            m.suggestions.insert(id, s);
        }
        Data::SelectionCounts(counts) => {
            if let Some(Dialog::Confirm { counts: c, .. }) = m.dialog.as_mut() {
                *c = Some(counts);
            }
        }
        Data::Pushes(p) => {
            let page = m.page();
            m.pushes.set_rows(p, None, page);
        }
        Data::Audit(entries) => {
            let mut lines: Vec<String> = entries.iter().map(|e| e.line()).collect();
            if lines.is_empty() {
                lines.push(crate::tr!("audit-none"));
            }
            m.dialog = Some(crate::tui::model::Dialog::Details {
                title: crate::tr!("audit-title", n = entries.len()),
                lines,
                scroll: 0,
            });
        }
        Data::Failed(e) => m.toast(crate::tr!("toast-query-failed", error = e), true, vec![]),
        Data::RefreshDone => {}
    }
}

fn done(m: &mut Model, what: CommandKind, result: Result<CommandResult, String>, fx: &mut Vec<Effect>) {
    fx.push(Effect::Refresh);
    let result = match result {
        Ok(r) => r,
        Err(e) => {
            if let (
                CommandKind::AddShop | CommandKind::TestShop | CommandKind::RenewKey,
                Some(Dialog::ShopForm(form)),
            ) = (what, m.dialog.as_mut())
            {
                form.answer = Some((false, e.clone()));
            }
            m.toast(format!("{}: {e}", verb(what)), true, vec![e]);
            return;
        }
    };
    match (what, result) {
        (CommandKind::Confirm | CommandKind::Retry | CommandKind::Accept, CommandResult::Items { items }) => {
            let ok = items.iter().filter(|i| i.outcome.is_ok()).count();
            let failed = items.len() - ok;
            let word = match what {
                CommandKind::Confirm => crate::tr!("word-confirmed"),
                CommandKind::Accept => crate::tr!("word-shipped-site-tracking"),
                _ => crate::tr!("word-retried"),
            };
            m.toast(
                crate::tr!("toast-items-done", ok = ok, word = word, failed = failed),
                failed > 0,
                Model::item_lines(&items),
            );
        }
        (_, CommandResult::BulkQueued { progress }) => {
            let text = crate::tr!(
                "toast-bulk-queued",
                queued = progress.queued,
                skipped = progress.skipped
            );
            m.bulk = Some(progress);
            m.toast(text, false, vec![]);
        }
        (_, CommandResult::MappingSet { reresolved, released }) => {
            m.toast(
                crate::tr!(
                    "toast-mapping-saved",
                    reresolved = reresolved,
                    released = released
                ),
                false,
                vec![],
            );
        }
        (_, CommandResult::Pulled { shops }) => {
            let new: u64 = shops.values().map(|s| s.new).sum();
            let errors: Vec<String> = shops
                .iter()
                .flat_map(|(n, s)| s.errors.iter().map(move |e| format!("{n}: {e}")))
                .collect();
            m.toast(
                crate::tr!(
                    "toast-pulled",
                    shops = shops.len(),
                    new = new,
                    errors = errors.len()
                ),
                !errors.is_empty(),
                errors,
            );
        }
        (_, CommandResult::ShopAdded { shop }) => {
            if let Some(Dialog::ShopForm(form)) = m.dialog.as_mut() {
                form.saved_as = Some(shop.name.clone());
                form.answer = Some((true, crate::tr!("form-saved-testing", name = shop.name.as_str())));
            }
        }
        (_, CommandResult::KeyRenewed { shop }) => {
            let key = shop.fields.get("seller_key").cloned().unwrap_or_default();
            let expires = shop
                .fields
                .get("key_expires")
                .cloned()
                .unwrap_or_else(|| "-".into());
            let text = crate::tr!("form-key-issued", key = key, expires = expires);
            if let Some(Dialog::ShopForm(form)) = m.dialog.as_mut() {
                form.saved_as = Some(shop.name.clone());
                form.answer = Some((true, text.clone()));
            }
            m.toast(
                crate::tr!("toast-key-stored", name = shop.name.as_str()),
                false,
                vec![],
            );
        }
        (_, CommandResult::ShopTested { outcome }) => {
            let (ok, text) = match outcome {
                Ok(r) => (true, crate::tr!("form-connection-ok", message = r.message)),
                Err(e) => (false, crate::tr!("form-site-said", error = e.to_string())),
            };
            if let Some(Dialog::ShopForm(form)) = m.dialog.as_mut() {
                form.answer = Some((ok, text.clone()));
            }
            m.toast(text, !ok, vec![]);
        }
        (_, CommandResult::SkusImported { report }) => {
            let lines: Vec<String> = report.to_string().lines().map(String::from).collect();
            let bad = !report.errors.is_empty();
            let title = if report.applied {
                crate::tr!(
                    "sku-imported",
                    file = report.file.to_string(),
                    released = report.released
                )
            } else if bad {
                crate::tr!(
                    "sku-import-errors",
                    file = report.file.to_string(),
                    n = report.errors.len()
                )
            } else {
                crate::tr!("sku-import-dry-run", file = report.file.to_string())
            };
            m.toast(title.clone(), bad, lines.clone());
            m.dialog = Some(Dialog::Details {
                title,
                lines,
                scroll: 0,
            });
        }
        (_, CommandResult::SkusExported { report }) => {
            let lines: Vec<String> = report.to_string().lines().map(String::from).collect();
            m.toast(
                crate::tr!("sku-exported", file = report.file.to_string()),
                false,
                lines,
            );
        }
        (_, other) => m.toast(format!("{}: {other:?}", verb(what)), false, vec![]),
    }
}

fn verb(what: CommandKind) -> String {
    crate::tr!(match what {
        CommandKind::Confirm => "verb-confirm",
        CommandKind::Retry => "verb-retry",
        CommandKind::Mapping => "verb-mapping",
        CommandKind::Pull => "verb-pull",
        CommandKind::AddShop => "verb-add-shop",
        CommandKind::TestShop => "verb-test-shop",
        CommandKind::RenewKey => "verb-renew-key",
        CommandKind::Sku => "verb-sku",
        CommandKind::Accept => "verb-accept",
        CommandKind::CancelBulk => "verb-cancel",
    })
}

fn follow_all(m: &mut Model) {
    let page = m.page();
    m.orders.follow(page);
    m.shops.follow(page);
    m.mismatches.follow(page);
    m.pushes.follow(page);
}

fn key(m: &mut Model, ev: KeyEvent, fx: &mut Vec<Effect>) {
    if m.dialog.is_some() {
        return dialog_key(m, ev, fx);
    }
    if m.input.is_some() {
        return input_key(m, ev, fx);
    }
    let Some(action) = m.keymap.action(Key::from_event(&ev)) else {
        return;
    };
    act(m, action, fx);
}

/// Carries out an action at the top layer.
fn act(m: &mut Model, action: Action, fx: &mut Vec<Effect>) {
    let page = m.page() as i64;
    match action {
        Action::Quit => {
            m.quit = true;
            fx.push(Effect::Quit);
        }
        Action::Help => m.dialog = Some(Dialog::Help { scroll: 0 }),
        Action::SortNext | Action::SortReverse => {
            // A new Orders sort loads through `wanted` once `update` finishes.
            let next = m.table().next_sort(action == Action::SortReverse);
            let page = m.page();
            match m.pane {
                Pane::Orders => m.orders.set_sort(next),
                _ => m.table_mut().set_sort(next, page),
            }
        }
        Action::Back => back(m),
        Action::Down => step(m, 1),
        Action::Up => step(m, -1),
        Action::PageDown => step(m, page),
        Action::PageUp => step(m, -page),
        Action::Top => step(m, i64::MIN / 2),
        Action::Bottom => step(m, i64::MAX / 2),
        Action::NextPane => m.pane = PANES[(m.pane.index() + 1) % 4],
        Action::PrevPane => m.pane = PANES[(m.pane.index() + 3) % 4],
        Action::PaneShops => m.pane = Pane::Shops,
        Action::PaneOrders => m.pane = Pane::Orders,
        Action::PaneMismatches => m.pane = Pane::Mismatches,
        Action::PanePushes => m.pane = Pane::Pushes,
        Action::NextTab | Action::PrevTab => {
            if m.pane == Pane::Orders {
                let i = ALL_STATUS_KEYS
                    .iter()
                    .position(|k| *k == m.orders.tab)
                    .unwrap_or(0);
                let n = ALL_STATUS_KEYS.len();
                let j = if action == Action::NextTab {
                    (i + 1) % n
                } else {
                    (i + n - 1) % n
                };
                set_tab(m, ALL_STATUS_KEYS[j]);
            }
        }
        Action::Filter => {
            m.input = Some(Input {
                kind: InputKind::Filter,
                text: m.filter().to_string(),
            })
        }
        Action::CommandBar => {
            m.input = Some(Input {
                kind: InputKind::Command,
                text: String::new(),
            })
        }
        Action::Mark => marks::mark(m),
        Action::MarkRange => marks::mark_range(m),
        Action::MarkAll => marks::mark_all(m),
        Action::Confirm => marks::confirm(m, fx),
        Action::CancelBulk => match m.bulk.as_ref().filter(|b| !b.finished() && !b.cancelled) {
            Some(b) => fx.push(Effect::Execute(
                CommandKind::CancelBulk,
                Box::new(Command::CancelBulk { job: b.job }),
            )),
            None => m.toast(crate::tr!("toast-no-bulk"), false, vec![]),
        },
        Action::Retry => {
            if m.pane != Pane::Pushes {
                return;
            }
            let mut ids: Vec<u64> = m.pushes.marks.keys().copied().collect();
            if ids.is_empty() {
                ids.extend(m.pushes.selected().map(|p| p.id));
            }
            if ids.is_empty() {
                return;
            }
            m.pushes.marks.clear();
            fx.push(Effect::Execute(
                CommandKind::Retry,
                Box::new(Command::RetryPushes { ids }),
            ));
        }
        Action::Open => open(m, fx),
        Action::Pull => pull(fx),
        Action::Copy => fx.extend(super::clipboard::copy_selected(m)),
    }
}

fn pull(fx: &mut Vec<Effect>) {
    fx.push(Effect::Execute(
        CommandKind::Pull,
        Box::new(Command::PullNow {
            shop: None,
            from: None,
            to: None,
        }),
    ));
}

fn open(m: &mut Model, fx: &mut Vec<Effect>) {
    if let Some(t) = m.toasts.iter().rev().find(|t| !t.details.is_empty()) {
        m.dialog = Some(Dialog::Details {
            title: t.text.clone(),
            lines: t.details.clone(),
            scroll: 0,
        });
        m.toasts.clear();
        return;
    }
    if m.pane == Pane::Mismatches {
        if let Some(item) = m.selected_mismatch().cloned() {
            if !m.suggestions.contains_key(&item.id()) {
                fx.push(Effect::LoadSuggestions(item.clone()));
            }
            m.dialog = Some(Dialog::Map {
                item,
                choice: 0,
                typed: String::new(),
            });
        }
    }
}

fn set_tab(m: &mut Model, tab: StatusKey) {
    let total = m
        .status
        .as_ref()
        .and_then(|s| s.by_status.get(&tab).copied())
        .unwrap_or(0);
    m.orders.set_tab(tab, total);
}

fn step(m: &mut Model, delta: i64) {
    let page = m.page();
    m.table_mut().step(delta, page);
}

/// Esc at the top layer: clear the filter, else the marks; never quits.
fn back(m: &mut Model) {
    if !m.filter().is_empty() {
        set_filter(m, String::new());
    } else if m.pane == Pane::Orders && m.orders.range_anchor.is_some() {
        m.orders.range_anchor = None;
    } else if m.pane == Pane::Orders && m.orders.any_marked() {
        m.orders.clear_marks();
    } else if m.table().any_marked() {
        m.table_mut().clear_marks();
    }
}

fn set_filter(m: &mut Model, text: String) {
    let page = m.page();
    match m.pane {
        Pane::Orders => m.orders.set_filter(text, page),
        _ => m.table_mut().set_filter(text, page),
    }
}

fn input_key(m: &mut Model, ev: KeyEvent, fx: &mut Vec<Effect>) {
    let Some(input) = m.input.as_mut() else { return };
    let kind = input.kind;
    match ev.code {
        KeyCode::Esc => m.input = None,
        KeyCode::Enter => {
            let text = input.text.clone();
            m.input = None;
            if kind == InputKind::Command {
                command(m, text.trim(), fx);
            }
        }
        KeyCode::Backspace => {
            input.text.pop();
        }
        KeyCode::Char(c) if !ev.modifiers.contains(KeyModifiers::CONTROL) => input.text.push(c),
        _ => return,
    }
    if kind == InputKind::Filter {
        if let Some(text) = m.input.as_ref().map(|i| i.text.clone()) {
            set_filter(m, text);
        }
    }
}

mod dialogs;
mod marks;

use dialogs::{command, dialog_key};

#[cfg(test)]
mod tests;
