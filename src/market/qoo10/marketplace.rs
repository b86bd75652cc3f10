//! Qoo10's [`Marketplace`] implementation: listing, confirmation, shipping, carriers and stock,
//! on top of the request builders and calls in the parent module.

use std::collections::BTreeMap;

use super::wire::{parse_bulk, parse_certification_key, parse_ok, parse_order_lookup, SendingInfo};
use super::{
    bulk_results, certification_request, claims_request, confirm_request, est_ship_date, goods_request,
    item_stock_request, key_expiry, option_label, option_stock_request, order_lookup_request, resolve,
    ship_request, shipping_info_request, Qoo10, Target, BULK_MAX, MAX_WINDOW_HOURS,
};
use crate::domain::mapping::SiteCode;
use crate::domain::status::collectable_codes;
use crate::domain::tracking::SiteCarrier;
use crate::domain::{Secret, Site};
use crate::market::http::Safety;
use crate::market::types::{
    ConfirmItem, ConnectionReport, ConnectionStep, LineResult, MarketError, ProductInfo, Renewal,
    SellerLogin, Shipment, SiteOrder, StockResult, StockUpdate, Window,
};
use crate::market::Marketplace;

#[async_trait::async_trait]
impl Marketplace for Qoo10 {
    fn site(&self) -> Site {
        self.site
    }

    fn reports_tracking(&self) -> bool {
        true
    }

    async fn test_connection(&self) -> Result<ConnectionReport, MarketError> {
        // The calls a pull makes: the seller key (a cheap goods page), the order list for each
        // collectable status over the last day, and the claims of that day. Qoo10 takes the
        // carrier as free text and has no carrier list.
        let mut steps = Vec::new();
        let key = self.key();
        let req = goods_request(self.client(), &self.base, key.expose(), "S2", 1)?;
        let env = async { parse_ok(&self.send(req, Safety::Repeatable).await?.body) }
            .await
            .map_err(|e| e.at_step("auth (ItemsLookup.GetAllGoodsInfo)"))?;
        let message = env.text();
        steps.push(ConnectionStep {
            name: "auth (ItemsLookup.GetAllGoodsInfo)".into(),
            answer: message.clone(),
        });
        let now = self.ctx.clock.now();
        let day = Window::new(now - jiff::SignedDuration::from_hours(24), now);
        for status in collectable_codes(self.site) {
            let name = format!(
                "order list ({}, ShippingStatus {status})",
                crate::domain::status::site_status(self.site, status).name
            );
            let req = shipping_info_request(self.client(), &self.base, key.expose(), status, &day)?;
            let answer = async {
                let body = self.send(req, Safety::Repeatable).await?.body;
                let n = super::wire::parse_orders(&body)?.len();
                Ok::<_, MarketError>(format!(
                    "{}; {n} order(s) in the last 24 h",
                    parse_ok(&body)?.text()
                ))
            }
            .await
            .map_err(|e| e.at_step(&name))?;
            steps.push(ConnectionStep { name, answer });
        }
        let name = "claims (ShippingBasic.GetClaimInfo_V3)".to_string();
        let req = claims_request(self.client(), &self.base, key.expose(), &day)?;
        let answer = async {
            let body = self.send(req, Safety::Repeatable).await?.body;
            let n = super::wire::parse_claims(&body)?.len();
            Ok::<_, MarketError>(format!(
                "{}; {n} claim(s) in the last 24 h",
                parse_ok(&body)?.text()
            ))
        }
        .await
        .map_err(|e| e.at_step(&name))?;
        steps.push(ConnectionStep { name, answer });
        Ok(ConnectionReport { message, steps })
    }

    async fn list_orders(&self, window: Window) -> Result<Vec<SiteOrder>, MarketError> {
        let mut found = BTreeMap::new();
        if self.list_pass(&window, &mut found).await? {
            // Something moved while we listed: list once more over the same result (the union,
            // where a later answer wins: it is the more recent state).
            tracing::debug!(shop = %self.shop_id, "Qoo10 listing looked inconsistent; listing again");
            self.list_pass(&window, &mut found).await?;
        }
        Ok(found.into_values().collect())
    }

    async fn get_order(
        &self,
        order_no: &str,
        _ordered_at: Option<jiff::Timestamp>,
    ) -> Result<Option<SiteOrder>, MarketError> {
        // One call reads the order whatever its status, with its claim: a cancelled order comes
        // back `cancelled` (the listing drops it), so the engine cancels it instead of shipping.
        let req = order_lookup_request(self.client(), &self.base, self.key().expose(), order_no)?;
        let reply = self.send(req, Safety::Repeatable).await?;
        parse_order_lookup(&reply.body, order_no)
    }

