//! Walking the status index across several shop×status prefixes in time order (a k-way merge),
//! newest or oldest first, reading only the index entries walked past.

use super::{keys, Store, StoreError};
use crate::domain::text::escape;
use crate::domain::{Order, ShopName};

type KeyIter = std::iter::Peekable<Box<dyn Iterator<Item = sled::Result<sled::IVec>>>>;

/// A merged walk over status-index prefixes: yields index keys newest first (or oldest first).
pub struct IndexWalk {
    iters: Vec<KeyIter>,
    heads: Vec<Option<keys::StatusIndexKey>>,
    newest_first: bool,
}

impl IndexWalk {
    /// Starts a walk over `prefixes` of the `orders_by_status` tree.
    pub fn new(store: &Store, prefixes: &[Vec<u8>], newest_first: bool) -> Result<IndexWalk, StoreError> {
        let mut iters: Vec<KeyIter> = prefixes
            .iter()
            .map(|p| {
                let it = store.by_status.scan_prefix(p).keys();
                let boxed: Box<dyn Iterator<Item = sled::Result<sled::IVec>>> = if newest_first {
                    Box::new(it.rev())
                } else {
                    Box::new(it)
                };
                boxed.peekable()
            })
            .collect();
        let mut heads = Vec::with_capacity(iters.len());
        for it in &mut iters {
            heads.push(next_index_key(it)?);
        }
        Ok(IndexWalk {
            iters,
            heads,
            newest_first,
        })
    }

    /// The next index key in walking order, by (time, shop, order number).
    pub fn next_key(&mut self) -> Result<Option<keys::StatusIndexKey>, StoreError> {
        let newest_first = self.newest_first;
        let best = self
            .heads
            .iter()
            .enumerate()
            .filter_map(|(i, h)| h.as_ref().map(|h| (i, h)))
            .reduce(|a, b| {
                let ord = (a.1.at, &a.1.shop, &a.1.order_no).cmp(&(b.1.at, &b.1.shop, &b.1.order_no));
                let a_first = if newest_first { ord.is_ge() } else { ord.is_le() };
                if a_first {
                    a
                } else {
                    b
                }
            })
            .map(|(i, _)| i);
        let Some(i) = best else { return Ok(None) };
        let head = self.heads[i].take();
        self.heads[i] = next_index_key(&mut self.iters[i])?;
        Ok(head)
    }
}

impl Store {
    /// The order an index key points at (`None` if it went away meanwhile). A record that cannot
    /// be read is skipped, logged and counted in `skipped`: one bad record never fails a query.
    pub(super) fn order_at(
        &self,
        h: &keys::StatusIndexKey,
        skipped: &mut u64,
    ) -> Result<Option<Order>, StoreError> {
        let Ok(shop) = ShopName::new(&h.shop) else {
            tracing::warn!(shop = %escape(&h.shop), "status index names an invalid shop; skipped");
            *skipped += 1;
            return Ok(None);
        };
        match self.orders.get(keys::order(&shop, &h.order_no))? {
            Some(v) => match super::decode_in::<Order>("orders", &v) {
                Ok(o) => Ok(Some(o)),
                Err(e) => {
                    tracing::warn!(shop = %shop, order = %escape(&h.order_no), error = %e, "unreadable order record skipped");
                    *skipped += 1;
                    Ok(None)
                }
            },
            None => Ok(None),
        }
    }
}

/// The next readable index key (an unreadable one is logged and passed over).
fn next_index_key(it: &mut KeyIter) -> Result<Option<keys::StatusIndexKey>, StoreError> {
    loop {
        match it.next() {
            None => return Ok(None),
            Some(k) => {
                let k = k?;
                match keys::read_status_index(&k) {
                    Ok(entry) => return Ok(Some(entry)),
                    Err(e) => tracing::warn!(key = ?k, error = %e, "unreadable status-index key skipped"),
                }
            }
        }
    }
}
