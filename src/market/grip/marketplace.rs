//! Grip's [`Marketplace`] implementation: listing, confirmation (prepare), shipping (shipping +
//! start, each an action then its `/result` check), carriers and stock, on top of the calls in the
//! parent module.

use std::collections::BTreeMap;

use reqwest::Method;

use super::wire::{self, OrderKey, Shipping};
use super::{locate, parse_key, Grip, MAX_BACK_DAYS, WRITE_BATCH};
use crate::domain::mapping::SiteCode;
use crate::domain::status::is_collectable;
use crate::domain::Site;
use crate::market::http::Safety;
use crate::market::types::{
    ConfirmItem, ConnectionReport, ConnectionStep, LineResult, MarketError, ProductInfo, Renewal,
    SellerLogin, Shipment, SiteOrder, StockResult, StockUpdate, Window,
};
use crate::market::Marketplace;

#[async_trait::async_trait]
impl Marketplace for Grip {
    fn site(&self) -> Site {
        Site::Grip
    }

    async fn test_connection(&self) -> Result<ConnectionReport, MarketError> {
        let mut steps = Vec::new();
        // Auth and the carrier list in one call: every Grip call is signed.
        let step = "carrier list";
        let reply = self
            .call(Method::GET, "/api/delivery/company", None, Safety::Repeatable)
            .await
            .map_err(|e| e.at_step(step))?;
        let carriers = wire::parse_companies(&reply.body).map_err(|e| e.at_step(step))?;
        steps.push(ConnectionStep {
            name: step.into(),
            answer: format!("HTTP {}: {} carriers", reply.status, carriers.len()),
        });
        *self.carriers.lock().await = Some(carriers.clone());
        // The order count and first page for the collectable states, over the last 30 days.
        let statuses = crate::domain::status::collectable_codes(Site::Grip).join(",");
        let now = self.ctx.clock.now();
        let window = Window::new(now - jiff::SignedDuration::from_hours(24 * 30), now);
        let step = format!("order count (searchStatus {statuses})");
        let counted = self
            .count(&window, Some(&statuses))
            .await
            .map_err(|e| e.at_step(&step))?;
        steps.push(ConnectionStep {
            name: step,
            answer: format!("orderCount {counted}"),
        });
        let step = format!("order list (searchStatus {statuses})");
        let mut q = vec![("start", "0".to_string()), ("length", "1".to_string())];
        q.extend(Self::order_query(&window, Some(&statuses)));
        let reply = self
            .call(
                Method::GET,
                &format!("/api/order?{}", super::query(&q)),
                None,
                Safety::Repeatable,
            )
            .await
            .map_err(|e| e.at_step(&step))?;
        let rows = wire::parse_order_list(&reply.body).map_err(|e| e.at_step(&step))?;
        steps.push(ConnectionStep {
            name: step,
            answer: format!("HTTP {}: {} row(s) on the first page", reply.status, rows.len()),
        });
        Ok(ConnectionReport {
            message: format!(
                "connected as {}: {} carriers, {counted} order line(s) to collect in 30 days",
                self.shop_id,
                carriers.len()
            ),
            steps,
        })
    }

    async fn list_orders(&self, window: Window) -> Result<Vec<SiteOrder>, MarketError> {
        let earliest = self.ctx.clock.now() - jiff::SignedDuration::from_hours(24 * MAX_BACK_DAYS);
        let window = Window::new(window.from.max(earliest), window.to);
        let statuses = crate::domain::status::collectable_codes(Site::Grip).join(",");
        let mut rows = Vec::new();
        // The guide gives no longest span, only the 90-day reach and a 30-day default window
        // (docs/order/README.md `searchStartAt`); searches are cut to 30 days to stay inside both.
        for piece in window.split(jiff::SignedDuration::from_hours(24 * 30)) {
            rows.extend(self.rows(&piece, Some(&statuses)).await?);
        }
        // The site's status now decides: rows that moved on while we paged are no longer listed.
        rows.retain(|r| is_collectable(Site::Grip, &r.order_state));
        let mut orders = wire::group_orders(rows)?;
        orders.retain(|o| window.contains(o.ordered_at));
        Ok(orders)
    }

