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
    // The role first (the bar may be cut on the right), then who the engine took us for.
    if m.role != crate::engine::Role::Operator {
        spans.insert(0, Span::styled(format!(" {} (read-only) ", m.role), t.warn));
    } else if m.attached_as.is_some() {
        spans.insert(0, Span::styled(format!(" {} ", m.role), t.dim));
    }
    if let Some(who) = &m.attached_as {
        spans.push(Span::styled("│ ", t.dim));
        spans.push(Span::raw(format!("{who} ")));
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
        .filter(|a| m.role == crate::engine::Role::Operator || !a.changes())
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

#[cfg(test)]
mod role_tests {
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;

    use crate::engine::Role;
    use crate::tui::fixtures::model;
    use crate::tui::model::Dialog;

    fn screen(m: &crate::tui::model::Model) -> String {
        let mut t = Terminal::new(TestBackend::new(m.size.0, m.size.1)).unwrap();
        t.draw(|f| super::view(m, f)).unwrap();
        format!("{}", t.backend())
    }

    #[test]
    fn a_support_dashboard_shows_its_role_and_offers_no_changes() {
        let mut m = model(10, 140, 40);
        assert!(super::hints(&m).iter().any(|(_, what)| *what == "confirm marked"));
        m.role = Role::Support;
        m.attached_as = Some("nobody (uid 65534)".into());
        let hints = super::hints(&m);
        assert!(
            !hints.iter().any(|(_, what)| *what == "confirm marked"),
            "{hints:?}"
        );
        assert!(
            hints
                .iter()
                .any(|(_, what)| *what == "filter" || what.contains("filter")),
            "{hints:?}"
        );
        let s = screen(&m);
        assert!(
            s.contains("support (read-only)") && s.contains("nobody (uid 65534)"),
            "{s}"
        );
        m.dialog = Some(Dialog::Help { scroll: 0 });
        let s = screen(&m);
        assert!(
            !s.contains("confirm marked") && !s.contains("retry marked") && !s.contains("pull now"),
            "{s}"
        );
        m.role = Role::Operator;
        assert!(screen(&m).contains("confirm marked"));
    }
}

#[cfg(test)]
mod audit_view_tests {
    use crate::store::audit::AuditEntry;
    use crate::tui::fixtures::model;
    use crate::tui::model::Dialog;
    use crate::tui::msg::{Data, Effect, Msg};
    use crate::tui::update;

    #[test]
    fn the_audit_command_loads_the_trail_and_shows_it() {
        let mut m = model(5, 120, 40);
        let mut fx = update(&mut m, Msg::Key(crossterm_key(':')));
        for c in "audit nobody".chars() {
            fx.extend(update(&mut m, Msg::Key(crossterm_key(c))));
        }
        fx.extend(update(
            &mut m,
            Msg::Key(ratatui::crossterm::event::KeyEvent::new(
                ratatui::crossterm::event::KeyCode::Enter,
                ratatui::crossterm::event::KeyModifiers::NONE,
            )),
        ));
        assert!(
            fx.iter()
                .any(|e| matches!(e, Effect::LoadAudit { user: Some(u) } if u == "nobody")),
            "{fx:?}"
        );
        let entry = AuditEntry {
            at: "2026-12-01T10:00:00Z".parse().unwrap(),
            actor: "nobody (uid 65534)".into(),
            action: "orders.confirm".into(),
            detail: "grip/1\u{1b}[2J".into(),
            uid: Some(65534),
            user: Some("nobody".into()),
            role: Some("support".into()),
            ssh_client: Some("127.0.0.1 4000 22".into()),
            result: Some("refused: read-only: support role".into()),
            ..AuditEntry::default()
        };
        update(&mut m, Msg::Data(Data::Audit(vec![entry])));
        let Some(Dialog::Details { title, lines, .. }) = &m.dialog else {
            panic!("no audit view: {:?}", m.dialog.is_some());
        };
        assert!(title.contains("Audit trail"));
        let l = &lines[0];
        assert!(
            l.contains("nobody (65534)") && l.contains("support") && l.contains("refused: read-only"),
            "{l}"
        );
        assert!(l.contains("client says: ssh 127.0.0.1"), "{l}");
        assert!(
            !l.contains('\u{1b}'),
            "a control character reached the screen: {l:?}"
        );
    }

    fn crossterm_key(c: char) -> ratatui::crossterm::event::KeyEvent {
        ratatui::crossterm::event::KeyEvent::new(
            ratatui::crossterm::event::KeyCode::Char(c),
            ratatui::crossterm::event::KeyModifiers::NONE,
        )
    }
}
