//! The simulated Qoo10 shipping calls: `GetShippingInfo_v3`, and the single and bulk seller
//! confirmations and tracking registrations.

use axum::response::Response;
use rand::Rng;
use serde_json::{json, Value};

use super::{floor_second, jst, jst_text, ok, refuse, search_time, status_text, Form, AXES};
use crate::domain::Site;
use crate::sim::world::{ConfirmRecord, ShipmentRecord, SimOrder, SimTracking, World};

pub(super) fn shipping_info(w: &mut World, i: usize, form: &Form) -> Response {
    let get = |k: &str| form.get(k).map(|s| s.trim().to_string()).unwrap_or_default();
    let status = get("ShippingStatus");
    let wanted: Vec<&str> = match status.as_str() {
        "" | "0" => vec!["1", "2", "3"],
        s @ ("1" | "2" | "3" | "4" | "5") => vec![s],
        _ => return refuse(w, i, -10001, "ShippingStatus is invalid"),
    };
    let (Some(from), Some(to)) = (
        search_time(&get("SearchStartDate"), false),
        search_time(&get("SearchEndDate"), true),
    ) else {
        return refuse(
            w,
            i,
            -10001,
            "SearchStartDate / SearchEndDate must be yyyyMMdd or yyyyMMddHHmmss",
        );
    };
    let by_payment = match get("SearchCondition").as_str() {
        "" | "1" => false,
        "2" => true,
        _ => {
            return refuse(
                w,
                i,
                -10001,
                "SearchCondition is invalid (1 order date, 2 payment date)",
            )
        }
    };
    let (from, to) = (from.as_second(), to.as_second());
    let mut matching: Vec<(jiff::Timestamp, String)> = w.shops[i]
        .orders
        .values()
        .filter(|o| !o.cancelled && wanted.contains(&o.status().as_str()))
        .filter_map(|o| {
            let t = if by_payment { o.paid_at } else { o.ordered_at };
            let s = floor_second(t);
            (from <= s && s <= to).then(|| (o.ordered_at, o.order_no.clone()))
        })
        .collect();
    matching.sort();
    let matching: Vec<String> = matching.into_iter().map(|(_, n)| n).collect();
    // No paging on Qoo10: the whole answer is one "page" (the status flip may still move an order
    // while the answer is read; the row then shows its new status).
    let mut page = crate::sim::page_with_faults(w, i, &matching, 0, matching.len());
    let dup = w
        .faults
        .get(&Site::Qoo10)
        .map(|f| f.duplicate_page)
        .unwrap_or(0.0);
    if page.len() > 1 && w.roll(dup) {
        let at = w.rng.random_range(0..page.len());
        let copy = page[at].clone();
        let to = w.rng.random_range(0..=page.len());
        page.insert(to, copy);
    }
    let shop = &w.shops[i];
    let rows: Vec<Value> = page
        .iter()
        .filter_map(|no| shop.orders.get(no))
        .map(|o| order_row(shop, o))
        .collect();
    ok(Value::Array(rows))
}

