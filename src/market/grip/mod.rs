//! Grip seller API adapter: `X-ServiceId` + `X-AccessKey` + HMAC-SHA256 `X-Fingerprint`, epoch-ms
//! dates, states 1 and 10 collectable, prepare → shipping → start (each an action answering
//! `{affected}`, then its `/result` check), stock through the whole product body.
//!
//! Source: the official guide, repository `gripcorp/grip-seller-apis` (paths below); all rows
//! **documented** unless said otherwise. Every call carries the four headers of `docs/auth/README.md`
//! (fingerprint = Base64(HMAC-SHA256(secret, "METHOD uri\ntimestamp\naccessKey")), uri with its
//! URL-encoded query). Dates are `Long` epoch ms and searches reach back 90 days (`deprecated.md`,
//! README.md). Errors: legacy HTTP 500 `{message}` or 4xx `{status,error,code,message,timestamp}`
//! (docs/auth/README.md, CHANGELOG.md 2026.08), both handled.
//!
//! | endpoint | source | request | answer | how sure |
//! |---|---|---|---|---|
//! | `GET /api/delivery/company` | docs/delivery/README.md "지원 택배사 목록" | — | `{deliveryCompanies:[{companySeq,companyName,serviceType,tracking}]}` | documented |
//! | `GET /api/order/count` | docs/order/README.md "주문 개수" | `searchStatus=1,10`, `searchDate=orderedAt`, `searchStartAt`, `searchEndAt` (ms) | `{orderCount}` | documented |
//! | `GET /api/order` | docs/order/README.md "주문 목록" | the same + `start`, `length` ≤ 100 | `{orderList:[OrderList]}` (Long keys, Double money, Integer state) | documented |
//! | `PUT /api/delivery/prepare` | docs/delivery/README.md "발주(접수) 요청" | `{orderKeys:[{orderSeq,orderProductSeq}]}` | `{affected}` | documented |
//! | `PUT /api/delivery/prepare/result` | docs/delivery/README.md "발주(접수) 요청 결과 확인" | the same body | `{result:[{orderSeq,orderProductSeq,result,message}]}` (`message` only on failure) | documented; read as the check of the action (note below) |
//! | `PUT /api/delivery/shipping` | docs/delivery/README.md "택배 정보 설정" | `{shippings:[{orderSeq,orderProductSeq,companySeq,trackingNumber}]}` | `{affected}` | documented |
//! | `PUT /api/delivery/shipping/result` | docs/delivery/README.md "택배 정보 설정 결과 확인" | the same body | `{result:[DeliveryResult]}` | documented; the check |
//! | `PUT /api/delivery/start` | docs/delivery/README.md "발송 요청" (succeeds only once the tracking number is set) | `{orderKeys:[…]}` | `{affected}` | documented |
//! | `PUT /api/delivery/start/result` | docs/delivery/README.md "발송 요청 결과 확인" | the same body | `{result:[DeliveryResult]}` | documented; the check |
//! | `GET /api/product` | docs/product/README.md "상품 목록" | `start`, `length` ≤ 100 | `{productList:[ProductList]}` (no options) | documented |
//! | `GET /api/product/{productId}` | docs/product/README.md "상품 상세" | — | `{product:Product}` with `option:{types,names,combinations}` | documented |
//! | `PUT /api/product/{productId}` | docs/product/README.md "상품 수정" | the whole product (every field kept, stock changed) | `{productId}` | documented |
//!
//! Delivery writes (re-read 2026-12-02): docs/delivery/README.md names the actions
//! `PUT /api/delivery/prepare` ("발주(접수) 요청"), `/shipping` ("택배 정보 설정") and `/start`
//! ("발송 요청"), each answering only `{affected}` (how many lines it changed), and beside each a
//! `…/result` form titled "결과 확인" (result check) taking the same body and answering per line
//! `{result:[DeliveryResult]}`. So a step here is the action (sent once) followed by its check
//! (repeatable: it changes nothing), and the check decides each line: a line it does not report
//! done is a failed push carrying Grip's `message`. Confirming is one step (prepare); shipping is
//! two (shipping, then start for the lines whose tracking number was set). What was weighed:
//! deprecated.md says the order/delivery calls answer at once and a `/result` API "can be used
//! when the outcome must be waited for"; the stored copy of docs/delivery/README.md at commit
//! 9076ef0 titles the `/result` forms like the actions, and code-examples/Python/advanced/
//! seller_api.py sends the `/result` forms as the requests. The copy at 356b746 (the mkdocs
//! layout, read as the current one) titles them "결과 확인", and that is followed. Should the
//! `/result` form still act as well, the check repeats the action: harmless for shipping (the same
//! tracking number may be set again: "운송장 번호를 잘못 설정한 경우에 배송중 상태이면 다시 설정할
//! 수 있습니다"), while for start a line just started could be reported refused — the simulator
//! cannot tell; only the live site could. Re-sends after a crash are checked by the
//! engine against the order list first: a line already "배송중" (11) is done (the `OrderList`
//! model carries no tracking number, so whose number it shows cannot be told), a line still
//! "배송준비중" (10) with its tracking number set is sent again (the shipping upsert, then the one
//! start).
//!
//! `companySeq` values are not published: carriers are found by name in the carrier list.

