//! The four panes' rows and columns, each column defined once: header, width, cell, sort key.

use std::borrow::Cow;

use ratatui::layout::Constraint::{Length, Min};
use ratatui::text::Span;

use super::{Column, Ctx, Row, SortVal};
use crate::domain::push::{Push, PushKind, PushState};
use crate::domain::shop::{ShopHealth, ShopView};
use crate::domain::OrderKey;
use crate::tui::model::{Marked, MismatchItem, OrderRow, PullInfo};
use crate::tui::view::{ago, until};

fn text(s: &str) -> SortVal {
    SortVal::Text(s.to_string())
}

fn mark_cell<'r, R>(_: &'r R, c: &Ctx<'_>) -> Span<'r> {
    Span::raw(if c.marked { "●" } else { " " })
}

/// The mark column (no header, one cell wide).
const fn mark_column<R>() -> Column<R> {
    Column::new("", Length(1), mark_cell)
}

// ---- Orders -------------------------------------------------------------------------------

impl Row for OrderRow {
    type Key = OrderKey;
    type Mark = Marked;

    fn key(&self) -> OrderKey {
        self.key.clone()
    }

    fn hay(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.hay)
    }

    fn has_key(&self, key: &OrderKey) -> bool {
        self.key == *key
    }

    fn mark(&self) -> Marked {
        Marked {
            status: self.status_key,
            hay: self.hay.clone(),
        }
    }

    fn columns() -> &'static [Column<OrderRow>] {
        &ORDER_COLUMNS
    }

    /// Ordered, shop, site: what the store's indexes serve.
    fn sort_cycle() -> Vec<usize> {
        vec![ORDERED, 3, 2]
    }
}

/// The Orders pane's "ordered" column.
pub const ORDERED: usize = 4;

static ORDER_COLUMNS: [Column<OrderRow>; 8] = [
    mark_column(),
    Column::<OrderRow>::new("col-order-no", Min(10), |r, _| Span::raw(r.key.order_no.as_str())),
    Column::<OrderRow>::new("col-site", Length(7), |r, _| Span::raw(r.site.as_str())).asc(|r| text(&r.site)),
    Column::<OrderRow>::new("col-shop", Min(10), |r, _| Span::raw(r.key.shop.as_str()))
        .asc(|r| text(r.key.shop.as_str())),
    Column::<OrderRow>::new("col-ordered", Length(20), |r, _| Span::raw(r.time.as_str()))
        .desc(|r| text(&r.time)),
    Column::<OrderRow>::new("col-qty", Length(3), |r, _| Span::raw(r.items.to_string())),
    Column::<OrderRow>::new("col-status", Min(9), |r, _| Span::raw(r.status.as_str())),
    Column::<OrderRow>::new("col-sku", Length(10), |r, c| {
        let style = if r.sku == crate::tr!("sku-ok") {
            c.theme.text
        } else {
            c.theme.warn
        };
        Span::styled(r.sku.as_str(), style)
    }),
];

// ---- Shops --------------------------------------------------------------------------------

/// A shop with what its pulls reported (so the table sorts by last pull and errors).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopRow {
    /// The shop.
    pub view: ShopView,
    /// Its pulls.
    pub pull: PullInfo,
}

impl Row for ShopRow {
    type Key = String;
    type Mark = ();

    fn key(&self) -> String {
        self.view.name.clone()
    }

    fn hay(&self) -> Cow<'_, str> {
        let s = &self.view;
        Cow::Owned(format!(
            "{} {} {} {}",
            s.name,
            s.site,
            s.shop_id,
            s.health.label()
        ))
    }

    fn mark(&self) {}

    fn columns() -> &'static [Column<ShopRow>] {
        &SHOP_COLUMNS
    }
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

fn shop_next(r: &ShopRow, c: &Ctx<'_>) -> String {
    let s = &r.view;
    let pulls = s.options.get("order_integration") == Some(&true);
    match (r.pull.last, c.pull_every) {
        (Some(l), Some(every)) => until(
            c.now,
            l + jiff::SignedDuration::try_from(every).unwrap_or_default(),
        ),
        (Some(l), None) if pulls => until(
            c.now,
            l + jiff::SignedDuration::from_mins(i64::from(s.schedule.interval_minutes)),
        ),
        (None, _) if pulls => crate::tr!("soon"),
        _ => "-".into(),
    }
}

