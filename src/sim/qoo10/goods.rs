//! The simulated Qoo10 item calls: the goods listing, inventory lookup, and the option and item
//! stock updates.

use axum::response::Response;
use serde_json::{json, Value};

use super::{ok, refuse, Form, AXES};
use crate::sim::world::{StockRecord, World};

pub(super) fn all_goods(w: &mut World, i: usize, form: &Form) -> Response {
    let status = form.get("ItemStatus").map(|s| s.trim()).unwrap_or("");
    if !["S0", "S1", "S2", "S3", "S5", "S8"].contains(&status) {
        return refuse(w, i, -10001, "ItemStatus is invalid");
    }
    let page: usize = match form.get("Page").map(|s| s.trim()).unwrap_or("1").parse() {
        Ok(p) if p >= 1 => p,
        _ => return refuse(w, i, -10001, "Page is invalid"),
    };
    // Every simulated item is on sale (S2). The spec lists three fields per item.
    let items: Vec<Value> = if status == "S2" {
        w.shops[i]
            .products
            .iter()
            .map(|p| json!({ "ItemCode": p.product_id, "SellerCode": p.product_code, "ItemStatus": "S2" }))
            .collect()
    } else {
        Vec::new()
    };
    let total = items.len();
    let pages = total.div_ceil(500).max(1);
    let items: Vec<Value> = items.into_iter().skip((page - 1) * 500).take(500).collect();
    ok(json!({ "TotalItems": total, "TotalPages": pages, "PresentPage": page, "Items": items }))
}

fn product_index(w: &World, i: usize, form: &Form) -> Option<usize> {
    let item = form.get("ItemCode").map(|s| s.trim()).unwrap_or("");
    let seller = form.get("SellerCode").map(|s| s.trim()).unwrap_or("");
    w.shops[i].products.iter().position(|p| {
        (!item.is_empty() && p.product_id == item)
            || (item.is_empty() && !seller.is_empty() && p.product_code == seller)
    })
}

/// `GetItemDetailInfo`: one item's details, every field a string as the spec types them.
pub(super) fn item_detail(w: &mut World, i: usize, form: &Form) -> Response {
    let Some(p) = product_index(w, i, form) else {
        return refuse(
            w,
            i,
            -10001,
            "Fail to find Item information with 'ItemCode','SellerCode'.",
        );
    };
    let p = &w.shops[i].products[p];
    let qty: i64 = if p.options.is_empty() {
        p.stock
    } else {
        p.options.iter().map(|o| o.stock).sum()
    };
    let mut detail = serde_json::Map::new();
    for (k, v) in [
        ("ItemCode", p.product_id.clone()),
        ("ItemStatus", "S2".into()),
        ("ItemTitle", p.name.clone()),
        ("PromotionName", String::new()),
        ("MainCatCd", "100000001".into()),
        ("MainCatNm", String::new()),
        ("FirstSubCatCd", String::new()),
        ("FirstSubCatNm", String::new()),
        ("SecondSubCatCd", String::new()),
        ("SecondSubCatNm", String::new()),
        ("Drugtype", String::new()),
        ("SellerCode", p.product_code.clone()),
        ("ProductionPlaceType", "1".into()),
        ("ProductionPlace", String::new()),
        ("IndustrialCodeType", String::new()),
        ("IndustrialCode", String::new()),
        ("RetailPrice", String::new()),
        ("ItemPrice", p.price.to_string()),
        ("TaxRate", "10".into()),
        ("SettlePrice", String::new()),
        ("ItemQty", qty.to_string()),
        ("ExpireDate", p.expire_date.clone()),
        ("ModelNM", String::new()),
        ("ManufacturerDate", String::new()),
        ("BrandNo", String::new()),
        ("Material", String::new()),
        ("AdultYN", "N".into()),
        ("DesiredShippingDate", String::new()),
        ("AvailableDateType", "0".into()),
        ("AvailableDateValue", "3".into()),
        ("ShippingNo", "0".into()),
        ("ContactInfo", String::new()),
        ("ItemDetail", String::new()),
        ("ImageUrl", String::new()),
        ("VideoURL", String::new()),
        ("Keyword", String::new()),
        ("ListedDate", String::new()),
        ("ChangedDate", String::new()),
    ] {
        detail.insert(k.into(), Value::String(v));
    }
    ok(Value::Array(vec![Value::Object(detail)]))
}

