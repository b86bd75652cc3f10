//! Marks and confirmation: Space, `v` ranges, `Ctrl-a` ("mark all" as a query), `c` (the
//! confirm dialog, counted per site and shop by the engine), and suggestions for the mismatch
//! lines on screen.

use super::step;
use crate::engine::Command;
use crate::tui::model::{Button, Dialog, Model, Pane};
use crate::tui::msg::{CommandKind, Effect};

/// Space: toggles the selected row's mark and moves down.
pub(super) fn mark(m: &mut Model) {
    match m.pane {
        Pane::Orders => {
            let pos = m.orders.sel.cursor;
            m.orders.mark_at(pos, None);
        }
        Pane::Pushes => m.pushes.toggle_selected(),
        _ => return,
    }
    step(m, 1);
}

/// `v`: starts a range (marking the row), or ends it, marking every row between.
pub(super) fn mark_range(m: &mut Model) {
    if m.pane != Pane::Orders {
        return;
    }
    let cur = m.orders.sel.cursor;
    match m.orders.range_anchor.take() {
        None => {
            m.orders.range_anchor = Some(cur);
            m.orders.mark_at(cur, Some(true));
        }
        Some(a) => {
            for pos in a.min(cur)..=a.max(cur) {
                m.orders.mark_at(pos, Some(true));
            }
        }
    }
}

/// `Ctrl-a`: every order the tab and filter match (Orders), every visible push (Pushes).
pub(super) fn mark_all(m: &mut Model) {
    match m.pane {
        Pane::Orders => m.orders.mark_all(),
        Pane::Pushes => m.pushes.mark_visible(),
        _ => {}
    }
}

/// `c`: the confirm dialog for the marked orders; with "mark all", the engine counts them per
/// site and shop while the dialog is open.
pub(super) fn confirm(m: &mut Model, fx: &mut Vec<Effect>) {
    if m.pane != Pane::Orders {
        return;
    }
    let o = &m.orders;
    if !o.any_marked() {
        m.toast(crate::tr!("toast-nothing-marked"), false, vec![]);
        return;
    }
    let selection = o.all.clone();
    // Orders marked one by one that "mark all" does not hold already.
    let keys: Vec<_> = o
        .table
        .marks
        .iter()
        .filter(|(k, mk)| !selection.as_ref().is_some_and(|a| a.holds(k, mk.status, &mk.hay)))
        .map(|(k, _)| k.clone())
        .collect();
    let hidden = o.table.marks.values().filter(|mk| o.hides(mk)).count()
        + usize::from(
            selection
                .as_ref()
                .is_some_and(|a| a.status != o.tab || a.filter != o.filter()),
        );
    if let Some(selection) = &selection {
        fx.push(Effect::CountSelection {
            selection: selection.clone(),
            keys: keys.clone(),
        });
    }
    m.dialog = Some(Dialog::Confirm {
        keys,
        selection,
        counts: None,
        hidden,
        focus: Button::Cancel,
    });
}

/// The confirm dialog's Enter on "Confirm": orders marked one by one are confirmed as before;
/// "mark all" goes to the engine as a query, which queues every order it holds.
pub(super) fn confirm_chosen(m: &mut Model, fx: &mut Vec<Effect>) {
    let Some(Dialog::Confirm { keys, selection, .. }) = m.dialog.take() else {
        return;
    };
    m.orders.clear_marks();
    let cmd = match selection {
        Some(selection) => Command::ConfirmSelection { selection, keys },
        None => Command::ConfirmOrders { keys },
    };
    fx.push(Effect::Execute(CommandKind::Confirm, Box::new(cmd)));
}

/// Asks for the suggestions of the mismatch lines on screen that have none yet (once each).
pub(super) fn want_suggestions(m: &mut Model, fx: &mut Vec<Effect>) {
    let page = m.page();
    for (_, it) in m.mismatches.on_screen(page) {
        let Some(it) = it else { continue };
        let id = it.id();
        if !m.suggestions.contains_key(&id) && !m.suggesting.contains(&id) {
            m.suggesting.insert(id);
            fx.push(Effect::LoadSuggestions(it.clone()));
        }
    }
}
