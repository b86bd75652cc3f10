//! A full consistency check: the index, counters and mismatch entries recounted from the records.

use std::collections::{BTreeMap, BTreeSet};

use super::{decode_in, keys, Store, StoreError};
use crate::domain::Order;

impl Store {
    /// Recounts everything derived from the orders and lists every difference found.
    /// An empty list means the store is consistent. Reads every order: for tests and `doctor`.
    pub fn verify(&self) -> Result<Vec<String>, StoreError> {
        let mut problems = Vec::new();
        let mut want_index = BTreeSet::new();
        let mut want_counts: BTreeMap<Vec<u8>, u64> = BTreeMap::new();
        let mut want_mismatches = BTreeSet::new();
        let mut want_search = BTreeMap::new();
        for item in self.orders.iter() {
            let (k, v) = item?;
            let order: Order = match decode_in("orders", &v) {
                Ok(o) => o,
                Err(e) => {
                    problems.push(format!(
                        "unreadable order record under key {}: {e}",
                        crate::domain::text::escape(&String::from_utf8_lossy(&k))
                    ));
                    continue;
                }
            };
            if k.as_ref() != keys::order(&order.key.shop, &order.key.order_no).as_slice() {
                problems.push(format!(
                    "order {} is stored under a key that is not its own",
                    order.key
                ));
            }
            let status = order.state.status_key();
            want_index.insert(keys::status_index(
                &order.key.shop,
                status,
                order.ordered_at,
                &order.key.order_no,
            ));
            want_search.insert(
                super::search::search_key(&order),
                super::search::search_text(&order).into_bytes(),
            );
            *want_counts
                .entry(keys::counter(&order.key.shop, status))
                .or_default() += 1;
            for line in order.unmapped_lines() {
                if matches!(order.stage(), Some(s) if s < crate::domain::Stage::Shipped) {
                    want_mismatches.insert(keys::mismatch(
                        &order.key.shop,
                        &order.key.order_no,
                        &line.line_key,
                    ));
                }
            }
        }
        let have_index: BTreeSet<Vec<u8>> = self
            .by_status
            .iter()
            .keys()
            .map(|k| k.map(|k| k.to_vec()))
            .collect::<Result<_, _>>()?;
        if have_index != want_index {
            problems.push(format!(
                "status index: {} entries missing, {} extra",
                want_index.difference(&have_index).count(),
                have_index.difference(&want_index).count()
            ));
        }
        let mut have_counts: BTreeMap<Vec<u8>, u64> = BTreeMap::new();
        for item in self.counters.range(..keys::MISMATCH_COUNTER) {
            let (k, v) = item?;
            let n = <[u8; 8]>::try_from(v.as_ref())
                .map(u64::from_be_bytes)
                .unwrap_or(u64::MAX);
            have_counts.insert(k.to_vec(), n);
        }
        if have_counts != want_counts {
            problems.push(format!(
                "counters differ from a recount: have {have_counts:?}, want {want_counts:?}"
            ));
        }
        let have_mismatches: BTreeSet<Vec<u8>> = self
            .mismatches
            .iter()
            .keys()
            .map(|k| k.map(|k| k.to_vec()))
            .collect::<Result<_, _>>()?;
        if have_mismatches != want_mismatches {
            problems.push(format!(
                "mismatch index: {} missing, {} extra",
                want_mismatches.difference(&have_mismatches).count(),
                have_mismatches.difference(&want_mismatches).count()
            ));
        }
        let have_search: BTreeMap<Vec<u8>, Vec<u8>> = self
            .search
            .iter()
            .map(|kv| kv.map(|(k, v)| (k.to_vec(), v.to_vec())))
            .collect::<Result<_, _>>()?;
        if have_search != want_search {
            let stale = want_search
                .iter()
                .filter(|(k, v)| have_search.get(*k).is_some_and(|h| h != *v))
                .count();
            problems.push(format!(
                "search index: {} entries missing, {} extra, {stale} with stale text",
                want_search
                    .keys()
                    .filter(|k| !have_search.contains_key(*k))
                    .count(),
                have_search
                    .keys()
                    .filter(|k| !want_search.contains_key(*k))
                    .count(),
            ));
        }
        let counted = self.mismatch_count()?;
        if counted != want_mismatches.len() as u64 {
            problems.push(format!(
                "mismatch counter {counted}, recount {}",
                want_mismatches.len()
            ));
        }
        Ok(problems)
    }
}
