//! Renewing a Qoo10 seller key that the site says expired: by itself when the shop allows it and
//! the config holds a QSM login, otherwise the shop stops and waits for the operator.

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
        let Some(q) = self.ctx.config.qoo10.as_ref() else {
            return Ok(None);
        };
        let (Some(user_id), Some(password)) = (q.renew_user_id.clone(), q.renew_password.clone()) else {
            return Ok(None);
        };
        let adapter = self.adapter(shop).map_err(|source| EngineError::Market {
            shop: shop.name.to_string(),
            source,
        })?;
        let login = SellerLogin { user_id, password };
        match adapter.renew_credentials(Some(&login)).await {
            Ok(renewal) => {
                let mut renewed = self.shop(&shop.name)?;
                renewed.credentials = Credentials::Qoo10 {
                    seller_key: renewal.seller_key,
                    key_expires: renewal.expires,
                };
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
