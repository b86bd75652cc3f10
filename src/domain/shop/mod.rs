//! Shops: one seller account on one marketplace, with its credentials, options and health.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::marketplace::Site;

mod credentials;
mod edit;
#[cfg(test)]
mod tests;

pub use credentials::Credentials;
pub use edit::{ShopEdit, ShopView};

/// The name a shop has inside shipdeck (the `SHOP` of `SHOP/ORDER`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ShopName(String);

impl ShopName {
    /// Validates a shop name: 1–64 characters, no `/`, no whitespace at the ends, no control characters.
    pub fn new(name: &str) -> Result<Self, ShopError> {
        let bad = |reason: &'static str| ShopError::InvalidName {
            name: name.to_string(),
            reason,
        };
        if name.is_empty() {
            return Err(bad("it is empty"));
        }
        if name.chars().count() > 64 {
            return Err(bad("it is longer than 64 characters"));
        }
        if name.contains('/') {
            return Err(bad(
                "it contains `/`, which separates shop and order in SHOP/ORDER",
            ));
        }
        if name.trim() != name {
            return Err(bad("it starts or ends with whitespace"));
        }
        if name.chars().any(char::is_control) {
            return Err(bad("it contains a control character"));
        }
        Ok(ShopName(name.to_string()))
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ShopName {
    type Error = ShopError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        ShopName::new(&value)
    }
}

impl From<ShopName> for String {
    fn from(value: ShopName) -> Self {
        value.0
    }
}

impl fmt::Display for ShopName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The options a seller picks per connection (the seeds' "API connection settings options").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ShopOptions {
    /// Automatic Order Integration: pull orders on a schedule.
    pub order_integration: bool,
    /// Automatic Order Confirmation: confirm each collected order on the site.
    pub order_confirmation: bool,
    /// Automatic Fulfillment Shipping Instructions: create the fulfillment order once every line maps.
    pub fulfillment_instructions: bool,
    /// Automatic Stock Qty Sync: push available stock to the site's products and options.
    pub stock_sync: bool,
    /// Qoo10 only: QxMoney payment settings (fulfillment fees paid from the QxMoney balance).
    pub qxmoney_payment: bool,
    /// Qoo10 only (additional settings): renew the issued key by itself when the site says it expired.
    pub auto_renew_key: bool,
}

impl Default for ShopOptions {
    fn default() -> Self {
        ShopOptions {
            order_integration: true,
            order_confirmation: false,
            fulfillment_instructions: false,
            stock_sync: false,
            qxmoney_payment: false,
            auto_renew_key: false,
        }
    }
}

/// The option names accepted by `--option NAME=on|off` for every site.
pub const COMMON_OPTIONS: [&str; 4] = [
    "order_integration",
    "order_confirmation",
    "fulfillment_instructions",
    "stock_sync",
];

/// The extra option names Qoo10 adds.
pub const QOO10_OPTIONS: [&str; 2] = ["qxmoney_payment", "auto_renew_key"];

impl ShopOptions {
    /// Sets one option by name, refusing names the site does not offer.
    pub fn set(&mut self, site: Site, name: &str, on: bool) -> Result<(), ShopError> {
        let slot = match name {
            "order_integration" => &mut self.order_integration,
            "order_confirmation" => &mut self.order_confirmation,
            "fulfillment_instructions" => &mut self.fulfillment_instructions,
            "stock_sync" => &mut self.stock_sync,
            "qxmoney_payment" if site == Site::Qoo10 => &mut self.qxmoney_payment,
            "auto_renew_key" if site == Site::Qoo10 => &mut self.auto_renew_key,
            _ => {
                let mut names: Vec<&str> = COMMON_OPTIONS.to_vec();
                if site == Site::Qoo10 {
                    names.extend(QOO10_OPTIONS);
                }
                return Err(ShopError::UnknownOption {
                    site,
                    option: name.to_string(),
                    expected: names.join(", "),
                });
            }
        };
        *slot = on;
        Ok(())
    }

