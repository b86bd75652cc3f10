//! Pushes: every outbound call to a site (confirm, shipment/tracking, stock), recorded before it is
//! sent and kept with its result.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::mapping::SiteCode;
use super::shop::ShopName;
use super::sku::SkuCode;
use super::tracking::Tracking;

/// What a push asks of the site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PushKind {
    /// Confirm an order's lines.
    Confirm {
        /// Lines to confirm.
        line_keys: Vec<String>,
    },
    /// Register the carrier and tracking number (and, on Crossmall, move the phase).
    Ship {
        /// The tracking.
        tracking: Tracking,
        /// Lines shipped.
        line_keys: Vec<String>,
    },
    /// Set the stock of the product or option a code names to the SKU's availability at send time.
    Stock {
        /// The site code.
        code: SiteCode,
        /// The SKU whose availability is pushed.
        sku: SkuCode,
    },
}

impl PushKind {
    /// A short word for tables: confirm, ship, stock.
    pub fn label(&self) -> &'static str {
        match self {
            PushKind::Confirm { .. } => "confirm",
            PushKind::Ship { .. } => "ship",
            PushKind::Stock { .. } => "stock",
        }
    }
}

/// Where a push is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum PushState {
    /// Waiting to be sent at `due_at`.
    Pending {
        /// When it is due.
        due_at: jiff::Timestamp,
    },
    /// The site accepted it.
    Done {
        /// When.
        at: jiff::Timestamp,
    },
    /// Gave up (attempts exhausted or refused by the site); `last_error` says why. Retryable.
    Failed {
        /// When.
        at: jiff::Timestamp,
    },
    /// No longer needed (e.g. the order was cancelled).
    Dropped {
        /// When.
        at: jiff::Timestamp,
    },
}

impl PushState {
    /// A short word for tables.
    pub fn label(&self) -> &'static str {
        match self {
            PushState::Pending { .. } => "pending",
            PushState::Done { .. } => "done",
            PushState::Failed { .. } => "failed",
            PushState::Dropped { .. } => "dropped",
        }
    }

    /// True while the push still has to be sent.
    pub fn is_pending(&self) -> bool {
        matches!(self, PushState::Pending { .. })
    }
}

/// One outbound call and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Push {
    /// Unique, increasing id.
    pub id: u64,
    /// The shop it goes to.
    pub shop: ShopName,
    /// The order it is about (none for stock).
    pub order_no: Option<String>,
    /// What it asks.
    pub kind: PushKind,
    /// Where it is.
    pub state: PushState,
    /// Attempts made so far (reset by an operator's retry).
    pub attempts: u32,
    /// Calls that went out to the site, ever (never reset): a push that may have reached the
    /// site is checked against it before it is sent again, even after a retry.
    #[serde(default)]
    pub calls: u32,
    /// The site's own words from the last failed attempt.
    pub last_error: Option<String>,
    /// How it ended: `accepted` (the site took our call), `already applied on the site …` (found
    /// done before re-sending), `nothing to do …`; or, for a shipment failed without being sent,
    /// `the site shows shipped with tracking …; ours was …` (someone else shipped the order).
    #[serde(default)]
    pub note: Option<String>,
    /// Who asked for it (`None`: the engine, by a shop option).
    pub actor: Option<String>,
    /// When it was recorded.
    pub created_at: jiff::Timestamp,
    /// When it last changed.
    pub updated_at: jiff::Timestamp,
}

impl Push {
    /// True when a call of this push went out before (so it may have reached the site even if
    /// no answer came back). Pushes stored before `calls` was kept count by their attempts.
    pub fn may_have_reached_the_site(&self) -> bool {
        self.calls > 0 || self.attempts > 0
    }
}

impl fmt::Display for Push {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{} {} {}", self.id, self.kind.label(), self.shop)?;
        if let Some(o) = &self.order_no {
            write!(f, "/{o}")?;
        }
        Ok(())
    }
}

/// One attempt's result, for the push log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushAttempt {
    /// The push.
    pub push_id: u64,
    /// Which attempt (1-based).
    pub attempt: u32,
    /// When.
    pub at: jiff::Timestamp,
    /// `Ok` or the error text (the site's own words where it gave some).
    pub outcome: Result<(), String>,
}