    async fn get_order(
        &self,
        order_no: &str,
        ordered_at: Option<jiff::Timestamp>,
    ) -> Result<Option<SiteOrder>, MarketError> {
        let now = self.ctx.clock.now();
        let window = match ordered_at {
            Some(t) => Window::new(
                t - jiff::SignedDuration::from_hours(24),
                t + jiff::SignedDuration::from_hours(24),
            ),
            None => Window::new(now - jiff::SignedDuration::from_hours(24 * MAX_BACK_DAYS), now),
        };
        let mut rows = Vec::new();
        for piece in window.split(jiff::SignedDuration::from_hours(24 * 30)) {
            rows.extend(
                self.rows(&piece, None)
                    .await?
                    .into_iter()
                    .filter(|r| r.order_seq == order_no),
            );
        }
        Ok(wire::group_orders(rows)?.into_iter().next())
    }

    /// One listing of every status over the span of the wanted order times (a day either side,
    /// as `get_order` looks) answers for all of them.
    async fn find_orders(&self, wanted: &[(String, jiff::Timestamp)]) -> Result<Vec<SiteOrder>, MarketError> {
        let Some(span) = crate::market::span_of(wanted, jiff::SignedDuration::from_hours(24)) else {
            return Ok(Vec::new());
        };
        let mut rows = Vec::new();
        for piece in span.split(jiff::SignedDuration::from_hours(24 * 30)) {
            rows.extend(self.rows(&piece, None).await?);
        }
        Ok(crate::market::only_wanted(wire::group_orders(rows)?, wanted))
    }

    async fn confirm(&self, items: &[ConfirmItem]) -> Result<Vec<LineResult>, MarketError> {
        let mut out = Vec::new();
        let mut keys = Vec::new();
        for item in items {
            for l in &item.line_keys {
                match parse_key(&item.order_no, l) {
                    Some(_) => keys.push((item.order_no.clone(), l.clone())),
                    None => out.push(LineResult::refused(
                        &item.order_no,
                        Some(l),
                        "not a Grip order/line number",
                    )),
                }
            }
        }
        for chunk in keys.chunks(WRITE_BATCH) {
            let order_keys: Vec<OrderKey> = chunk.iter().filter_map(|(o, l)| parse_key(o, l)).collect();
            out.extend(
                self.step(
                    "/api/delivery/prepare",
                    serde_json::json!({ "orderKeys": order_keys }),
                    chunk,
                )
                .await?,
            );
        }
        Ok(out)
    }

    async fn ship(&self, shipments: &[Shipment]) -> Result<Vec<LineResult>, MarketError> {
        let mut out = Vec::new();
        let mut entries: Vec<((String, String), Shipping)> = Vec::new();
        for s in shipments {
            let seq = self.company_seq(s).await?;
            for line in &s.lines {
                let l = &line.line_key;
                match (&seq, parse_key(&s.order_no, l)) {
                    (Err(why), _) => out.push(LineResult::refused(&s.order_no, Some(l), why.clone())),
                    (_, None) => out.push(LineResult::refused(
                        &s.order_no,
                        Some(l),
                        "not a Grip order/line number",
                    )),
                    (Ok(company_seq), Some(k)) => entries.push((
                        (s.order_no.clone(), l.clone()),
                        Shipping {
                            order_seq: k.order_seq,
                            order_product_seq: k.order_product_seq,
                            company_seq: *company_seq,
                            tracking_number: s.tracking.as_str().to_string(),
                        },
                    )),
                }
            }
        }
        for chunk in entries.chunks(WRITE_BATCH) {
            let keys: Vec<(String, String)> = chunk.iter().map(|(k, _)| k.clone()).collect();
            let shippings: Vec<&Shipping> = chunk.iter().map(|(_, s)| s).collect();
            // Step 1: set the carrier and tracking number of each line (docs/delivery "택배 정보 설정").
            let first = self
                .step(
                    "/api/delivery/shipping",
                    serde_json::json!({ "shippings": shippings }),
                    &keys,
                )
                .await?;
            let (ok, refused): (Vec<LineResult>, Vec<LineResult>) =
                first.into_iter().partition(|r| r.outcome.is_ok());
            out.extend(refused);
            if ok.is_empty() {
                continue;
            }
            // Step 2: ask to start shipping the lines whose tracking number was set (10 → 11;
            // "발송 요청" succeeds only once the tracking number is set).
            let started: Vec<(String, String)> = ok
                .iter()
                .map(|r| (r.order_no.clone(), r.line_key.clone().unwrap_or_default()))
                .collect();
            let order_keys: Vec<OrderKey> = started.iter().filter_map(|(o, l)| parse_key(o, l)).collect();
            out.extend(
                self.step(
                    "/api/delivery/start",
                    serde_json::json!({ "orderKeys": order_keys }),
                    &started,
                )
                .await?,
            );
        }
        Ok(out)
    }

