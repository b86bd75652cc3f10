//! Golden wire tests, parser fuzzing and sample-answer parsing for the ESM adapter.

use proptest::prelude::*;

use super::stock::goods_rows;
use super::wire::{self, OrdersQuery, Signer};
use super::*;
use crate::domain::mapping::SiteCode;
use crate::domain::{ProductRef, Secret};
use crate::market::http::Reply;
use crate::market::Marketplace;

const BASE: &str = "http://esm.test/esm";

fn t0() -> jiff::Timestamp {
    // 2023-11-15 07:13:20 KST.
    jiff::Timestamp::from_second(1_700_000_000).unwrap()
}

fn signer(site: Site) -> Signer {
    let id = if site == Site::Auction {
        "au-seller"
    } else {
        "gm-seller"
    };
    Signer::new("master01", Secret::new("esm-secret-0123456789"), site, id)
}

// python3 -c "import hmac,hashlib,base64;b=lambda x:base64.urlsafe_b64encode(x).rstrip(b'=').decode();
//   h=b'{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"master01\"}';
//   p=b'{\"iss\":\"www.esmplus.com\",\"sub\":\"sell\",\"aud\":\"sa.esmplus.com\",\"iat\":1700000000,\"ssi\":\"G:gm-seller\"}';
//   i=b(h)+'.'+b(p);print(i+'.'+b(hmac.new(b'esm-secret-0123456789',i.encode(),hashlib.sha256).digest()))"
const GMARKET_JWT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6Im1hc3RlcjAxIn0.eyJpc3MiOiJ3d3cuZXNtcGx1cy5jb20iLCJzdWIiOiJzZWxsIiwiYXVkIjoic2EuZXNtcGx1cy5jb20iLCJpYXQiOjE3MDAwMDAwMDAsInNzaSI6Ikc6Z20tc2VsbGVyIn0.ONMZmSxvF1kfxK8KwG6dib8QqgFhGcUCzOfU3QiQlGE";
// The same with ssi "A:au-seller".
const AUCTION_JWT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6Im1hc3RlcjAxIn0.eyJpc3MiOiJ3d3cuZXNtcGx1cy5jb20iLCJzdWIiOiJzZWxsIiwiYXVkIjoic2EuZXNtcGx1cy5jb20iLCJpYXQiOjE3MDAwMDAwMDAsInNzaSI6IkE6YXUtc2VsbGVyIn0.ZnFJSz7mTI3njsWI2Pn4kBZ9Oul3sEKpvFVVXFMoNkI";

fn client() -> reqwest::Client {
    reqwest::Client::new()
}

fn body(req: &reqwest::Request) -> String {
    req.body()
        .and_then(|b| b.as_bytes())
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default()
}

