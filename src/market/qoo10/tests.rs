//! Golden wire tests (exact requests), parser fuzzing and sample answers for the Qoo10 adapter.
//!
//! Qoo10's path style signs nothing: the seller key travels as `GiosisCertificationKey`. The
//! expected form bodies below were computed independently of our code, in python3:
//!
//! ```text
//! from urllib.parse import urlencode; import json
//! f = lambda pairs: urlencode([("returnType","application/json")] + pairs, safe='*')
//! json.dumps(x, separators=(',',':'), ensure_ascii=False)   # for the *Json parameters
//! ```

use proptest::prelude::*;

use super::wire::*;
use super::*;
use crate::market::clock::{Clock, FixedClock};

const BASE: &str = "https://api.qoo10.jp/GMKT.INC.Front.QAPIService/ebayjapan.qapi";
const KEY: &str = "SAK-test-key";

fn client() -> reqwest::Client {
    reqwest::Client::new()
}

fn ts(s: &str) -> jiff::Timestamp {
    s.parse().unwrap()
}

/// Asserts method, URL, the two QAPI headers, the content type and the exact body.
fn assert_call(req: &reqwest::Request, method: &str, key: &str, body: &str) {
    assert_eq!(req.method(), reqwest::Method::POST);
    assert_eq!(req.url().as_str(), format!("{BASE}/{method}"));
    assert_eq!(req.url().query(), None);
    let h = req.headers();
    assert_eq!(h["GiosisCertificationKey"], key);
    assert_eq!(h["QAPIVersion"], "1.0");
    assert_eq!(h["content-type"], "application/x-www-form-urlencoded");
    let sent = req.body().and_then(|b| b.as_bytes()).unwrap();
    assert_eq!(std::str::from_utf8(sent).unwrap(), body);
}

#[test]
fn golden_listing_request_uses_jst_search_dates_from_the_clock() {
    // The window ends at the fixed clock's "now", as a pull does.
    let clock = FixedClock(ts("2026-11-24T00:00:00Z"));
    let window = Window::new(ts("2026-11-23T00:00:00Z"), clock.now());
    let req = shipping_info_request(&client(), BASE, KEY, "2", &window).unwrap();
    // f([("ShippingStatus","2"),("SearchStartDate","20261123090000"),
    //    ("SearchEndDate","20261124090000"),("SearchCondition","1")])
    assert_call(
        &req,
        "ShippingBasic.GetShippingInfo_v3",
        KEY,
        "returnType=application%2Fjson&ShippingStatus=2&SearchStartDate=20261123090000&SearchEndDate=20261124090000&SearchCondition=1",
    );
}

#[test]
fn golden_confirm_request() {
    let req = confirm_request(
        &client(),
        BASE,
        KEY,
        &["1000000001".to_string(), "1000000002".to_string()],
        jiff::civil::date(2026, 11, 25),
    )
    .unwrap();
    // f([("SendPlanDtInfoJson", json.dumps([{"OrderNo":o,"EstShipDt":"20261125","DelayType":"",
    //    "DelayMemo":""} for o in ["1000000001","1000000002"]], separators=(',',':')))])
    assert_call(
        &req,
        "ShippingBasic.SetSellerCheckYNBulk",
        KEY,
        "returnType=application%2Fjson&SendPlanDtInfoJson=%5B%7B%22OrderNo%22%3A%221000000001%22%2C%22EstShipDt%22%3A%2220261125%22%2C%22DelayType%22%3A%22%22%2C%22DelayMemo%22%3A%22%22%7D%2C%7B%22OrderNo%22%3A%221000000002%22%2C%22EstShipDt%22%3A%2220261125%22%2C%22DelayType%22%3A%22%22%2C%22DelayMemo%22%3A%22%22%7D%5D",
    );
}

#[test]
fn golden_ship_request_sends_the_carrier_name_in_utf8() {
    let items = [SendingInfo {
        OrderNo: "1000000001".into(),
        ShippingCorp: "ヤマト運輸".into(),
        TrackingNo: "4912-3456-7890".into(),
    }];
    let req = ship_request(&client(), BASE, KEY, &items).unwrap();
    // f([("ShippingInfoJson", json.dumps([{"OrderNo":"1000000001","ShippingCorp":"ヤマト運輸",
    //    "TrackingNo":"4912-3456-7890"}], separators=(',',':'), ensure_ascii=False))])
    assert_call(
        &req,
        "ShippingBasic.SetSendingInfoBulk",
        KEY,
        "returnType=application%2Fjson&ShippingInfoJson=%5B%7B%22OrderNo%22%3A%221000000001%22%2C%22ShippingCorp%22%3A%22%E3%83%A4%E3%83%9E%E3%83%88%E9%81%8B%E8%BC%B8%22%2C%22TrackingNo%22%3A%224912-3456-7890%22%7D%5D",
    );
}

