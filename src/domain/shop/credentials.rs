//! The seller's credentials per site: built from `FIELD=VALUE` pairs, shown masked.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::ShopError;
use crate::domain::marketplace::Site;
use crate::domain::secret::Secret;

/// The seller's credentials for one site, with the site's own fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "site", rename_all = "lowercase")]
pub enum Credentials {
    /// Qoo10: the issued seller certification key (SAK) and, if known, when it expires; the
    /// shop's own QSM login (used only to issue a new key); how many business days after
    /// confirmation the seller expects to ship (`EstShipDt` of the confirmation).
    Qoo10 {
        /// The issued key sent as `GiosisCertificationKey` / `key`.
        seller_key: Secret,
        /// The day the key stops working (about a year after issue).
        key_expires: Option<jiff::civil::Date>,
        /// This shop's QSM login id (`CreateCertificationKey` `user_id`).
        #[serde(default)]
        qsm_user_id: Option<String>,
        /// This shop's QSM password (`pwd`).
        #[serde(default)]
        qsm_password: Option<Secret>,
        /// Business days (JST, Monday to Friday) from the confirmation day to the estimated
        /// shipping date sent with a confirmation; `None` means 1 (the next business day).
        #[serde(default)]
        ship_days: Option<u8>,
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

/// The most business days a Qoo10 confirmation may put between today and the estimated
/// shipping date (`ship_days`); Qoo10 refuses dates past its own maximum (-10017).
pub const MAX_SHIP_DAYS: u8 = 14;

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
                qsm_user_id: optional("qsm_user_id").map(str::to_string),
                qsm_password: optional("qsm_password").map(Secret::new),
                ship_days: match optional("ship_days") {
                    None => None,
                    Some(text) => Some(
                        text.parse::<u8>()
                            .ok()
                            .filter(|d| (1..=MAX_SHIP_DAYS).contains(d))
                            .ok_or_else(|| ShopError::InvalidField {
                                site,
                                field: "ship_days",
                                reason: format!(
                                    "`{text}` is not a number of business days from 1 to {MAX_SHIP_DAYS}"
                                ),
                            })?,
                    ),
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
                qsm_user_id,
                qsm_password,
                ship_days,
            } => {
                let mut v = vec![("seller_key", seller_key.masked())];
                if let Some(d) = key_expires {
                    v.push(("key_expires", d.to_string()));
                }
                if let Some(u) = qsm_user_id {
                    v.push(("qsm_user_id", u.clone()));
                }
                if let Some(p) = qsm_password {
                    v.push(("qsm_password", p.masked()));
                }
                if let Some(d) = ship_days {
                    v.push(("ship_days", d.to_string()));
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
