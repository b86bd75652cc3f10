//! Orders with their status index, per shop/status counters and open mismatches, always changed
//! together in one multi-tree transaction; and the paged queries over them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sled::transaction::{ConflictableTransactionError, TransactionalTree};
use sled::Transactional;

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
    /// Rows to skip, newest first.
    pub offset: u64,
    /// Rows to return at most.
    pub limit: u64,
}

/// A page of orders, newest first, and how many match in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderPage {
    /// The orders of the page.
    pub orders: Vec<Order>,
    /// The number of orders matching the query.
    pub total: u64,
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
        let removed = (&self.orders, &self.by_status, &self.counters, &self.mismatches).transaction(
            |(orders, by_status, counters, mismatches)| {
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
                Ok(Some(old))
            },
        )?;
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

    /// A page of orders by (shop?, status?), newest first. Reads only the index entries it walks
    /// past and the orders it returns; deep pages are walked from the oldest end.
    pub fn page_orders(&self, q: &OrderQuery) -> Result<OrderPage, StoreError> {
        let counts = self.counts()?;
        let statuses: Vec<StatusKey> = q
            .status
            .map(|s| vec![s])
            .unwrap_or_else(|| ALL_STATUS_KEYS.to_vec());
        let mut prefixes = Vec::new();
        let mut total = 0u64;
        for ((shop, status), n) in &counts {
            if q.shop.as_ref().is_some_and(|s| s != shop) || !statuses.contains(status) {
                continue;
            }
            total += n;
            prefixes.push(keys::status_prefix(shop, *status));
        }
        let limit = q.limit.min(total.saturating_sub(q.offset));
        if limit == 0 {
            return Ok(OrderPage {
                orders: vec![],
                total,
            });
        }
        // Walk from whichever end is nearer to the page.
        let from_newest = q.offset <= total / 2;
        let skip = if from_newest {
            q.offset
        } else {
            total - q.offset - limit
        };
        let mut iters: Vec<_> = prefixes
            .iter()
            .map(|p| {
                let it = self.by_status.scan_prefix(p).keys();
                let boxed: Box<dyn Iterator<Item = sled::Result<sled::IVec>>> = if from_newest {
                    Box::new(it.rev())
                } else {
                    Box::new(it)
                };
                boxed.peekable()
            })
            .collect();
        let mut heads: Vec<Option<keys::StatusIndexKey>> = Vec::with_capacity(iters.len());
        for it in &mut iters {
            heads.push(next_index_key(it)?);
        }
        let mut picked = Vec::with_capacity(limit as usize);
        let mut seen = 0u64;
        while (picked.len() as u64) < limit {
            // The next key in walking order: newest (max) or oldest (min) by (time, shop, order).
            let best = heads
                .iter()
                .enumerate()
                .filter_map(|(i, h)| h.as_ref().map(|h| (i, h)))
                .reduce(|a, b| {
                    let ord = (a.1.at, &a.1.shop, &a.1.order_no).cmp(&(b.1.at, &b.1.shop, &b.1.order_no));
                    let a_first = if from_newest { ord.is_ge() } else { ord.is_le() };
                    if a_first {
                        a
                    } else {
                        b
                    }
                })
                .map(|(i, _)| i);
            let Some(i) = best else { break };
            let head = heads[i].take();
            heads[i] = next_index_key(&mut iters[i])?;
            if seen >= skip {
                if let Some(h) = head {
                    picked.push(h);
                }
            }
            seen += 1;
        }
        if !from_newest {
            picked.reverse();
        }
        let mut orders = Vec::with_capacity(picked.len());
        for h in picked {
            let shop = ShopName::new(&h.shop).map_err(|_| StoreError::Key {
                tree: "orders_by_status",
                source: keys::KeyError("shop name in index is invalid"),
            })?;
            if let Some(v) = self.orders.get(keys::order(&shop, &h.order_no))? {
                orders.push(decode_in("orders", &v)?);
            }
        }
        Ok(OrderPage { orders, total })
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
            let entry = keys::read_status_index(&k).map_err(|source| StoreError::Key {
                tree: "orders_by_status",
                source,
            })?;
            if entry.at >= until {
                break;
            }
            out.push(entry);
        }
        Ok(out)
    }

    /// A page of open mismatch lines, in (shop, order, line) order.
    pub fn mismatches(&self, offset: usize, limit: usize) -> Result<Vec<MismatchRow>, StoreError> {
        self.mismatches
            .iter()
            .values()
            .skip(offset)
            .take(limit)
            .map(|v| decode_in("mismatches", &v?))
            .collect()
    }
}

fn next_index_key(
    it: &mut std::iter::Peekable<Box<dyn Iterator<Item = sled::Result<sled::IVec>>>>,
) -> Result<Option<keys::StatusIndexKey>, StoreError> {
    match it.next() {
        None => Ok(None),
        Some(k) => {
            let k = k?;
            keys::read_status_index(&k)
                .map(Some)
                .map_err(|source| StoreError::Key {
                    tree: "orders_by_status",
                    source,
                })
        }
    }
}
