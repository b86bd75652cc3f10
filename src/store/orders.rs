//! Orders with their status index, per shop/status counters and open mismatches, always changed
//! together in one multi-tree transaction; and the paged queries over them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sled::transaction::{ConflictableTransactionError, TransactionalTree};
use sled::Transactional;

use super::walk::IndexWalk;
use super::{decode_in, encode_value, keys, Store, StoreError};
use crate::domain::lifecycle::ALL_STATUS_KEYS;
use crate::domain::mapping::SiteCode;
use crate::domain::{LineSku, Order, OrderKey, ShopName, Stage, StatusKey};

/// What a page of orders is asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderQuery {
    /// One shop, or all.
    pub shop: Option<ShopName>,
    /// One status, or all.
    pub status: Option<StatusKey>,
    /// Rows to skip, in the sort order.
    pub offset: u64,
    /// Rows to return at most.
    pub limit: u64,
    /// The order of the rows (newest first by default).
    #[serde(default)]
    pub sort: OrderSort,
}

/// What orders are sorted by: what the store's indexes can serve without loading a whole tab.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderSortKey {
    /// Order time.
    #[default]
    Time,
    /// Shop name, newest first within a shop.
    Shop,
    /// Site, then shop name, newest first within a shop.
    Site,
}

/// A sort: the key, and whether it runs the other way (oldest first; Z to A).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OrderSort {
    /// The key.
    pub by: OrderSortKey,
    /// Reversed: oldest first for time, Z→A for shops and sites.
    pub reverse: bool,
}

/// A page of orders, newest first, and how many match in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderPage {
    /// The orders of the page.
    pub orders: Vec<Order>,
    /// The number of orders matching the query.
    pub total: u64,
    /// Records of the page that could not be read and were left out (see [`Store::verify`]).
    #[serde(default)]
    pub skipped: u64,
}

/// An order line that maps to no SKU, as the mismatch index holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MismatchRow {
    /// The order.
    pub key: OrderKey,
    /// The line.
    pub line_key: String,
    /// The site code that matched nothing (`None` when the line carries no code at all).
    pub code: Option<SiteCode>,
    /// The product name as the site shows it.
    pub product_name: String,
    /// The option name as the site shows it.
    pub option_name: String,
}

/// An order's entries in the mismatch index: its unmapped lines while it is still to be shipped.
fn mismatch_rows(order: &Order) -> Vec<MismatchRow> {
    let open = matches!(order.stage(), Some(s) if s < Stage::Shipped);
    if !open {
        return Vec::new();
    }
    order
        .lines
        .iter()
        .filter(|l| l.sku == LineSku::Unmapped)
        .map(|l| MismatchRow {
            key: order.key.clone(),
            line_key: l.line_key.clone(),
            code: SiteCode::for_line(&l.product),
            product_name: l.product_name.clone(),
            option_name: l.option_name.clone(),
        })
        .collect()
}

pub(crate) type TxResult<T> = Result<T, ConflictableTransactionError<StoreError>>;

pub(crate) fn abort(e: StoreError) -> ConflictableTransactionError<StoreError> {
    ConflictableTransactionError::Abort(e)
}

pub(crate) fn add_to_counter(counters: &TransactionalTree, key: &[u8], delta: i64) -> TxResult<()> {
    let current = match counters.get(key)? {
        Some(v) => <[u8; 8]>::try_from(v.as_ref())
            .map(u64::from_be_bytes)
            .unwrap_or(0),
        None => 0,
    };
    let next = (current as i64 + delta).max(0) as u64;
    if next == 0 {
        counters.remove(key)?;
    } else {
        counters.insert(key, &next.to_be_bytes())?;
    }
    Ok(())
}

/// The index entries an order owns, worked out before a transaction so the closure only writes.
pub(crate) struct Entries {
    pub(crate) status_key: Vec<u8>,
    pub(crate) counter_key: Vec<u8>,
    pub(crate) mismatches: Vec<(Vec<u8>, Vec<u8>)>,
}

pub(crate) fn entries(order: &Order) -> Result<Entries, StoreError> {
    let shop = &order.key.shop;
    let status = order.state.status_key();
    let mismatches = mismatch_rows(order)
        .into_iter()
        .map(|row| {
            let k = keys::mismatch(shop, &order.key.order_no, &row.line_key);
            encode_value(&row).map(|v| (k, v))
        })
        .collect::<Result<_, _>>()?;
    Ok(Entries {
        status_key: keys::status_index(shop, status, order.ordered_at, &order.key.order_no),
        counter_key: keys::counter(shop, status),
        mismatches,
    })
}

impl Store {
    /// Inserts or replaces an order, moving its index entry, counters and mismatch entries in the
    /// same transaction. Returns the order it replaced.
    pub fn put_order(&self, order: &Order) -> Result<Option<Order>, StoreError> {
        let applied = self.apply(&super::change::Change {
            orders: vec![order.clone()],
            ..Default::default()
        })?;
        Ok(applied.previous_orders.into_iter().next().flatten())
    }

