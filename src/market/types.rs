//! The plain types adapters take and give, and the one error taxonomy of every site.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::domain::mapping::SiteCode;
use crate::domain::{Carrier, OrderLine, Party, Secret, SiteStatus, TrackingNumber};

/// A half-open span of order times: `from <= t < to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    /// Inclusive start.
    pub from: jiff::Timestamp,
    /// Exclusive end.
    pub to: jiff::Timestamp,
}

impl Window {
    /// A window; `from` after `to` gives an empty window.
    pub fn new(from: jiff::Timestamp, to: jiff::Timestamp) -> Window {
        Window {
            from,
            to: to.max(from),
        }
    }

    /// True when `t` falls in the window.
    pub fn contains(&self, t: jiff::Timestamp) -> bool {
        self.from <= t && t < self.to
    }

    /// Cuts the window into consecutive pieces no longer than `max` (the site's limit).
    pub fn split(&self, max: jiff::SignedDuration) -> Vec<Window> {
        let mut out = Vec::new();
        let mut start = self.from;
        while start < self.to {
            let end = start.checked_add(max).map(|e| e.min(self.to)).unwrap_or(self.to);
            out.push(Window { from: start, to: end });
            start = end;
        }
        out
    }
}

/// An order as a site lists it, before shipdeck's own state is attached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteOrder {
    /// The site's order number (the ORDER of SHOP/ORDER).
    pub order_no: String,
    /// Cart / shipment group, when the site has one.
    pub cart_no: Option<String>,
    /// The order's status on the site (the least advanced line's).
    pub site_status: SiteStatus,
    /// Order time.
    pub ordered_at: jiff::Timestamp,
    /// Payment time, when the site says.
    pub paid_at: Option<jiff::Timestamp>,
    /// The buyer.
    pub buyer: Party,
    /// The receiver.
    pub receiver: Party,
    /// The buyer's delivery message.
    pub delivery_message: String,
    /// The lines, each with the site's own line key and status.
    pub lines: Vec<OrderLine>,
    /// True when the site reports the order cancelled (or on hold) though it is still listed.
    pub cancelled: bool,
    /// The shipment the site has registered for the order, as the site shows it (Qoo10
    /// `DeliveryCompany`/`TrackingNo`, ESM `TakbaeName`/`NoSongjang`, Crossmall
    /// `delivery_name`/`delivery_number`); `None` when it shows no tracking number or the site's
    /// order reads carry none (LotteON, Grip).
    #[serde(default)]
    pub tracking: Option<SiteTracking>,
}

/// A carrier and tracking number exactly as a site shows them on an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteTracking {
    /// The carrier as the site gives it: a name (`ヤマト運輸`, `CJ대한통운`) or a code; may be empty.
    pub carrier: String,
    /// The tracking number as the site gives it (never empty).
    pub number: String,
}

impl SiteTracking {
    /// The tracking a site shows, from its carrier and number fields: `None` when the number is
    /// empty (the site shows no shipment, whatever the carrier field says).
    pub fn from_fields(carrier: &str, number: &str) -> Option<SiteTracking> {
        let number = number.trim();
        (!number.is_empty()).then(|| SiteTracking {
            carrier: carrier.trim().to_string(),
            number: number.to_string(),
        })
    }

    /// True when the site's number is `ours` once both are normalised (trimmed, hyphens and
    /// spaces dropped, case ignored).
    pub fn is_number(&self, ours: &str) -> bool {
        crate::domain::same_tracking_number(&self.number, ours)
    }
}

/// The lines of one order to confirm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmItem {
    /// The order.
    pub order_no: String,
    /// Its line keys (sites that confirm per line need them; others ignore them).
    pub line_keys: Vec<String>,
}

/// A shipment to register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shipment {
    /// The order.
    pub order_no: String,
    /// The lines shipped, with the site status each is in (LotteON needs `spdNo`/`sitmNo` and
    /// quantities, so full lines travel).
    pub lines: Vec<OrderLine>,
    /// The carrier.
    pub carrier: Carrier,
    /// The tracking number.
    pub tracking: TrackingNumber,
    /// When the parcel left (Crossmall delivery date, ESM ShippingDate, LotteON dvTrcStatDttm).
    pub shipped_at: jiff::Timestamp,
}

