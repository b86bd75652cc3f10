//! Sortable columns: `s` moves a pane's sort to its next sortable column, `S` reverses it; the
//! header shows ▲/▼. Shops, Mismatches and Pushes sort in memory by any sortable column; Orders
//! sort by what the store's indexes serve (time, shop, site), so that a tab of any size pages.

use super::model::{Model, Pane};
use crate::domain::push::{PushKind, PushState};
use crate::store::{OrderSort, OrderSortKey};

/// A pane's sort: a column of its table (header position) and the direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnSort {
    /// The header position.
    pub col: usize,
    /// Largest / latest / Z first.
    pub descending: bool,
}

/// The header positions a pane can sort by, in the order `s` moves through them.
pub fn sortable(pane: Pane) -> &'static [usize] {
    match pane {
        // name, site, shop id, health, last pull, errors
        Pane::Shops => &[0, 1, 2, 3, 4, 6],
        // ordered, shop, site (the store's indexes)
        Pane::Orders => &[4, 3, 2],
        // order, line, site code, product
        Pane::Mismatches => &[0, 1, 2, 3],
        // id, kind, order, carrier / tracking, tries, result
        Pane::Pushes => &[1, 2, 3, 4, 5, 6],
    }
}

/// The Orders sort as a header position and direction.
pub fn orders_column(s: OrderSort) -> ColumnSort {
    match s.by {
        OrderSortKey::Time => ColumnSort {
            col: 4,
            descending: !s.reverse,
        },
        OrderSortKey::Shop => ColumnSort {
            col: 3,
            descending: s.reverse,
        },
        OrderSortKey::Site => ColumnSort {
            col: 2,
            descending: s.reverse,
        },
    }
}

fn orders_sort(c: ColumnSort) -> OrderSort {
    match c.col {
        3 => OrderSort {
            by: OrderSortKey::Shop,
            reverse: c.descending,
        },
        2 => OrderSort {
            by: OrderSortKey::Site,
            reverse: c.descending,
        },
        _ => OrderSort {
            by: OrderSortKey::Time,
            reverse: !c.descending,
        },
    }
}

/// The sort shown for a pane, if any.
pub fn current(m: &Model, pane: Pane) -> Option<ColumnSort> {
    match pane {
        Pane::Orders => Some(orders_column(m.orders.sort)),
        p => m.sorts[p.index()],
    }
}

/// The header of a pane with ▲/▼ on the sorted column.
pub fn header(m: &Model, pane: Pane, names: &[&str]) -> Vec<String> {
    let s = current(m, pane);
    names
        .iter()
        .enumerate()
        .map(|(i, n)| match s {
            Some(s) if s.col == i => format!("{n} {}", if s.descending { "▼" } else { "▲" }),
            _ => (*n).to_string(),
        })
        .collect()
}

/// `s` (next column) or `S` (reverse) on the focused pane. Returns true when the Orders list
/// changed and must be loaded again.
pub fn apply(m: &mut Model, reverse: bool) -> bool {
    let pane = m.pane;
    let cols = sortable(pane);
    let next = match (current(m, pane), reverse) {
        (Some(s), true) => ColumnSort {
            descending: !s.descending,
            ..s
        },
        (None, true) => ColumnSort {
            col: cols[0],
            descending: true,
        },
        (cur, false) => {
            let i = cur
                .and_then(|s| cols.iter().position(|c| *c == s.col))
                .map_or(0, |i| (i + 1) % cols.len());
            ColumnSort {
                col: cols[i],
                // Times and counts read best largest first; names A to Z.
                descending: default_descending(pane, cols[i]),
            }
        }
    };
    if pane == Pane::Orders {
        let o = &mut m.orders;
        o.sort = orders_sort(next);
        o.rows.clear();
        o.filtered.clear();
        o.loaded = false;
        o.searched = None;
        o.sel = Default::default();
        o.selected_key = None;
        return true;
    }
    // Keep the selection on the same row.
    let before = selected_index(m, pane);
    m.sorts[pane.index()] = Some(next);
    if let Some(i) = before {
        let vis = visible(m, pane);
        if let Some(pos) = vis.iter().position(|v| *v == i) {
            let page = m.page();
            let sel = match pane {
                Pane::Shops => &mut m.shops_sel,
                Pane::Mismatches => &mut m.mm_sel,
                _ => &mut m.push_sel,
            };
            sel.cursor = pos;
            sel.follow(vis.len(), page);
        }
    }
    false
}