    /// The options as (name, on) pairs, Qoo10's extras only for Qoo10.
    pub fn list(&self, site: Site) -> Vec<(&'static str, bool)> {
        let mut v = vec![
            ("order_integration", self.order_integration),
            ("order_confirmation", self.order_confirmation),
            ("fulfillment_instructions", self.fulfillment_instructions),
            ("stock_sync", self.stock_sync),
        ];
        if site == Site::Qoo10 {
            v.push(("qxmoney_payment", self.qxmoney_payment));
            v.push(("auto_renew_key", self.auto_renew_key));
        }
        v
    }
}

/// How often a shop is pulled and how far each window reaches back over the last one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PullSchedule {
    /// Minutes between pulls (at least 1).
    pub interval_minutes: u32,
    /// Minutes each window overlaps the previous one.
    pub overlap_minutes: u32,
}

impl Default for PullSchedule {
    fn default() -> Self {
        PullSchedule {
            interval_minutes: 5,
            overlap_minutes: 30,
        }
    }
}

/// What shipdeck last learnt about a shop's connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ShopHealth {
    /// Never tested or pulled.
    #[default]
    Unknown,
    /// The last call succeeded.
    Ok {
        /// When.
        at: jiff::Timestamp,
    },
    /// The site refused the credentials; traffic is stopped until the operator acts.
    AuthFailed {
        /// When.
        at: jiff::Timestamp,
        /// The site's own words.
        message: String,
    },
    /// The last call failed for another reason; traffic goes on with backoff.
    Error {
        /// When.
        at: jiff::Timestamp,
        /// What went wrong.
        message: String,
    },
    /// The operator paused the shop.
    Paused,
}

impl ShopHealth {
    /// A short word for tables.
    pub fn label(&self) -> &'static str {
        match self {
            ShopHealth::Unknown => "unknown",
            ShopHealth::Ok { .. } => "ok",
            ShopHealth::AuthFailed { .. } => "auth failed",
            ShopHealth::Error { .. } => "error",
            ShopHealth::Paused => "paused",
        }
    }
}

/// A connected seller account on one marketplace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shop {
    /// The shop's name inside shipdeck.
    pub name: ShopName,
    /// The marketplace.
    pub site: Site,
    /// The seller's id on the site (login id / seller id).
    pub shop_id: String,
    /// The site's own credential fields.
    pub credentials: Credentials,
    /// The options the seller picked.
    #[serde(default)]
    pub options: ShopOptions,
    /// Pull interval and window overlap.
    #[serde(default)]
    pub schedule: PullSchedule,
    /// A base URL that replaces the site's real API host (tests, the demo, a proxy).
    #[serde(default)]
    pub api_base: Option<String>,
    /// The connection's health.
    #[serde(default)]
    pub health: ShopHealth,
    /// When the shop was registered.
    pub created_at: jiff::Timestamp,
}

/// What a new shop is made from (the `shops add` arguments, or the shop form).
#[derive(Debug, Clone, Default)]
pub struct ShopSpec {
    /// Shop name.
    pub name: String,
    /// Site slug.
    pub site: String,
    /// Seller id on the site.
    pub shop_id: String,
    /// Optional API base URL override.
    pub api_base: Option<String>,
    /// `FIELD=VALUE` credential pairs.
    pub fields: BTreeMap<String, String>,
    /// `NAME=on|off` option pairs.
    pub options: BTreeMap<String, bool>,
}

