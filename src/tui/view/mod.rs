//! `view(&Model, &mut Frame)`: draws the model; builds table rows for the visible window only.

mod help;
#[cfg(test)]
mod hostile_tests;
mod overlays;
mod panes;

/// Lines of the `?` help for the focused pane.
pub fn help_len(m: &Model) -> usize {
    help::lines(m).len()
}

/// Help lines that fit on a screen `height` rows tall.
pub fn help_rows(height: u16) -> usize {
    help::visible_rows(height)
}

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::keymap::Action;
use super::model::{InputKind, Model, Pane, MIN_SIZE, PANES};

/// Draws the whole screen.
pub fn view(m: &Model, f: &mut Frame) {
    draw(m, f);
    scrub(f.buffer_mut());
}

/// The one sanitising point of the dashboard: whatever text a pane, toast or dialog drew, no cell
/// may hand the terminal a control character (an ESC would start an escape sequence: retitle the
/// terminal, move the cursor, change colours). Such characters are removed from the cells.
///
/// It also blanks a wide (Korean, Japanese) character whose right half a dialog or toast drew
/// over: a terminal would otherwise show the character and drop what was drawn on its half.
fn scrub(buf: &mut ratatui::buffer::Buffer) {
    for cell in buf.content.iter_mut() {
        if cell.symbol().chars().any(crate::domain::text::is_unsafe) {
            let clean = crate::domain::text::clean(cell.symbol()).into_owned();
            cell.set_symbol(if clean.is_empty() { " " } else { &clean });
        }
    }
    let w = usize::from(buf.area.width);
    for i in 0..buf.content.len() {
        let sym = buf.content[i].symbol();
        // One byte is ASCII, never wide (the common case, checked first).
        let wide = sym.len() > 1 && crate::i18n::width(sym) > 1;
        if wide && (i + 1) % w != 0 && buf.content[i + 1].symbol() != " " {
            buf.content[i].set_symbol(" ");
        }
    }
}

