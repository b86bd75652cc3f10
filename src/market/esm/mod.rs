//! Gmarket / Auction through the ESM Plus Trading API: a fresh HS256 JWT per request, the
//! shipping API's JSON envelopes with `ResultCode`, one row per order line (`OrderNo`), and a
//! per-seller quota of one `RequestOrders` call per 5 s (answered with `ResultCode` 3000).
//!
//! Sources: the etapi.gmarket.com pages (numbers below; auth at /pages/API-가이드). Where the page
//! itself could not be read, public clients that quote it are named. The item API (`/item/v1/…`)
//! answers bare objects, not the shipping API's `{ResultCode,Message,Data}`; a refusal there is
//! `{resultCode,message}` (HTTP 400 in a public client). Both are read either way. A caller the
//! site refuses gets HTTP 401 `{"status":{"message","status_code":401}}` (a public client recorded
//! "The user does not have right access to the api" for an API the key is not approved for; the
//! guide pages found give no 401 body); its message is carried in the auth error.
//!
//! | endpoint | source | request | answer | how sure |
//! |---|---|---|---|---|
//! | `GET /item/v1/shipping/delivery-company` | etapi.gmarket.com/142 (quoted by a public client's notes) | — | `{deliveryCompanies:[{deliveryCompCode,deliveryCompName}]}` | seen in a public client |
//! | `POST /shipping/v1/Order/RequestOrders` | etapi.gmarket.com/67 | `siteType`, `orderStatus` (1 new, 2 preparing), `requestDateType` 1, `requestDateFrom/To` `YYYY-MM-DD hh:mm` (≤ 31 days), `pageIndex`, `pageSize` | `{ResultCode,Message,Data:{TotalCount,RequestOrders:[…]}}` | documented (page size limit: assumed 100, none found) |
//! | `POST /shipping/v1/Order/OrderCheck/{OrderNo}` | etapi.gmarket.com "주문확인" (public clients) | `{SellerOrderNo,SellerItemNo}` | `{ResultCode,Message,Data:{IsChanged}}` | seen in public clients |
//! | `POST /shipping/v1/Delivery/ShippingInfo` | etapi.gmarket.com/70 | `{OrderNo,ShippingDate,DeliveryCompanyCode,InvoiceNo}` | `{ResultCode,Message,Data}` | documented |
//! | `POST /item/v1/goods/search` | etapi.gmarket.com "상품 목록 조회" (category page excerpt: `managedCode[]`, 30/min) | `pageIndex`, `pageSize` | `{totalItems,pageIndex,pageSize,items:[{goodsNo,siteGoodsNo,managedCode,…}]}` | request documented; answer seen in a public client |
//! | `GET /item/v1/goods/{goodsNo}/recommended-options` | etapi.gmarket.com/26 (public client), option shape of /140 | — | `{type,isStockManage,independent:{recommendedOptNo,details:[{recommendedOptValueNo,recommendedOptValue,isSoldOut,isDisplay,qty:{iac,gmkt},manageCode,skuInfo,addAmnt}]}}` | seen in a public client; detail shape documented (/140) |
//! | `PUT /item/v1/goods/{goodsNo}/recommended-options` | etapi.gmarket.com/26 (public client) | the whole GET body, stock changed: qty 1–99999, sold out as `isSoldOut` (all sold out refused, error 3000) | `{resultCode,message}` | seen in a public client |
//! | `PUT /item/v1/goods/{goodsNo}/sell-status` | etapi.gmarket.com "가격/재고/판매상태" (public clients) | `{isSell:{site},itemBasicInfo:{stock:{site}}}` | `{resultCode,message}` | seen in a public client (another lists the fields flat; the page was not reachable) |
//!
//! A single goods' stock is not in the goods search; where to read it back was not found.

mod marketplace;
mod stock;
#[cfg(test)]
mod tests;
pub mod wire;

use std::collections::HashMap;
use std::sync::Arc;

use super::http::Safety;
use super::limiter::Limiter;
use super::types::*;
use super::AdapterContext;
use crate::domain::tracking::SiteCarrier;
use crate::domain::{Credentials, Shop, Site};
use wire::{DeliveryCompany, OrderRow, OrdersQuery, Signer};

/// Rows asked for per `RequestOrders` page.
// ASSUMPTION: ESM serves at most 100 rows per page. No public limit found (searched the docs and
// pages corpora: /67 is not stored); public Python and PHP clients quoting /67 ask for 100.
pub const PAGE_SIZE: u32 = 100;

