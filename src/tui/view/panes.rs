//! The four panes. Each builds `Row`s only for the rows on screen.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table, TableState};
use ratatui::Frame;

use super::{ago, until};
use crate::domain::lifecycle::ALL_STATUS_KEYS;
use crate::domain::shop::ShopHealth;
use crate::domain::{PushKind, PushState};
use crate::tui::model::{Model, Pane, Sel};
use crate::tui::sort;

fn block<'a>(m: &Model, title: String) -> Block<'a> {
    let filter = m.filter();
    let title = if filter.is_empty() {
        title
    } else {
        crate::tr!("title-with-filter", title = title, filter = filter)
    };
    Block::default()
        .borders(Borders::ALL)
        .border_style(m.theme.dim)
        .title(Span::styled(format!(" {title} "), m.theme.title))
}

/// What one pane's table shows.
struct Spec<'a, 'h> {
    title: String,
    header: &'h [String],
    widths: &'h [Constraint],
    rows: Vec<Row<'a>>,
    sel: Sel,
    empty: &'h str,
}

fn table(m: &Model, f: &mut Frame, area: Rect, spec: Spec) {
    let Spec {
        title,
        header,
        widths,
        rows,
        sel,
        empty,
    } = spec;
    let b = block(m, title);
    if rows.is_empty() {
        let inner = b.inner(area);
        f.render_widget(b, area);
        f.render_widget(Paragraph::new(empty.to_string()).style(m.theme.dim), inner);
        return;
    }
    let header = Row::new(header.iter().map(|h| h.to_string())).style(m.theme.header);
    let t = Table::new(rows, widths.to_vec())
        .header(header)
        .block(b)
        .column_spacing(1)
        .row_highlight_style(m.theme.selected);
    let mut state = TableState::default().with_selected(Some(sel.cursor.saturating_sub(sel.scroll)));
    f.render_stateful_widget(t, area, &mut state);
}

fn mark_cell(on: bool) -> &'static str {
    if on {
        "●"
    } else {
        " "
    }
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
    let page = m.page();
    let end = (o.sel.scroll + page).min(o.len());
    let rows: Vec<Row> = (o.sel.scroll..end)
        .map(|pos| match o.row_at(pos) {
            Some(r) => {
                let marked = o.is_marked(r);
                let sku_style = if r.sku == crate::tr!("sku-ok") {
                    t.text
                } else {
                    t.warn
                };
                let row = Row::new(vec![
                    Span::raw(mark_cell(marked)),
                    Span::raw(r.key.order_no.as_str()),
                    Span::raw(r.site.as_str()),
                    Span::raw(r.key.shop.as_str()),
                    Span::raw(r.time.as_str()),
                    Span::raw(r.items.to_string()),
                    Span::raw(r.status.as_str()),
                    Span::styled(r.sku.as_str(), sku_style),
                ]);
                if marked {
                    row.style(t.marked)
                } else {
                    row
                }
            }
            None => Row::new(vec![" ", "…"]).style(t.dim),
        })
        .collect();
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
    table(
        m,
        f,
        rest,
        Spec {
            title,
            header: &sort::header(
                m,
                Pane::Orders,
                &[
                    "",
                    &crate::tr!("col-order-no"),
                    &crate::tr!("col-site"),
                    &crate::tr!("col-shop"),
                    &crate::tr!("col-ordered"),
                    &crate::tr!("col-qty"),
                    &crate::tr!("col-status"),
                    &crate::tr!("col-sku"),
                ],
            ),
            widths: &[
                Constraint::Length(1),
                Constraint::Min(10),
                Constraint::Length(7),
                Constraint::Min(10),
                Constraint::Length(20),
                Constraint::Length(crate::i18n::width(&crate::tr!("col-qty")).max(3) as u16),
                Constraint::Min(9),
                Constraint::Length(10),
            ],
            rows,
            sel: o.sel,
            empty: &empty,
        },
    );
}

fn options_text(opts: &std::collections::BTreeMap<String, bool>) -> String {
    fn short(n: &str) -> &str {
        match n {
            "order_integration" => "pull",
            "order_confirmation" => "confirm",
            "fulfillment_instructions" => "instruct",
            "stock_sync" => "stock",
            "qxmoney_payment" => "qxmoney",
            "auto_renew_key" => "renew",
            other => other,
        }
    }
    let on: Vec<String> = opts
        .iter()
        .filter(|(_, v)| **v)
        .map(|(k, _)| crate::i18n::label_or("opt", k, short(k)))
        .collect();
    if on.is_empty() {
        "-".into()
    } else {
        on.join(",")
    }
}

