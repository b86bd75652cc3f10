//! One atomic change: orders with their index, counters and mismatch entries, pushes with the
//! outbox index, SKUs, mappings, and push-log lines, all in one multi-tree transaction. Everything is
//! encoded before the transaction; the closure only reads and writes trees (it may run twice).

use sled::transaction::{ConflictableTransactionError, TransactionalTree};
use sled::Transactional;

use super::keys::{self, KeyBuf};
use super::orders::{abort, add_to_counter, entries, TxResult};
use super::{decode_in, encode_value, Store, StoreError};
use crate::domain::{Mapping, Order, Push, PushAttempt, Sku};

/// The `counters` key of the number of failed pushes.
pub const FAILED_PUSHES: &[u8] = b"\xFFpushes_failed";

/// What one transaction writes.
#[derive(Debug, Clone, Default)]
pub struct Change {
    /// Orders to insert or replace.
    pub orders: Vec<Order>,
    /// Pushes to insert or replace.
    pub pushes: Vec<Push>,
    /// SKUs to insert or replace.
    pub skus: Vec<Sku>,
    /// Mappings to insert or replace (keyed by site, shop and code).
    pub mappings: Vec<Mapping>,
    /// Push-log lines to append.
    pub attempts: Vec<PushAttempt>,
    /// Audit entries of the change, written in its transaction.
    pub audit: Vec<super::audit::AuditEntry>,
}

impl Change {
    /// True when there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.orders.is_empty()
            && self.pushes.is_empty()
            && self.skus.is_empty()
            && self.mappings.is_empty()
            && self.attempts.is_empty()
            && self.audit.is_empty()
    }
}

/// What the written records replaced.
#[derive(Debug, Clone, Default)]
pub struct Applied {
    /// The previous version of each order in `Change::orders` (same order).
    pub previous_orders: Vec<Option<Order>>,
}

/// An order ready to write: key, value, index entries, search entry.
type OrderWrite = (Vec<u8>, Vec<u8>, super::orders::Entries, (Vec<u8>, Vec<u8>));

/// `pushes` key.
pub fn push_key(id: u64) -> Vec<u8> {
    KeyBuf::new().u64(id).finish()
}

/// `outbox` key of a pending push: due time | id.
pub fn outbox_key(push: &Push) -> Option<Vec<u8>> {
    match push.state {
        crate::domain::PushState::Pending { due_at } => Some(KeyBuf::new().ts(due_at).u64(push.id).finish()),
        _ => None,
    }
}

fn attempt_key(a: &PushAttempt) -> Vec<u8> {
    KeyBuf::new()
        .ts(a.at)
        .u64(a.push_id)
        .u64(u64::from(a.attempt))
        .finish()
}

fn is_failed(p: &Push) -> bool {
    matches!(p.state, crate::domain::PushState::Failed { .. })
}

fn write_push(
    pushes: &TransactionalTree,
    outbox: &TransactionalTree,
    counters: &TransactionalTree,
    push: &Push,
    value: &[u8],
) -> TxResult<()> {
    let key = push_key(push.id);
    let mut failed_delta = i64::from(is_failed(push));
    if let Some(old) = pushes.insert(key.as_slice(), value)? {
        let old: Push = decode_in("pushes", &old).map_err(abort)?;
        if let Some(k) = outbox_key(&old) {
            outbox.remove(k.as_slice())?;
        }
        failed_delta -= i64::from(is_failed(&old));
    }
    if let Some(k) = outbox_key(push) {
        outbox.insert(k.as_slice(), &[])?;
    }
    if failed_delta != 0 {
        add_to_counter(counters, FAILED_PUSHES, failed_delta)?;
    }
    Ok(())
}