mod marketplace;
pub mod wire;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::sync::Arc;

use reqwest::Method;
use tokio::sync::Mutex;

use super::http::{classify_status, Reply, Safety};
use super::limiter::Limiter;
use super::types::*;
use super::AdapterContext;
use crate::domain::mapping::{normalize, SiteCode};
use crate::domain::tracking::SiteCarrier;
use crate::domain::{Credentials, Secret, Shop, Site};
use wire::{Company, OrderKey, OrderRow, Product};

/// Rows per page (the API's maximum).
const PAGE: usize = 100;
/// How far back searches reach.
const MAX_BACK_DAYS: i64 = 90;
/// Lines per write call.
const WRITE_BATCH: usize = 100;

/// The Grip adapter for one shop.
pub struct Grip {
    shop_id: String,
    base: String,
    access_key: String,
    secret: Secret,
    service_id: String,
    ctx: AdapterContext,
    limiter: Arc<Limiter>,
    carriers: Mutex<Option<Vec<Company>>>,
    products: Mutex<Option<Vec<Product>>>,
}

/// True when a Grip failure is about the credentials (the signing headers, or an auth code).
fn is_auth_failure(f: &wire::Failure) -> bool {
    ["X-AccessKey", "X-Fingerprint", "X-ServiceId", "인증"]
        .iter()
        .any(|k| f.message.contains(k))
        || ["AUTH", "UNAUTHORIZED", "FORBIDDEN"]
            .iter()
            .any(|k| f.code.to_ascii_uppercase().contains(k))
}

/// Grip's rules over the generic ones (docs/auth/README.md "HTTP 응답 코드"; CHANGELOG.md, the
/// 2026.08 error-format change): a refusal is either the legacy HTTP 500 with `{message}` or a 4xx
/// with `{status,error,code,message,timestamp}`, and both may arrive during the change. A failure
/// about the signing headers is an auth failure, any other is the site refusing the request (never
/// retried); a 500 without a message is a server fault.
pub fn classify(reply: &Reply) -> Result<(), MarketError> {
    let failure = wire::failure(&reply.body);
    match (reply.status, failure) {
        (500, Some(f)) if is_auth_failure(&f) => Err(MarketError::Auth {
            message: f.describe(),
        }),
        (500, Some(f)) => Err(MarketError::Permanent {
            message: f.describe(),
        }),
        (500, None) => Err(MarketError::Transient {
            message: "HTTP 500 without a message".into(),
        }),
        (401 | 403, Some(f)) => Err(MarketError::Auth {
            message: format!("HTTP {}: {}", reply.status, f.describe()),
        }),
        (400..=499, Some(f)) if reply.status != 429 && is_auth_failure(&f) => Err(MarketError::Auth {
            message: format!("HTTP {}: {}", reply.status, f.describe()),
        }),
        (400..=499, Some(f)) if reply.status != 429 => Err(MarketError::Permanent {
            message: format!("HTTP {}: {}", reply.status, f.describe()),
        }),
        _ => classify_status(reply),
    }
}