#[test]
fn golden_stock_requests() {
    let item = GoodsItem {
        item_code: "3000123".into(),
        seller_code: "QO-TS-001".into(),
        item_status: "S2".into(),
        ..GoodsItem::default()
    };
    let option = OptionRow {
        names: vec!["カラー".into(), "サイズ".into()],
        values: vec!["ホワイト".into(), "Sサイズ".into()],
        qty: 3,
        code: "QO-TS-001-WH-S".into(),
    };
    let req = option_stock_request(&client(), BASE, KEY, &item, &option, 17).unwrap();
    // f([("ItemCode","3000123"),("SellerCode","QO-TS-001"),("OptionName","カラー||*サイズ"),
    //    ("OptionValue","ホワイト||*Sサイズ"),("OptionCode","QO-TS-001-WH-S"),("Qty","17")])
    assert_call(
        &req,
        "ItemsOptions.UpdateInventoryQtyUnit",
        KEY,
        "returnType=application%2Fjson&ItemCode=3000123&SellerCode=QO-TS-001&OptionName=%E3%82%AB%E3%83%A9%E3%83%BC%7C%7C*%E3%82%B5%E3%82%A4%E3%82%BA&OptionValue=%E3%83%9B%E3%83%AF%E3%82%A4%E3%83%88%7C%7C*S%E3%82%B5%E3%82%A4%E3%82%BA&OptionCode=QO-TS-001-WH-S&Qty=17",
    );

    let single = GoodsItem {
        item_code: "3000456".into(),
        seller_code: "QO-SO-003".into(),
        price: Some(990),
        ..GoodsItem::default()
    };
    let detail = ItemDetail {
        expire_date: "2030/12/31 00:00:00".into(),
        ..ItemDetail::default()
    };
    let req = item_stock_request(&client(), BASE, KEY, &single, &detail, 0).unwrap();
    // f([("ItemCode","3000456"),("SellerCode","QO-SO-003"),("Price","990"),("Qty","0"),
    //    ("ExpireDate","2030-12-31")]): the listing's own end date goes back, never an empty one.
    assert_call(
        &req,
        "ItemsOrder.SetGoodsPriceQty",
        KEY,
        "returnType=application%2Fjson&ItemCode=3000456&SellerCode=QO-SO-003&Price=990&Qty=0&ExpireDate=2030-12-31",
    );
    // Without an ExpireDate nothing is sent (an empty one would move the listing's end).
    let none = item_stock_request(&client(), BASE, KEY, &single, &ItemDetail::default(), 0);
    assert!(matches!(none, Err(MarketError::Permanent { .. })));
}

#[test]
fn golden_goods_and_key_requests() {
    let req = goods_request(&client(), BASE, KEY, "S2", 1).unwrap();
    // f([("ItemStatus","S2"),("Page","1")])
    assert_call(
        &req,
        "ItemsLookup.GetAllGoodsInfo",
        KEY,
        "returnType=application%2Fjson&ItemStatus=S2&Page=1",
    );
    // The integrator API key authorises the issue, not a seller key.
    let req = certification_request(&client(), BASE, "q10api-integrator", "qsm seller", "p&ss=word").unwrap();
    // f([("user_id","qsm seller"),("pwd","p&ss=word")])
    assert_call(
        &req,
        "CertificationAPI.CreateCertificationKey",
        "q10api-integrator",
        "returnType=application%2Fjson&user_id=qsm+seller&pwd=p%26ss%3Dword",
    );
    let req = inventory_request(&client(), BASE, KEY, "3000123").unwrap();
    assert_call(
        &req,
        "ItemsLookup.GetGoodsInventoryInfo",
        KEY,
        "returnType=application%2Fjson&ItemCode=3000123",
    );
}

