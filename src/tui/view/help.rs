//! The `?` help: what works where, from the keymap registry — the keys of the focused pane, the
//! keys of the dialogs and inputs, and the `:` commands — scrolled when taller than the screen.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use crate::tui::keymap::{ALL_ACTIONS, COMMANDS, DIALOG_KEYS, INPUT_KEYS};
use crate::tui::model::Model;

/// Every line of the help for the focused pane.
pub fn lines(m: &Model) -> Vec<Line<'static>> {
    let t = &m.theme;
    let row = |keys: String, what: &str| {
        Line::from(vec![
            // At least one space between a long key text and what it does.
            Span::styled(format!("{keys:<19} "), t.key),
            Span::raw(what.to_string()),
        ])
    };
    let head = |text: String| Line::from(Span::styled(text, t.header));
    let mut out = vec![head(format!("In {}", m.pane.title()))];
    // A read-only role is not shown the keys that change things (the engine would refuse them).
    let shown = |a: &&crate::tui::keymap::Action| m.role == crate::engine::Role::Operator || !a.changes();
    for a in ALL_ACTIONS.iter().filter(|a| a.works_in(m.pane)).filter(shown) {
        let keys: Vec<String> = m.keymap.keys(*a).iter().map(|k| k.to_string()).collect();
        if !keys.is_empty() {
            out.push(row(keys.join(" "), a.describe()));
        }
    }
    out.push(Line::from(""));
    out.push(head("In dialogs".into()));
    out.extend(DIALOG_KEYS.iter().map(|(k, w)| row((*k).into(), w)));
    out.push(Line::from(""));
    out.push(head("In the filter (/) and command (:) bars".into()));
    out.extend(INPUT_KEYS.iter().map(|(k, w)| row((*k).into(), w)));
    out.push(Line::from(""));
    out.push(head("Commands (:)".into()));
    out.extend(COMMANDS.iter().map(|(k, w)| row(format!(":{k}"), w)));
    out
}

/// Rows of help lines that fit on a screen of `height` rows.
pub fn visible_rows(height: u16) -> usize {
    usize::from(height.saturating_sub(4)).max(1)
}

/// Draws the help centred, from line `scroll` on (kept within the lines).
pub fn draw(m: &Model, f: &mut Frame, area: Rect, scroll: usize) {
    let lines = lines(m);
    let fit = visible_rows(area.height);
    let shown = lines.len().min(fit);
    let top = scroll.min(lines.len().saturating_sub(fit));
    let w = 72.min(area.width);
    let h = (shown as u16 + 2).min(area.height);
    let r = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    f.render_widget(Clear, r);
    let title = if lines.len() > fit {
        format!(
            " Keys {}-{} of {} (j/k PgDn scroll, Esc closes) ",
            top + 1,
            top + shown,
            lines.len()
        )
    } else {
        " Keys (Esc closes) ".to_string()
    };
    let body: Vec<Line> = lines.into_iter().skip(top).take(shown).collect();
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title, m.theme.title));
    f.render_widget(Paragraph::new(body).block(block), r);
}
