//! The four panes, drawn by one function from each pane's table: only the rows on screen are
//! built, from the visible slice the table computed when its rows, filter or sort changed.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use super::grid::Grid;
use crate::domain::lifecycle::ALL_STATUS_KEYS;
use crate::tui::model::Model;
use crate::tui::table::{Ctx, Row, Table};

/// What one pane shows besides its rows.
struct PaneText<'t> {
    title: String,
    empty: &'t str,
}

/// Draws a table: title (with the filter), header with ▲/▼, the rows on screen.
fn draw_table<R: Row>(
    m: &Model,
    f: &mut Frame,
    area: Rect,
    table: &Table<R>,
    marked: &dyn Fn(&R) -> bool,
    pane: PaneText,
) {
    let t = &m.theme;
    let filter = table.filter();
    let title = if filter.is_empty() {
        pane.title
    } else {
        crate::tr!("title-with-filter", title = pane.title, filter = filter)
    };
    let b = Block::default()
        .borders(Borders::ALL)
        .border_style(t.dim)
        .title(Span::styled(format!(" {title} "), t.title));
    if table.is_empty() {
        let inner = b.inner(area);
        f.render_widget(b, area);
        f.render_widget(Paragraph::new(pane.empty.to_string()).style(t.dim), inner);
        return;
    }
    let cols = R::columns();
    let mut ctx = Ctx {
        theme: t,
        now: m.now,
        pull_every: m.pull_every,
        suggestions: &m.suggestions,
        marked: false,
    };
    let rows = table
        .on_screen(m.page())
        .map(|(_, r)| match r {
            Some(r) => {
                ctx.marked = marked(r);
                let style = if ctx.marked { t.marked } else { Style::default() };
                (style, cols.iter().map(|c| (c.cell)(r, &ctx)).collect())
            }
            None => (t.dim, vec![Span::raw(" "), Span::raw("…")]),
        })
        .collect();
    let headers = table.headers();
    // A fixed-width column is widened to its header (so the sort arrow is never cut off) and to
    // its translated cells.
    let widths: Vec<Constraint> = cols
        .iter()
        .zip(&headers)
        .map(|(c, h)| match c.width {
            Constraint::Length(n) => Constraint::Length(
                n.max(crate::i18n::width(h) as u16)
                    .max(c.fits.map_or(0, |widest| widest())),
            ),
            w => w,
        })
        .collect();
    let grid = Grid {
        block: b,
        header: (headers, t.header),
        widths,
        highlight: t.selected,
    };
    let sel = table.sel;
    grid.render(
        area,
        f.buffer_mut(),
        rows,
        Some(sel.cursor.saturating_sub(sel.scroll)),
    );
}

fn unmarked<R>(_: &R) -> bool {
    false
}

/// The Orders pane: status tabs with counts, then the visible window of the tab.
pub fn orders(m: &Model, f: &mut Frame, area: Rect) {
    let t = &m.theme;
    let [tabs, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(2)]).areas(area);
    let mut spans = Vec::new();
    for k in ALL_STATUS_KEYS {
        let n = m
            .status
            .as_ref()
            .and_then(|s| s.by_status.get(&k).copied())
            .unwrap_or(0);
        let style = if k == m.orders.tab { t.selected } else { t.text };
        spans.push(Span::styled(
            format!(" {} {n} ", crate::i18n::label("status", k.name())),
            style,
        ));
        spans.push(Span::styled("│", t.dim));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), tabs);
    let o = &m.orders;
    let title = match (&o.searched, o.filtering()) {
        (_, false) => crate::tr!(
            "orders-title",
            tab = crate::i18n::label("status", o.tab.name()),
            n = o.len()
        ),
        (Some((_, s)), true) if o.search_covers() && s.capped => crate::tr!(
            "orders-title-capped",
            tab = crate::i18n::label("status", o.tab.name()),
            n = o.len(),
            scanned = s.scanned
        ),
        (Some((_, s)), true) if o.search_covers() => crate::tr!(
            "orders-title-searched",
            tab = crate::i18n::label("status", o.tab.name()),
            n = o.len(),
            scanned = s.scanned
        ),
        (_, true) => crate::tr!(
            "orders-title-searching",
            tab = crate::i18n::label("status", o.tab.name()),
            n = o.len()
        ),
    };
    let empty = if o.loaded {
        crate::tr!("orders-empty")
    } else {
        crate::tr!("loading")
    };
    draw_table(
        m,
        f,
        rest,
        &o.table,
        &|r| o.is_marked(r),
        PaneText { title, empty: &empty },
    );
}

/// The Shops pane.
pub fn shops(m: &Model, f: &mut Frame, area: Rect) {
    let pane = PaneText {
        title: crate::tr!("shops-title", n = m.shops.len()),
        empty: &crate::tr!("shops-empty"),
    };
    draw_table(m, f, area, &m.shops, &unmarked, pane);
}

/// The Mismatches pane: the site's code beside candidate SKUs.
pub fn mismatches(m: &Model, f: &mut Frame, area: Rect) {
    let pane = PaneText {
        title: crate::tr!("mismatches-title", n = m.mismatches.len()),
        empty: &crate::tr!("mismatches-empty"),
    };
    draw_table(m, f, area, &m.mismatches, &unmarked, pane);
}

/// The Pushes pane.
pub fn pushes(m: &Model, f: &mut Frame, area: Rect) {
    let pane = PaneText {
        title: crate::tr!("pushes-title", n = m.pushes.len()),
        empty: &crate::tr!("pushes-empty"),
    };
    draw_table(m, f, area, &m.pushes, &|p| m.pushes.is_marked(p), pane);
}