/// The host (and port) of a URL, for a narrow cell.
fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| {
            u.host_str()
                .map(|h| u.port().map_or(h.to_string(), |p| format!("{h}:{p}")))
        })
        .unwrap_or_else(|| url.to_string())
}

/// The Shops pane.
pub fn shops(m: &Model, f: &mut Frame, area: Rect) {
    let t = &m.theme;
    let vis = m.visible_shops();
    let page = m.page();
    let end = (m.shops_sel.scroll + page).min(vis.len());
    let rows: Vec<Row> = vis[m.shops_sel.scroll.min(end)..end]
        .iter()
        .map(|i| {
            let s = &m.shops[*i];
            let info = m.pulls.get(&s.name);
            let health_style = match s.health {
                ShopHealth::Ok { .. } => t.ok,
                ShopHealth::AuthFailed { .. } | ShopHealth::Error { .. } => t.error,
                _ => t.warn,
            };
            let last = info.and_then(|i| i.last);
            let next = match (last, m.pull_every) {
                (Some(l), Some(every)) => until(
                    m.now,
                    l + jiff::SignedDuration::try_from(every).unwrap_or_default(),
                ),
                (Some(l), None) if s.options.get("order_integration") == Some(&true) => until(
                    m.now,
                    l + jiff::SignedDuration::from_mins(i64::from(s.schedule.interval_minutes)),
                ),
                (None, _) if s.options.get("order_integration") == Some(&true) => crate::tr!("soon"),
                _ => "-".into(),
            };
            let errors = match (&s.health, info) {
                (ShopHealth::AuthFailed { message, .. } | ShopHealth::Error { message, .. }, _) => {
                    message.clone()
                }
                (_, Some(i)) if i.errors > 0 => {
                    format!("{}: {}", i.errors, i.error_text.clone().unwrap_or_default())
                }
                _ => "-".into(),
            };
            // A shop whose calls go to another host than the site's own says where.
            let shop_id = match s.api_base.as_deref().filter(|_| s.foreign_api_base) {
                Some(base) => Span::styled(format!("⚠ {} {}", host_of(base), s.shop_id), t.warn),
                None => Span::raw(s.shop_id.clone()),
            };
            Row::new(vec![
                Span::raw(s.name.clone()),
                Span::raw(s.site.slug()),
                shop_id,
                Span::styled(crate::i18n::label("health", s.health.label()), health_style),
                Span::raw(last.map(|l| ago(m.now, l)).unwrap_or_else(|| "-".into())),
                Span::raw(next),
                Span::raw(errors),
                Span::raw(options_text(&s.options)),
            ])
        })
        .collect();
    table(
        m,
        f,
        area,
        Spec {
            title: crate::tr!("shops-title", n = vis.len()),
            header: &sort::header(
                m,
                Pane::Shops,
                &[
                    &crate::tr!("col-name"),
                    &crate::tr!("col-site"),
                    &crate::tr!("col-shop-id"),
                    &crate::tr!("col-health"),
                    &crate::tr!("col-last-pull"),
                    &crate::tr!("col-next"),
                    &crate::tr!("col-errors"),
                    &crate::tr!("col-options"),
                ],
            ),
            widths: &[
                Constraint::Min(12),
                Constraint::Length(9),
                Constraint::Min(10),
                Constraint::Length(11),
                Constraint::Length(9),
                Constraint::Length(7),
                Constraint::Min(10),
                Constraint::Min(12),
            ],
            rows,
            sel: m.shops_sel,
            empty: &crate::tr!("shops-empty"),
        },
    );
}