#[test]
fn clock_derived_values() {
    let now = FixedClock(ts("2026-11-23T16:00:00Z")).now(); // 2026-11-24 01:00 JST
    assert_eq!(key_expiry(now), Some(jiff::civil::date(2027, 11, 24)));
    // Tuesday 24 Nov (JST): the next business day is Wednesday; 3 days on is Friday; from
    // Friday 27 Nov, 1 day on is Monday 30 Nov.
    assert_eq!(est_ship_date(now, 1), jiff::civil::date(2026, 11, 25));
    assert_eq!(est_ship_date(now, 3), jiff::civil::date(2026, 11, 27));
    assert_eq!(
        est_ship_date(ts("2026-11-27T01:00:00Z"), 1),
        jiff::civil::date(2026, 11, 30)
    );
}

const SAMPLE_V3: &str = r#"{"ResultCode":0,"ResultMsg":"SUCCESS","ResultObject":[
 {"OrderNo":1000000005,"PackNo":700000003,"ShippingStatus":"Seller confirm(3)",
  "OrderDate":"2026-11-20 10:15:30","PaymentDate":"2026-11-20 10:16:02","EstimatedShippingDate":"",
  "Buyer":"山田 太郎","BuyerTel":"03-1234-5678","BuyerMobile":"","BuyerEmail":"t@example.jp",
  "ItemNo":"3000123","SellerItemCode":"QO-TS-001","ItemTitle":"Tシャツ 白",
  "Option":"カラー:ホワイト / サイズ:Sサイズ","OptionCode":"QO-TS-001-WH-S",
  "OrderPrice":"1980.00","OrderQty":"2","Discount":"100","Total":"3860",
  "Receiver":"山田 花子","ReceiverKana":"","ZipCode":"100-0001","ShippingAddress":"",
  "Address1":"東京都千代田区千代田1-1","Address2":"101号室","ReceiverTel":"","ReceiverMobile":"090-1111-2222",
  "ShippingMessage":"置き配希望","PaymentMethod":"Credit Card","Currency":"JPY",
  "DeliveryCompany":"","TrackingNo":"","SettlePrice":3500}]}"#;

#[test]
fn a_v3_sample_answer_parses_into_an_order() {
    let orders = parse_orders(SAMPLE_V3.as_bytes()).unwrap();
    assert_eq!(orders.len(), 1);
    let o = &orders[0];
    assert_eq!(o.order_no, "1000000005");
    assert_eq!(o.cart_no.as_deref(), Some("700000003"));
    assert_eq!(o.site_status.code, "3");
    assert_eq!(o.ordered_at, ts("2026-11-20T01:15:30Z"));
    assert_eq!(o.paid_at, Some(ts("2026-11-20T01:16:02Z")));
    assert_eq!(o.buyer.phone, "03-1234-5678");
    assert_eq!(o.receiver.phone, "090-1111-2222");
    assert_eq!(o.receiver.address, "東京都千代田区千代田1-1 101号室");
    assert_eq!(o.delivery_message, "置き配希望");
    let l = &o.lines[0];
    assert_eq!(l.line_key, "1000000005");
    assert_eq!(
        l.product,
        ProductRef::Code {
            product_code: Some("QO-TS-001".into()),
            option_code: Some("QO-TS-001-WH-S".into())
        }
    );
    assert_eq!(
        (l.quantity, l.unit_price.amount, l.amount.amount),
        (2, 1980, 3860)
    );
    assert_eq!(l.unit_price.currency, crate::domain::marketplace::Currency::Jpy);
    assert_eq!(l.sku, crate::domain::LineSku::Unresolved);
    assert!(!o.cancelled);
    assert_eq!(o.tracking, None, "empty TrackingNo: no shipment shown");
}

#[test]
fn a_shipped_row_carries_the_registered_carrier_and_tracking_number() {
    let body = SAMPLE_V3
        .replace("Seller confirm(3)", "On delivery(4)")
        .replace(r#""DeliveryCompany":"""#, r#""DeliveryCompany":"佐川急便""#)
        .replace(r#""TrackingNo":"""#, r#""TrackingNo":" 3601-2345-6789 ""#);
    let o = &parse_orders(body.as_bytes()).unwrap()[0];
    assert_eq!(o.site_status.code, "4");
    let t = o.tracking.as_ref().unwrap();
    assert_eq!(
        (t.carrier.as_str(), t.number.as_str()),
        ("佐川急便", "3601-2345-6789")
    );
    assert!(t.is_number("360123456789"));
    // v2 names, and a number given as a JSON number.
    let v2 = r#"{"ResultCode":0,"ResultMsg":"SUCCESS","ResultObject":[{"orderNo":"42","ShippingStatus":"4",
      "orderDate":"20261120101530","orderQty":1,"deliveryCompany":"ヤマト運輸","trackingNo":491234567890}]}"#;
    let t = parse_orders(v2.as_bytes()).unwrap()[0].tracking.clone().unwrap();
    assert_eq!(
        (t.carrier.as_str(), t.number.as_str()),
        ("ヤマト運輸", "491234567890")
    );
}