fn header(req: &reqwest::Request, name: &str) -> String {
    req.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

fn assert_signed(req: &reqwest::Request, jwt: &str) {
    assert_eq!(header(req, "authorization"), format!("Bearer {jwt}"));
    assert_eq!(header(req, "accept"), "application/json");
}

#[test]
fn jwt_matches_python() {
    assert_eq!(
        wire::jwt("master01", "esm-secret-0123456789", "G:gm-seller", 1_700_000_000).unwrap(),
        GMARKET_JWT
    );
    assert_eq!(
        signer(Site::Auction).bearer(t0()).unwrap(),
        format!("Bearer {AUCTION_JWT}")
    );
    assert_eq!(
        wire::jwt_header("master01"),
        r#"{"alg":"HS256","typ":"JWT","kid":"master01"}"#
    );
    // Secrets stay out of Debug.
    assert!(!format!("{:?}", signer(Site::Gmarket)).contains("esm-secret"));
}

#[test]
fn golden_request_orders() {
    let window = Window::new(t0() - jiff::SignedDuration::from_hours(24), t0());
    let (from, to) = query_range(window);
    let q = OrdersQuery {
        site_type: wire::site_type(Site::Gmarket),
        order_status: 1,
        request_date_type: Some(1),
        request_date_from: Some(from),
        request_date_to: Some(to),
        order_no: None,
        page_index: Some(1),
        page_size: Some(PAGE_SIZE),
    };
    let req = wire::request_orders(&client(), BASE, &signer(Site::Gmarket), t0(), &q).unwrap();
    assert_eq!(req.method(), reqwest::Method::POST);
    assert_eq!(
        req.url().as_str(),
        "http://esm.test/esm/shipping/v1/Order/RequestOrders"
    );
    assert_signed(&req, GMARKET_JWT);
    assert_eq!(header(&req, "content-type"), "application/json");
    assert_eq!(
        body(&req),
        r#"{"siteType":2,"orderStatus":1,"requestDateType":1,"requestDateFrom":"2023-11-14 07:13","requestDateTo":"2023-11-15 07:13","pageIndex":1,"pageSize":100}"#
    );
}

#[test]
fn golden_order_lookup_by_number() {
    let q = OrdersQuery {
        site_type: wire::site_type(Site::Auction),
        order_status: 0,
        order_no: Some(3_145_678_901),
        ..OrdersQuery::default()
    };
    let req = wire::request_orders(&client(), BASE, &signer(Site::Auction), t0(), &q).unwrap();
    assert_signed(&req, AUCTION_JWT);
    assert_eq!(
        body(&req),
        r#"{"siteType":1,"orderStatus":0,"orderNo":3145678901}"#
    );
}

#[test]
fn golden_order_check_and_shipping_info() {
    let req = wire::order_check(&client(), BASE, &signer(Site::Gmarket), t0(), "3145678901").unwrap();
    assert_eq!(req.method(), reqwest::Method::POST);
    assert_eq!(req.url().path(), "/esm/shipping/v1/Order/OrderCheck/3145678901");
    assert_signed(&req, GMARKET_JWT);
    assert_eq!(body(&req), r#"{"SellerOrderNo":"","SellerItemNo":""}"#);

    let info = wire::ShippingInfo {
        order_no: 3_145_678_901,
        shipping_date: wire::shipping_date(t0()),
        delivery_company_code: 10013,
        invoice_no: "6543-2100".into(),
    };
    let req = wire::shipping_info(&client(), BASE, &signer(Site::Gmarket), t0(), &info).unwrap();
    assert_eq!(req.url().path(), "/esm/shipping/v1/Delivery/ShippingInfo");
    assert_signed(&req, GMARKET_JWT);
    assert_eq!(
        body(&req),
        r#"{"OrderNo":3145678901,"ShippingDate":"2023-11-15T07:13:20","DeliveryCompanyCode":10013,"InvoiceNo":"6543-2100"}"#
    );
}

#[test]
fn golden_item_calls() {
    let gm = signer(Site::Gmarket);
    let req = wire::delivery_companies(&client(), BASE, &gm, t0()).unwrap();
    assert_eq!(req.method(), reqwest::Method::GET);
    assert_eq!(
        req.url().as_str(),
        "http://esm.test/esm/item/v1/shipping/delivery-company"
    );
    assert_signed(&req, GMARKET_JWT);
    assert!(req.body().is_none());

    let q = wire::GoodsQuery {
        managed_code: vec![],
        page_index: 1,
        page_size: 100,
    };
    let req = wire::goods_search(&client(), BASE, &gm, t0(), &q).unwrap();
    assert_eq!(req.url().path(), "/esm/item/v1/goods/search");
    assert_eq!(body(&req), r#"{"pageIndex":1,"pageSize":100}"#);

    let req = wire::sell_status(&client(), BASE, &gm, t0(), Site::Gmarket, "3000123", 7).unwrap();
    assert_eq!(req.method(), reqwest::Method::PUT);
    assert_eq!(req.url().path(), "/esm/item/v1/goods/3000123/sell-status");
    assert_signed(&req, GMARKET_JWT);
    assert_eq!(
        body(&req),
        r#"{"isSell":{"gmkt":true},"itemBasicInfo":{"stock":{"gmkt":7}}}"#
    );
    let req = wire::sell_status(&client(), BASE, &gm, t0(), Site::Gmarket, "3000123", 0).unwrap();
    assert_eq!(body(&req), r#"{"isSell":{"gmkt":false}}"#);
    let au = signer(Site::Auction);
    let req = wire::sell_status(&client(), BASE, &au, t0(), Site::Auction, "3000123", 250_000).unwrap();
    assert_eq!(
        body(&req),
        r#"{"isSell":{"iac":true},"itemBasicInfo":{"stock":{"iac":99999}}}"#
    );

    // Option stock: the GET body comes back whole with the stock changed (0 = sold out, the
    // quantity kept within 1–99999).
    let got = r#"{"type":1,"isStockManage":true,"independent":{"recommendedOptNo":976,"details":[
        {"recommendedOptValueNo":11,"recommendedOptValue":{"koreanText":"블랙/M"},"isSoldOut":false,"isDisplay":true,"qty":{"iac":3,"gmkt":9},"manageCode":"AU-TS-001-BK-M","skuInfo":[],"addAmnt":0},
        {"recommendedOptValueNo":12,"recommendedOptValue":{"koreanText":"화이트/S"},"isSoldOut":false,"isDisplay":true,"qty":{"iac":4,"gmkt":9},"manageCode":"AU-TS-001-WH-S","skuInfo":[],"addAmnt":0}]}}"#;
    let (mut whole, options) = wire::parse_recommended_options(got.as_bytes(), Site::Auction).unwrap();
    assert_eq!(options[1].text, "화이트/S");
    assert_eq!((options[0].option_no.as_str(), options[0].qty), ("11", 3));
    assert!(wire::set_option_stock(
        &mut whole,
        Site::Auction,
        "AU-TS-001-BK-M",
        5
    ));
    assert!(wire::set_option_stock(
        &mut whole,
        Site::Auction,
        "AU-TS-001-WH-S",
        0
    ));
    assert!(!wire::set_option_stock(&mut whole, Site::Auction, "NOPE", 1));
    assert!(!wire::all_sold_out(&whole));
    let req = wire::recommended_options(&client(), BASE, &au, t0(), "3000123", &whole).unwrap();
    assert_eq!(req.url().path(), "/esm/item/v1/goods/3000123/recommended-options");
    assert_signed(&req, AUCTION_JWT);
    let sent: serde_json::Value = serde_json::from_str(&body(&req)).unwrap();
    let d = &sent["independent"]["details"];
    assert_eq!(
        (d[0]["qty"]["iac"].as_i64(), d[0]["isSoldOut"].as_bool()),
        (Some(5), Some(false))
    );
    assert_eq!(
        (d[1]["qty"]["iac"].as_i64(), d[1]["isSoldOut"].as_bool()),
        (Some(4), Some(true))
    );
    assert_eq!(
        d[1]["qty"]["gmkt"].as_i64(),
        Some(9),
        "the other site's stock is kept"
    );
    assert_eq!(sent["independent"]["recommendedOptNo"].as_i64(), Some(976));
    assert!(wire::set_option_stock(
        &mut whole,
        Site::Auction,
        "AU-TS-001-BK-M",
        0
    ));
    assert!(wire::all_sold_out(&whole));
}

#[test]
fn query_ranges_widen_to_whole_minutes() {
    let from = jiff::Timestamp::from_millisecond(1_700_000_000_500).unwrap();
    let to = jiff::Timestamp::from_second(1_700_000_100).unwrap();
    // 07:13:20.5 .. 07:15:00 KST (exclusive) → 07:13 .. 07:14 inclusive.
    assert_eq!(
        query_range(Window::new(from, to)),
        ("2023-11-15 07:13".to_string(), "2023-11-15 07:14".to_string())
    );
}

fn reply(status: u16, body: &str) -> Reply {
    Reply {
        status,
        headers: reqwest::header::HeaderMap::new(),
        body: bytes::Bytes::from(body.to_string()),
    }
}

#[test]
fn classifier_applies_the_envelope() {
    assert!(wire::classify(&reply(200, r#"{"ResultCode":0,"Message":"SUCCESS","Data":null}"#)).is_ok());
    assert!(wire::classify(&reply(200, r#"{"resultCode":"0","message":null}"#)).is_ok());
    match wire::classify(&reply(200, r#"{"ResultCode":3000,"Message":"호출 제한"}"#)) {
        Err(MarketError::RateLimited { message, .. }) => assert_eq!(message, "ResultCode 3000: 호출 제한"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        wire::classify(&reply(200, r#"{"ResultCode":2002,"Message":"주문상태 오류"}"#)),
        Err(MarketError::Permanent {
            message: "ResultCode 2002: 주문상태 오류".into()
        })
    );
    // A 200 without a result code passes the classifier (the item API answers bare objects);
    // the call's parser then refuses what is not its answer: never a success.
    assert!(wire::classify(&reply(200, "<html>oops</html>")).is_ok());
    assert!(matches!(
        wire::parse_envelope(b"<html>oops</html>"),
        Err(MarketError::Malformed { .. })
    ));
    assert!(matches!(
        wire::item_body("answer", b"<html>oops</html>"),
        Err(MarketError::Malformed { .. })
    ));
    assert!(matches!(
        wire::parse_envelope(br#"{"Data":{}}"#),
        Err(MarketError::Malformed { .. })
    ));
    assert_eq!(
        wire::classify(&reply(401, r#"{"ResultCode":1003,"Message":"서명 오류"}"#)),
        Err(MarketError::Auth {
            message: "ResultCode 1003: 서명 오류".into()
        })
    );
    assert!(matches!(
        wire::classify(&reply(403, "denied")),
        Err(MarketError::Auth { .. })
    ));
    assert!(matches!(
        wire::classify(&reply(503, "<html>503</html>")),
        Err(MarketError::Transient { .. })
    ));
    assert!(matches!(
        wire::classify(&reply(429, "")),
        Err(MarketError::RateLimited { .. })
    ));
    assert_eq!(
        wire::classify(&reply(400, r#"{"ResultCode":1100,"Message":"형식 오류"}"#)),
        Err(MarketError::Permanent {
            message: "ResultCode 1100: 형식 오류".into()
        })
    );
}

/// A row as the public client's sample shows it (fields from marketplaces.md).
const SAMPLE: &str = r#"{"ResultCode":0,"Message":"SUCCESS","Data":{"SiteType":2,"PageIndex":1,"PageSize":100,"TotalCount":1,"SellerId":"gm-seller","RequestOrders":[{
  "OrderStatus":1,"OrderNo":3145678901,"PayNo":"2145678900","SiteGoodsNo":"2834567890","GoodsNo":"3000123",
  "OutGoodsNo":"GM-TS-001","GoodsName":"오버핏 반팔 티셔츠","ContrAmount":2,"SalePrice":"6800.0000",
  "OrderAmount":"13600.0000","AcntMoney":"13600.0000","SettlementPrice":"11968.0000","ShippingFee":"0.0000",
  "OrderDate":"2019-04-10T11:10:00","PayDate":"2019-04-10T11:11:30","OrderConfirmDate":null,"TransDueDate":"",
  "BuyerName":"김민준","BuyerId":"buyer01","BuyerMobileTel":"010-1234-5678","ReceiverName":"이서연",
  "HpNo":"010-2222-3333","TelNo":"","ZipCode":"06236","DelFrontAddress":"서울특별시 강남구 테헤란로 152",
  "DelBackAddress":"101동 1001호","DelFullAddress":"서울특별시 강남구 테헤란로 152 101동 1001호",
  "DelMemo":"문 앞에 놓아주세요","TakbaeName":null,"NoSongjang":null,"InventoryNo":"300012305","SKUNo":"",
  "ItemOptionSelectList":[{"ItemOptionValue":"블랙/M","ItemOptionOrderCnt":2,"ItemOptionCode":"GM-TS-001-BK-M"}]}]}}"#;

#[test]
fn parses_a_sample_order() {
    let page = wire::parse_orders(SAMPLE.as_bytes()).unwrap();
    assert_eq!(page.total_count, 1);
    let o = wire::row_to_order(Site::Gmarket, &page.rows[0]).unwrap();
    assert_eq!(o.order_no, "3145678901");
    assert_eq!(o.cart_no.as_deref(), Some("2145678900"));
    assert_eq!(o.site_status.code, "1");
    assert_eq!(o.ordered_at.to_string(), "2019-04-10T02:10:00Z");
    assert_eq!(o.paid_at.unwrap().to_string(), "2019-04-10T02:11:30Z");
    assert_eq!(o.receiver.name, "이서연");
    assert_eq!(o.receiver.phone, "010-2222-3333");
    assert_eq!(o.receiver.address, "서울특별시 강남구 테헤란로 152 101동 1001호");
    assert_eq!(o.delivery_message, "문 앞에 놓아주세요");
    assert!(!o.cancelled);
    let line = &o.lines[0];
    assert_eq!(line.line_key, "3145678901");
    assert_eq!(
        line.product,
        ProductRef::Code {
            product_code: Some("GM-TS-001".into()),
            option_code: Some("GM-TS-001-BK-M".into()),
        }
    );
    assert_eq!(line.option_name, "블랙/M");
    assert_eq!(line.quantity, 2);
    assert_eq!(line.unit_price.amount, 6800);
    assert_eq!(line.amount.amount, 13600);
    assert_eq!(line.sku, crate::domain::LineSku::Unresolved);
    assert_eq!(o.tracking, None, "null NoSongjang: no shipment shown");
}

#[test]
fn a_shipped_row_carries_the_registered_carrier_and_invoice_number() {
    let body = SAMPLE
        .replace(r#""OrderStatus":1"#, r#""OrderStatus":3"#)
        .replace(r#""TakbaeName":null"#, r#""TakbaeName":"CJ대한통운""#)
        .replace(r#""NoSongjang":null"#, r#""NoSongjang":"6543-2100-0001""#);
    let page = wire::parse_orders(body.as_bytes()).unwrap();
    let o = wire::row_to_order(Site::Auction, &page.rows[0]).unwrap();
    assert_eq!(o.site_status.code, "3");
    let t = o.tracking.unwrap();
    assert_eq!(
        (t.carrier.as_str(), t.number.as_str()),
        ("CJ대한통운", "6543-2100-0001")
    );
    // A number sent as a JSON number is read as text; a blank one means no shipment.
    let numeric = SAMPLE.replace(r#""NoSongjang":null"#, r#""NoSongjang":654321000001"#);
    let page = wire::parse_orders(numeric.as_bytes()).unwrap();
    let o = wire::row_to_order(Site::Gmarket, &page.rows[0]).unwrap();
    assert_eq!(o.tracking.map(|t| t.number), Some("654321000001".into()));
    let blank = SAMPLE.replace(r#""NoSongjang":null"#, r#""NoSongjang":"  ""#);
    let page = wire::parse_orders(blank.as_bytes()).unwrap();
    assert_eq!(
        wire::row_to_order(Site::Gmarket, &page.rows[0]).unwrap().tracking,
        None
    );
}

#[test]
fn parses_carriers_and_goods() {
    // The item API answers bare objects; an envelope around them is read too.
    for body in [
        r#"{"deliveryCompanies":[{"deliveryCompCode":10013,"deliveryCompName":"CJ대한통운"},{"deliveryCompCode":"10099","deliveryCompName":"기타택배"}]}"#,
        r#"{"ResultCode":0,"Message":"SUCCESS","Data":{"deliveryCompanies":[{"deliveryCompCode":10013,"deliveryCompName":"CJ대한통운"},{"deliveryCompCode":"10099","deliveryCompName":"기타택배"}]}}"#,
    ] {
        let list = wire::parse_delivery_companies(body.as_bytes()).unwrap();
        assert_eq!(list[0].code, "10013");
        assert_eq!(list[1].name, "기타택배");
    }
    assert!(matches!(
        wire::parse_delivery_companies(br#"{"resultCode":1000,"message":"no"}"#),
        Err(MarketError::Permanent { message }) if message.contains("1000")
    ));
    let page = wire::parse_goods(
        r#"{"totalItems":2,"pageIndex":1,"pageSize":100,"items":[
        {"goodsNo":"3000123","siteGoodsNo":{"gmkt":"3000123"},"managedCode":"GM-SK-003","goodsName":"양말","stock":{"gmkt":12}},
        {"goodsNo":3000456,"managedCode":"GM-TS-001","goodsName":{"kor":"티셔츠"}}]}"#
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(page.total_count, 2);
    let opts = [wire::OptionDetail {
        option_no: "300045601".into(),
        manage_code: "GM-TS-001-BK-S".into(),
        text: "블랙/S".into(),
        qty: 4,
    }];
    let mut rows = goods_rows(Site::Gmarket, &page.goods[0], &[]);
    rows.extend(goods_rows(Site::Gmarket, &page.goods[1], &opts));
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0].code,
        SiteCode::Product {
            code: "GM-SK-003".into()
        }
    );
    assert_eq!(rows[0].stock, 12);
    assert_eq!(rows[1].product_id, "3000456");
    assert_eq!(rows[1].name, "티셔츠");
    assert_eq!(rows[1].option_id.as_deref(), Some("300045601"));
    assert_eq!(
        rows[1].code,
        SiteCode::Option {
            code: "GM-TS-001-BK-S".into()
        }
    );
    assert_eq!(rows[1].stock, 4);
    // Auction reads its own key.
    assert_eq!(goods_rows(Site::Auction, &page.goods[0], &[])[0].stock, 0);
}

#[test]
fn structured_junk_is_malformed_or_refused_never_a_panic() {
    let malformed = |b: &str| {
        matches!(
            wire::parse_orders(b.as_bytes()),
            Err(MarketError::Malformed { .. })
        )
    };
    assert!(malformed(""));
    assert!(malformed("[]"));
    assert!(malformed(r#"{"ResultCode":"zero"}"#));
    assert!(malformed(r#"{"ResultCode":0,"Data":"text"}"#));
    assert!(malformed(
        r#"{"ResultCode":0,"Data":{"RequestOrders":{"OrderNo":1}}}"#
    ));
    assert!(malformed(
        r#"{"ResultCode":0,"Data":{"TotalCount":"many","RequestOrders":[]}}"#
    ));
    assert!(malformed(
        r#"{"ResultCode":0,"Data":{"TotalCount":1,"RequestOrders":[{"GoodsName":"x"}]}}"#
    ));
    assert!(malformed(
        r#"{"ResultCode":0,"Data":{"RequestOrders":[{"OrderNo":1,"ItemOptionSelectList":5}]}}"#
    ));
    assert!(matches!(
        wire::parse_orders(br#"{"ResultCode":2001,"Message":"no"}"#),
        Err(MarketError::Permanent { .. })
    ));
    assert_eq!(
        wire::parse_orders(br#"{"ResultCode":0,"Data":null}"#).unwrap(),
        wire::OrdersPage::default()
    );
    // Rows that parse but carry nonsense are refused by row_to_order.
    let page = wire::parse_orders(
        br#"{"ResultCode":0,"Data":{"RequestOrders":[{"OrderNo":1,"OrderDate":"yesterday","ContrAmount":1},{"OrderNo":2,"OrderDate":"2019-04-10T11:10:00","ContrAmount":"-3"},{"OrderNo":3,"OrderDate":"2019-04-10T11:10:00","ContrAmount":1,"PayDate":"soon"}]}}"#,
    )
    .unwrap();
    for row in &page.rows {
        assert!(matches!(
            wire::row_to_order(Site::Gmarket, row),
            Err(MarketError::Malformed { .. })
        ));
    }
    assert!(matches!(
        wire::parse_delivery_companies(
            br#"{"ResultCode":0,"Data":{"deliveryCompanies":[{"deliveryCompCode":[1]}]}}"#
        ),
        Err(MarketError::Malformed { .. })
    ));
    assert!(matches!(
        wire::parse_goods(br#"{"items":[{"stock":7}]}"#),
        Err(MarketError::Malformed { .. })
    ));
}

#[test]
fn new_needs_the_esm_keys() {
    let ctx = |config: crate::config::Config| AdapterContext {
        http: crate::market::Http::new(crate::market::HttpOptions::fast()).unwrap(),
        config: std::sync::Arc::new(config),
        clock: std::sync::Arc::new(crate::market::FixedClock(t0())),
    };
    let spec = crate::domain::shop::ShopSpec {
        name: "gm".into(),
        site: "gmarket".into(),
        shop_id: "gm-seller".into(),
        ..Default::default()
    };
    let shop = Shop::from_spec(&spec, t0()).unwrap();
    match Esm::new(&shop, &ctx(crate::config::Config::default())) {
        Err(MarketError::Config { message }) => assert!(message.contains("[esm] master_id"), "{message}"),
        other => panic!("{other:?}"),
    }
    let keys = crate::config::Config {
        esm: Some(crate::config::EsmConfig {
            master_id: "master01".into(),
            secret_key: Secret::new("esm-secret-0123456789"),
        }),
        ..Default::default()
    };
    let esm = Esm::new(&shop, &ctx(keys.clone())).unwrap();
    assert_eq!(esm.site(), Site::Gmarket);
    assert_eq!(esm.signer.ssi, "G:gm-seller");
    let mut other = shop.clone();
    other.credentials = crate::domain::Credentials::Grip {
        access_key: "a".into(),
        secret_key: Secret::new("b"),
    };
    assert!(matches!(
        Esm::new(&other, &ctx(keys)),
        Err(MarketError::Config { .. })
    ));
}

proptest! {
    #[test]
    fn parse_envelope_never_panics(b in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = wire::parse_envelope(&b);
    }

    #[test]
    fn parse_orders_never_panics(b in proptest::collection::vec(any::<u8>(), 0..512)) {
        if let Ok(page) = wire::parse_orders(&b) {
            for row in &page.rows {
                let _ = wire::row_to_order(Site::Gmarket, row);
            }
        }
    }

    #[test]
    fn parse_delivery_companies_never_panics(b in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = wire::parse_delivery_companies(&b);
    }

    #[test]
    fn parse_goods_never_panics(b in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = wire::parse_goods(&b);
    }

    #[test]
    fn classify_never_panics(status in 100u16..600, b in proptest::collection::vec(any::<u8>(), 0..256)) {
        let r = Reply { status, headers: reqwest::header::HeaderMap::new(), body: bytes::Bytes::from(b) };
        let _ = wire::classify(&r);
    }

    #[test]
    fn rows_with_junk_fields_never_panic(date in ".{0,24}", qty in ".{0,8}", no in any::<i64>()) {
        let body = serde_json::json!({"ResultCode":0,"Data":{"RequestOrders":[{"OrderNo":no,"OrderDate":date,"ContrAmount":qty,"PayDate":date}]}});
        if let Ok(page) = wire::parse_orders(body.to_string().as_bytes()) {
            for row in &page.rows {
                let _ = wire::row_to_order(Site::Auction, row);
            }
        }
    }
}