    /// Every status over the span of the wanted order times (a day either side, as `get_order`
    /// looks), one listing answering for all of them.
    async fn find_orders(&self, wanted: &[(String, jiff::Timestamp)]) -> Result<Vec<SiteOrder>, MarketError> {
        let Some(span) = crate::market::span_of(wanted, jiff::SignedDuration::from_hours(24)) else {
            return Ok(Vec::new());
        };
        let max = jiff::SignedDuration::from_hours(MAX_WINDOW_HOURS);
        let mut found = Vec::new();
        // Later statuses last: an order that moved while we listed is kept at its later status.
        for status in ["1", "2", "3", "4", "5"] {
            for piece in span.split(max) {
                found.extend(self.shipping_rows(status, &piece).await?);
            }
        }
        found.reverse();
        Ok(crate::market::only_wanted(found, wanted))
    }

    async fn confirm(&self, items: &[ConfirmItem]) -> Result<Vec<LineResult>, MarketError> {
        let orders: Vec<String> = items.iter().map(|i| i.order_no.clone()).collect();
        let est = est_ship_date(self.ctx.clock.now(), self.ship_days);
        let mut out = Vec::with_capacity(orders.len());
        for chunk in orders.chunks(BULK_MAX) {
            let req = confirm_request(self.client(), &self.base, self.key().expose(), chunk, est)?;
            match self.send(req, Safety::Once).await {
                Ok(reply) => out.extend(bulk_results(chunk, &parse_bulk(&reply.body)?)),
                Err(MarketError::Permanent { message }) => out.extend(
                    chunk
                        .iter()
                        .map(|o| LineResult::refused(o, Some(o), message.clone())),
                ),
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }

    async fn ship(&self, shipments: &[Shipment]) -> Result<Vec<LineResult>, MarketError> {
        // Qoo10 takes the carrier as free text (`ShippingCorp`) and publishes no carrier list, so a
        // name to look up is sent as written.
        let mut refused: BTreeMap<String, String> = BTreeMap::new();
        let mut send = Vec::new();
        for s in shipments {
            let corp = match s.carrier.for_site(self.site) {
                SiteCarrier::Name(n) | SiteCarrier::LookupByName(n) => n,
                other => {
                    refused.insert(
                        s.order_no.clone(),
                        format!("Qoo10 takes a carrier name, not the code {other:?}"),
                    );
                    continue;
                }
            };
            if corp.trim().is_empty() || corp.chars().count() > 200 {
                refused.insert(
                    s.order_no.clone(),
                    format!("Qoo10 ShippingCorp must be 1–200 characters: `{corp}`"),
                );
                continue;
            }
            send.push(SendingInfo {
                OrderNo: s.order_no.clone(),
                ShippingCorp: corp,
                TrackingNo: s.tracking.as_str().to_string(),
            });
        }
        let mut by_order: BTreeMap<String, Result<(), String>> =
            refused.into_iter().map(|(o, m)| (o, Err(m))).collect();
        for chunk in send.chunks(BULK_MAX) {
            let orders: Vec<String> = chunk.iter().map(|c| c.OrderNo.clone()).collect();
            let req = ship_request(self.client(), &self.base, self.key().expose(), chunk)?;
            let results = match self.send(req, Safety::Once).await {
                Ok(reply) => bulk_results(&orders, &parse_bulk(&reply.body)?),
                Err(MarketError::Permanent { message }) => orders
                    .iter()
                    .map(|o| LineResult::refused(o, Some(o), message.clone()))
                    .collect(),
                Err(e) => return Err(e),
            };
            for r in results {
                by_order.insert(r.order_no, r.outcome);
            }
        }
        let mut out = Vec::new();
        for s in shipments {
            let outcome = by_order
                .get(&s.order_no)
                .cloned()
                .unwrap_or_else(|| Err("not sent".to_string()));
            let keys: Vec<&str> = if s.lines.is_empty() {
                vec![s.order_no.as_str()]
            } else {
                s.lines.iter().map(|l| l.line_key.as_str()).collect()
            };
            for k in keys {
                out.push(LineResult {
                    order_no: s.order_no.clone(),
                    line_key: Some(k.to_string()),
                    outcome: outcome.clone(),
                });
            }
        }
        Ok(out)
    }

    async fn update_stock(&self, updates: &[StockUpdate]) -> Result<Vec<StockResult>, MarketError> {
        if updates.is_empty() {
            return Ok(Vec::new());
        }
        let mut catalogue = self.catalogue(false).await?;
        if updates
            .iter()
            .any(|u| matches!(resolve(&catalogue, &u.code), Target::Unknown))
        {
            // A code we do not know may be a product added since we last looked.
            catalogue = self.catalogue(true).await?;
        }
        let mut out = Vec::with_capacity(updates.len());
        for u in updates {
            let req = match resolve(&catalogue, &u.code) {
                Target::Option(item, option) => option_stock_request(
                    self.client(),
                    &self.base,
                    self.key().expose(),
                    item,
                    option,
                    u.quantity,
                )?,
                Target::Item(item) => {
                    // Read the listing's ExpireDate now, so the update keeps it.
                    let detail = self.item_detail(&item.item_code).await?;
                    match item_stock_request(
                        self.client(),
                        &self.base,
                        self.key().expose(),
                        item,
                        &detail,
                        u.quantity,
                    ) {
                        Ok(req) => req,
                        Err(MarketError::Permanent { message }) => {
                            out.push(StockResult {
                                code: u.code.clone(),
                                outcome: Err(message),
                            });
                            continue;
                        }
                        Err(e) => return Err(e),
                    }
                }
                Target::Refused(message) => {
                    out.push(StockResult {
                        code: u.code.clone(),
                        outcome: Err(message),
                    });
                    continue;
                }
                Target::Unknown => {
                    out.push(StockResult {
                        code: u.code.clone(),
                        outcome: Err(format!(
                            "no Qoo10 item or option with the code {}",
                            u.code.parts().join(" / ")
                        )),
                    });
                    continue;
                }
            };
            let outcome = match self.send(req, Safety::Once).await {
                Ok(_) => Ok(()),
                Err(MarketError::Permanent { message }) => Err(message),
                Err(e) => return Err(e),
            };
            out.push(StockResult {
                code: u.code.clone(),
                outcome,
            });
        }
        Ok(out)
    }

    async fn list_products(&self) -> Result<Vec<ProductInfo>, MarketError> {
        let catalogue = self.catalogue(true).await?;
        let mut out = Vec::new();
        for c in catalogue.iter() {
            if c.options.is_empty() {
                out.push(ProductInfo {
                    product_id: c.item.item_code.clone(),
                    option_id: None,
                    code: SiteCode::Product {
                        code: c.item.seller_code.clone(),
                    },
                    name: c.item.title.clone(),
                    option_name: None,
                    stock: c.item.qty.unwrap_or(0),
                });
                continue;
            }
            for o in c.options.iter().filter(|o| !o.code.is_empty()) {
                out.push(ProductInfo {
                    product_id: c.item.item_code.clone(),
                    option_id: Some(o.option_value()),
                    code: SiteCode::Option { code: o.code.clone() },
                    name: c.item.title.clone(),
                    option_name: Some(option_label(o)),
                    stock: o.qty,
                });
            }
        }
        Ok(out)
    }

    async fn renew_credentials(&self, login: Option<&SellerLogin>) -> Result<Renewal, MarketError> {
        let Some(login) = login else {
            return Err(MarketError::Config {
                message: "a QSM login is needed to issue a key: this shop's own \
                          (shops edit NAME --set qsm_user_id=… --set qsm_password=…)"
                    .to_string(),
            });
        };
        let Some(api_key) = self.api_key.as_ref().filter(|k| !k.is_empty()) else {
            return Err(MarketError::Config {
                message: "[qoo10] api_key is not set (the integrator key issued by Qoo10)".to_string(),
            });
        };
        let req = certification_request(
            self.client(),
            &self.base,
            api_key.expose(),
            &login.user_id,
            login.password.expose(),
        )?;
        let reply = self.send(req, Safety::Once).await?;
        let key = Secret::new(parse_certification_key(&reply.body)?);
        *self.seller_key.lock().unwrap_or_else(|p| p.into_inner()) = key.clone();
        let expires = key_expiry(self.ctx.clock.now());
        tracing::info!(shop = %self.shop_id, "Qoo10 seller key issued");
        Ok(Renewal {
            seller_key: key,
            expires,
        })
    }
}
