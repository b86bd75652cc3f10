//! Shops: one seller account on one marketplace, with its credentials, options and health.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::marketplace::Site;
use super::secret::Secret;

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

/// The seller's credentials for one site, with the site's own fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "site", rename_all = "lowercase")]
pub enum Credentials {
    /// Qoo10: the issued seller certification key (SAK) and, if known, when it expires.
    Qoo10 {
        /// The issued key sent as `GiosisCertificationKey` / `key`.
        seller_key: Secret,
        /// The day the key stops working (about a year after issue).
        key_expires: Option<jiff::civil::Date>,
    },
    /// Gmarket / Auction: nothing beyond the shop id; the seller authorises shipdeck in ESM Plus.
    Esm,
    /// LotteON: the Bearer API key and the trader's account number (`trNo`).
    Lotteon {
        /// The Bearer API key.
        api_key: Secret,
        /// The Account Number, e.g. `LO10161082`.
        account_number: String,
    },
    /// Crossmall: the company code (`account`) and the signing key.
    Crossmall {
        /// 会社コード, sent as `account`.
        company_code: String,
        /// The auth key that the md5 `signing` is made with.
        api_key: Secret,
    },
    /// Grip: the access key and the secret key that signs the fingerprint.
    Grip {
        /// `X-AccessKey`.
        access_key: String,
        /// The HMAC key of `X-Fingerprint`.
        secret_key: Secret,
    },
}