/// A query string with values URL-encoded as Grip signs them (`1,10` → `1%2C10`).
pub fn query(pairs: &[(&str, String)]) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish()
}

fn parse_key(order_no: &str, line_key: &str) -> Option<OrderKey> {
    Some(OrderKey {
        order_seq: order_no.parse().ok()?,
        order_product_seq: line_key.parse().ok()?,
    })
}

impl Grip {
    /// Builds the adapter; needs the shop's access and secret keys and `[grip] service_id`.
    pub fn new(shop: &Shop, ctx: &AdapterContext) -> Result<Self, MarketError> {
        let Credentials::Grip {
            access_key,
            secret_key,
        } = &shop.credentials
        else {
            return Err(MarketError::Config {
                message: format!("shop {} does not hold Grip credentials", shop.name),
            });
        };
        let service_id = ctx
            .config
            .grip
            .as_ref()
            .map(|g| g.service_id.clone())
            .ok_or_else(|| MarketError::Config {
                message: "Grip needs `[grip] service_id` in the config file".into(),
            })?;
        Ok(Grip {
            shop_id: shop.shop_id.clone(),
            base: super::base_url(shop),
            access_key: access_key.clone(),
            secret: secret_key.clone(),
            service_id,
            limiter: ctx.http.limiter(
                &format!("grip:{}", shop.shop_id),
                ctx.http.options().shop_interval,
            ),
            ctx: ctx.clone(),
            carriers: Mutex::new(None),
            products: Mutex::new(None),
        })
    }