/// Listing runs per status and window piece before giving up on a consistent answer.
const MAX_RUNS: usize = 6;

/// The longest span one `RequestOrders` query may cover (the site allows 31 days; one day is kept
/// in reserve because the query is widened to whole minutes).
const MAX_SPAN_DAYS: i64 = 30;

/// The Gmarket / Auction (ESM Plus) adapter: serves the one site of its shop.
pub struct Esm {
    site: Site,
    base: String,
    signer: Signer,
    ctx: AdapterContext,
    shop_limiter: Arc<Limiter>,
    order_limiter: Arc<Limiter>,
    carriers: tokio::sync::Mutex<Option<Vec<DeliveryCompany>>>,
    products: tokio::sync::Mutex<Option<Vec<ProductInfo>>>,
}

impl std::fmt::Debug for Esm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Esm")
            .field("site", &self.site)
            .field("seller", &self.signer.ssi)
            .finish_non_exhaustive()
    }
}

impl Esm {
    /// Builds the adapter for a Gmarket or Auction shop; the integrator's `[esm]` keys sign.
    pub fn new(shop: &Shop, ctx: &AdapterContext) -> Result<Self, MarketError> {
        if !shop.site.is_esm() {
            return Err(MarketError::Config {
                message: format!("the ESM adapter serves Gmarket and Auction, not {}", shop.site),
            });
        }
        if !matches!(shop.credentials, Credentials::Esm) {
            return Err(MarketError::Config {
                message: format!(
                    "shop {} holds credentials of another site; {} needs none beyond the seller id",
                    shop.name, shop.site
                ),
            });
        }
        let esm = ctx.config.esm.as_ref().ok_or_else(|| MarketError::Config {
            message: "[esm] master_id and [esm] secret_key are not set in the config file".into(),
        })?;
        if esm.master_id.trim().is_empty() {
            return Err(MarketError::Config {
                message: "[esm] master_id is empty".into(),
            });
        }
        if esm.secret_key.is_empty() {
            return Err(MarketError::Config {
                message: "[esm] secret_key is empty".into(),
            });
        }
        let seller = shop.shop_id.trim();
        let opts = ctx.http.options();
        Ok(Esm {
            site: shop.site,
            base: super::base_url(shop),
            signer: Signer::new(esm.master_id.trim(), esm.secret_key.clone(), shop.site, seller),
            shop_limiter: ctx
                .http
                .limiter(&format!("{}:{}", shop.site.slug(), seller), opts.shop_interval),
            order_limiter: ctx
                .http
                .limiter(&format!("esm-orders:{seller}"), opts.esm_order_interval),
            ctx: ctx.clone(),
            carriers: tokio::sync::Mutex::new(None),
            products: tokio::sync::Mutex::new(None),
        })
    }

    fn now(&self) -> jiff::Timestamp {
        self.ctx.clock.now()
    }

    fn client(&self) -> &reqwest::Client {
        self.ctx.http.client()
    }

    async fn send(
        &self,
        req: reqwest::Request,
        safety: Safety,
        order_quota: bool,
    ) -> Result<super::http::Reply, MarketError> {
        let limiters: Vec<&Limiter> = if order_quota {
            vec![&self.shop_limiter, &self.order_limiter]
        } else {
            vec![&self.shop_limiter]
        };
        self.ctx.http.send(&limiters, req, safety, &wire::classify).await
    }

    /// One `RequestOrders` page (spaced by the per-seller order quota unless `orderStatus` 0).
    async fn request_orders(&self, query: &OrdersQuery) -> Result<wire::OrdersPage, MarketError> {
        let req = wire::request_orders(self.client(), &self.base, &self.signer, self.now(), query)?;
        let reply = self
            .send(req, Safety::Repeatable, query.order_status != 0)
            .await?;
        wire::parse_orders(&reply.body)
    }