    async fn update_stock(&self, updates: &[StockUpdate]) -> Result<Vec<StockResult>, MarketError> {
        let mut products = self.products(false).await?;
        if updates.iter().any(|u| locate(&products, &u.code).is_none()) {
            products = self.products(true).await?;
        }
        // Group the updates per product: one PUT of the whole body each.
        let mut per_product: BTreeMap<String, Vec<(usize, Option<String>)>> = BTreeMap::new();
        let mut out: Vec<Option<StockResult>> = vec![None; updates.len()];
        for (i, u) in updates.iter().enumerate() {
            match locate(&products, &u.code) {
                Some((p, option_key)) => per_product
                    .entry(p.product_id.clone())
                    .or_default()
                    .push((i, option_key)),
                None => {
                    out[i] = Some(StockResult {
                        code: u.code.clone(),
                        outcome: Err(format!(
                            "no Grip product or option has the code `{}`",
                            u.code.display()
                        )),
                    })
                }
            }
        }
        for (product_id, targets) in per_product {
            let mut product = self.product(&product_id).await?;
            for (i, option_key) in &targets {
                let qty = updates[*i].quantity.max(0);
                match option_key {
                    Some(k) => {
                        if let Some(c) = product
                            .option
                            .combinations
                            .iter_mut()
                            .find(|c| &c.option_key == k)
                        {
                            c.stock_count = qty;
                        }
                    }
                    None => product.stock_count = qty,
                }
            }
            if product.uses_options() {
                product.stock_count = product
                    .option
                    .combinations
                    .iter()
                    .filter(|c| c.expose)
                    .map(|c| c.stock_count)
                    .sum();
            }
            let body = serde_json::to_value(&product).map_err(|e| MarketError::Config {
                message: format!("cannot encode Grip product {product_id}: {e}"),
            })?;
            let outcome = match self
                .call(
                    Method::PUT,
                    &format!("/api/product/{product_id}"),
                    Some(&body),
                    Safety::Once,
                )
                .await
            {
                Ok(_) => Ok(()),
                Err(MarketError::Permanent { message }) => Err(message),
                Err(e) => return Err(e),
            };
            for (i, _) in targets {
                out[i] = Some(StockResult {
                    code: updates[i].code.clone(),
                    outcome: outcome.clone(),
                });
            }
        }
        Ok(out.into_iter().flatten().collect())
    }

    async fn list_products(&self) -> Result<Vec<ProductInfo>, MarketError> {
        let products = self.products(true).await?;
        let mut out = Vec::new();
        for p in products {
            if !p.uses_options() {
                if let Some(code) = p.your_product_id.clone().filter(|c| !c.is_empty()) {
                    out.push(ProductInfo {
                        product_id: p.product_id.clone(),
                        option_id: None,
                        code: SiteCode::Product { code },
                        name: p.product_name.clone(),
                        option_name: None,
                        stock: p.stock_count,
                    });
                }
            }
            for c in &p.option.combinations {
                if let Some(code) = c.your_product_id.clone().filter(|c| !c.is_empty()) {
                    out.push(ProductInfo {
                        product_id: p.product_id.clone(),
                        option_id: Some(c.option_key.clone()),
                        code: SiteCode::Option { code },
                        name: p.product_name.clone(),
                        option_name: p.option.combination_name(c),
                        stock: c.stock_count,
                    });
                }
            }
        }
        Ok(out)
    }

    async fn renew_credentials(&self, _login: Option<&SellerLogin>) -> Result<Renewal, MarketError> {
        // The SecretKey is re-issued by the seller in the Grip Business Center, not through the API.
        Err(MarketError::unsupported(
            Site::Grip,
            "renew keys through its API (re-issue the SecretKey in the Grip Business Center)",
        ))
    }
}
