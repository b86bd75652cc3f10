//! Pushes in the store: the outbox of pending calls (by due time) and the record of every push.

use super::change::{push_key, FAILED_PUSHES};
use super::keys::KeyReader;
use super::{decode_in, Store, StoreError};
use crate::domain::Push;

impl Store {
    /// One push by id.
    pub fn get_push(&self, id: u64) -> Result<Option<Push>, StoreError> {
        self.pushes
            .get(push_key(id))?
            .map(|v| decode_in("pushes", &v))
            .transpose()
    }

    /// Pending pushes due at or before `now`, soonest first, at most `limit`.
    pub fn due_pushes(&self, now: jiff::Timestamp, limit: usize) -> Result<Vec<Push>, StoreError> {
        let mut out = Vec::new();
        for k in self.outbox.iter().keys() {
            let k = k?;
            let mut r = KeyReader::new(&k);
            let due = r.ts().map_err(|source| StoreError::Key {
                tree: "outbox",
                source,
            })?;
            if due > now || out.len() >= limit {
                break;
            }
            let id = r.u64().map_err(|source| StoreError::Key {
                tree: "outbox",
                source,
            })?;
            if let Some(p) = self.get_push(id)? {
                out.push(p);
            }
        }
        Ok(out)
    }

    /// Every pending push, soonest first.
    pub fn pending_pushes(&self) -> Result<Vec<Push>, StoreError> {
        self.due_pushes(jiff::Timestamp::MAX, usize::MAX)
    }

    /// When the next pending push is due, if any.
    pub fn next_due(&self) -> Result<Option<jiff::Timestamp>, StoreError> {
        match self.outbox.iter().keys().next() {
            None => Ok(None),
            Some(k) => {
                let k = k?;
                KeyReader::new(&k)
                    .ts()
                    .map(Some)
                    .map_err(|source| StoreError::Key {
                        tree: "outbox",
                        source,
                    })
            }
        }
    }

    /// The number of pending pushes.
    pub fn pending_push_count(&self) -> usize {
        self.outbox.len()
    }

    /// The number of failed pushes.
    pub fn failed_push_count(&self) -> Result<u64, StoreError> {
        Ok(self
            .counters
            .get(FAILED_PUSHES)?
            .and_then(|v| <[u8; 8]>::try_from(v.as_ref()).ok())
            .map(u64::from_be_bytes)
            .unwrap_or(0))
    }

    /// Pushes newest first, optionally only those a filter keeps, skipping `offset`, at most `limit`.
    pub fn list_pushes(
        &self,
        keep: impl Fn(&Push) -> bool,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Push>, StoreError> {
        let mut out = Vec::new();
        let mut skipped = 0;
        for v in self.pushes.iter().values().rev() {
            let p: Push = decode_in("pushes", &v?)?;
            if !keep(&p) {
                continue;
            }
            if skipped < offset {
                skipped += 1;
                continue;
            }
            out.push(p);
            if out.len() >= limit {
                break;
            }
        }
        Ok(out)
    }

    /// The pushes of one order, oldest first.
    pub fn pushes_of(&self, shop: &crate::domain::ShopName, order_no: &str) -> Result<Vec<Push>, StoreError> {
        let mut v = self.list_pushes(
            |p| &p.shop == shop && p.order_no.as_deref() == Some(order_no),
            0,
            usize::MAX,
        )?;
        v.reverse();
        Ok(v)
    }
}