pub(super) fn inventory(w: &mut World, i: usize, form: &Form) -> Response {
    let Some(p) = product_index(w, i, form) else {
        return refuse(w, i, -10001, "The item does not exist");
    };
    let rows: Vec<Value> = w.shops[i].products[p]
        .options
        .iter()
        .map(|o| {
            json!({
                "Name1": AXES[0], "Value1": o.attr1, "Name2": AXES[1], "Value2": o.attr2,
                "Name3": "", "Value3": "", "Name4": "", "Value4": "", "Name5": "", "Value5": "",
                "Price": 0, "Qty": o.stock, "ItemTypeCode": o.option_code,
            })
        })
        .collect();
    ok(Value::Array(rows))
}

fn quantity(form: &Form) -> Option<i64> {
    form.get("Qty")?.trim().parse::<i64>().ok().filter(|q| *q >= 0)
}

pub(super) fn option_qty(w: &mut World, i: usize, form: &Form) -> Response {
    let Some(p) = product_index(w, i, form) else {
        return refuse(w, i, -10001, "The item does not exist");
    };
    let Some(qty) = quantity(form) else {
        return refuse(w, i, -10001, "Qty must be a number of 0 or more");
    };
    let get = |k: &str| form.get(k).map(|s| s.trim().to_string()).unwrap_or_default();
    let (code, name, value) = (get("OptionCode"), get("OptionName"), get("OptionValue"));
    let axes = AXES.join("||*");
    let product = &mut w.shops[i].products[p];
    // ASSUMPTION: (simulator) a given OptionCode picks the row; otherwise name + value do.
    let found = product.options.iter_mut().find(|o| {
        if code.is_empty() {
            name == axes && value == format!("{}||*{}", o.attr1, o.attr2)
        } else {
            o.option_code == code
        }
    });
    let Some(option) = found else {
        return refuse(w, i, -10001, "The option does not exist");
    };
    option.stock = qty;
    let record = StockRecord {
        product_id: product.product_id.clone(),
        option_id: Some(option.option_id.clone()),
        quantity: qty,
    };
    w.shops[i].stock_updates.push(record);
    ok(Value::Null)
}

pub(super) fn item_price_qty(w: &mut World, i: usize, form: &Form) -> Response {
    let Some(p) = product_index(w, i, form) else {
        return refuse(w, i, -10001, "The item does not exist");
    };
    let Some(qty) = quantity(form) else {
        return refuse(w, i, -10001, "Qty must be a number of 0 or more");
    };
    let price = form.get("Price").map(|s| s.trim()).unwrap_or("");
    let price = if price.is_empty() {
        None
    } else {
        match price.parse::<i64>() {
            Ok(v) if v > 0 => Some(v),
            _ => return refuse(w, i, -10001, "Price is invalid"),
        }
    };
    // `ExpireDate` is yyyy-mm-dd; a null one sets the listing's end a year from now (the spec).
    let expire = form.get("ExpireDate").map(|s| s.trim()).unwrap_or("");
    let expire = if expire.is_empty() {
        let next_year = jiff::Timestamp::now()
            .to_zoned(super::jst())
            .date()
            .checked_add(jiff::Span::new().years(1))
            .unwrap_or_default();
        next_year.strftime("%Y-%m-%d").to_string()
    } else {
        match jiff::civil::Date::strptime("%Y-%m-%d", expire) {
            Ok(d) => d.strftime("%Y-%m-%d").to_string(),
            Err(_) => return refuse(w, i, -10101, "Processing Error - ExpireDate must be yyyy-mm-dd"),
        }
    };
    let product = &mut w.shops[i].products[p];
    if !product.options.is_empty() {
        // ASSUMPTION: (simulator) items with options take their stock per option only.
        return refuse(w, i, -10001, "The item has options: use UpdateInventoryQtyUnit");
    }
    product.stock = qty;
    product.expire_date = expire;
    if let Some(price) = price {
        product.price = price;
    }
    let record = StockRecord {
        product_id: product.product_id.clone(),
        option_id: None,
        quantity: qty,
    };
    w.shops[i].stock_updates.push(record);
    ok(Value::Null)
}