fn shop_errors(r: &ShopRow) -> String {
    match &r.view.health {
        ShopHealth::AuthFailed { message, .. } | ShopHealth::Error { message, .. } => message.clone(),
        _ if r.pull.errors > 0 => format!(
            "{}: {}",
            r.pull.errors,
            r.pull.error_text.clone().unwrap_or_default()
        ),
        _ => "-".into(),
    }
}

static SHOP_COLUMNS: [Column<ShopRow>; 8] = [
    Column::<ShopRow>::new("col-name", Min(12), |r, _| Span::raw(r.view.name.as_str()))
        .asc(|r| text(&r.view.name)),
    Column::<ShopRow>::new("col-site", Length(9), |r, _| Span::raw(r.view.site.slug()))
        .asc(|r| text(r.view.site.slug())),
    // A shop whose calls go to another host than the site's own says where.
    Column::<ShopRow>::new("col-shop-id", Min(10), |r, c| {
        match r.view.api_base.as_deref().filter(|_| r.view.foreign_api_base) {
            Some(base) => Span::styled(format!("⚠ {} {}", host_of(base), r.view.shop_id), c.theme.warn),
            None => Span::raw(r.view.shop_id.as_str()),
        }
    })
    .asc(|r| text(&r.view.shop_id)),
    Column::<ShopRow>::new("col-health", Length(11), |r, c| {
        let style = match r.view.health {
            ShopHealth::Ok { .. } => c.theme.ok,
            ShopHealth::AuthFailed { .. } | ShopHealth::Error { .. } => c.theme.error,
            _ => c.theme.warn,
        };
        Span::styled(crate::i18n::label("health", r.view.health.label()), style)
    })
    .asc(|r| text(r.view.health.label())),
    Column::<ShopRow>::new("col-last-pull", Length(9), |r, c| {
        Span::raw(r.pull.last.map_or_else(|| "-".into(), |l| ago(c.now, l)))
    })
    .desc(|r| SortVal::Num(r.pull.last.map_or(i64::MIN, |t| t.as_millisecond()))),
    Column::<ShopRow>::new("col-next", Length(7), |r, c| Span::raw(shop_next(r, c))),
    Column::<ShopRow>::new("col-errors", Min(10), |r, _| Span::raw(shop_errors(r)))
        .desc(|r| SortVal::Num(r.pull.errors as i64)),
    Column::<ShopRow>::new("col-options", Min(12), |r, _| {
        Span::raw(options_text(&r.view.options))
    }),
];

// ---- Mismatches ---------------------------------------------------------------------------

impl Row for MismatchItem {
    type Key = String;
    type Mark = ();

    fn key(&self) -> String {
        self.id()
    }

    fn hay(&self) -> Cow<'_, str> {
        let r = &self.row;
        Cow::Owned(format!(
            "{} {} {} {}",
            r.key,
            self.code_text(),
            r.product_name,
            r.option_name
        ))
    }

    fn mark(&self) {}

    fn columns() -> &'static [Column<MismatchItem>] {
        &MISMATCH_COLUMNS
    }
}

static MISMATCH_COLUMNS: [Column<MismatchItem>; 5] = [
    Column::<MismatchItem>::new("col-order", Min(18), |it, _| Span::raw(it.row.key.to_string()))
        .asc(|it| SortVal::Text(it.row.key.to_string())),
    Column::<MismatchItem>::new("col-line", Length(6), |it, _| Span::raw(it.row.line_key.as_str()))
        .asc(|it| text(&it.row.line_key)),
    Column::<MismatchItem>::new("col-site-code", Min(16), |it, c| {
        Span::styled(format!("{:?}", it.code_text()), c.theme.warn)
    })
    .asc(|it| SortVal::Text(it.code_text())),
    Column::<MismatchItem>::new("col-product-option", Min(16), |it, _| {
        Span::raw(if it.row.option_name.is_empty() {
            it.row.product_name.clone()
        } else {
            format!("{} / {}", it.row.product_name, it.row.option_name)
        })
    })
    .asc(|it| SortVal::Text(format!("{} {}", it.row.product_name, it.row.option_name))),
    Column::<MismatchItem>::new("col-candidates", Min(14), |it, c| {
        let cands = match c.suggestions.get(&it.id()) {
            Some(s) if !s.is_empty() => s.iter().map(|s| s.sku.to_string()).collect::<Vec<_>>().join(", "),
            Some(_) => crate::tr!("none-close"),
            None => "…".into(),
        };
        Span::styled(cands, c.theme.ok)
    }),
];