fn order_row(shop: &crate::sim::world::SimShop, o: &SimOrder) -> Value {
    let Some(line) = o.lines.first() else {
        return json!({ "OrderNo": o.order_no });
    };
    let product = shop.products.get(line.product);
    let option = line.option.and_then(|x| product.and_then(|p| p.options.get(x)));
    let total = line.unit_price * i64::from(line.quantity);
    let (carrier, tracking) = o
        .tracking
        .as_ref()
        .map(|t| (t.carrier.clone(), t.number.clone()))
        .unwrap_or_default();
    let row = json!({
        "OrderNo": o.order_no.parse::<u64>().map(Value::from).unwrap_or_else(|_| Value::from(o.order_no.clone())),
        "PackNo": o.cart_no.parse::<u64>().map(Value::from).unwrap_or_else(|_| Value::from(o.cart_no.clone())),
        "ShippingStatus": status_text(&line.status),
        "OrderDate": jst_text(o.ordered_at),
        "PaymentDate": jst_text(o.paid_at),
        "EstimatedShippingDate": "",
        "Buyer": o.buyer.name,
        "BuyerTel": "",
        "BuyerMobile": o.buyer.phone,
        "BuyerEmail": "",
        "ItemNo": product.map(|p| p.product_id.clone()).unwrap_or_default(),
        "SellerItemCode": product.map(|p| p.product_code.clone()).unwrap_or_default(),
        "ItemTitle": product.map(|p| p.name.clone()).unwrap_or_default(),
        "Option": option.map(|x| format!("{}:{} / {}:{}", AXES[0], x.attr1, AXES[1], x.attr2)).unwrap_or_default(),
        "OptionCode": option.map(|x| x.option_code.clone()).unwrap_or_default(),
        "OrderPrice": line.unit_price,
        "OrderQty": line.quantity,
        "Discount": 0,
        "Total": total,
        "Receiver": o.receiver.name,
        "ReceiverKana": "",
        "ZipCode": o.receiver.zip,
        "ShippingAddress": format!("{} {}", o.receiver.addr1, o.receiver.addr2),
        "Address1": o.receiver.addr1,
        "Address2": o.receiver.addr2,
        "ReceiverTel": "",
        "ReceiverMobile": o.receiver.phone,
        "ShippingMessage": o.message,
        "PaymentMethod": "Credit Card",
        "Currency": "JPY",
        "DeliveryCompany": carrier,
        "TrackingNo": tracking,
        "SettlePrice": total,
    });
    // The rest of the documented row (the crawl of the QSM spec, GetShippingInfo_v3).
    let more = json!({
        "SellerID": shop.shop_id,
        "ShippingDate": "",
        "DeliveredDate": "",
        "BuyerKana": "",
        "DesiredDeliveryDate": "",
        "SenderName": "",
        "SenderTel": "",
        "SenderNation": "",
        "SenderZipCode": "",
        "SenderAddress": "",
        "ShippingWay": "",
        "SellerDiscount": 0,
        "ShippingRate": 0,
        "RelatedOrder": "",
        "ShippingRateType": "Free",
        "VoucherCode": "",
        "PackingNo": "",
        "SellerDeliveryNo": "",
        "Gift": "",
        "CartDiscountSeller": 0,
        "CartDiscountQoo10": 0,
        "BranchName": "",
        "Material": "",
        "AvailableSendType": "0",
        "AvailableShippingDate": "",
    });
    let mut row = row;
    if let (Value::Object(r), Value::Object(m)) = (&mut row, more) {
        r.extend(m);
    }
    row
}

/// A JSON value as text (numbers allowed).
fn value_text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// The JSON array parameter of a bulk call, at most 500 entries; else the site's refusal.
fn bulk_param(form: &Form, name: &str) -> Result<Vec<Value>, (i64, String)> {
    let parsed = form.get(name).and_then(|s| serde_json::from_str::<Value>(s).ok());
    match parsed {
        Some(Value::Array(a)) if a.len() <= 500 => Ok(a),
        Some(Value::Array(_)) => Err((-10011, "Up to 500 orders can be processed at once".into())),
        _ => Err((-10001, format!("{name} is not a JSON array"))),
    }
}

// ASSUMPTION: (simulator) per-item codes other than -10012/-10013/-10018 are not public; we use
// -10001 for an unknown order, -10014 for shipping an unconfirmed order, -10015 for an order
// already shipped and -10016 for a cancelled one, each with an English message.
pub(super) fn confirm_one(w: &mut World, i: usize, order_no: &str, est: &str) -> (i64, String) {
    if !est.is_empty() {
        let today = jiff::Timestamp::now().to_zoned(jst()).date();
        match jiff::civil::Date::strptime("%Y%m%d", est) {
            Ok(d) if d > today => {}
            _ => return (-10018, "EstShipDt must be a date after today".into()),
        }
    }
    let shop = &mut w.shops[i];
    let Some(order) = shop.orders.get_mut(order_no) else {
        return (-10001, format!("OrderNo {order_no} does not exist"));
    };
    if order.cancelled {
        return (-10013, "The order is not in New Order (2) status".into());
    }
    match order.status().as_str() {
        "2" => {}
        "3" => return (-10012, "The order is already confirmed".into()),
        _ => return (-10013, "The order is not in New Order (2) status".into()),
    }
    for l in &mut order.lines {
        l.status = "3".into();
    }
    shop.confirms.push(ConfirmRecord {
        order_no: order_no.to_string(),
        line_key: None,
    });
    (0, "SUCCESS".into())
}

