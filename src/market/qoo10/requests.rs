//! Qoo10's request builders and answer helpers: the path-style call, one builder per QAPI method
//! the adapter uses, the bulk answer's per-line results and the seller key's expiry.

use std::collections::BTreeMap;

use super::wire::{
    expire_date_param, parse_ok, BulkItem, GoodsItem, ItemDetail, OptionRow, SendPlan, SendingInfo,
};
use super::{method, SEARCH_TIME_FORMAT};
use crate::market::http::{classify_status, Reply};
use crate::market::types::*;
use crate::market::wire::local_text;

/// The site's classifier: the generic HTTP rules, then the envelope (`ResultCode` must be 0).
pub fn classify(reply: &Reply) -> Result<(), MarketError> {
    classify_status(reply)?;
    parse_ok(&reply.body).map(|_| ())
}

/// Builds one path-style call: `POST {base}/{method}`, headers `GiosisCertificationKey` and
/// `QAPIVersion: 1.0`, form body `returnType=application/json` then `params` in order.
pub fn build_call(
    client: &reqwest::Client,
    base: &str,
    method: &str,
    key: &str,
    params: &[(&str, String)],
) -> Result<reqwest::Request, MarketError> {
    let url = format!("{}/{}", base.trim_end_matches('/'), method);
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    form.append_pair("returnType", "application/json");
    for (k, v) in params {
        form.append_pair(k, v);
    }
    client
        .post(url)
        .header("GiosisCertificationKey", key)
        .header("QAPIVersion", "1.0")
        .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(form.finish())
        .build()
        .map_err(|e| MarketError::Config {
            message: format!("Qoo10 {method}: cannot build the request: {e}"),
        })
}

/// `GetShippingInfo_v3` for one status over `window` (order date, JST, both ends as sent).
pub fn shipping_info_request(
    client: &reqwest::Client,
    base: &str,
    key: &str,
    status: &str,
    window: &Window,
) -> Result<reqwest::Request, MarketError> {
    build_call(
        client,
        base,
        method::SHIPPING_INFO,
        key,
        &[
            ("ShippingStatus", status.to_string()),
            ("SearchStartDate", local_text(window.from, SEARCH_TIME_FORMAT)),
            ("SearchEndDate", local_text(window.to, SEARCH_TIME_FORMAT)),
            // SearchCondition 1 = order date (the crawl of the QSM spec). ASSUMPTION: both search
            // dates are inclusive to the second; the caller filters to the half-open window.
            ("SearchCondition", "1".to_string()),
        ],
    )
}

/// `GetClaimInfo_V3`: every claim on orders placed in `window` (order date, JST).
pub fn claims_request(
    client: &reqwest::Client,
    base: &str,
    key: &str,
    window: &Window,
) -> Result<reqwest::Request, MarketError> {
    build_call(
        client,
        base,
        method::CLAIMS,
        key,
        &[
            // An empty ClaimStat asks for every claim status (the parameter is optional).
            ("ClaimStat", String::new()),
            ("search_Sdate", local_text(window.from, SEARCH_TIME_FORMAT)),
            ("search_Edate", local_text(window.to, SEARCH_TIME_FORMAT)),
            // 1 = order date, like the listing.
            ("search_condition", "1".to_string()),
        ],
    )
}

/// `GetShippingAndClaimInfoByOrderNo_V2`: one order, whatever its status or claim.
pub fn order_lookup_request(
    client: &reqwest::Client,
    base: &str,
    key: &str,
    order_no: &str,
) -> Result<reqwest::Request, MarketError> {
    build_call(
        client,
        base,
        method::ORDER_LOOKUP,
        key,
        &[("OrderNo", order_no.to_string())],
    )
}

/// The estimated shipping date sent with a confirmation: `days` business days (Monday to Friday)
/// after `now`'s JST day. ASSUMPTION: Japanese public holidays are not skipped (no public
/// calendar in the API); the seller picks `ship_days` to allow for them.
pub fn est_ship_date(now: jiff::Timestamp, days: u8) -> jiff::civil::Date {
    let mut d = now
        .to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(9)))
        .date();
    let mut left = days.max(1);
    while left > 0 {
        d = d.tomorrow().unwrap_or(d);
        if !matches!(
            d.weekday(),
            jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday
        ) {
            left -= 1;
        }
    }
    d
}

/// `SetSellerCheckYNBulk` for up to 500 orders, each with the estimated shipping date `est`
/// (the call refuses an empty `EstShipDt` with -10016 and one not after today with -10018).
pub fn confirm_request(
    client: &reqwest::Client,
    base: &str,
    key: &str,
    orders: &[String],
    est: jiff::civil::Date,
) -> Result<reqwest::Request, MarketError> {
    let est = est.strftime("%Y%m%d").to_string();
    let plans: Vec<SendPlan> = orders
        .iter()
        .map(|o| SendPlan {
            OrderNo: o.clone(),
            EstShipDt: est.clone(),
            DelayType: String::new(),
            DelayMemo: String::new(),
        })
        .collect();
    let json = serde_json::to_string(&plans).map_err(|e| MarketError::Config {
        message: format!("Qoo10 confirm: cannot encode SendPlanDtInfoJson: {e}"),
    })?;
    build_call(
        client,
        base,
        method::CONFIRM_BULK,
        key,
        &[("SendPlanDtInfoJson", json)],
    )
}

