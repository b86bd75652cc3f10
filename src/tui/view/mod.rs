//! `view(&Model, &mut Frame)`: draws the model; builds table rows for the visible window only.

mod grid;
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
        if !plain(cell.symbol()) && cell.symbol().chars().any(crate::domain::text::is_unsafe) {
            let clean = crate::domain::text::clean(cell.symbol()).into_owned();
            cell.set_symbol(if clean.is_empty() { " " } else { &clean });
        }
    }
    let w = usize::from(buf.area.width);
    for i in 0..buf.content.len() {
        let sym = buf.content[i].symbol();
        let wide = !plain(sym) && crate::i18n::width(sym) > 1;
        if wide && (i + 1) % w != 0 && buf.content[i + 1].symbol() != " " {
            buf.content[i].set_symbol(" ");
        }
    }
}

/// A printable ASCII byte: neither unsafe nor wide (the common case, checked before any other).
fn plain(sym: &str) -> bool {
    matches!(sym.as_bytes(), [b] if crate::domain::text::is_printable_ascii(*b))
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
        .filter(|a| m.role == crate::engine::Role::Operator || !a.changes())
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