impl Credentials {
    /// Builds a site's credentials from `FIELD=VALUE` pairs, naming any missing, unknown or bad field.
    pub fn from_fields(site: Site, fields: &BTreeMap<String, String>) -> Result<Self, ShopError> {
        let known = site.credential_fields();
        if let Some(unknown) = fields
            .keys()
            .find(|k| !known.iter().any(|f| f.name == k.as_str()))
        {
            let expected: Vec<&str> = known.iter().map(|f| f.name).collect();
            return Err(ShopError::UnknownField {
                site,
                field: unknown.clone(),
                expected: if expected.is_empty() {
                    "none".to_string()
                } else {
                    expected.join(", ")
                },
            });
        }
        let get = |name: &'static str| -> Result<String, ShopError> {
            match fields.get(name).map(|v| v.trim()) {
                Some(v) if !v.is_empty() => Ok(v.to_string()),
                _ => Err(ShopError::MissingField { site, field: name }),
            }
        };
        let optional = |name: &'static str| fields.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
        Ok(match site {
            Site::Qoo10 => Credentials::Qoo10 {
                seller_key: Secret::new(get("seller_key")?),
                key_expires: match optional("key_expires") {
                    None => None,
                    Some(text) => {
                        Some(
                            text.parse::<jiff::civil::Date>()
                                .map_err(|e| ShopError::InvalidField {
                                    site,
                                    field: "key_expires",
                                    reason: format!("`{text}` is not a date YYYY-MM-DD ({e})"),
                                })?,
                        )
                    }
                },
            },
            Site::Gmarket | Site::Auction => Credentials::Esm,
            Site::Lotteon => Credentials::Lotteon {
                api_key: Secret::new(get("api_key")?),
                account_number: get("account_number")?,
            },
            Site::Crossmall => Credentials::Crossmall {
                company_code: get("company_code")?,
                api_key: Secret::new(get("api_key")?),
            },
            Site::Grip => Credentials::Grip {
                access_key: get("access_key")?,
                secret_key: Secret::new(get("secret_key")?),
            },
        })
    }

    /// True when these credentials are of the kind `site` uses.
    pub fn fits(&self, site: Site) -> bool {
        matches!(
            (self, site),
            (Credentials::Qoo10 { .. }, Site::Qoo10)
                | (Credentials::Esm, Site::Gmarket | Site::Auction)
                | (Credentials::Lotteon { .. }, Site::Lotteon)
                | (Credentials::Crossmall { .. }, Site::Crossmall)
                | (Credentials::Grip { .. }, Site::Grip)
        )
    }

    /// The fields as they may be shown: name and value, secrets masked.
    pub fn display_fields(&self) -> Vec<(&'static str, String)> {
        match self {
            Credentials::Qoo10 {
                seller_key,
                key_expires,
            } => {
                let mut v = vec![("seller_key", seller_key.masked())];
                if let Some(d) = key_expires {
                    v.push(("key_expires", d.to_string()));
                }
                v
            }
            Credentials::Esm => vec![],
            Credentials::Lotteon {
                api_key,
                account_number,
            } => vec![
                ("api_key", api_key.masked()),
                ("account_number", account_number.clone()),
            ],
            Credentials::Crossmall {
                company_code,
                api_key,
            } => {
                vec![
                    ("company_code", company_code.clone()),
                    ("api_key", api_key.masked()),
                ]
            }
            Credentials::Grip {
                access_key,
                secret_key,
            } => {
                vec![
                    ("access_key", access_key.clone()),
                    ("secret_key", secret_key.masked()),
                ]
            }
        }
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

/// Changes to a registered shop; whatever is left empty stays as it is.
#[derive(Debug, Clone, Default)]
pub struct ShopEdit {
    /// New credential fields; when any is given, the site's credentials are rebuilt from these
    /// merged over the current ones.
    pub fields: BTreeMap<String, String>,
    /// Options to switch.
    pub options: BTreeMap<String, bool>,
    /// `Some(Some(url))` sets the API base, `Some(None)` clears it.
    pub api_base: Option<Option<String>>,
    /// Minutes between pulls (at least 1).
    pub interval_minutes: Option<u32>,
}

impl Shop {
    /// Applies an edit, validating it as `from_spec` does; on error the shop is unchanged.
    pub fn edit(&self, edit: &ShopEdit) -> Result<Shop, ShopError> {
        let mut next = self.clone();
        if !edit.fields.is_empty() {
            // Current values (raw) under the new ones, so one field can change alone.
            let mut fields: BTreeMap<String, String> = match &self.credentials {
                Credentials::Qoo10 {
                    seller_key,
                    key_expires,
                } => {
                    let mut m = BTreeMap::from([("seller_key".to_string(), seller_key.expose().to_string())]);
                    if let Some(d) = key_expires {
                        m.insert("key_expires".into(), d.to_string());
                    }
                    m
                }
                Credentials::Esm => BTreeMap::new(),
                Credentials::Lotteon {
                    api_key,
                    account_number,
                } => BTreeMap::from([
                    ("api_key".to_string(), api_key.expose().to_string()),
                    ("account_number".to_string(), account_number.clone()),
                ]),
                Credentials::Crossmall {
                    company_code,
                    api_key,
                } => BTreeMap::from([
                    ("company_code".to_string(), company_code.clone()),
                    ("api_key".to_string(), api_key.expose().to_string()),
                ]),
                Credentials::Grip {
                    access_key,
                    secret_key,
                } => BTreeMap::from([
                    ("access_key".to_string(), access_key.clone()),
                    ("secret_key".to_string(), secret_key.expose().to_string()),
                ]),
            };
            fields.extend(edit.fields.clone());
            next.credentials = Credentials::from_fields(self.site, &fields)?;
            // New credentials deserve a fresh look.
            next.health = ShopHealth::Unknown;
        }
        for (name, on) in &edit.options {
            next.options.set(self.site, name, *on)?;
        }
        match &edit.api_base {
            Some(Some(url)) => next.api_base = Some(validate_base_url(self.site, url)?),
            Some(None) => next.api_base = None,
            None => {}
        }
        if let Some(m) = edit.interval_minutes {
            if m == 0 {
                return Err(ShopError::InvalidField {
                    site: self.site,
                    field: "interval",
                    reason: "pulls need at least 1 minute between them".into(),
                });
            }
            next.schedule.interval_minutes = m;
        }
        Ok(next)
    }
}

fn validate_base_url(site: Site, url: &str) -> Result<String, ShopError> {
    let ok = (url.starts_with("http://") || url.starts_with("https://"))
        && url.len() > "https://".len()
        && !url.chars().any(char::is_whitespace);
    if ok {
        Ok(url.trim_end_matches('/').to_string())
    } else {
        Err(ShopError::InvalidField {
            site,
            field: "api_base",
            reason: format!("`{url}` is not an http:// or https:// URL"),
        })
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(site: &str, fields: &[(&str, &str)]) -> ShopSpec {
        ShopSpec {
            name: "main".into(),
            site: site.into(),
            shop_id: "seller01".into(),
            fields: fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..ShopSpec::default()
        }
    }

    fn now() -> jiff::Timestamp {
        jiff::Timestamp::from_second(1_800_000_000).unwrap()
    }

    #[test]
    fn debug_of_a_shop_never_shows_a_secret() {
        let secrets = [
            (
                "grip",
                vec![
                    ("access_key", "AK-visible-1"),
                    ("secret_key", "GRIP-SECRET-abcdefgh-9876"),
                ],
            ),
            (
                "lotteon",
                vec![
                    ("api_key", "LOTTE-API-KEY-zyxwvuts-4321"),
                    ("account_number", "LO10161082"),
                ],
            ),
            (
                "crossmall",
                vec![("company_code", "C123"), ("api_key", "CM-KEY-qwertyuiop-5555")],
            ),
            ("qoo10", vec![("seller_key", "QOO10-SAK-asdfghjkl-7777")]),
        ];
        for (site, fields) in secrets {
            let shop = Shop::from_spec(&spec(site, &fields), now()).unwrap();
            let debug = format!("{shop:?} {shop:#?}");
            let json = serde_json::to_string(&shop).unwrap();
            for (name, value) in &fields {
                let field = Site::from_str_unchecked(site)
                    .credential_fields()
                    .iter()
                    .find(|f| f.name == *name)
                    .unwrap();
                if field.secret {
                    let head = &value[..value.len() - 4];
                    assert!(!debug.contains(head), "{site}: Debug leaks {name}: {debug}");
                    assert!(!json.contains(head), "{site}: JSON leaks {name}: {json}");
                    assert!(
                        debug.contains(&value[value.len() - 4..]),
                        "tail shown for recognition"
                    );
                } else {
                    assert!(debug.contains(value));
                }
            }
        }
    }

    #[test]
    fn missing_and_unknown_fields_are_named() {
        let err = Shop::from_spec(&spec("lotteon", &[("api_key", "k")]), now()).unwrap_err();
        assert_eq!(
            err,
            ShopError::MissingField {
                site: Site::Lotteon,
                field: "account_number"
            }
        );
        let err = Shop::from_spec(&spec("gmarket", &[("api_key", "k")]), now()).unwrap_err();
        assert!(err.to_string().contains("api_key"), "{err}");
        let err = Shop::from_spec(
            &spec("qoo10", &[("seller_key", "k"), ("key_expires", "soon")]),
            now(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("key_expires"), "{err}");
    }

    #[test]
    fn options_are_per_site() {
        let mut o = ShopOptions::default();
        o.set(Site::Qoo10, "auto_renew_key", true).unwrap();
        assert!(o.auto_renew_key);
        assert!(o.set(Site::Grip, "auto_renew_key", true).is_err());
        assert!(o.set(Site::Grip, "stock_sync", true).is_ok());
        assert_eq!(o.list(Site::Grip).len(), 4);
        assert_eq!(o.list(Site::Qoo10).len(), 6);
    }

    #[test]
    fn edits_change_one_thing_and_keep_the_rest() {
        let shop = Shop::from_spec(
            &spec(
                "lotteon",
                &[("api_key", "OLD-KEY-0123456789"), ("account_number", "LO1")],
            ),
            now(),
        )
        .unwrap();
        let mut e = ShopEdit::default();
        e.fields.insert("api_key".into(), "NEW-KEY-0123456789".into());
        e.options.insert("stock_sync".into(), true);
        e.interval_minutes = Some(2);
        let next = shop.edit(&e).unwrap();
        match &next.credentials {
            Credentials::Lotteon {
                api_key,
                account_number,
            } => {
                assert_eq!(api_key.expose(), "NEW-KEY-0123456789");
                assert_eq!(account_number, "LO1");
            }
            other => panic!("{other:?}"),
        }
        assert!(next.options.stock_sync);
        assert_eq!(next.schedule.interval_minutes, 2);
        let mut bad = ShopEdit::default();
        bad.fields.insert("secret_key".into(), "x".into());
        assert!(shop.edit(&bad).is_err());
        bad = ShopEdit {
            interval_minutes: Some(0),
            ..ShopEdit::default()
        };
        assert!(shop.edit(&bad).is_err());
    }

    #[test]
    fn names_are_validated() {
        assert!(ShopName::new("ok shop").is_ok());
        assert!(ShopName::new("a/b").is_err());
        assert!(ShopName::new(" a").is_err());
        assert!(ShopName::new("").is_err());
    }

    #[test]
    fn api_base_is_checked_and_trimmed() {
        let mut s = spec("gmarket", &[]);
        s.api_base = Some("http://127.0.0.1:9000/esm/".into());
        assert_eq!(
            Shop::from_spec(&s, now()).unwrap().api_base.as_deref(),
            Some("http://127.0.0.1:9000/esm")
        );
        s.api_base = Some("ftp://x".into());
        assert!(Shop::from_spec(&s, now()).is_err());
    }

    impl Site {
        fn from_str_unchecked(s: &str) -> Site {
            s.parse().unwrap()
        }
    }
}

/// A shop as it may be shown or printed as JSON: secrets masked, options by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopView {
    /// Shop name.
    pub name: String,
    /// Site slug.
    pub site: Site,
    /// Seller id on the site.
    pub shop_id: String,
    /// Credential fields, secrets masked.
    pub fields: BTreeMap<String, String>,
    /// Options by name.
    pub options: BTreeMap<String, bool>,
    /// API base URL override.
    pub api_base: Option<String>,
    /// Pull schedule.
    pub schedule: PullSchedule,
    /// Health.
    pub health: ShopHealth,
    /// When registered.
    pub created_at: jiff::Timestamp,
}

impl Shop {
    /// The shop as it may be shown.
    pub fn view(&self) -> ShopView {
        ShopView {
            name: self.name.to_string(),
            site: self.site,
            shop_id: self.shop_id.clone(),
            fields: self
                .credentials
                .display_fields()
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            options: self
                .options
                .list(self.site)
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            api_base: self.api_base.clone(),
            schedule: self.schedule,
            health: self.health.clone(),
            created_at: self.created_at,
        }
    }
}
