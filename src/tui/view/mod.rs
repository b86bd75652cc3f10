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
fn scrub(buf: &mut ratatui::buffer::Buffer) {
    for cell in buf.content.iter_mut() {
        if cell.symbol().chars().any(crate::domain::text::is_unsafe) {
            let clean = crate::domain::text::clean(cell.symbol()).into_owned();
            cell.set_symbol(if clean.is_empty() { " " } else { &clean });
        }
    }
}

fn draw(m: &Model, f: &mut Frame) {
    let area = f.area();
    if m.too_small() {
        let text = format!(
            "terminal too small: {}×{} (needs at least {}×{})",
            area.width, area.height, MIN_SIZE.0, MIN_SIZE.1
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
        spans.push(Span::styled(format!(" {} {} ", i + 1, p.title()), style));
        spans.push(Span::raw(" "));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// "12s ago", "3m ago", "2h ago", "4d ago".
pub fn ago(now: jiff::Timestamp, then: jiff::Timestamp) -> String {
    let s = now.duration_since(then).as_secs().max(0);
    match s {
        0..=59 => format!("{s}s ago"),
        60..=3599 => format!("{}m ago", s / 60),
        3600..=86_399 => format!("{}h ago", s / 3600),
        _ => format!("{}d ago", s / 86_400),
    }
}

/// "in 12s", "in 3m", "due".
pub fn until(now: jiff::Timestamp, then: jiff::Timestamp) -> String {
    let s = then.duration_since(now).as_secs();
    match s {
        i64::MIN..=0 => "due".into(),
        1..=59 => format!("in {s}s"),
        60..=3599 => format!("in {}m", s / 60),
        _ => format!("in {}h", s / 3600),
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
        None => spans.push(Span::styled(" engine: starting… ", t.warn)),
        Some(s) => {
            spans.push(Span::styled(" engine: running ", t.ok));
            spans.push(Span::styled("│ ", t.dim));
            spans.push(Span::raw(match s.last_pull {
                Some(at) => format!("synced {} ", ago(m.now, at)),
                None => "not synced yet ".into(),
            }));
            spans.push(Span::styled("│ ", t.dim));
            let pending_style = if s.pending_pushes > 0 { t.warn } else { t.text };
            spans.push(Span::styled(
                format!("{} pending pushes ", s.pending_pushes),
                pending_style,
            ));
            if s.failed_pushes > 0 {
                spans.push(Span::styled(format!("{} failed ", s.failed_pushes), t.error));
            }
            spans.push(Span::styled("│ ", t.dim));
            let err_style = if s.shops_in_error > 0 { t.error } else { t.text };
            spans.push(Span::styled(
                format!("{} shops in error ", s.shops_in_error),
                err_style,
            ));
            spans.push(Span::styled("│ ", t.dim));
            spans.push(Span::raw(format!("{} mismatches ", s.mismatches)));
        }
    }
    let pushes = m.pushes.marks.len() as u64;
    match m.orders.marked_count() {
        _ if !m.orders.any_marked() && pushes == 0 => {}
        Some(n) => {
            spans.push(Span::styled("│ ", t.dim));
            spans.push(Span::styled(format!("{} marked", n + pushes), t.marked));
        }
        None => {
            spans.push(Span::styled("│ ", t.dim));
            spans.push(Span::styled("all matching marked", t.marked));
        }
    }
    if let Some(b) = &m.bulk {
        spans.push(Span::styled("│ ", t.dim));
        let text = if b.finished() && b.cancelled {
            format!("confirm cancelled: {} sent, {} dropped", b.done, b.dropped)
        } else if b.finished() {
            format!("confirmed {} of {}, {} failed", b.done, b.queued, b.failed)
        } else if !b.queuing_done {
            format!("confirming: queued {}/{}, sent {}", b.queued, b.total, b.done)
        } else {
            format!("confirming: sent {}/{}, {} failed", b.done, b.queued, b.failed)
        };
        let style = if b.failed > 0 { t.warn } else { t.ok };
        spans.push(Span::styled(text, style));
    }
    f.render_widget(Paragraph::new(Line::from(spans)).style(t.text), area);
}

/// The footer's hints for the focused pane, from the keymap.
pub fn hints(m: &Model) -> Vec<(String, &'static str)> {
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
        .map(|a| (m.keymap.label(a), a.describe()))
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
            Span::styled("   Enter apply · Esc close", t.dim),
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
mod snapshot_tests;