// ---- Pushes -------------------------------------------------------------------------------

impl Row for Push {
    type Key = u64;
    type Mark = ();

    fn key(&self) -> u64 {
        self.id
    }

    fn has_key(&self, key: &u64) -> bool {
        self.id == *key
    }

    fn hay(&self) -> Cow<'_, str> {
        Cow::Owned(format!(
            "{} {} {} {}",
            self,
            self.state.label(),
            self.last_error.as_deref().unwrap_or(""),
            self.note.as_deref().unwrap_or("")
        ))
    }

    fn mark(&self) {}

    fn columns() -> &'static [Column<Push>] {
        &PUSH_COLUMNS
    }
}

fn tracking_text(p: &Push) -> String {
    match &p.kind {
        PushKind::Ship { tracking, .. } => format!("{} {}", tracking.carrier, tracking.number),
        PushKind::Stock { sku, .. } => crate::tr!("push-stock-of", sku = sku.to_string()),
        PushKind::Confirm { .. } => "-".into(),
    }
}

fn push_result<'r>(p: &'r Push, c: &Ctx<'_>) -> Span<'r> {
    let t = c.theme;
    match &p.state {
        PushState::Failed { .. } => Span::styled(
            crate::tr!("push-failed", error = p.last_error.as_deref().unwrap_or("")),
            t.error,
        ),
        PushState::Pending { due_at } => Span::styled(
            match &p.last_error {
                Some(e) => crate::tr!("push-retry", when = until(c.now, *due_at), error = e),
                None => crate::tr!("push-pending", when = until(c.now, *due_at)),
            },
            t.warn,
        ),
        PushState::Done { .. } => {
            let note = p.note.clone().unwrap_or_else(|| crate::tr!("push-accepted"));
            Span::styled(crate::tr!("push-done", note = note), t.ok)
        }
        PushState::Dropped { .. } => Span::styled(
            crate::tr!("push-dropped", note = p.note.as_deref().unwrap_or("")),
            t.dim,
        ),
    }
}

static PUSH_COLUMNS: [Column<Push>; 7] = [
    mark_column(),
    Column::<Push>::new("col-id", Length(6), |p, _| Span::raw(format!("#{}", p.id)))
        .desc(|p| SortVal::Num(p.id as i64)),
    Column::<Push>::new("col-kind", Length(7), |p, _| {
        Span::raw(crate::i18n::label("push-kind", p.kind.label()))
    })
    .asc(|p| text(p.kind.label()))
    .fits(kind_width),
    Column::<Push>::new("col-order", Min(18), |p, _| Span::raw(push_order(p)))
        .asc(|p| SortVal::Text(push_order(p))),
    Column::<Push>::new("col-tracking", Min(14), |p, _| Span::raw(tracking_text(p)))
        .asc(|p| SortVal::Text(tracking_text(p))),
    Column::<Push>::new("col-tries", Length(5), |p, _| Span::raw(p.attempts.to_string()))
        .desc(|p| SortVal::Num(i64::from(p.attempts))),
    // Failed first, then pending, done, dropped.
    Column::<Push>::new("col-result", Min(20), push_result).asc(|p| {
        SortVal::Num(match &p.state {
            PushState::Failed { .. } => 1,
            PushState::Pending { .. } => 2,
            PushState::Done { .. } => 3,
            PushState::Dropped { .. } => 4,
        })
    }),
];

/// The widest push kind in the current language.
fn kind_width() -> u16 {
    ["confirm", "ship", "stock"]
        .iter()
        .map(|k| crate::i18n::width(&crate::i18n::label("push-kind", k)))
        .max()
        .unwrap_or(0) as u16
}

fn push_order(p: &Push) -> String {
    format!("{}/{}", p.shop, p.order_no.as_deref().unwrap_or("-"))
}
