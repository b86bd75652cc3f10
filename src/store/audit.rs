//! The audit trail: who did what, when. Never holds a secret (values pass through masking).

use serde::{Deserialize, Serialize};

use super::{decode_in, encode_value, keys::KeyBuf, Store, StoreError};

/// One audited act.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// When.
    pub at: jiff::Timestamp,
    /// Who: the operating-system user the engine saw (never what a client claims).
    pub actor: String,
    /// What, e.g. `shops.add`.
    pub action: String,
    /// On what, e.g. the shop or order key, with secrets masked.
    pub detail: String,
}

impl Store {
    /// Appends an entry and flushes it.
    pub fn audit(&self, entry: &AuditEntry) -> Result<(), StoreError> {
        let id = self.next_id()?;
        let key = KeyBuf::new().ts(entry.at).u64(id).finish();
        self.audit.insert(key, encode_value(entry)?)?;
        self.audit.flush()?;
        Ok(())
    }

    /// The newest `limit` entries, newest first.
    pub fn audit_tail(&self, limit: usize) -> Result<Vec<AuditEntry>, StoreError> {
        self.audit
            .iter()
            .values()
            .rev()
            .take(limit)
            .map(|v| decode_in("audit", &v?))
            .collect()
    }
}