    /// Deletes an order with its index, counter and mismatch entries. Returns it if it existed.
    pub fn delete_order(&self, key: &OrderKey) -> Result<Option<Order>, StoreError> {
        let k = keys::order(&key.shop, &key.order_no);
        let removed = (
            &self.orders,
            &self.by_status,
            &self.counters,
            &self.mismatches,
            &self.search,
        )
            .transaction(|(orders, by_status, counters, mismatches, search)| {
                let Some(old) = orders.remove(k.as_slice())? else {
                    return Ok(None);
                };
                let old: Order = decode_in("orders", &old).map_err(abort)?;
                let e = entries(&old).map_err(abort)?;
                by_status.remove(e.status_key.as_slice())?;
                add_to_counter(counters, &e.counter_key, -1)?;
                for (mk, _) in &e.mismatches {
                    mismatches.remove(mk.as_slice())?;
                }
                add_to_counter(counters, keys::MISMATCH_COUNTER, -(e.mismatches.len() as i64))?;
                super::search::write_entry(search, Some(&old), None)?;
                Ok(Some(old))
            })?;
        Ok(removed)
    }

    /// Looks an order up by its `SHOP/ORDER` key.
    pub fn get_order(&self, key: &OrderKey) -> Result<Option<Order>, StoreError> {
        self.orders
            .get(keys::order(&key.shop, &key.order_no))?
            .map(|v| decode_in("orders", &v))
            .transpose()
    }

    /// Order counts per shop and status, from the counters (no order is loaded).
    pub fn counts(&self) -> Result<BTreeMap<(ShopName, StatusKey), u64>, StoreError> {
        let mut out = BTreeMap::new();
        for item in self.counters.range(..keys::MISMATCH_COUNTER) {
            let (k, v) = item?;
            let mut r = keys::KeyReader::new(&k);
            let shop = r.str().map_err(|source| StoreError::Key {
                tree: "counters",
                source,
            })?;
            let status = r.u8().map_err(|source| StoreError::Key {
                tree: "counters",
                source,
            })?;
            let (Ok(shop), Some(status)) = (ShopName::new(&shop), StatusKey::from_byte(status)) else {
                continue;
            };
            let n = <[u8; 8]>::try_from(v.as_ref())
                .map(u64::from_be_bytes)
                .unwrap_or(0);
            out.insert((shop, status), n);
        }
        Ok(out)
    }

    /// The number of open mismatch lines.
    pub fn mismatch_count(&self) -> Result<u64, StoreError> {
        Ok(self
            .counters
            .get(keys::MISMATCH_COUNTER)?
            .and_then(|v| <[u8; 8]>::try_from(v.as_ref()).ok())
            .map(u64::from_be_bytes)
            .unwrap_or(0))
    }

    /// A page of orders by (shop?, status?) in the query's sort order (newest first unless asked
    /// otherwise). Reads only the index entries it walks past and the orders it returns; deep pages
    /// are walked from the far end, and whole shops are skipped by their counts.
    pub fn page_orders(&self, q: &OrderQuery) -> Result<OrderPage, StoreError> {
        let counts = self.selected_counts(q)?;
        let total: u64 = counts.iter().map(|(_, _, n)| n).sum();
        let limit = q.limit.min(total.saturating_sub(q.offset));
        if limit == 0 {
            return Ok(OrderPage {
                orders: vec![],
                total,
                skipped: 0,
            });
        }
        let mut skipped = 0u64;
        let orders = match q.sort.by {
            OrderSortKey::Time => {
                // Oldest first is the newest-first list read backwards.
                let offset = if q.sort.reverse {
                    total - q.offset - limit
                } else {
                    q.offset
                };
                let mut page = self.time_page(&counts, total, offset, limit, &mut skipped)?;
                if q.sort.reverse {
                    page.reverse();
                }
                page
            }
            OrderSortKey::Shop | OrderSortKey::Site => {
                // Groups of shops in name (or site, name) order; newest first within a shop.
                let mut shops: Vec<(String, ShopName)> = Vec::new();
                let sites: BTreeMap<ShopName, String> = if q.sort.by == OrderSortKey::Site {
                    self.list_shops()?
                        .into_iter()
                        .map(|s| (s.name.clone(), s.site.slug().to_string()))
                        .collect()
                } else {
                    BTreeMap::new()
                };
                for (shop, _, _) in &counts {
                    if !shops.iter().any(|(_, s)| s == shop) {
                        let group = sites.get(shop).cloned().unwrap_or_default();
                        shops.push((group, shop.clone()));
                    }
                }
                shops.sort();
                if q.sort.reverse {
                    shops.reverse();
                }
                let mut out = Vec::with_capacity(limit as usize);
                let mut skip = q.offset;
                for (_, shop) in shops {
                    let mine: Vec<(ShopName, StatusKey, u64)> =
                        counts.iter().filter(|(s, _, _)| *s == shop).cloned().collect();
                    let n: u64 = mine.iter().map(|(_, _, n)| n).sum();
                    if skip >= n {
                        skip -= n;
                        continue;
                    }
                    let want = (limit - out.len() as u64).min(n - skip);
                    out.extend(self.time_page(&mine, n, skip, want, &mut skipped)?);
                    skip = 0;
                    if out.len() as u64 >= limit {
                        break;
                    }
                }
                out
            }
        };
        Ok(OrderPage {
            orders,
            total,
            skipped,
        })
    }

