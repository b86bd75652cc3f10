//! ESM `RequestOrders` answers: the order rows and their mapping to [`SiteOrder`]s.

use serde::Deserialize;

use super::{null_vec, parse_envelope, TIME_FORMATS};
use crate::domain::status::site_status;
use crate::domain::{LineSku, Money, OrderLine, Party, ProductRef, Site};
use crate::market::types::{MarketError, SiteOrder, SiteTracking};
use crate::market::wire::{amount, local_time, string_or_number};

/// One option chosen on an order row.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(default)]
pub struct ItemOptionSelect {
    /// The option text (`블랙/M`).
    #[serde(rename = "ItemOptionValue", deserialize_with = "string_or_number")]
    pub value: String,
    /// Quantity of this option.
    #[serde(rename = "ItemOptionOrderCnt", deserialize_with = "string_or_number")]
    pub count: String,
    /// The seller's option code.
    #[serde(rename = "ItemOptionCode", deserialize_with = "string_or_number")]
    pub code: String,
}

/// One `RequestOrders` row: one order line, whose `OrderNo` is both the order and the line key.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(default, rename_all = "PascalCase")]
pub struct OrderRow {
    /// Order (and line) number.
    #[serde(deserialize_with = "string_or_number")]
    pub order_no: String,
    /// Cart (payment) number.
    #[serde(deserialize_with = "string_or_number")]
    pub pay_no: String,
    /// Status code (1 new, 2 preparing, 3 in delivery…).
    #[serde(deserialize_with = "string_or_number")]
    pub order_status: String,
    /// Master goods number.
    #[serde(deserialize_with = "string_or_number")]
    pub goods_no: String,
    /// Seller management code.
    #[serde(deserialize_with = "string_or_number")]
    pub out_goods_no: String,
    /// Goods name.
    #[serde(deserialize_with = "string_or_number")]
    pub goods_name: String,
    /// Quantity.
    #[serde(deserialize_with = "string_or_number")]
    pub contr_amount: String,
    /// Unit price.
    #[serde(deserialize_with = "amount")]
    pub sale_price: i64,
    /// Line amount.
    #[serde(deserialize_with = "amount")]
    pub order_amount: i64,
    /// Order time (KST).
    #[serde(deserialize_with = "string_or_number")]
    pub order_date: String,
    /// Payment time (KST).
    #[serde(deserialize_with = "string_or_number")]
    pub pay_date: String,
    /// Buyer name.
    #[serde(deserialize_with = "string_or_number")]
    pub buyer_name: String,
    /// Buyer mobile.
    #[serde(deserialize_with = "string_or_number")]
    pub buyer_mobile_tel: String,
    /// Receiver name.
    #[serde(deserialize_with = "string_or_number")]
    pub receiver_name: String,
    /// Receiver mobile.
    #[serde(deserialize_with = "string_or_number")]
    pub hp_no: String,
    /// Receiver phone.
    #[serde(deserialize_with = "string_or_number")]
    pub tel_no: String,
    /// Postal code.
    #[serde(deserialize_with = "string_or_number")]
    pub zip_code: String,
    /// Full address.
    #[serde(deserialize_with = "string_or_number")]
    pub del_full_address: String,
    /// Address, first part.
    #[serde(deserialize_with = "string_or_number")]
    pub del_front_address: String,
    /// Address, second part.
    #[serde(deserialize_with = "string_or_number")]
    pub del_back_address: String,
    /// Delivery message.
    #[serde(deserialize_with = "string_or_number")]
    pub del_memo: String,
    /// Options chosen.
    #[serde(deserialize_with = "null_vec")]
    pub item_option_select_list: Vec<ItemOptionSelect>,
    /// `Y` when the order has been cancelled (see the ASSUMPTION in `row_to_order`).
    #[serde(deserialize_with = "string_or_number")]
    pub cancel_yn: String,
    /// The carrier name registered with the shipment (empty before).
    #[serde(deserialize_with = "string_or_number")]
    pub takbae_name: String,
    /// The tracking (invoice) number registered with the shipment (empty before).
    #[serde(deserialize_with = "string_or_number")]
    pub no_songjang: String,
}

/// One page of `RequestOrders`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrdersPage {
    /// Rows matching the query in all.
    pub total_count: u64,
    /// This page's rows.
    pub rows: Vec<OrderRow>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "PascalCase")]
struct OrdersData {
    #[serde(deserialize_with = "string_or_number")]
    total_count: String,
    #[serde(deserialize_with = "null_vec")]
    request_orders: Vec<OrderRow>,
}

