//! ESM Plus wire format: the self-signed JWT, the request builders (pure: they take the time and
//! return a `reqwest::Request`), the envelope classifier and the parsers (pure, never panicking).
//! The JWT and the envelope live here; `request`, `orders` and `catalogue` hold the rest,
//! re-exported so every item stays at `wire::…`.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;

use crate::domain::{Secret, Site};
use crate::market::http::{classify_status, Reply};
use crate::market::types::MarketError;

mod catalogue;
mod orders;
mod request;

pub use catalogue::{
    all_sold_out, item_body, parse_delivery_companies, parse_goods, parse_recommended_options,
    set_option_stock, site_qty, DeliveryCompany, Goods, GoodsPage, OptionDetail,
};
pub use orders::{parse_orders, row_to_order, ItemOptionSelect, OrderRow, OrdersPage};
pub use request::{
    delivery_companies, goods_search, order_check, recommended_options, recommended_options_get,
    request_orders, sell_status, shipping_date, shipping_info, GoodsQuery, OrdersQuery, ShippingInfo,
};

/// The JWT `aud` ESM requires (constant).
pub const AUDIENCE: &str = "sa.esmplus.com";

// ASSUMPTION: `iss` is the provider's domain; ESM's own example uses the tool's domain and one
// public client sends `www.esmplus.com`. shipdeck has no domain of its own, so it sends the latter.
/// The JWT `iss` shipdeck sends.
pub const ISSUER: &str = "www.esmplus.com";

/// `ResultCode` of "too many calls" (HTTP 200).
pub const RESULT_RATE_LIMITED: i64 = 3000;

/// Order times as ESM writes them (KST).
pub const TIME_FORMATS: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
];

/// The query time format of `requestDateFrom` / `requestDateTo` (KST, whole minutes).
pub const QUERY_MINUTE: &str = "%Y-%m-%d %H:%M";

/// What signs every request of one seller: the integrator's master id and secret key, and the
/// seller named in `ssi`.
#[derive(Debug, Clone)]
pub struct Signer {
    /// `[esm] master_id`, sent as the JWT `kid`.
    pub master_id: String,
    /// `[esm] secret_key`, the HS256 key.
    pub secret_key: Secret,
    /// `G:<gmarket id>` or `A:<auction id>`.
    pub ssi: String,
}

impl Signer {
    /// A signer for `seller_id` on `site` (Gmarket → `G:`, Auction → `A:`).
    pub fn new(master_id: &str, secret_key: Secret, site: Site, seller_id: &str) -> Signer {
        let prefix = if site == Site::Auction { "A" } else { "G" };
        Signer {
            master_id: master_id.to_string(),
            secret_key,
            ssi: format!("{prefix}:{seller_id}"),
        }
    }

    /// The `Authorization` header value for a request signed at `now`.
    pub fn bearer(&self, now: jiff::Timestamp) -> Result<String, MarketError> {
        Ok(format!(
            "Bearer {}",
            jwt(
                &self.master_id,
                self.secret_key.expose(),
                &self.ssi,
                now.as_second()
            )?
        ))
    }
}

fn json_str(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

/// The JWT header text, byte for byte: `{"alg":"HS256","typ":"JWT","kid":"…"}`.
pub fn jwt_header(master_id: &str) -> String {
    format!(r#"{{"alg":"HS256","typ":"JWT","kid":{}}}"#, json_str(master_id))
}

/// The JWT payload text, byte for byte (keys in this order, no spaces).
pub fn jwt_payload(ssi: &str, iat: i64) -> String {
    format!(
        r#"{{"iss":{},"sub":"sell","aud":{},"iat":{iat},"ssi":{}}}"#,
        json_str(ISSUER),
        json_str(AUDIENCE),
        json_str(ssi)
    )
}

/// Signs the HS256 JWT: `b64url(header).b64url(payload).b64url(hmac)`, unpadded.
pub fn jwt(master_id: &str, secret: &str, ssi: &str, iat: i64) -> Result<String, MarketError> {
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let signing_input = format!(
        "{}.{}",
        b64.encode(jwt_header(master_id)),
        b64.encode(jwt_payload(ssi, iat))
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).map_err(|e| MarketError::Config {
        message: format!("[esm] secret_key cannot key HMAC-SHA256: {e}"),
    })?;
    mac.update(signing_input.as_bytes());
    let sig = b64.encode(mac.finalize().into_bytes());
    Ok(format!("{signing_input}.{sig}"))
}

/// The ESM `siteType` of a site: 1 Auction, 2 Gmarket.
pub fn site_type(site: Site) -> u8 {
    if site == Site::Auction {
        1
    } else {
        2
    }
}

/// The JSON key of a site in item-API per-site objects (`isSell.gmkt`, `stock.iac`).
pub fn site_key(site: Site) -> &'static str {
    if site == Site::Auction {
        "iac"
    } else {
        "gmkt"
    }
}

// ---------------------------------------------------------------------------------------------
// Answers

/// The envelope every ESM answer comes in: `{"ResultCode":0,"Message":"…","Data":{…}}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    /// `ResultCode` (0 = success).
    pub code: i64,
    /// `Message`.
    pub message: String,
    /// `Data` (null when absent).
    pub data: serde_json::Value,
}