fn draw(m: &Model, f: &mut Frame) {
    let area = f.area();
    if m.too_small() {
        let text = crate::tr!(
            "too-small",
            w = area.width,
            h = area.height,
            min_w = MIN_SIZE.0,
            min_h = MIN_SIZE.1
        );
        f.render_widget(Paragraph::new(text).style(m.theme.warn), area);
        return;
    }
    let [top, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    title_bar(m, f, top);
    match m.pane {
        Pane::Shops => panes::shops(m, f, body),
        Pane::Orders => panes::orders(m, f, body),
        Pane::Mismatches => panes::mismatches(m, f, body),
        Pane::Pushes => panes::pushes(m, f, body),
    }
    status_bar(m, f, status);
    footer_line(m, f, footer);
    overlays::toasts(m, f, body);
    overlays::dialog(m, f, area);
}

fn title_bar(m: &Model, f: &mut Frame, area: Rect) {
    let t = &m.theme;
    let mut spans = vec![Span::styled(" shipdeck ", t.title), Span::raw(" ")];
    for (i, p) in PANES.iter().enumerate() {
        let style = if *p == m.pane { t.selected } else { t.dim };
        spans.push(Span::styled(format!(" {} {} ", i + 1, p.text()), style));
        spans.push(Span::raw(" "));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// "12s ago", "3m ago", "2h ago", "4d ago".
pub fn ago(now: jiff::Timestamp, then: jiff::Timestamp) -> String {
    let s = now.duration_since(then).as_secs().max(0);
    match s {
        0..=59 => crate::tr!("ago-s", n = s),
        60..=3599 => crate::tr!("ago-m", n = s / 60),
        3600..=86_399 => crate::tr!("ago-h", n = s / 3600),
        _ => crate::tr!("ago-d", n = s / 86_400),
    }
}

/// "in 12s", "in 3m", "due".
pub fn until(now: jiff::Timestamp, then: jiff::Timestamp) -> String {
    let s = then.duration_since(now).as_secs();
    match s {
        i64::MIN..=0 => crate::tr!("due"),
        1..=59 => crate::tr!("in-s", n = s),
        60..=3599 => crate::tr!("in-m", n = s / 60),
        _ => crate::tr!("in-h", n = s / 3600),
    }
}

fn status_bar(m: &Model, f: &mut Frame, area: Rect) {
    let t = &m.theme;
    let mut spans = Vec::new();
    match &m.status {
        None if m.opening.is_some() => spans.push(Span::styled(
            format!(" {}… ", m.opening.as_deref().unwrap_or_default()),
            t.warn,
        )),
        None => spans.push(Span::styled(
            format!(" {} ", crate::tr!("engine-starting")),
            t.warn,
        )),
        Some(s) => {
            spans.push(Span::styled(format!(" {} ", crate::tr!("engine-running")), t.ok));
            spans.push(Span::styled("│ ", t.dim));
            spans.push(Span::raw(match s.last_pull {
                Some(at) => format!("{} ", crate::tr!("synced-ago", ago = ago(m.now, at))),
                None => format!("{} ", crate::tr!("not-synced")),
            }));
            spans.push(Span::styled("│ ", t.dim));
            let pending_style = if s.pending_pushes > 0 { t.warn } else { t.text };
            spans.push(Span::styled(
                format!("{} ", crate::tr!("status-pending-pushes", n = s.pending_pushes)),
                pending_style,
            ));
            if s.failed_pushes > 0 {
                spans.push(Span::styled(
                    format!("{} ", crate::tr!("status-failed-pushes", n = s.failed_pushes)),
                    t.error,
                ));
            }
            spans.push(Span::styled("│ ", t.dim));
            let err_style = if s.shops_in_error > 0 { t.error } else { t.text };
            spans.push(Span::styled(
                format!("{} ", crate::tr!("status-shops-in-error", n = s.shops_in_error)),
                err_style,
            ));
            spans.push(Span::styled("│ ", t.dim));
            spans.push(Span::raw(format!(
                "{} ",
                crate::tr!("status-mismatches", n = s.mismatches)
            )));
        }
    }
    let pushes = m.push_marks.len() as u64;
    match m.orders.marked_count() {
        _ if !m.orders.any_marked() && pushes == 0 => {}
        Some(n) => {
            spans.push(Span::styled("│ ", t.dim));
            spans.push(Span::styled(
                crate::tr!("status-marked", n = n + pushes),
                t.marked,
            ));
        }
        None => {
            spans.push(Span::styled("│ ", t.dim));
            spans.push(Span::styled(crate::tr!("status-all-marked"), t.marked));
        }
    }
    if let Some(b) = &m.bulk {
        spans.push(Span::styled("│ ", t.dim));
        let text = if b.finished() && b.cancelled {
            crate::tr!("bulk-cancelled", done = b.done, dropped = b.dropped)
        } else if b.finished() {
            crate::tr!(
                "bulk-finished",
                done = b.done,
                queued = b.queued,
                failed = b.failed
            )
        } else if !b.queuing_done {
            crate::tr!("bulk-queuing", queued = b.queued, total = b.total, done = b.done)
        } else {
            crate::tr!(
                "bulk-sending",
                done = b.done,
                queued = b.queued,
                failed = b.failed
            )
        };
        let style = if b.failed > 0 { t.warn } else { t.ok };
        spans.push(Span::styled(text, style));
    }
    f.render_widget(Paragraph::new(Line::from(spans)).style(t.text), area);
}

/// The footer's hints for the focused pane, from the keymap.
pub fn hints(m: &Model) -> Vec<(String, String)> {
    let mut actions = vec![Action::Down, Action::NextPane, Action::Filter, Action::CommandBar];
    match m.pane {
        Pane::Orders => actions.extend([Action::NextTab, Action::Mark, Action::MarkAll, Action::Confirm]),
        Pane::Pushes => actions.extend([Action::Mark, Action::Retry, Action::Copy]),
        Pane::Mismatches => actions.extend([Action::Open, Action::Copy]),
        Pane::Shops => actions.push(Action::Pull),
    }
    if m.bulk.as_ref().is_some_and(|b| !b.finished() && !b.cancelled) {
        actions.push(Action::CancelBulk);
    }
    actions.extend([Action::Help, Action::Quit]);
    actions
        .into_iter()
        .map(|a| (m.keymap.label(a), a.text()))
        .collect()
}

fn footer_line(m: &Model, f: &mut Frame, area: Rect) {
    let t = &m.theme;
    if let Some(input) = &m.input {
        let prompt = match input.kind {
            InputKind::Filter => "/",
            InputKind::Command => ":",
        };
        let line = Line::from(vec![
            Span::styled(prompt, t.key),
            Span::raw(input.text.clone()),
            Span::styled("█", t.text),
            Span::styled(format!("   {}", crate::tr!("input-hint")), t.dim),
        ]);
        f.render_widget(Paragraph::new(line), area);
        return;
    }
    let mut spans = Vec::new();
    for (k, what) in hints(m) {
        spans.push(Span::styled(format!(" {k}"), t.key));
        spans.push(Span::styled(format!(" {what} "), t.dim));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

#[cfg(test)]
mod i18n_snapshot_tests;
#[cfg(test)]
mod snapshot_tests;