    /// The signed request for `method` on `path_and_query` at `now`; the fingerprint covers the
    /// path as sent (base path included) and the encoded query.
    pub fn build(
        &self,
        method: Method,
        path_and_query: &str,
        body: Option<&serde_json::Value>,
        now: jiff::Timestamp,
    ) -> Result<reqwest::Request, MarketError> {
        let url = reqwest::Url::parse(&format!("{}{}", self.base, path_and_query)).map_err(|e| {
            MarketError::Config {
                message: format!("bad Grip URL {}{path_and_query}: {e}", self.base),
            }
        })?;
        let uri = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        };
        let ts = now.as_millisecond();
        let fp = wire::fingerprint(method.as_str(), &uri, ts, &self.access_key, self.secret.expose());
        let mut req = self
            .ctx
            .http
            .client()
            .request(method, url)
            .header("X-ServiceId", &self.service_id)
            .header("X-AccessKey", &self.access_key)
            .header("X-Fingerprint", fp)
            .header("X-Fingerprint-Timestamp", ts.to_string())
            .header("Accept", "application/json");
        if let Some(b) = body {
            req = req.header("Content-Type", "application/json").body(b.to_string());
        }
        req.build().map_err(|e| MarketError::Config {
            message: format!("cannot build a Grip request: {e}"),
        })
    }

    async fn call(
        &self,
        method: Method,
        path_and_query: &str,
        body: Option<&serde_json::Value>,
        safety: Safety,
    ) -> Result<Reply, MarketError> {
        let req = self.build(method, path_and_query, body, self.ctx.clock.now())?;
        self.ctx.http.send(&[&self.limiter], req, safety, &classify).await
    }

    fn order_query(window: &Window, statuses: Option<&str>) -> Vec<(&'static str, String)> {
        let mut q = Vec::new();
        if let Some(s) = statuses {
            q.push(("searchStatus", s.to_string()));
        }
        q.push(("searchDate", "orderedAt".to_string()));
        q.push(("searchStartAt", window.from.as_millisecond().to_string()));
        // searchEndAt is inclusive on the site: ask up to the last millisecond of the window.
        q.push(("searchEndAt", (window.to.as_millisecond() - 1).to_string()));
        q
    }

    async fn count(&self, window: &Window, statuses: Option<&str>) -> Result<u64, MarketError> {
        let q = query(&Self::order_query(window, statuses));
        let reply = self
            .call(
                Method::GET,
                &format!("/api/order/count?{q}"),
                None,
                Safety::Repeatable,
            )
            .await?;
        wire::parse_count(&reply.body)
    }

    /// Every row of a window, paged; each pass compares the site's count before and after, and a
    /// pass that looks inconsistent (the count moved, or fewer distinct rows than counted) is run
    /// again and the results united, so an order moving between pages is not lost.
    async fn rows(&self, window: &Window, statuses: Option<&str>) -> Result<Vec<OrderRow>, MarketError> {
        let mut seen: BTreeMap<(String, String), OrderRow> = BTreeMap::new();
        for _pass in 0..8 {
            let before = self.count(window, statuses).await?;
            let mut this_pass = std::collections::BTreeSet::new();
            let mut start = 0usize;
            let mut pages = self.ctx.http.pages("Grip order list");
            loop {
                pages.take()?;
                let mut q = vec![("start", start.to_string()), ("length", PAGE.to_string())];
                q.extend(Self::order_query(window, statuses));
                let reply = self
                    .call(
                        Method::GET,
                        &format!("/api/order?{}", query(&q)),
                        None,
                        Safety::Repeatable,
                    )
                    .await?;
                let page = wire::parse_order_list(&reply.body)?;
                let n = page.len();
                for row in page {
                    let key = (row.order_seq.clone(), row.order_product_seq.clone());
                    this_pass.insert(key.clone());
                    seen.insert(key, row);
                }
                if n < PAGE {
                    break;
                }
                start += PAGE;
            }
            let after = self.count(window, statuses).await?;
            if before == after && this_pass.len() as u64 >= after {
                break;
            }
            tracing::debug!(shop = %self.shop_id, before, after, rows = this_pass.len(), "Grip listing moved while paging; listing again");
        }
        Ok(seen.into_values().collect())
    }

    async fn carriers(&self) -> Result<Vec<Company>, MarketError> {
        let mut cache = self.carriers.lock().await;
        if let Some(c) = cache.as_ref() {
            return Ok(c.clone());
        }
        let reply = self
            .call(Method::GET, "/api/delivery/company", None, Safety::Repeatable)
            .await?;
        let list = wire::parse_companies(&reply.body)?;
        *cache = Some(list.clone());
        Ok(list)
    }

    /// Grip's `companySeq` for a carrier: looked up by name in the site's carrier list
    /// (exactly, then ignoring case, width and spacing).
    async fn company_seq(&self, shipment: &Shipment) -> Result<Result<u64, String>, MarketError> {
        let name = match shipment.carrier.for_site(Site::Grip) {
            SiteCarrier::LookupByName(n) | SiteCarrier::Name(n) | SiteCarrier::Code(n) => n,
            SiteCarrier::Numeric(n) => return Ok(Ok(u64::from(n))),
        };
        let list = self.carriers().await?;
        let found = list.iter().find(|c| c.company_name == name).or_else(|| {
            list.iter()
                .find(|c| normalize(&c.company_name) == normalize(&name))
        });
        Ok(match found {
            Some(c) => Ok(c.company_seq),
            None => Err(format!("Grip's carrier list has no carrier named `{name}`")),
        })
    }

    /// One delivery step as the guide gives it: the action (`PUT path` → `{affected}`, sent once),
    /// then its `path/result` check with the same body, whose per-line `DeliveryResult` decides
    /// each of `keys` (a line the check does not report done is refused with the site's message).
    async fn step(
        &self,
        path: &str,
        body: serde_json::Value,
        keys: &[(String, String)],
    ) -> Result<Vec<LineResult>, MarketError> {
        let reply = self.call(Method::PUT, path, Some(&body), Safety::Once).await?;
        let affected = wire::parse_affected(&reply.body)?;
        // The check changes nothing, so a lost answer may be asked again.
        let reply = self
            .call(
                Method::PUT,
                &format!("{path}/result"),
                Some(&body),
                Safety::Repeatable,
            )
            .await?;
        let results = line_results(keys, &wire::parse_write_results(&reply.body)?);
        let done = results.iter().filter(|r| r.outcome.is_ok()).count() as u64;
        if done != affected {
            tracing::warn!(shop = %self.shop_id, path, affected, done, "Grip's action and its result check disagree; the check decides per line");
        }
        Ok(results)
    }

    async fn products(&self, refresh: bool) -> Result<Vec<Product>, MarketError> {
        let mut cache = self.products.lock().await;
        if !refresh {
            if let Some(p) = cache.as_ref() {
                return Ok(p.clone());
            }
        }
        let mut all = Vec::new();
        let mut start = 0usize;
        let mut pages = self.ctx.http.pages("Grip product list");
        loop {
            pages.take()?;
            let q = query(&[("start", start.to_string()), ("length", PAGE.to_string())]);
            let reply = self
                .call(
                    Method::GET,
                    &format!("/api/product?{q}"),
                    None,
                    Safety::Repeatable,
                )
                .await?;
            let page = wire::parse_product_list(&reply.body)?;
            let n = page.len();
            all.extend(page);
            if n < PAGE {
                break;
            }
            start += n;
        }
        // The listing's `ProductList` carries no options: read the detail of each product that
        // sells options to learn its combinations and their codes.
        for p in all
            .iter_mut()
            .filter(|p| p.uses_options() && p.option.combinations.is_empty())
        {
            *p = self.product(&p.product_id).await?;
        }
        *cache = Some(all.clone());
        Ok(all)
    }
}