use crate::domain::ProductRef;

#[test]
fn v2_names_compact_times_and_plain_statuses_parse_too() {
    let body = r#"{"ResultCode":"0","ResultMsg":"SUCCESS","ResultObject":{"orderNo":"42","packNo":"7",
      "ShippingStatus":"2","orderDate":"20261120101530","PaymentDate":"","sellerItemCode":"QO-SO-003",
      "optionCode":"","orderQty":1,"OrderPrice":990,"receiver":"A","shippingAddr":"大阪府"}}"#;
    let orders = parse_orders(body.as_bytes()).unwrap();
    let o = &orders[0];
    assert_eq!((o.order_no.as_str(), o.site_status.code.as_str()), ("42", "2"));
    assert_eq!(o.site_status.name, "New Order (On request)");
    assert_eq!(o.ordered_at, ts("2026-11-20T01:15:30Z"));
    assert_eq!(o.paid_at, None);
    assert_eq!(o.lines[0].amount.amount, 990);
    assert_eq!(
        o.lines[0].product,
        ProductRef::Code {
            product_code: Some("QO-SO-003".into()),
            option_code: None
        }
    );
    assert_eq!(o.receiver.address, "大阪府");
    assert_eq!(status_code("On delivery(4)"), "4");
    assert_eq!(status_code(" 5 "), "5");
    assert_eq!(status_code("weird(x)"), "weird(x)");
    // No rows.
    assert!(
        parse_orders(br#"{"ResultCode":0,"ResultMsg":"SUCCESS","ResultObject":null}"#)
            .unwrap()
            .is_empty()
    );
    assert!(
        parse_orders(br#"{"ResultCode":0,"ResultMsg":"SUCCESS","ResultObject":[]}"#)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn envelope_errors_are_classified() {
    let err = |body: &str| parse_ok(body.as_bytes()).unwrap_err();
    assert!(matches!(
        err(r#"{"ResultCode":-90004,"ResultMsg":"Seller authorization key is expired. Use a new key"}"#),
        MarketError::KeyExpired { .. }
    ));
    assert!(matches!(
        err(r#"{"ResultCode":-90005,"ResultMsg":"expired"}"#),
        MarketError::KeyExpired { .. }
    ));
    match err(r#"{"ResultCode":-10000,"ResultMsg":"Please check the key"}"#) {
        MarketError::Auth { message } => assert_eq!(message, "ResultCode -10000: Please check the key"),
        other => panic!("{other:?}"),
    }
    match err(r#"{"ResultCode":-90001,"ResultMsg":"API does not exist","ResultObject":null}"#) {
        MarketError::Permanent { message } => assert!(message.contains("API does not exist")),
        other => panic!("{other:?}"),
    }
    // Any non-zero code is an error, even a positive one.
    assert!(matches!(
        err(r#"{"ResultCode":1,"ResultMsg":"?"}"#),
        MarketError::Permanent { .. }
    ));
    // Not an envelope: malformed, never success.
    for junk in [
        r#"{"ResultMsg":"SUCCESS"}"#,
        r#"[1,2]"#,
        r#"{"ResultCode":"zero"}"#,
        "<html>",
        "",
    ] {
        assert!(matches!(err(junk), MarketError::Malformed { .. }), "{junk}");
    }
}

fn reply(status: u16, body: &str) -> Reply {
    Reply {
        status,
        headers: reqwest::header::HeaderMap::new(),
        body: bytes::Bytes::from(body.to_string()),
    }
}

#[test]
fn the_classifier_never_passes_an_envelope_error() {
    assert!(classify(&reply(200, r#"{"ResultCode":0,"ResultMsg":"SUCCESS"}"#)).is_ok());
    assert!(matches!(
        classify(&reply(200, r#"{"ResultCode":-10000,"ResultMsg":"check"}"#)),
        Err(MarketError::Auth { .. })
    ));
    assert!(matches!(
        classify(&reply(200, r#"{"ResultCode":-90004,"ResultMsg":"expired"}"#)),
        Err(MarketError::KeyExpired { .. })
    ));
    assert!(matches!(
        classify(&reply(200, r#"{"ResultCode":0,"Res"#)),
        Err(MarketError::Malformed { .. })
    ));
    assert!(matches!(
        classify(&reply(503, "<html>503</html>")),
        Err(MarketError::Transient { .. })
    ));
    assert!(matches!(
        classify(&reply(429, "")),
        Err(MarketError::RateLimited { .. })
    ));
}

#[test]
fn bulk_answers_give_one_result_per_order() {
    let body = r#"{"ResultCode":0,"ResultMsg":"SUCCESS","ResultObject":[
      {"cont_no":"1","result_cd":0,"ResultCode":0,"ResultMsg":"SUCCESS"},
      {"cont_no":2,"result_cd":-10012,"ResultCode":-10012,"ResultMsg":"The order is already confirmed"},
      {"contr_no":"3","result_cd":"-10013","ResultMsg":"not in status 2"}]}"#;
    let items = parse_bulk(body.as_bytes()).unwrap();
    assert_eq!(items[1].code, -10012);
    assert_eq!(items[2].order_no, "3");
    assert_eq!(items[2].code, -10013);
    let orders: Vec<String> = ["1", "2", "3", "4"].iter().map(|s| s.to_string()).collect();
    let r = bulk_results(&orders, &items);
    assert!(r[0].outcome.is_ok());
    assert_eq!(
        r[1].outcome,
        Err("ResultCode -10012: The order is already confirmed".to_string())
    );
    assert!(r[2].outcome.is_err());
    assert!(r[3].outcome.as_ref().unwrap_err().contains("without a result"));
    assert_eq!(r[1].line_key.as_deref(), Some("2"));
    // A refused batch as a whole is an error, not per-line success.
    assert!(matches!(
        parse_bulk(br#"{"ResultCode":-10011,"ResultMsg":"more than 500"}"#),
        Err(MarketError::Permanent { .. })
    ));
    assert!(matches!(
        parse_bulk(br#"{"ResultCode":0,"ResultObject":[{"cont_no":"1"}]}"#),
        Err(MarketError::Malformed { .. })
    ));
}

#[test]
fn goods_inventory_and_key_samples() {
    let page = parse_goods_page(
        br#"{"ResultCode":0,"ResultMsg":"SUCCESS","ResultObject":{"TotalItems":2,"TotalPages":1,"PresentPage":1,
        "Items":[{"ItemCode":"3000123","SellerCode":"QO-TS-001","ItemStatus":"S2"},
                 {"ItemCode":3000456,"SellerCode":"QO-SO-003","ItemStatus":"S2","ItemPrice":"990","ItemQty":12}]}}"#,
    )
    .unwrap();
    assert_eq!((page.total_pages, page.present_page, page.items.len()), (1, 1, 2));
    assert_eq!(page.items[1].item_code, "3000456");
    assert_eq!((page.items[1].price, page.items[1].qty), (Some(990), Some(12)));
    assert_eq!(page.items[0].price, None);

    let rows = parse_inventory(
        r#"{"ResultCode":0,"ResultMsg":"SUCCESS","ResultObject":[{"Name1":"カラー","Value1":"ホワイト",
        "Name2":"サイズ","Value2":"Sサイズ","Name3":"","Value3":"","Price":0,"Qty":"7","ItemTypeCode":"QO-TS-001-WH-S"}]}"#
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(rows[0].option_name(), "カラー||*サイズ");
    assert_eq!(rows[0].option_value(), "ホワイト||*Sサイズ");
    assert_eq!((rows[0].qty, rows[0].code.as_str()), (7, "QO-TS-001-WH-S"));
    assert!(
        parse_inventory(br#"{"ResultCode":0,"ResultMsg":"SUCCESS","ResultObject":[]}"#)
            .unwrap()
            .is_empty()
    );

    assert_eq!(
        parse_certification_key(br#"{"ResultCode":0,"ResultMsg":"SUCCESS","ResultObject":"SAK-new"}"#)
            .unwrap(),
        "SAK-new"
    );
    assert!(matches!(
        parse_certification_key(br#"{"ResultCode":0,"ResultMsg":"SUCCESS","ResultObject":{}}"#),
        Err(MarketError::Malformed { .. })
    ));
}

#[test]
fn structured_junk_is_refused_not_trusted() {
    let bad = [
        // Wrong types for a row.
        r#"{"ResultCode":0,"ResultObject":[{"OrderNo":{"x":1},"OrderDate":"2026-11-20 10:00:00","OrderQty":1}]}"#,
        // A row without an order number.
        r#"{"ResultCode":0,"ResultObject":[{"OrderDate":"2026-11-20 10:00:00","OrderQty":1}]}"#,
        // An unparseable date.
        r#"{"ResultCode":0,"ResultObject":[{"OrderNo":"1","OrderDate":"yesterday","OrderQty":1}]}"#,
        // A negative quantity.
        r#"{"ResultCode":0,"ResultObject":[{"OrderNo":"1","OrderDate":"2026-11-20 10:00:00","OrderQty":"-1"}]}"#,
        // ResultObject of the wrong shape.
        r#"{"ResultCode":0,"ResultObject":42}"#,
    ];
    for b in bad {
        assert!(
            matches!(parse_orders(b.as_bytes()), Err(MarketError::Malformed { .. })),
            "{b}"
        );
    }
    assert!(matches!(
        parse_goods_page(br#"{"ResultCode":0,"ResultObject":{"TotalPages":"many","Items":[]}}"#),
        Err(MarketError::Malformed { .. })
    ));
    assert!(matches!(
        parse_goods_page(br#"{"ResultCode":0,"ResultObject":{"Items":{"a":1}}}"#),
        Err(MarketError::Malformed { .. })
    ));
    assert!(matches!(
        parse_inventory(br#"{"ResultCode":0,"ResultObject":[{"Qty":[1]}]}"#),
        Err(MarketError::Malformed { .. })
    ));
}

#[test]
fn stock_codes_resolve_to_items_and_option_rows() {
    let catalogue = vec![
        CatalogueItem {
            item: GoodsItem {
                item_code: "1".into(),
                seller_code: "QO-TS-001".into(),
                ..GoodsItem::default()
            },
            options: vec![OptionRow {
                names: vec!["カラー".into()],
                values: vec!["ホワイト".into()],
                qty: 1,
                code: "QO-TS-001-WH".into(),
            }],
        },
        CatalogueItem {
            item: GoodsItem {
                item_code: "2".into(),
                seller_code: "QO-SO-003".into(),
                ..GoodsItem::default()
            },
            options: vec![],
        },
    ];
    let code = |c: &str, option: bool| {
        if option {
            SiteCode::Option { code: c.into() }
        } else {
            SiteCode::Product { code: c.into() }
        }
    };
    assert!(
        matches!(resolve(&catalogue, &code("QO-TS-001-WH", true)), Target::Option(i, _) if i.item_code == "1")
    );
    assert!(matches!(resolve(&catalogue, &code("QO-SO-003", false)), Target::Item(i) if i.item_code == "2"));
    assert!(matches!(
        resolve(&catalogue, &code("QO-TS-001", false)),
        Target::Refused(_)
    ));
    assert!(matches!(
        resolve(&catalogue, &code("nope", true)),
        Target::Unknown
    ));
}

proptest! {
    #[test]
    fn parse_envelope_never_panics(b in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_envelope(&b);
    }

    #[test]
    fn parse_orders_never_panics(b in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_orders(&b);
    }

    #[test]
    fn parse_bulk_never_panics(b in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_bulk(&b);
    }

    #[test]
    fn parse_goods_page_never_panics(b in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_goods_page(&b);
    }

    #[test]
    fn parse_inventory_never_panics(b in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_inventory(&b);
    }

    #[test]
    fn parse_certification_key_never_panics(b in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_certification_key(&b);
    }

    /// Valid envelopes around arbitrary row text: never a panic, whatever the fields hold.
    #[test]
    fn rows_with_arbitrary_fields_never_panic(
        no in ".{0,12}", date in ".{0,20}", qty in ".{0,6}", status in ".{0,16}", price in ".{0,8}"
    ) {
        let body = serde_json::json!({"ResultCode": 0, "ResultObject": [{
            "OrderNo": no, "OrderDate": date, "OrderQty": qty, "ShippingStatus": status,
            "OrderPrice": price, "PaymentDate": date
        }]});
        let _ = parse_orders(body.to_string().as_bytes());
        let _ = status_code(&status);
    }
}
