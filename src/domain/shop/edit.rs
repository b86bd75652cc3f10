//! Changing a registered shop, and showing one (secrets masked).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{validate_base_url, Credentials, PullSchedule, Shop, ShopError, ShopHealth};
use crate::domain::marketplace::Site;

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
                    qsm_user_id,
                    qsm_password,
                    ship_days,
                } => {
                    let mut m = BTreeMap::from([("seller_key".to_string(), seller_key.expose().to_string())]);
                    if let Some(d) = key_expires {
                        m.insert("key_expires".into(), d.to_string());
                    }
                    if let Some(u) = qsm_user_id {
                        m.insert("qsm_user_id".into(), u.clone());
                    }
                    if let Some(p) = qsm_password {
                        m.insert("qsm_password".into(), p.expose().to_string());
                    }
                    if let Some(d) = ship_days {
                        m.insert("ship_days".into(), d.to_string());
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
    /// True when `api_base` points at a host other than the site's own: the shop's calls and
    /// keys go elsewhere (a proxy, a test server).
    #[serde(default)]
    pub foreign_api_base: bool,
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
            foreign_api_base: super::foreign_api_base(self.site, self.api_base.as_deref()),
            schedule: self.schedule,
            health: self.health.clone(),
            created_at: self.created_at,
        }
    }
}