/// `SetSendingInfoBulk` for up to 500 shipments.
pub fn ship_request(
    client: &reqwest::Client,
    base: &str,
    key: &str,
    items: &[SendingInfo],
) -> Result<reqwest::Request, MarketError> {
    let json = serde_json::to_string(items).map_err(|e| MarketError::Config {
        message: format!("Qoo10 ship: cannot encode ShippingInfoJson: {e}"),
    })?;
    build_call(
        client,
        base,
        method::SENDING_BULK,
        key,
        &[("ShippingInfoJson", json)],
    )
}

/// `GetAllGoodsInfo` page `page` of items in `status` (S2 = on sale).
pub fn goods_request(
    client: &reqwest::Client,
    base: &str,
    key: &str,
    status: &str,
    page: u32,
) -> Result<reqwest::Request, MarketError> {
    build_call(
        client,
        base,
        method::ALL_GOODS,
        key,
        &[("ItemStatus", status.to_string()), ("Page", page.to_string())],
    )
}

/// `GetGoodsInventoryInfo` of one item.
pub fn inventory_request(
    client: &reqwest::Client,
    base: &str,
    key: &str,
    item_code: &str,
) -> Result<reqwest::Request, MarketError> {
    build_call(
        client,
        base,
        method::GOODS_INVENTORY,
        key,
        &[("ItemCode", item_code.to_string())],
    )
}

/// `UpdateInventoryQtyUnit`: the absolute stock of one option row.
pub fn option_stock_request(
    client: &reqwest::Client,
    base: &str,
    key: &str,
    item: &GoodsItem,
    option: &OptionRow,
    qty: i64,
) -> Result<reqwest::Request, MarketError> {
    build_call(
        client,
        base,
        method::OPTION_QTY,
        key,
        &[
            ("ItemCode", item.item_code.clone()),
            ("SellerCode", item.seller_code.clone()),
            ("OptionName", option.option_name()),
            ("OptionValue", option.option_value()),
            ("OptionCode", option.code.clone()),
            ("Qty", qty.max(0).to_string()),
        ],
    )
}

/// `GetItemDetailInfo` of one item.
pub fn item_detail_request(
    client: &reqwest::Client,
    base: &str,
    key: &str,
    item_code: &str,
) -> Result<reqwest::Request, MarketError> {
    build_call(
        client,
        base,
        method::ITEM_DETAIL,
        key,
        &[("ItemCode", item_code.to_string())],
    )
}

/// `SetGoodsPriceQty`: the stock of an item without options, keeping its price and its expiry.
/// The spec says a null `ExpireDate` resets the listing to a year from now, so the listing's own
/// date (from `GetItemDetailInfo`) is sent back; without one nothing is sent.
pub fn item_stock_request(
    client: &reqwest::Client,
    base: &str,
    key: &str,
    item: &GoodsItem,
    detail: &ItemDetail,
    qty: i64,
) -> Result<reqwest::Request, MarketError> {
    let Some(expire) = expire_date_param(&detail.expire_date) else {
        return Err(MarketError::Permanent {
            message: format!(
                "Qoo10 item {} shows no ExpireDate (`{}`); its stock is not set, since SetGoodsPriceQty \
                 would move the listing's end a year ahead",
                item.item_code, detail.expire_date
            ),
        });
    };
    let mut params = vec![
        ("ItemCode", item.item_code.clone()),
        ("SellerCode", item.seller_code.clone()),
    ];
    // Price is optional; the listing's own price is sent back when known.
    if let Some(p) = detail.price.or(item.price).filter(|p| *p > 0) {
        params.push(("Price", p.to_string()));
    }
    params.push(("Qty", qty.max(0).to_string()));
    params.push(("ExpireDate", expire));
    build_call(client, base, method::ITEM_PRICE_QTY, key, &params)
}

/// `CreateCertificationKey` with the seller's QSM login, authorised by the integrator API key.
pub fn certification_request(
    client: &reqwest::Client,
    base: &str,
    api_key: &str,
    user_id: &str,
    password: &str,
) -> Result<reqwest::Request, MarketError> {
    build_call(
        client,
        base,
        method::CREATE_KEY,
        api_key,
        &[("user_id", user_id.to_string()), ("pwd", password.to_string())],
    )
}

/// The per-line results of one bulk answer, in the order of `orders`; an order the answer does
/// not mention is refused (its outcome is unknown, so the engine must check before re-sending).
pub fn bulk_results(orders: &[String], answer: &[BulkItem]) -> Vec<LineResult> {
    let by_order: BTreeMap<&str, &BulkItem> = answer.iter().map(|i| (i.order_no.as_str(), i)).collect();
    orders
        .iter()
        .map(|o| match by_order.get(o.as_str()) {
            Some(item) if item.code == 0 => LineResult::ok(o, Some(o)),
            Some(item) => {
                LineResult::refused(o, Some(o), format!("ResultCode {}: {}", item.code, item.message))
            }
            None => LineResult::refused(o, Some(o), "Qoo10 answered without a result for this order"),
        })
        .collect()
}

/// When a key issued at `now` expires: one year on, as a JST date.
// ASSUMPTION: a seller key lasts about a year ([M]); the answer does not say.
pub fn key_expiry(now: jiff::Timestamp) -> Option<jiff::civil::Date> {
    now.to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(9)))
        .date()
        .checked_add(jiff::Span::new().years(1))
        .ok()
}