/// Parses a `RequestOrders` answer (envelope, then `Data{TotalCount,RequestOrders[]}`).
pub fn parse_orders(body: &[u8]) -> Result<OrdersPage, MarketError> {
    let env = parse_envelope(body)?;
    if env.code != 0 {
        return Err(MarketError::Permanent {
            message: env.describe(),
        });
    }
    if env.data.is_null() {
        return Ok(OrdersPage::default());
    }
    let data: OrdersData = serde_json::from_value(env.data)
        .map_err(|e| MarketError::malformed(format!("RequestOrders Data: {e}"), body))?;
    let total_count = if data.total_count.trim().is_empty() {
        data.request_orders.len() as u64
    } else {
        data.total_count.trim().parse::<u64>().map_err(|_| {
            MarketError::malformed(format!("RequestOrders TotalCount `{}`", data.total_count), body)
        })?
    };
    if let Some(bad) = data.request_orders.iter().find(|r| r.order_no.trim().is_empty()) {
        return Err(MarketError::malformed(
            format!("RequestOrders row without OrderNo (goods `{}`)", bad.goods_name),
            body,
        ));
    }
    Ok(OrdersPage {
        total_count,
        rows: data.request_orders,
    })
}

/// Turns a row into shipdeck's order (one line keyed by the `OrderNo`).
pub fn row_to_order(site: Site, row: &OrderRow) -> Result<SiteOrder, MarketError> {
    let ordered_at = local_time(&row.order_date, TIME_FORMATS).map_err(|_| {
        MarketError::malformed(
            format!(
                "order {}: OrderDate `{}` is not a time",
                row.order_no, row.order_date
            ),
            row.order_date.as_bytes(),
        )
    })?;
    let paid_at = if row.pay_date.trim().is_empty() {
        None
    } else {
        Some(local_time(&row.pay_date, TIME_FORMATS).map_err(|_| {
            MarketError::malformed(
                format!("order {}: PayDate `{}` is not a time", row.order_no, row.pay_date),
                row.pay_date.as_bytes(),
            )
        })?)
    };
    let quantity = row.contr_amount.trim().parse::<u32>().map_err(|_| {
        MarketError::malformed(
            format!(
                "order {}: ContrAmount `{}` is not a quantity",
                row.order_no, row.contr_amount
            ),
            row.contr_amount.as_bytes(),
        )
    })?;
    let status = site_status(site, &row.order_status);
    let money = |amount| Money {
        amount,
        currency: site.currency(),
    };
    let nonempty = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    // ASSUMPTION: the option code is the first ItemOptionSelectList entry's ItemOptionCode
    // (ESM orders of shipdeck's sellers carry one option per line).
    let option = row.item_option_select_list.first();
    let address = if row.del_full_address.trim().is_empty() {
        format!("{} {}", row.del_front_address.trim(), row.del_back_address.trim())
            .trim()
            .to_string()
    } else {
        row.del_full_address.trim().to_string()
    };
    let line = OrderLine {
        line_key: row.order_no.trim().to_string(),
        site_status: status.clone(),
        product: ProductRef::Code {
            product_code: nonempty(&row.out_goods_no),
            option_code: option.and_then(|o| nonempty(&o.code)),
        },
        product_name: row.goods_name.clone(),
        option_name: option.map(|o| o.value.clone()).unwrap_or_default(),
        quantity,
        unit_price: money(row.sale_price),
        amount: money(row.order_amount),
        sku: LineSku::Unresolved,
    };
    // ASSUMPTION: cancelled orders leave the status 1/2 listings (ESM moves them to its claim
    // APIs); a look-up by order number still returns them, flagged `CancelYn: "Y"`.
    let cancelled = row.cancel_yn.trim().eq_ignore_ascii_case("y");
    Ok(SiteOrder {
        order_no: row.order_no.trim().to_string(),
        cart_no: nonempty(&row.pay_no),
        site_status: status,
        ordered_at,
        paid_at,
        buyer: Party {
            name: row.buyer_name.clone(),
            phone: row.buyer_mobile_tel.clone(),
            ..Party::default()
        },
        receiver: Party {
            name: row.receiver_name.clone(),
            phone: if row.hp_no.trim().is_empty() {
                row.tel_no.clone()
            } else {
                row.hp_no.clone()
            },
            postal_code: row.zip_code.clone(),
            address,
        },
        delivery_message: row.del_memo.clone(),
        lines: vec![line],
        cancelled,
        tracking: SiteTracking::from_fields(&row.takbae_name, &row.no_songjang),
    })
}