impl Store {
    /// Writes a change atomically.
    pub fn apply(&self, change: &Change) -> Result<Applied, StoreError> {
        let orders: Vec<OrderWrite> = change
            .orders
            .iter()
            .map(|o| {
                Ok((
                    keys::order(&o.key.shop, &o.key.order_no),
                    encode_value(o)?,
                    entries(o)?,
                    (
                        super::search::search_key(o),
                        super::search::search_text(o).into_bytes(),
                    ),
                ))
            })
            .collect::<Result<_, StoreError>>()?;
        let pushes: Vec<Vec<u8>> = change.pushes.iter().map(encode_value).collect::<Result<_, _>>()?;
        let skus: Vec<(Vec<u8>, Vec<u8>)> = change
            .skus
            .iter()
            .map(|s| Ok((s.code.as_str().as_bytes().to_vec(), encode_value(s)?)))
            .collect::<Result<_, StoreError>>()?;
        let mappings: Vec<(Vec<u8>, Vec<u8>)> = change
            .mappings
            .iter()
            .map(|m| {
                Ok((
                    super::catalogue::mapping_key(m.site, m.shop.as_ref(), &m.code),
                    encode_value(m)?,
                ))
            })
            .collect::<Result<_, StoreError>>()?;
        let attempts: Vec<(Vec<u8>, Vec<u8>)> = change
            .attempts
            .iter()
            .map(|a| Ok((attempt_key(a), encode_value(a)?)))
            .collect::<Result<_, StoreError>>()?;
        let audit: Vec<(Vec<u8>, Vec<u8>)> = change
            .audit
            .iter()
            .map(|e| Ok((super::audit::audit_key(self, e)?, encode_value(e)?)))
            .collect::<Result<_, StoreError>>()?;
        let applied = (
            &self.orders,
            &self.by_status,
            &self.counters,
            &self.mismatches,
            &self.pushes,
            &self.outbox,
            &self.skus,
            &self.mappings,
            &self.push_log,
            &self.search,
            &self.audit,
        )
            .transaction(
                |(
                    t_orders,
                    by_status,
                    counters,
                    mismatches,
                    t_pushes,
                    outbox,
                    t_skus,
                    t_mappings,
                    log,
                    search,
                    t_audit,
                )| {
                    let mut previous_orders = Vec::with_capacity(orders.len());
                    for (key, value, new, (search_key, hay)) in &orders {
                        let previous = match t_orders.insert(key.as_slice(), value.as_slice())? {
                            Some(old) => {
                                let old: Order = decode_in("orders", &old).map_err(abort)?;
                                let e = entries(&old).map_err(abort)?;
                                by_status.remove(e.status_key.as_slice())?;
                                add_to_counter(counters, &e.counter_key, -1)?;
                                for (k, _) in &e.mismatches {
                                    mismatches.remove(k.as_slice())?;
                                }
                                add_to_counter(
                                    counters,
                                    keys::MISMATCH_COUNTER,
                                    -(e.mismatches.len() as i64),
                                )?;
                                Some(old)
                            }
                            None => None,
                        };
                        by_status.insert(new.status_key.as_slice(), &[])?;
                        add_to_counter(counters, &new.counter_key, 1)?;
                        for (k, v) in &new.mismatches {
                            mismatches.insert(k.as_slice(), v.as_slice())?;
                        }
                        add_to_counter(counters, keys::MISMATCH_COUNTER, new.mismatches.len() as i64)?;
                        super::search::write_entry(
                            search,
                            previous.as_ref(),
                            Some((search_key.as_slice(), hay.as_slice())),
                        )?;
                        previous_orders.push(previous);
                    }
                    for (push, value) in change.pushes.iter().zip(&pushes) {
                        write_push(t_pushes, outbox, counters, push, value)?;
                    }
                    for (k, v) in &skus {
                        t_skus.insert(k.as_slice(), v.as_slice())?;
                    }
                    for (k, v) in &mappings {
                        t_mappings.insert(k.as_slice(), v.as_slice())?;
                    }
                    for (k, v) in &attempts {
                        log.insert(k.as_slice(), v.as_slice())?;
                    }
                    for (k, v) in &audit {
                        t_audit.insert(k.as_slice(), v.as_slice())?;
                    }
                    Ok::<_, ConflictableTransactionError<StoreError>>(Applied { previous_orders })
                },
            )?;
        self.wrote(
            (change.orders.len()
                + change.pushes.len()
                + change.skus.len()
                + change.mappings.len()
                + change.attempts.len()
                + change.audit.len()) as u64,
        );
        Ok(applied)
    }
}