impl Envelope {
    /// The site's answer as it may be shown: `ResultCode 0: SUCCESS`.
    pub fn describe(&self) -> String {
        format!("ResultCode {}: {}", self.code, self.message)
    }
}

fn field<'a>(
    obj: &'a serde_json::Map<String, serde_json::Value>,
    names: &[&str],
) -> Option<&'a serde_json::Value> {
    names.iter().find_map(|n| obj.get(*n))
}

/// Parses the shipping API's envelope (keys in Pascal or camel case; `ResultCode` a number or
/// numeric text). The item API (`/item/v1/…`) has no such envelope: see [`item_body`].
pub fn parse_envelope(body: &[u8]) -> Result<Envelope, MarketError> {
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| MarketError::malformed(format!("ESM answer is not JSON: {e}"), body))?;
    let Some(obj) = value.as_object() else {
        return Err(MarketError::malformed("ESM answer is not a JSON object", body));
    };
    let code = match field(obj, &["ResultCode", "resultCode"]) {
        Some(serde_json::Value::Number(n)) => n.as_i64(),
        Some(serde_json::Value::String(s)) => s.trim().parse::<i64>().ok(),
        _ => None,
    }
    .ok_or_else(|| MarketError::malformed("ESM answer has no numeric ResultCode", body))?;
    let message = match field(obj, &["Message", "message"]) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    let data = field(obj, &["Data", "data"])
        .cloned()
        .unwrap_or(serde_json::Value::Null);
    Ok(Envelope { code, message, data })
}

/// The message of ESM's refusal of a caller, `{"status":{"message","status_code"}}` (HTTP 401; a
/// public client recorded it from the live site for an API the key is not approved for), if the
/// body is one.
pub fn access_refusal(body: &[u8]) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    let status = v.get("status")?.as_object()?;
    match status.get("message")? {
        serde_json::Value::String(m) if !m.trim().is_empty() => Some(m.trim().to_string()),
        _ => None,
    }
}

/// ESM's classifier: HTTP status first (401/403 auth with the site's own words, 429, 5xx), then
/// a result code when the answer carries one (`ResultCode` of the shipping API, `resultCode` of an
/// item-API refusal): 3000 is a rate limit, any other non-zero code a refusal. A 200 without a
/// code passes here (the item API answers bare objects); each call's parser then insists on the
/// shape it expects, so a 200 that is not an answer is malformed, never a success.
pub fn classify(reply: &Reply) -> Result<(), MarketError> {
    let site_words = parse_envelope(&reply.body).ok();
    match reply.status {
        200..=299 => {
            let Some(env) = site_words else {
                return Ok(());
            };
            match env.code {
                0 => Ok(()),
                RESULT_RATE_LIMITED => Err(MarketError::RateLimited {
                    retry_after: reply.retry_after(),
                    message: env.describe(),
                }),
                _ => Err(MarketError::Permanent {
                    message: env.describe(),
                }),
            }
        }
        401 | 403 => Err(MarketError::Auth {
            message: site_words
                .map(|e| e.describe())
                .or_else(|| access_refusal(&reply.body).map(|m| format!("HTTP {}: {m}", reply.status)))
                .unwrap_or_else(|| format!("HTTP {}: {}", reply.status, excerpt(&reply.body))),
        }),
        400..=499 if reply.status != 429 => match site_words {
            Some(env) if env.code == RESULT_RATE_LIMITED => Err(MarketError::RateLimited {
                retry_after: reply.retry_after(),
                message: env.describe(),
            }),
            Some(env) => Err(MarketError::Permanent {
                message: env.describe(),
            }),
            None => classify_status(reply),
        },
        _ => classify_status(reply),
    }
}

/// Deserializes a list that ESM may send as `null` (read as empty).
fn null_vec<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

fn excerpt(body: &[u8]) -> String {
    String::from_utf8_lossy(body).chars().take(300).collect()
}