fn default_descending(pane: Pane, col: usize) -> bool {
    matches!(
        (pane, col),
        (Pane::Orders, 4) | (Pane::Shops, 4 | 6) | (Pane::Pushes, 1 | 5)
    )
}

fn visible(m: &Model, pane: Pane) -> Vec<usize> {
    match pane {
        Pane::Shops => m.visible_shops(),
        Pane::Mismatches => m.visible_mismatches(),
        Pane::Pushes => m.visible_pushes(),
        Pane::Orders => Vec::new(),
    }
}

fn selected_index(m: &Model, pane: Pane) -> Option<usize> {
    let cursor = match pane {
        Pane::Shops => m.shops_sel.cursor,
        Pane::Mismatches => m.mm_sel.cursor,
        Pane::Pushes => m.push_sel.cursor,
        Pane::Orders => return None,
    };
    visible(m, pane).get(cursor).copied()
}

/// A cell's value for sorting: numbers compare as numbers, text as text.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Val {
    Num(i64),
    Text(String),
}

fn shop_val(m: &Model, i: usize, col: usize) -> Val {
    let s = &m.shops[i];
    let info = m.pulls.get(&s.name);
    match col {
        1 => Val::Text(s.site.slug().to_string()),
        2 => Val::Text(s.shop_id.clone()),
        3 => Val::Text(s.health.label().to_string()),
        4 => Val::Num(info.and_then(|i| i.last).map_or(i64::MIN, |t| t.as_millisecond())),
        6 => Val::Num(info.map_or(0, |i| i.errors as i64)),
        _ => Val::Text(s.name.clone()),
    }
}

fn mismatch_val(m: &Model, i: usize, col: usize) -> Val {
    let it = &m.mismatches[i];
    match col {
        1 => Val::Text(it.row.line_key.clone()),
        2 => Val::Text(it.code_text()),
        3 => Val::Text(format!("{} {}", it.row.product_name, it.row.option_name)),
        _ => Val::Text(it.row.key.to_string()),
    }
}

fn push_val(m: &Model, i: usize, col: usize) -> Val {
    let p = &m.pushes[i];
    match col {
        2 => Val::Text(p.kind.label().to_string()),
        3 => Val::Text(format!("{}/{}", p.shop, p.order_no.as_deref().unwrap_or("-"))),
        4 => Val::Text(match &p.kind {
            PushKind::Ship { tracking, .. } => format!("{} {}", tracking.carrier, tracking.number),
            PushKind::Stock { sku, .. } => format!("stock of {sku}"),
            PushKind::Confirm { .. } => "-".into(),
        }),
        5 => Val::Num(i64::from(p.attempts)),
        6 => Val::Text(
            match &p.state {
                PushState::Failed { .. } => "1 failed",
                PushState::Pending { .. } => "2 pending",
                PushState::Done { .. } => "3 done",
                PushState::Dropped { .. } => "4 dropped",
            }
            .to_string(),
        ),
        _ => Val::Num(p.id as i64),
    }
}

/// Sorts a pane's visible indices by its sort, if it has one (stable: ties keep their order).
pub fn sort_visible(m: &Model, pane: Pane, idx: &mut [usize]) {
    let Some(s) = m.sorts[pane.index()] else { return };
    let val = |i: usize| match pane {
        Pane::Shops => shop_val(m, i, s.col),
        Pane::Mismatches => mismatch_val(m, i, s.col),
        Pane::Pushes => push_val(m, i, s.col),
        Pane::Orders => Val::Num(0),
    };
    let mut keyed: Vec<(Val, usize)> = idx.iter().map(|i| (val(*i), *i)).collect();
    keyed.sort_by(|a, b| {
        let o = a.0.cmp(&b.0);
        if s.descending {
            o.reverse()
        } else {
            o
        }
    });
    for (slot, (_, i)) in idx.iter_mut().zip(keyed) {
        *slot = i;
    }
}