/// A bulk call: every entry of the JSON array parameter `name` answered by `row`, in order, or
/// the site's refusal of the whole call when the parameter is not such an array.
fn bulk(
    w: &mut World,
    i: usize,
    form: &Form,
    name: &str,
    mut row: impl FnMut(&mut World, &Value) -> Value,
) -> Response {
    let items = match bulk_param(form, name) {
        Ok(a) => a,
        Err((code, message)) => return refuse(w, i, code, &message),
    };
    let results: Vec<Value> = items.iter().map(|item| row(w, item)).collect();
    ok(Value::Array(results))
}

pub(super) fn confirm_bulk(w: &mut World, i: usize, form: &Form) -> Response {
    bulk(w, i, form, "SendPlanDtInfoJson", |w, item| {
        let no = value_text(item.get("OrderNo"));
        let est = value_text(item.get("EstShipDt"));
        // The bulk call refuses an entry without an estimated shipping date (-10016 in the spec).
        let (code, msg) = if est.is_empty() {
            (-10016, "EstShipDt is null".to_string())
        } else {
            confirm_one(w, i, &no, &est)
        };
        json!({ "cont_no": id_value(&no), "result_cd": code, "ResultCode": code, "ResultMsg": msg })
    })
}

pub(super) fn send_one(w: &mut World, i: usize, order_no: &str, corp: &str, tracking: &str) -> (i64, String) {
    if corp.trim().is_empty() || corp.chars().count() > 200 {
        return (-10001, "ShippingCorp must be 1-200 characters".into());
    }
    if tracking.trim().is_empty() || tracking.chars().count() > 50 {
        return (-10001, "TrackingNo must be 1-50 characters".into());
    }
    let shop = &mut w.shops[i];
    let Some(order) = shop.orders.get_mut(order_no) else {
        return (-10001, format!("OrderNo {order_no} does not exist"));
    };
    if order.cancelled {
        return (-10016, "The order has been cancelled".into());
    }
    match order.status().as_str() {
        "3" => {}
        "1" | "2" => {
            return (
                -10014,
                "The order is not confirmed by the seller (Seller confirm(3))".into(),
            )
        }
        _ => return (-10015, "Shipping information is already registered".into()),
    }
    for l in &mut order.lines {
        l.status = "4".into();
    }
    order.tracking = Some(SimTracking {
        carrier: corp.to_string(),
        number: tracking.to_string(),
    });
    shop.shipments.push(ShipmentRecord {
        order_no: order_no.to_string(),
        line_key: None,
        carrier: corp.to_string(),
        tracking: tracking.to_string(),
    });
    (0, "SUCCESS".into())
}

pub(super) fn sending_bulk(w: &mut World, i: usize, form: &Form) -> Response {
    bulk(w, i, form, "ShippingInfoJson", |w, item| {
        let no = value_text(item.get("OrderNo"));
        let corp = value_text(item.get("ShippingCorp"));
        let (code, msg) = send_one(w, i, &no, &corp, &value_text(item.get("TrackingNo")));
        json!({ "contr_no": id_value(&no), "result_cd": code, "transc_nm": corp, "ResultCode": code, "ResultMsg": msg })
    })
}

/// A JSON number for a numeric id (the spec types them Int32), else the text.
fn id_value(s: &str) -> Value {
    s.parse::<u64>()
        .map(Value::from)
        .unwrap_or_else(|_| Value::from(s.to_string()))
}