    /// Calls `f` with every order of (shop?, status?) newest first, until it returns `false`.
    /// Returns how many orders were visited.
    pub fn scan_orders(&self, q: &OrderQuery, mut f: impl FnMut(Order) -> bool) -> Result<u64, StoreError> {
        let counts = self.selected_counts(q)?;
        let prefixes: Vec<Vec<u8>> = counts
            .iter()
            .map(|(shop, status, _)| keys::status_prefix(shop, *status))
            .collect();
        let mut walk = IndexWalk::new(self, &prefixes, true)?;
        let mut seen = 0u64;
        let mut skipped = 0u64;
        while let Some(h) = walk.next_key()? {
            if let Some(o) = self.order_at(&h, &mut skipped)? {
                seen += 1;
                if !f(o) {
                    break;
                }
            }
        }
        Ok(seen)
    }

    /// The (shop, status, count) groups a query selects.
    fn selected_counts(&self, q: &OrderQuery) -> Result<Vec<(ShopName, StatusKey, u64)>, StoreError> {
        let statuses: Vec<StatusKey> = q
            .status
            .map(|s| vec![s])
            .unwrap_or_else(|| ALL_STATUS_KEYS.to_vec());
        Ok(self
            .counts()?
            .into_iter()
            .filter(|((shop, status), _)| {
                q.shop.as_ref().is_none_or(|s| s == shop) && statuses.contains(status)
            })
            .map(|((shop, status), n)| (shop, status, n))
            .collect())
    }

    /// Orders `offset..offset+limit` of the newest-first merge of `groups` (`total` in all),
    /// walked from whichever end is nearer.
    fn time_page(
        &self,
        groups: &[(ShopName, StatusKey, u64)],
        total: u64,
        offset: u64,
        limit: u64,
        skipped: &mut u64,
    ) -> Result<Vec<Order>, StoreError> {
        let from_newest = offset <= total / 2;
        let skip = if from_newest {
            offset
        } else {
            total.saturating_sub(offset + limit)
        };
        let prefixes: Vec<Vec<u8>> = groups
            .iter()
            .map(|(shop, status, _)| keys::status_prefix(shop, *status))
            .collect();
        let mut walk = IndexWalk::new(self, &prefixes, from_newest)?;
        let mut picked = Vec::with_capacity(limit as usize);
        let mut seen = 0u64;
        while (picked.len() as u64) < limit {
            let Some(h) = walk.next_key()? else { break };
            if seen >= skip {
                picked.push(h);
            }
            seen += 1;
        }
        if !from_newest {
            picked.reverse();
        }
        let mut orders = Vec::with_capacity(picked.len());
        for h in picked {
            if let Some(o) = self.order_at(&h, skipped)? {
                orders.push(o);
            }
        }
        Ok(orders)
    }

    /// The oldest status-index entry within `prefix`.
    pub fn oldest_in(&self, prefix: &[u8]) -> Result<Option<keys::StatusIndexKey>, StoreError> {
        match self.by_status.scan_prefix(prefix).keys().next() {
            None => Ok(None),
            Some(k) => keys::read_status_index(&k?)
                .map(Some)
                .map_err(|source| StoreError::Key {
                    tree: "orders_by_status",
                    source,
                }),
        }
    }

    /// Status-index entries from `from` on, within `prefix`, ordered before `until` (oldest first).
    pub fn by_status_range(
        &self,
        prefix: &[u8],
        from: &[u8],
        until: jiff::Timestamp,
    ) -> Result<Vec<keys::StatusIndexKey>, StoreError> {
        let mut out = Vec::new();
        for k in self.by_status.range(from.to_vec()..).keys() {
            let k = k?;
            if !k.starts_with(prefix) {
                break;
            }
            let entry = match keys::read_status_index(&k) {
                Ok(e) => e,
                Err(e) => {
                    tracing::warn!(key = ?k, error = %e, "unreadable status-index key skipped");
                    continue;
                }
            };
            if entry.at >= until {
                break;
            }
            out.push(entry);
        }
        Ok(out)
    }

    /// A page of open mismatch lines, in (shop, order, line) order. An entry that cannot be read
    /// is logged and left out.
    pub fn mismatches(&self, offset: usize, limit: usize) -> Result<Vec<MismatchRow>, StoreError> {
        let mut out = Vec::new();
        for v in self.mismatches.iter().values().skip(offset).take(limit) {
            match decode_in::<MismatchRow>("mismatches", &v?) {
                Ok(row) => out.push(row),
                Err(e) => tracing::warn!(error = %e, "unreadable mismatch entry skipped"),
            }
        }
        Ok(out)
    }
}
