//! The dashboard's reads, all through the `EngineHandle` (the engine answers them, here or behind
//! the socket): a page of a status tab, a whole-tab search, and everything a refresh loads —
//! each turned into the `Data` message `update` applies.

use super::model::{MismatchItem, OrderRow, FILTER_CAP};
use super::msg::{Data, OrdersList, Search};
use crate::engine::EngineHandle;
use crate::store::{OrderQuery, OrderSort, OrderSortKey};

/// A page of a list, formatted; with a filter, the matches found by searching the whole tab.
pub fn orders_page(h: &EngineHandle, list: OrdersList, offset: u64, limit: u64) -> Data {
    if !list.filter.is_empty() {
        // Never replaced, so never stopped; the fallback only keeps the types honest.
        return search_orders(h, list, &|| true)
            .unwrap_or_else(|| Data::Failed("the search was stopped".into()));
    }
    match h.orders(&OrderQuery {
        shop: None,
        status: Some(list.status),
        offset,
        limit,
        sort: list.sort,
    }) {
        Ok(p) => Data::Orders {
            list,
            offset,
            total: p.total,
            rows: p.orders.iter().map(OrderRow::from_order).collect(),
            search: None,
        },
        Err(e) => Data::Failed(e.to_string()),
    }
}

/// Searches every order of the list's tab for the filter (newest first, up to `FILTER_CAP`
/// matches), then puts the matches in the list's sort order. Stops early and answers `None` when
/// `go_on` turns false (a newer search replaced this one).
pub fn search_orders(h: &EngineHandle, list: OrdersList, go_on: &dyn Fn() -> bool) -> Option<Data> {
    let q = crate::store::SearchQuery {
        status: list.status,
        shop: None,
        needle: list.filter.clone(),
        cap: FILTER_CAP,
    };
    let hits = match h.search_orders(&q, go_on) {
        Ok(Some(hits)) => hits,
        Ok(None) => return None,
        Err(e) => return Some(Data::Failed(e.to_string())),
    };
    let mut rows: Vec<OrderRow> = hits.orders.iter().map(OrderRow::from_order).collect();
    sort_rows(&mut rows, list.sort);
    Some(Data::Orders {
        offset: 0,
        total: rows.len() as u64,
        rows,
        search: Some(Search {
            scanned: hits.scanned,
            capped: hits.capped,
        }),
        list,
    })
}

/// Puts newest-first rows in a sort order (stable: newest first within a shop or site).
fn sort_rows(rows: &mut [OrderRow], sort: OrderSort) {
    match (sort.by, sort.reverse) {
        (OrderSortKey::Time, false) => {}
        (OrderSortKey::Time, true) => rows.reverse(),
        (OrderSortKey::Shop, rev) => rows.sort_by(|a, b| {
            let o = a.key.shop.cmp(&b.key.shop);
            if rev {
                o.reverse()
            } else {
                o
            }
        }),
        (OrderSortKey::Site, rev) => rows.sort_by(|a, b| {
            let o = (&a.site, &a.key.shop).cmp(&(&b.site, &b.key.shop));
            if rev {
                o.reverse()
            } else {
                o
            }
        }),
    }
}

/// Everything a refresh loads: status, shops, mismatches, pushes, and the orders window
/// `(list, offset, limit)` when one is given. Suggestions are not among them: they are asked for
/// the mismatch lines on screen only, once each (they cost a pass over the site's catalogue).
pub fn refresh_all(h: &EngineHandle, window: Option<(OrdersList, u64, u64)>) -> Vec<Data> {
    let mut out = Vec::new();
    match h.status() {
        Ok(s) => out.push(Data::Status(s)),
        Err(e) => out.push(Data::Failed(e.to_string())),
    }
    let shops = h.shops().unwrap_or_default();
    let site_of = |name: &str| shops.iter().find(|s| s.name == name).map(|s| s.site);
    match h.mismatches(0, 500) {
        Ok(rows) => {
            let items: Vec<MismatchItem> = rows
                .into_iter()
                .map(|row| MismatchItem {
                    site: site_of(row.key.shop.as_str()),
                    row,
                })
                .collect();
            out.push(Data::Mismatches(items));
        }
        Err(e) => out.push(Data::Failed(e.to_string())),
    }
    out.push(Data::Shops(shops));
    match h.pushes(None, 0, 1000) {
        Ok(mut p) => {
            p.sort_by_key(|p| std::cmp::Reverse(p.id));
            out.push(Data::Pushes(p));
        }
        Err(e) => out.push(Data::Failed(e.to_string())),
    }
    if let Some((list, offset, limit)) = window {
        out.push(orders_page(h, list, offset, limit));
    }
    out
}