/// `GetClaimInfo_V3`: the claims on orders placed between the two dates (`search_condition` 1).
/// Every simulated claim is a completed cancellation (`claimStatus` 3).
pub(super) fn claims(w: &mut World, i: usize, form: &Form) -> Response {
    let get = |k: &str| form.get(k).map(|s| s.trim().to_string()).unwrap_or_default();
    let (Some(from), Some(to)) = (
        search_time(&get("search_Sdate"), false),
        search_time(&get("search_Edate"), true),
    ) else {
        return refuse(w, i, -10002, "Search Date Error");
    };
    if to.as_second() - from.as_second() > 90 * 86_400 {
        return refuse(w, i, -10003, "Searching period exceeds to 90 days.");
    }
    // ASSUMPTION: (simulator) only the order date (1, or empty) is searched; the simulator keeps
    // no claim or refund dates for 2 and 3.
    if !matches!(get("search_condition").as_str(), "" | "1") {
        return refuse(
            w,
            i,
            -10002,
            "Search Date Error (the simulator searches by order date only)",
        );
    }
    let stat = get("ClaimStat");
    if !matches!(stat.as_str(), "" | "3") {
        return ok(Value::Array(Vec::new()));
    }
    let (from, to) = (from.as_second(), to.as_second());
    let shop = &w.shops[i];
    let mut rows: Vec<(jiff::Timestamp, Value)> = shop
        .orders
        .values()
        .filter(|o| o.cancelled && (from..=to).contains(&floor_second(o.ordered_at)))
        .map(|o| (o.ordered_at, claim_row(shop, o)))
        .collect();
    rows.sort_by_key(|(t, _)| *t);
    ok(Value::Array(rows.into_iter().map(|(_, v)| v).collect()))
}

fn claim_row(shop: &crate::sim::world::SimShop, o: &SimOrder) -> Value {
    let line = o.lines.first();
    let product = line.and_then(|l| shop.products.get(l.product));
    json!({
        "claimStatus": "3",
        "cancelRefundDate": jst_text(o.paid_at),
        "reason": "Buyer request",
        "requestDate": jst_text(o.paid_at),
        "orderDate": jst_text(o.ordered_at),
        "PaymentDate": jst_text(o.paid_at),
        "shippingDate": "",
        "DeliveredDate": "",
        "orderNo": id_value(&o.order_no),
        "packNo": id_value(&o.cart_no),
        "itemCode": product.map(|p| p.product_id.clone()).unwrap_or_default(),
        "sellerItemCode": product.map(|p| p.product_code.clone()).unwrap_or_default(),
        "itemTitle": product.map(|p| p.name.clone()).unwrap_or_default(),
        "orderQty": line.map(|l| l.quantity).unwrap_or(0),
        "paymentNation": "JP",
        "currency": "JPY",
        "paymentAmount": line.map(|l| l.unit_price * i64::from(l.quantity)).unwrap_or(0),
        "deliveryCompany": "",
        "trackingNo": "",
        "deliveryCompanyReturn": "",
        "trackingNoReturn": "",
        "pickupAddress": "",
        "zipCode": o.receiver.zip,
        "paymentReturnShipping": "",
        "itemCondition": "",
        "receiver": o.receiver.name,
        "receiverTel": "",
        "receiverMobile": o.receiver.phone,
        "buyer": o.buyer.name,
        "buyerTel": "",
        "buyerMobile": o.buyer.phone,
        "CODCancelPrice": 0,
        "CODQrefundPrice": 0,
        "CODCancelRelatedOrder": "",
        "nrDutyTarget": "",
        "nrSolType": "",
        "nrPartRefundCnt": 0,
        "nrPartRefundBalance": 0,
    })
}

