//! Toasts and dialogs drawn above the panes.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::tui::keymap::ALL_ACTIONS;
use crate::tui::model::{Button, Dialog, Model};

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// The newest toasts, bottom right of the body.
pub fn toasts(m: &Model, f: &mut Frame, body: Rect) {
    for (i, t) in m.toasts.iter().rev().take(3).enumerate() {
        let text = format!(" {} ", t.text);
        let w = (text.chars().count() as u16 + 2).min(body.width);
        let y = body.y + body.height.saturating_sub(2 + i as u16);
        if y <= body.y {
            break;
        }
        let r = Rect::new(body.x + body.width - w, y, w, 1);
        let style = if t.error { m.theme.error } else { m.theme.ok };
        f.render_widget(Clear, r);
        f.render_widget(Paragraph::new(text).style(style.patch(m.theme.selected)), r);
    }
}

fn boxed<'a>(m: &Model, title: &str) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(format!(" {title} "), m.theme.title))
}

/// The open dialog, if any.
pub fn dialog(m: &Model, f: &mut Frame, area: Rect) {
    let t = &m.theme;
    let Some(d) = &m.dialog else { return };
    match d {
        Dialog::Confirm { keys, hidden, focus } => {
            let r = centered(area, 60, 8);
            f.render_widget(Clear, r);
            let btn = |label: &str, b: Button| {
                let style = if *focus == b { t.selected } else { t.text };
                Span::styled(format!("[ {label} ]"), style)
            };
            let n = keys.len();
            let s = if n == 1 { "" } else { "s" };
            let hidden_line = if *hidden > 0 {
                Line::from(Span::styled(
                    format!("{hidden} of them are hidden by the current filter/tab."),
                    t.warn,
                ))
            } else {
                Line::from(Span::styled("All of them are in view.", t.dim))
            };
            let lines = vec![
                Line::from(format!("Confirm {n} marked order{s} on their sites?")),
                hidden_line,
                Line::from(""),
                Line::from(vec![
                    btn("Cancel", Button::Cancel),
                    Span::raw("   "),
                    btn("Confirm", Button::Ok),
                ]),
                Line::from(Span::styled("Tab switches · Enter chooses · Esc cancels", t.dim)),
            ];
            f.render_widget(Paragraph::new(lines).block(boxed(m, "Confirm orders")), r);
        }
        Dialog::Details { title, lines, scroll } => {
            let h = (lines.len() as u16 + 3).min(area.height.saturating_sub(2));
            let r = centered(area, area.width.saturating_sub(8), h);
            f.render_widget(Clear, r);
            let visible = usize::from(h.saturating_sub(2));
            let body: Vec<Line> = lines
                .iter()
                .skip(*scroll)
                .take(visible)
                .map(|l| Line::from(l.as_str()))
                .collect();
            let title = if lines.len() > visible {
                format!(
                    "{title} ({}-{} of {}, j/k scroll)",
                    scroll + 1,
                    (scroll + visible).min(lines.len()),
                    lines.len()
                )
            } else {
                title.clone()
            };
            f.render_widget(
                Paragraph::new(body)
                    .wrap(Wrap { trim: false })
                    .block(boxed(m, &title)),
                r,
            );
        }
        Dialog::Help => {
            let r = centered(area, 56, ALL_ACTIONS.len() as u16 + 3);
            f.render_widget(Clear, r);
            let lines: Vec<Line> = ALL_ACTIONS
                .iter()
                .filter(|a| m.role == crate::engine::Role::Operator || !a.changes())
                .map(|a| {
                    let keys: Vec<String> = m.keymap.keys(*a).iter().map(|k| k.to_string()).collect();
                    Line::from(vec![
                        Span::styled(format!("{:<18}", keys.join(" ")), t.key),
                        Span::raw(a.describe()),
                    ])
                })
                .collect();
            f.render_widget(Paragraph::new(lines).block(boxed(m, "Keys (Esc closes)")), r);
        }
        Dialog::Map { item, choice, typed } => {
            let r = centered(area, 70, 14);
            f.render_widget(Clear, r);
            let mut lines = vec![
                Line::from(vec![
                    Span::styled("order  ", t.header),
                    Span::raw(item.row.key.to_string()),
                ]),
                Line::from(vec![
                    Span::styled("code   ", t.header),
                    Span::styled(format!("{:?}", item.code_text()), t.warn),
                ]),
                Line::from(vec![
                    Span::styled("item   ", t.header),
                    Span::raw(format!("{} {}", item.row.product_name, item.row.option_name)),
                ]),
                Line::from(""),
            ];
            match m.suggestions.get(&item.id()) {
                None => lines.push(Line::from(Span::styled("looking for candidates…", t.dim))),
                Some(s) if s.is_empty() => lines.push(Line::from(Span::styled(
                    "no close candidates: type a SKU code",
                    t.dim,
                ))),
                Some(s) => {
                    let c = (*choice).min(s.len() - 1);
                    for (i, sg) in s.iter().enumerate() {
                        let diffs: Vec<String> = sg
                            .differences
                            .iter()
                            .map(|d| format!("{d:?}").to_lowercase())
                            .collect();
                        let style = if i == c && typed.is_empty() {
                            t.selected
                        } else {
                            t.text
                        };
                        lines.push(Line::from(Span::styled(
                            format!("{} ← {:?} ({})", sg.sku, sg.code.display(), diffs.join(", ")),
                            style,
                        )));
                    }
                }
            }
            lines.push(Line::from(""));
            lines.push(Line::from(vec![
                Span::styled("or type a SKU: ", t.header),
                Span::raw(typed.clone()),
                Span::raw("█"),
            ]));
            lines.push(Line::from(Span::styled(
                "↑/↓ choose · Enter maps · Esc closes",
                t.dim,
            )));
            f.render_widget(Paragraph::new(lines).block(boxed(m, "Map the line to a SKU")), r);
        }
        Dialog::ShopForm(form) => form.render(f, area, t),
    }
}