/// The outcome for one line (or one whole order, where the site answers per order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineResult {
    /// The order.
    pub order_no: String,
    /// The line, when the site answers per line.
    pub line_key: Option<String>,
    /// `Ok` or the site's own refusal text.
    pub outcome: Result<(), String>,
}

impl LineResult {
    /// A success.
    pub fn ok(order_no: &str, line_key: Option<&str>) -> LineResult {
        LineResult {
            order_no: order_no.to_string(),
            line_key: line_key.map(String::from),
            outcome: Ok(()),
        }
    }

    /// A refusal with the site's words.
    pub fn refused(order_no: &str, line_key: Option<&str>, message: impl Into<String>) -> LineResult {
        LineResult {
            order_no: order_no.to_string(),
            line_key: line_key.map(String::from),
            outcome: Err(message.into()),
        }
    }
}

/// A stock quantity to set on the product or option the seller's code names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockUpdate {
    /// The seller's code as the mapping has it.
    pub code: SiteCode,
    /// The absolute quantity available to sell.
    pub quantity: i64,
}

/// The outcome of one stock update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockResult {
    /// The code.
    pub code: SiteCode,
    /// `Ok` or the site's own refusal (or "no product with this code").
    pub outcome: Result<(), String>,
}

/// A product or option on the site, with the ids the site uses and the code it maps by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductInfo {
    /// The site's product id (Qoo10 ItemCode, ESM goodsNo, LotteON spdNo, Grip productId, Crossmall item_code).
    pub product_id: String,
    /// The site's option id, for an option row (LotteON sitmNo, Grip optionKey…).
    pub option_id: Option<String>,
    /// The seller's code the row maps by.
    pub code: SiteCode,
    /// Product name.
    pub name: String,
    /// Option name, for an option row.
    pub option_name: Option<String>,
    /// Stock as the site has it.
    pub stock: i64,
}

/// What a connection test learnt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionReport {
    /// The site's own answer, as it may be shown (e.g. `ResultCode 0: SUCCESS`).
    pub message: String,
    /// Each call the test made, in order (auth, the order list, the carrier list…), with the
    /// site's answer; a failing step ends the test with [`MarketError::at_step`].
    #[serde(default)]
    pub steps: Vec<ConnectionStep>,
}

/// One call of a connection test and what the site answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionStep {
    /// What was tried, e.g. `order list (New Order)`.
    pub name: String,
    /// The site's answer, in its own words.
    pub answer: String,
}

/// A seller's login on the site, used once to issue a key (Qoo10 QSM id and password).
/// The password is never stored.
#[derive(Debug, Clone)]
pub struct SellerLogin {
    /// Login id.
    pub user_id: String,
    /// Password.
    pub password: Secret,
}

/// New credentials issued by the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renewal {
    /// The issued key.
    pub seller_key: Secret,
    /// When it expires, if known.
    pub expires: Option<jiff::civil::Date>,
}

/// The classes every site failure falls into; each carries the site's own words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "class", rename_all = "snake_case")]
pub enum MarketError {
    /// The site refused the credentials (bad key, bad signature, IP not allow-listed): stop the
    /// shop and ask the operator.
    #[error("credentials refused: {message}")]
    Auth {
        /// The site's words.
        message: String,
    },
    /// The issued key has expired and can be renewed (Qoo10 -90004/-90005).
    #[error("key expired: {message}")]
    KeyExpired {
        /// The site's words.
        message: String,
    },
    /// Too many calls: wait (at least `retry_after` when the site says) and slow the shop.
    #[error("rate limited{}: {message}", retry_after.map(|d| format!(" (retry after {}s)", d.as_secs())).unwrap_or_default())]
    RateLimited {
        /// How long the site asks us to wait.
        retry_after: Option<Duration>,
        /// The site's words.
        message: String,
    },
    /// A failure that may pass: timeout, connection error, 5xx.
    #[error("temporary failure: {message}")]
    Transient {
        /// What happened.
        message: String,
    },
    /// The site refused the request itself; sending it again will not help.
    #[error("refused by the site: {message}")]
    Permanent {
        /// The site's words.
        message: String,
    },
    /// The answer could not be understood; the raw body is kept for the log.
    #[error("malformed answer: {message}")]
    Malformed {
        /// What did not parse.
        message: String,
        /// The body as received (cut to 4 KiB).
        raw: String,
    },
    /// The site has no such operation.
    #[error("{site} cannot {what}")]
    Unsupported {
        /// The site.
        site: String,
        /// The operation.
        what: String,
    },
    /// shipdeck lacks something it needs to call the site (integrator key, carrier code…).
    #[error("not configured: {message}")]
    Config {
        /// What is missing.
        message: String,
    },
}

