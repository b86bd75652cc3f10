//! The audit trail: who did what, when, and how it ended. Never holds a secret (values pass
//! through masking). Entries of a change are written in the change's own transaction
//! ([`super::Change::audit`]); [`Store::audit`] appends one by itself.

use serde::{Deserialize, Serialize};

use super::{decode_in, encode_value, keys::KeyBuf, Store, StoreError};

/// One audited act.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// When.
    pub at: jiff::Timestamp,
    /// Who: the operating-system user the engine saw (never what a client claims).
    pub actor: String,
    /// What, e.g. `shops.add`.
    pub action: String,
    /// On what, e.g. the shop or order key, with secrets masked.
    pub detail: String,
    /// The uid the engine saw (the kernel's word for a socket peer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<u32>,
    /// The user name of that uid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// `operator` or `support`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// `SSH_CLIENT` as the client said (its word, not the kernel's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssh_client: Option<String>,
    /// The terminal as the client said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tty: Option<String>,
    /// How it ended: `ok`, `ok: …`, `refused: …`, `failed: …`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
}

/// Which entries to read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    /// Only entries at or after this instant.
    pub since: Option<jiff::Timestamp>,
    /// Only entries of this user (name or uid, as `actor` shows them).
    pub user: Option<String>,
    /// At most this many (the newest).
    pub limit: usize,
}

impl AuditEntry {
    /// True when the entry is of `user` (its name, or its uid as digits).
    pub fn is_of(&self, user: &str) -> bool {
        self.user.as_deref() == Some(user)
            || self.uid.is_some_and(|u| u.to_string() == user)
            || self.actor == user
            || self.actor.split(" (").next() == Some(user)
    }
}

fn clean(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).collect()
}

impl AuditEntry {
    /// The entry as one line for people (local time; control characters stripped): when, who,
    /// role, what, on what, how it ended, and where the client said it was.
    pub fn line(&self) -> String {
        let when = self
            .at
            .to_zoned(jiff::tz::TimeZone::system())
            .strftime("%Y-%m-%d %H:%M:%S")
            .to_string();
        let who = match (&self.user, self.uid) {
            (Some(u), Some(id)) => format!("{u} ({id})"),
            _ => self.actor.clone(),
        };
        let mut from = Vec::new();
        if let Some(s) = &self.ssh_client {
            from.push(format!("ssh {s}"));
        }
        if let Some(t) = &self.tty {
            from.push(t.clone());
        }
        format!(
            "{when}  {:<22} {:<8} {:<28} {}  [{}]{}",
            clean(&who),
            self.role.as_deref().unwrap_or("-"),
            clean(&self.action),
            clean(&self.detail),
            clean(self.result.as_deref().unwrap_or("-")),
            if from.is_empty() {
                String::new()
            } else {
                format!("  (client says: {})", clean(&from.join(", ")))
            }
        )
    }
}

/// The store key of an entry: its instant, then a unique id.
pub(crate) fn audit_key(store: &Store, entry: &AuditEntry) -> Result<Vec<u8>, StoreError> {
    Ok(KeyBuf::new().ts(entry.at).u64(store.next_id()?).finish())
}

impl Store {
    /// Appends an entry and flushes it.
    pub fn audit(&self, entry: &AuditEntry) -> Result<(), StoreError> {
        let key = audit_key(self, entry)?;
        self.audit.insert(key, encode_value(entry)?)?;
        self.audit.flush()?;
        Ok(())
    }

    /// The newest `limit` entries, newest first.
    pub fn audit_tail(&self, limit: usize) -> Result<Vec<AuditEntry>, StoreError> {
        self.audit_query(&AuditQuery {
            limit,
            ..AuditQuery::default()
        })
    }

    /// The newest entries matching `q`, newest first.
    pub fn audit_query(&self, q: &AuditQuery) -> Result<Vec<AuditEntry>, StoreError> {
        let iter = match q.since {
            Some(t) => self.audit.range(KeyBuf::new().ts(t).finish()..),
            None => self.audit.iter(),
        };
        let mut out = Vec::new();
        for v in iter.values().rev() {
            let e: AuditEntry = decode_in("audit", &v?)?;
            if q.user.as_deref().is_some_and(|u| !e.is_of(u)) {
                continue;
            }
            out.push(e);
            if out.len() >= q.limit {
                break;
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Change;

    #[test]
    fn entries_of_a_change_are_written_with_it_and_read_by_user_and_time() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let t0: jiff::Timestamp = "2026-12-01T10:00:00Z".parse().unwrap();
        let entry = |at: jiff::Timestamp, user: &str, uid: u32| AuditEntry {
            at,
            actor: format!("{user} (uid {uid})"),
            action: "orders.confirm".into(),
            detail: "shop/1".into(),
            uid: Some(uid),
            user: Some(user.into()),
            role: Some("operator".into()),
            result: Some("ok".into()),
            ..AuditEntry::default()
        };
        store
            .apply(&Change {
                audit: vec![entry(t0, "alice", 1000)],
                ..Change::default()
            })
            .unwrap();
        store
            .audit(&entry(t0 + jiff::SignedDuration::from_hours(1), "bob", 1001))
            .unwrap();
        let all = store.audit_tail(10).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].user.as_deref(), Some("bob"), "newest first");
        let q = |since: Option<jiff::Timestamp>, user: Option<&str>| {
            store
                .audit_query(&AuditQuery {
                    since,
                    user: user.map(str::to_string),
                    limit: 10,
                })
                .unwrap()
        };
        assert_eq!(q(None, Some("alice")).len(), 1);
        assert_eq!(q(None, Some("1001")).len(), 1);
        assert_eq!(q(Some(t0 + jiff::SignedDuration::from_mins(30)), None).len(), 1);
        assert!(q(None, Some("carol")).is_empty());
    }
}