impl Shop {
    /// Validates a spec and builds the shop; every error names the offending field.
    pub fn from_spec(spec: &ShopSpec, now: jiff::Timestamp) -> Result<Shop, ShopError> {
        let name = ShopName::new(&spec.name)?;
        let site: Site = spec
            .site
            .parse()
            .map_err(|e: super::marketplace::UnknownSite| ShopError::UnknownSite(e))?;
        let shop_id = spec.shop_id.trim();
        if shop_id.is_empty() {
            return Err(ShopError::MissingField {
                site,
                field: "shop_id",
            });
        }
        let credentials = Credentials::from_fields(site, &spec.fields)?;
        let mut options = ShopOptions::default();
        for (opt, on) in &spec.options {
            options.set(site, opt, *on)?;
        }
        let api_base = match spec.api_base.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(url) => Some(validate_base_url(site, url)?),
        };
        Ok(Shop {
            name,
            site,
            shop_id: shop_id.to_string(),
            credentials,
            options,
            schedule: PullSchedule::default(),
            api_base,
            health: ShopHealth::Unknown,
            created_at: now,
        })
    }
}

/// Checks a base URL the shop's calls (with its keys) will go to: `https://` to any host, or
/// plain `http://` to this machine only (127.0.0.0/8, ::1, localhost: the simulator, a local
/// proxy); no user or password, query or fragment.
fn validate_base_url(site: Site, url: &str) -> Result<String, ShopError> {
    let bad = |reason: String| ShopError::InvalidField {
        site,
        field: "api_base",
        reason,
    };
    let shown = super::text::escape(url);
    if url
        .chars()
        .any(|c| c.is_whitespace() || super::text::is_unsafe(c))
    {
        return Err(bad(format!("`{shown}` holds whitespace or control characters")));
    }
    let parsed = url::Url::parse(url).map_err(|e| bad(format!("`{shown}` is not a URL: {e}")))?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(bad(format!(
            "`{shown}` carries a user name or password; give credentials with --set"
        )));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(bad(format!(
            "`{shown}` has a query or fragment; give the base URL only"
        )));
    }
    match parsed.scheme() {
        "https" if parsed.host().is_some() => {}
        "http" if is_loopback(&parsed) => {}
        "http" => {
            return Err(bad(format!(
                "`{shown}` is plain http:// to another machine; the seller's keys would cross the                  network unencrypted. Use https:// (http:// is allowed for 127.0.0.1, ::1 and                  localhost only)"
            )))
        }
        _ => return Err(bad(format!("`{shown}` is not an https:// URL"))),
    }
    Ok(url.trim_end_matches('/').to_string())
}

fn is_loopback(u: &url::Url) -> bool {
    match u.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// True when `api_base` points at a host other than the site's own (a proxy, a test server):
/// the shop's keys go there.
pub fn foreign_api_base(site: Site, api_base: Option<&str>) -> bool {
    let host = |u: &str| {
        url::Url::parse(u)
            .ok()
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
    };
    api_base.is_some_and(|b| host(b).is_none() || host(b) != host(site.api_base()))
}

/// Why a shop could not be built or changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShopError {
    /// The site slug names no site.
    #[error(transparent)]
    UnknownSite(#[from] super::marketplace::UnknownSite),
    /// A bad shop name.
    #[error("invalid shop name `{name}`: {reason}")]
    InvalidName {
        /// The name given.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A required field was not given.
    #[error("{site} needs the field `{field}` (give it with --set {field}=VALUE)")]
    MissingField {
        /// The site.
        site: Site,
        /// The missing field.
        field: &'static str,
    },
    /// A field the site does not have.
    #[error("{site} has no credential field `{field}` (its fields: {expected})")]
    UnknownField {
        /// The site.
        site: Site,
        /// The field given.
        field: String,
        /// The site's fields.
        expected: String,
    },
    /// A field with a bad value.
    #[error("field `{field}`: {reason}")]
    InvalidField {
        /// The site.
        site: Site,
        /// The field.
        field: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// An option the site does not offer.
    #[error("{site} has no option `{option}` (its options: {expected})")]
    UnknownOption {
        /// The site.
        site: Site,
        /// The option given.
        option: String,
        /// The site's options.
        expected: String,
    },
}