impl MarketError {
    /// True for failures worth retrying later as they are.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            MarketError::RateLimited { .. } | MarketError::Transient { .. }
        )
    }

    /// A malformed-answer error, keeping at most 4 KiB of the body with its control characters
    /// (other than newline and tab) removed, so it can be shown and sent to the site's support.
    pub fn malformed(message: impl Into<String>, raw: &[u8]) -> MarketError {
        let cut = &raw[..raw.len().min(4096)];
        MarketError::Malformed {
            message: message.into(),
            raw: String::from_utf8_lossy(cut)
                .chars()
                .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
                .collect(),
        }
    }

    /// The same error with the failing step of a connection test named first
    /// (`order list: …`), keeping its class.
    pub fn at_step(self, step: &str) -> MarketError {
        let named = |m: String| format!("{step}: {m}");
        match self {
            MarketError::Auth { message } => MarketError::Auth {
                message: named(message),
            },
            MarketError::KeyExpired { message } => MarketError::KeyExpired {
                message: named(message),
            },
            MarketError::RateLimited { retry_after, message } => MarketError::RateLimited {
                retry_after,
                message: named(message),
            },
            MarketError::Transient { message } => MarketError::Transient {
                message: named(message),
            },
            MarketError::Permanent { message } => MarketError::Permanent {
                message: named(message),
            },
            MarketError::Malformed { message, raw } => MarketError::Malformed {
                message: named(message),
                raw,
            },
            MarketError::Config { message } => MarketError::Config {
                message: named(message),
            },
            e @ MarketError::Unsupported { .. } => e,
        }
    }

    /// An unsupported-operation error.
    pub fn unsupported(site: crate::domain::Site, what: &str) -> MarketError {
        MarketError::Unsupported {
            site: site.display_name().to_string(),
            what: what.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: i64) -> jiff::Timestamp {
        jiff::Timestamp::from_second(s).unwrap()
    }

    #[test]
    fn site_tracking_needs_a_number_and_compares_normalised() {
        assert_eq!(SiteTracking::from_fields("ヤマト運輸", "  "), None);
        let t = SiteTracking::from_fields(" CJ대한통운 ", " 6543-2100 ").unwrap();
        assert_eq!(
            (t.carrier.as_str(), t.number.as_str()),
            ("CJ대한통운", "6543-2100")
        );
        assert!(t.is_number("65432100"));
        assert!(!t.is_number("65432101"));
    }

    #[test]
    fn windows_split_into_consecutive_half_open_pieces() {
        let w = Window::new(ts(0), ts(86_400 * 3 + 10));
        let parts = w.split(jiff::SignedDuration::from_hours(24));
        assert_eq!(parts.len(), 4);
        assert_eq!(parts[0].from, ts(0));
        assert_eq!(parts[3].to, ts(86_400 * 3 + 10));
        for pair in parts.windows(2) {
            assert_eq!(pair[0].to, pair[1].from);
        }
        // A boundary instant belongs to exactly one piece.
        let boundary = ts(86_400);
        assert_eq!(parts.iter().filter(|p| p.contains(boundary)).count(), 1);
        assert!(Window::new(ts(5), ts(5))
            .split(jiff::SignedDuration::from_hours(1))
            .is_empty());
    }
}