/// `GetShippingAndClaimInfoByOrderNo_V2`: one order with its claim, in lower camel case.
pub(super) fn order_lookup(w: &mut World, i: usize, form: &Form) -> Response {
    let no = form
        .get("OrderNo")
        .map(|s| s.trim().to_string())
        .unwrap_or_default();
    if no.is_empty() {
        return refuse(w, i, -10001, "OrderNo is required");
    }
    let shop = &w.shops[i];
    let Some(o) = shop.orders.get(&no) else {
        // ASSUMPTION: (simulator) an order the seller does not have answers an empty list.
        return ok(Value::Array(Vec::new()));
    };
    let line = o.lines.first();
    let product = line.and_then(|l| shop.products.get(l.product));
    let option = line
        .and_then(|l| l.option)
        .and_then(|x| product.and_then(|p| p.options.get(x)));
    let total = line.map(|l| l.unit_price * i64::from(l.quantity)).unwrap_or(0);
    let (carrier, tracking) = o
        .tracking
        .as_ref()
        .map(|t| (t.carrier.clone(), t.number.clone()))
        .unwrap_or_default();
    let row = json!({
        "shippingStatus": o.status(),
        "sellerID": shop.shop_id,
        "packNo": id_value(&o.cart_no),
        "orderDate": jst_text(o.ordered_at),
        "PaymentDate": jst_text(o.paid_at),
        "DeliveredDate": "",
        "buyer": o.buyer.name,
        "buyer_gata": "",
        "buyerTel": "",
        "buyerMobile": o.buyer.phone,
        "buyerEmail": "",
        "OrderType": "",
        "orderNo": id_value(&o.order_no),
        "itemCode": product.map(|p| p.product_id.clone()).unwrap_or_default(),
        "sellerItemCode": product.map(|p| p.product_code.clone()).unwrap_or_default(),
        "itemTitle": product.map(|p| p.name.clone()).unwrap_or_default(),
        "option": option.map(|x| format!("{}:{} / {}:{}", AXES[0], x.attr1, AXES[1], x.attr2)).unwrap_or_default(),
        "optionCode": option.map(|x| x.option_code.clone()).unwrap_or_default(),
        "orderPrice": line.map(|l| l.unit_price).unwrap_or(0),
        "orderQty": line.map(|l| l.quantity).unwrap_or(0),
        "discount": 0,
        "total": total,
        "receiver": o.receiver.name,
        "receiver_gata": "",
        "shippingCountry": "JP",
        "zipCode": o.receiver.zip,
        "shippingAddr": format!("{} {}", o.receiver.addr1, o.receiver.addr2),
        "receiverTel": "",
        "receiverMobile": o.receiver.phone,
    });
    let more = json!({
        "hopeDate": "",
        "senderName": "",
        "senderTel": "",
        "senderNation": "",
        "senderZipCode": "",
        "senderAddr": "",
        "ShippingWay": "",
        "ShippingMsg": o.message,
        "shippingRateType": "",
        "PackingNo": "",
        "SellerDeliveryNo": "",
        "VoucherCode": "",
        "paymentNation": "JP",
        "PaymentMethod": "Credit Card",
        "Gift": "",
        "cod_price": 0,
        "Cart_Discount_Seller": 0,
        "Cart_Discount_Qoo10": 0,
    });
    let claim = json!({
        "claimStatus": if o.cancelled { "3" } else { "" },
        "cancelRefundDate": "",
        "reason": "",
        "requestDate": "",
        "shippingDate": "",
        "currency": "JPY",
        "deliveryCompany": carrier,
        "trackingNo": tracking,
        "deliveryCompanyReturn": "",
        "trackingNoReturn": "",
        "pickupAddress": "",
        "pickupzipCode": "",
        "paymentReturnShipping": "",
        "itemCondition": "",
        "CODCancelPrice": 0,
        "CODQrefundPrice": 0,
        "CODCancelRelatedOrder": "",
        "nrDutyTarget": "",
        "nrSolType": "",
        "nrPartRefundCnt": 0,
        "nrPartRefundBalance": 0,
    });
    let mut row = row;
    if let Value::Object(r) = &mut row {
        for part in [more, claim] {
            if let Value::Object(c) = part {
                r.extend(c);
            }
        }
    }
    ok(Value::Array(vec![row]))
}