    /// Lists one status over one window piece into `seen` (latest row per order wins), re-running
    /// the listing when the pages did not add up (an order moved or repeated between pages).
    async fn list_status(
        &self,
        piece: Window,
        status: u8,
        seen: &mut HashMap<String, OrderRow>,
    ) -> Result<(), MarketError> {
        let (from, to) = query_range(piece);
        let code = status.to_string();
        for run in 0..MAX_RUNS {
            // A different page size on each re-run moves the page boundaries where orders slip.
            let page_size = PAGE_SIZE - 7 * run as u32;
            let mut page_index = 1u32;
            let mut pages = self.ctx.http.pages("ESM order list");
            let (last_total, last_moved) = loop {
                pages.take()?;
                let query = OrdersQuery::by_order_date(
                    wire::site_type(self.site),
                    status,
                    (&from, &to),
                    page_index,
                    page_size,
                );
                let page = self.request_orders(&query).await?;
                let moved = page.rows.iter().any(|r| r.order_status.trim() != code);
                let empty = page.rows.is_empty();
                for row in page.rows {
                    seen.insert(row.order_no.trim().to_string(), row);
                }
                if empty || u64::from(page_index) * u64::from(page_size) >= page.total_count {
                    break (page.total_count, moved);
                }
                page_index += 1;
            };
            // Every status change between pages shows up as a row in its new status, so the rows
            // known to be in `status` must number what the site counted at the last page.
            let known = seen
                .values()
                .filter(|r| r.order_status.trim() == code && row_in_range(r, &from, &to))
                .count() as u64;
            let expected = last_total.saturating_sub(u64::from(last_moved));
            if known == expected {
                return Ok(());
            }
            tracing::debug!(
                site = %self.site, status, run, known, expected,
                "ESM listing changed between pages; listing again"
            );
        }
        tracing::warn!(
            site = %self.site, status,
            "ESM listing kept changing between pages; keeping the union of {MAX_RUNS} runs"
        );
        Ok(())
    }

    /// The carrier list, fetched once.
    async fn carrier_list(&self) -> Result<Vec<DeliveryCompany>, MarketError> {
        let mut cache = self.carriers.lock().await;
        if let Some(list) = cache.as_ref() {
            return Ok(list.clone());
        }
        let req = wire::delivery_companies(self.client(), &self.base, &self.signer, self.now())?;
        let reply = self.send(req, Safety::Repeatable, false).await?;
        let list = wire::parse_delivery_companies(&reply.body)?;
        *cache = Some(list.clone());
        Ok(list)
    }

    /// The numeric carrier code of a shipment, or the refusal text.
    async fn carrier_code(&self, shipment: &Shipment) -> Result<Result<u32, String>, MarketError> {
        match shipment.carrier.for_site(self.site) {
            SiteCarrier::Numeric(n) => Ok(Ok(n)),
            SiteCarrier::LookupByName(name) => {
                let list = self.carrier_list().await?;
                let norm = |s: &str| s.split_whitespace().collect::<String>().to_lowercase();
                let found = list
                    .iter()
                    .find(|c| norm(&c.name) == norm(&name))
                    .map(|c| c.code.trim().parse::<u32>());
                Ok(match found {
                    Some(Ok(code)) => Ok(code),
                    Some(Err(_)) => Err(format!("{} has no numeric carrier code for `{name}`", self.site)),
                    None => Err(format!(
                        "carrier `{name}` is not in the {} carrier list",
                        self.site
                    )),
                })
            }
            SiteCarrier::Code(c) | SiteCarrier::Name(c) => {
                Ok(Err(format!("carrier `{c}` has no {} numeric code", self.site)))
            }
        }
    }
}

/// The query range of a window piece: whole minutes (KST), both ends inclusive, covering it.
// ASSUMPTION: requestDateFrom/To are inclusive to the minute (`To 10:05` covers 10:05:59).
pub fn query_range(piece: Window) -> (String, String) {
    let last = piece
        .to
        .checked_sub(jiff::SignedDuration::from_nanos(1))
        .unwrap_or(piece.to)
        .max(piece.from);
    (
        super::wire::local_text(piece.from, wire::QUERY_MINUTE),
        super::wire::local_text(last, wire::QUERY_MINUTE),
    )
}

fn row_in_range(row: &OrderRow, from: &str, to: &str) -> bool {
    match super::wire::local_time(&row.order_date, wire::TIME_FORMATS) {
        Ok(t) => {
            let m = super::wire::local_text(t, wire::QUERY_MINUTE);
            from <= m.as_str() && m.as_str() <= to
        }
        Err(_) => false,
    }
}

fn is_refusal(e: &MarketError) -> bool {
    matches!(e, MarketError::Permanent { .. })
}

/// The site's own words of an error.
fn message_of(e: &MarketError) -> String {
    match e {
        MarketError::Permanent { message }
        | MarketError::Auth { message }
        | MarketError::KeyExpired { message }
        | MarketError::Transient { message }
        | MarketError::Config { message }
        | MarketError::RateLimited { message, .. }
        | MarketError::Malformed { message, .. } => message.clone(),
        other => other.to_string(),
    }
}