/// The Mismatches pane: the site's code beside candidate SKUs.
pub fn mismatches(m: &Model, f: &mut Frame, area: Rect) {
    let t = &m.theme;
    let vis = m.visible_mismatches();
    let page = m.page();
    let end = (m.mm_sel.scroll + page).min(vis.len());
    let rows: Vec<Row> = vis[m.mm_sel.scroll.min(end)..end]
        .iter()
        .map(|i| {
            let it = &m.mismatches[*i];
            let cands = match m.suggestions.get(&it.id()) {
                Some(s) if !s.is_empty() => {
                    s.iter().map(|s| s.sku.to_string()).collect::<Vec<_>>().join(", ")
                }
                Some(_) => crate::tr!("none-close"),
                None => "…".into(),
            };
            let product = if it.row.option_name.is_empty() {
                it.row.product_name.clone()
            } else {
                format!("{} / {}", it.row.product_name, it.row.option_name)
            };
            Row::new(vec![
                Span::raw(it.row.key.to_string()),
                Span::raw(it.row.line_key.clone()),
                Span::styled(format!("{:?}", it.code_text()), t.warn),
                Span::raw(product),
                Span::styled(cands, t.ok),
            ])
        })
        .collect();
    table(
        m,
        f,
        area,
        Spec {
            title: crate::tr!("mismatches-title", n = vis.len()),
            header: &sort::header(
                m,
                Pane::Mismatches,
                &[
                    &crate::tr!("col-order"),
                    &crate::tr!("col-line"),
                    &crate::tr!("col-site-code"),
                    &crate::tr!("col-product-option"),
                    &crate::tr!("col-candidates"),
                ],
            ),
            widths: &[
                Constraint::Min(18),
                Constraint::Length(6),
                Constraint::Min(16),
                Constraint::Min(16),
                Constraint::Min(14),
            ],
            rows,
            sel: m.mm_sel,
            empty: &crate::tr!("mismatches-empty"),
        },
    );
}

/// The Pushes pane.
pub fn pushes(m: &Model, f: &mut Frame, area: Rect) {
    let t = &m.theme;
    let vis = m.visible_pushes();
    let page = m.page();
    let end = (m.push_sel.scroll + page).min(vis.len());
    let rows: Vec<Row> = vis[m.push_sel.scroll.min(end)..end]
        .iter()
        .map(|i| {
            let p = &m.pushes[*i];
            let marked = m.push_marks.contains(&p.id);
            let tracking = match &p.kind {
                PushKind::Ship { tracking, .. } => format!("{} {}", tracking.carrier, tracking.number),
                PushKind::Stock { sku, .. } => crate::tr!("push-stock-of", sku = sku.to_string()),
                PushKind::Confirm { .. } => "-".into(),
            };
            let (result, style) = match &p.state {
                PushState::Failed { .. } => (
                    crate::tr!("push-failed", error = p.last_error.as_deref().unwrap_or("")),
                    t.error,
                ),
                PushState::Pending { due_at } => (
                    match &p.last_error {
                        Some(e) => crate::tr!("push-retry", when = until(m.now, *due_at), error = e),
                        None => crate::tr!("push-pending", when = until(m.now, *due_at)),
                    },
                    t.warn,
                ),
                PushState::Done { .. } => (
                    crate::tr!(
                        "push-done",
                        note = p.note.clone().unwrap_or_else(|| crate::tr!("push-accepted"))
                    ),
                    t.ok,
                ),
                PushState::Dropped { .. } => (
                    crate::tr!("push-dropped", note = p.note.as_deref().unwrap_or("")),
                    t.dim,
                ),
            };
            let row = Row::new(vec![
                Span::raw(mark_cell(marked)),
                Span::raw(format!("#{}", p.id)),
                Span::raw(crate::i18n::label("push-kind", p.kind.label())),
                Span::raw(format!("{}/{}", p.shop, p.order_no.as_deref().unwrap_or("-"))),
                Span::raw(tracking),
                Span::raw(p.attempts.to_string()),
                Span::styled(result, style),
            ]);
            if marked {
                row.style(t.marked)
            } else {
                row
            }
        })
        .collect();
    let _ = Pane::Pushes;
    table(
        m,
        f,
        area,
        Spec {
            title: crate::tr!("pushes-title", n = vis.len()),
            header: &sort::header(
                m,
                Pane::Pushes,
                &[
                    "",
                    &crate::tr!("col-id"),
                    &crate::tr!("col-kind"),
                    &crate::tr!("col-order"),
                    &crate::tr!("col-tracking"),
                    &crate::tr!("col-tries"),
                    &crate::tr!("col-result"),
                ],
            ),
            widths: &[
                Constraint::Length(1),
                Constraint::Length(6),
                Constraint::Length(
                    ["confirm", "ship", "stock"]
                        .iter()
                        .map(|k| crate::i18n::width(&crate::i18n::label("push-kind", k)))
                        .fold(7, usize::max) as u16,
                ),
                Constraint::Min(18),
                Constraint::Min(14),
                Constraint::Length(5),
                Constraint::Min(20),
            ],
            rows,
            sel: m.push_sel,
            empty: &crate::tr!("pushes-empty"),
        },
    );
}
