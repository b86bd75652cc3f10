//! Toasts and dialogs drawn above the panes.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

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
        let w = (crate::i18n::width(&text) as u16 + 2).min(body.width);
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
        Dialog::Confirm {
            keys,
            selection,
            counts,
            hidden,
            focus,
        } => {
            let shown = counts.as_ref().map_or(0, |c| c.len().min(8)) as u16;
            let r = centered(area, 64, 8 + shown + u16::from(shown > 0));
            f.render_widget(Clear, r);
            let btn = |label: &str, b: Button| {
                let style = if *focus == b { t.selected } else { t.text };
                Span::styled(format!("[ {label} ]"), style)
            };
            let counted: Option<u64> = match (selection, counts) {
                (None, _) => Some(keys.len() as u64),
                (Some(_), Some(c)) => Some(c.iter().map(|(_, _, n)| n).sum()),
                (Some(_), None) => None,
            };
            let n = counted.unwrap_or(0);
            let hidden_line = if *hidden > 0 {
                Line::from(Span::styled(crate::tr!("confirm-hidden", n = *hidden), t.warn))
            } else {
                Line::from(Span::styled(crate::tr!("confirm-all-in-view"), t.dim))
            };
            let mut lines = vec![match (selection, counted) {
                (Some(sel), None) if sel.filter.is_empty() => Line::from(crate::tr!(
                    "confirm-counting",
                    status = crate::i18n::label("status", sel.status.name())
                )),
                (Some(sel), None) => Line::from(crate::tr!(
                    "confirm-counting-matching",
                    status = crate::i18n::label("status", sel.status.name()),
                    filter = format!("{:?}", sel.filter)
                )),
                _ => Line::from(crate::tr!("confirm-marked", n = n)),
            }];
            if let Some(c) = counts {
                for (site, shop, k) in c.iter().take(8) {
                    lines.push(Line::from(Span::styled(
                        format!("  {:<9} {} {k:>8}", site.slug(), crate::i18n::pad(shop, 28)),
                        t.text,
                    )));
                }
                if c.len() > 8 {
                    lines.push(Line::from(Span::styled(
                        format!("  {}", crate::tr!("confirm-more-shops", n = c.len() - 8)),
                        t.dim,
                    )));
                } else if !c.is_empty() {
                    lines.push(Line::from(""));
                }
            }
            lines.extend([
                hidden_line,
                Line::from(""),
                Line::from(vec![
                    btn(&crate::tr!("button-cancel"), Button::Cancel),
                    Span::raw("   "),
                    btn(&crate::tr!("button-confirm"), Button::Ok),
                ]),
                Line::from(Span::styled(crate::tr!("confirm-keys"), t.dim)),
            ]);
            f.render_widget(
                Paragraph::new(lines).block(boxed(m, &crate::tr!("confirm-title"))),
                r,
            );
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
                crate::tr!(
                    "details-title-scroll",
                    title = title,
                    from = scroll + 1,
                    to = (scroll + visible).min(lines.len()),
                    of = lines.len()
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
        Dialog::Help { scroll } => super::help::draw(m, f, area, *scroll),
        Dialog::Map { item, choice, typed } => {
            let r = centered(area, 70, 14);
            f.render_widget(Clear, r);
            let mut lines = vec![
                Line::from(vec![
                    Span::styled(crate::i18n::pad_right(&crate::tr!("map-order"), 7), t.header),
                    Span::raw(item.row.key.to_string()),
                ]),
                Line::from(vec![
                    Span::styled(crate::i18n::pad_right(&crate::tr!("map-code"), 7), t.header),
                    Span::styled(format!("{:?}", item.code_text()), t.warn),
                ]),
                Line::from(vec![
                    Span::styled(crate::i18n::pad_right(&crate::tr!("map-item"), 7), t.header),
                    Span::raw(format!("{} {}", item.row.product_name, item.row.option_name)),
                ]),
                Line::from(""),
            ];
            match m.suggestions.get(&item.id()) {
                None => lines.push(Line::from(Span::styled(crate::tr!("map-looking"), t.dim))),
                Some(s) if s.is_empty() => {
                    lines.push(Line::from(Span::styled(crate::tr!("map-none-close"), t.dim)))
                }
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
                Span::styled(format!("{} ", crate::tr!("map-or-type")), t.header),
                Span::raw(typed.clone()),
                Span::raw("█"),
            ]));
            lines.push(Line::from(Span::styled(crate::tr!("map-keys"), t.dim)));
            f.render_widget(Paragraph::new(lines).block(boxed(m, &crate::tr!("map-title"))), r);
        }
        Dialog::ShopForm(form) => form.render(f, area, t),
    }
}