impl Grip {
    /// One product's detail (`GET /api/product/{productId}` → `{product:{…}}`).
    async fn product(&self, product_id: &str) -> Result<Product, MarketError> {
        let reply = self
            .call(
                Method::GET,
                &format!("/api/product/{}", encode_segment(product_id)),
                None,
                Safety::Repeatable,
            )
            .await?;
        wire::parse_product(&reply.body)
    }
}

/// A path segment, percent-encoded.
fn encode_segment(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Which product (and combination) a seller code names.
fn locate<'a>(products: &'a [Product], code: &SiteCode) -> Option<(&'a Product, Option<String>)> {
    match code {
        SiteCode::Product { code } => products
            .iter()
            .find(|p| p.your_product_id.as_deref() == Some(code.as_str()) && !p.uses_options())
            .map(|p| (p, None)),
        SiteCode::Option { code } => products.iter().find_map(|p| {
            p.option
                .combinations
                .iter()
                .find(|c| c.your_product_id.as_deref() == Some(code.as_str()))
                .map(|c| (p, Some(c.option_key.clone())))
        }),
        SiteCode::Crossmall { .. } => None,
    }
}

fn line_results(order_keys: &[(String, String)], results: &[wire::WriteResult]) -> Vec<LineResult> {
    order_keys
        .iter()
        .map(|(o, l)| {
            match results
                .iter()
                .find(|r| &r.order_seq == o && &r.order_product_seq == l)
            {
                Some(r) if r.result => LineResult::ok(o, Some(l)),
                Some(r) => {
                    LineResult::refused(o, Some(l), r.message.clone().unwrap_or_else(|| "refused".into()))
                }
                None => LineResult::refused(o, Some(l), "Grip returned no result for this line"),
            }
        })
        .collect()
}
