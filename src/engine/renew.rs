//! Renewing a Qoo10 seller key that the site says expired: by itself when the shop allows it and
//! holds its own QSM login (`qsm_user_id` / `qsm_password`), otherwise the shop stops and waits
//! for the operator. Each shop is renewed with its own login, never one shared login.

use super::{Engine, EngineError, Event};
use crate::domain::shop::ShopHealth;
use crate::domain::{Credentials, Shop, Site};
use crate::market::SellerLogin;
use crate::store::audit::AuditEntry;

impl Engine {
    /// Tries to renew a shop's expired key; returns the shop with its new key, or `None` when no
    /// renewal path is configured (or the site refused it; the shop's health then says why).
    pub(crate) async fn renew_key(&self, shop: &Shop) -> Result<Option<Shop>, EngineError> {
        if shop.site != Site::Qoo10 || !shop.options.auto_renew_key {
            return Ok(None);
        }
        let Some(login) = shop_login(shop) else {
            return Ok(None);
        };
        let adapter = self.adapter(shop).map_err(|source| EngineError::Market {
            shop: shop.name.to_string(),
            source,
        })?;
        match adapter.renew_credentials(Some(&login)).await {
            Ok(renewal) => {
                let mut renewed = self.shop(&shop.name)?;
                if let Credentials::Qoo10 {
                    seller_key,
                    key_expires,
                    ..
                } = &mut renewed.credentials
                {
                    *seller_key = renewal.seller_key;
                    *key_expires = renewal.expires;
                }
                renewed.health = ShopHealth::Ok { at: self.now() };
                self.store.put_shop(&renewed)?;
                self.store.audit(&AuditEntry {
                    at: self.now(),
                    actor: "shipdeck (automatic)".into(),
                    action: "shops.renew_key".into(),
                    detail: format!(
                        "{}: expired seller key renewed{}",
                        shop.name,
                        renewal
                            .expires
                            .map(|d| format!(", valid until {d}"))
                            .unwrap_or_default()
                    ),
                    result: Some("ok".into()),
                    ..AuditEntry::default()
                })?;
                self.store.flush()?;
                tracing::info!(shop = %shop.name, "Qoo10 seller key renewed");
                self.emit(Event::ShopHealth {
                    shop: shop.name.clone(),
                    health: renewed.health.clone(),
                });
                Ok(Some(renewed))
            }
            Err(e) => {
                tracing::warn!(shop = %shop.name, error = %e, "Qoo10 key renewal failed");
                self.set_health(
                    &shop.name,
                    ShopHealth::AuthFailed {
                        at: self.now(),
                        message: format!("the seller key expired and renewing it failed: {e}"),
                    },
                )?;
                Ok(None)
            }
        }
    }
}

/// The shop's own QSM login, when its credentials hold both the id and the password.
pub(crate) fn shop_login(shop: &Shop) -> Option<SellerLogin> {
    match &shop.credentials {
        Credentials::Qoo10 {
            qsm_user_id: Some(user_id),
            qsm_password: Some(password),
            ..
        } if !user_id.trim().is_empty() && !password.is_empty() => Some(SellerLogin {
            user_id: user_id.trim().to_string(),
            password: password.clone(),
        }),
        _ => None,
    }
}
