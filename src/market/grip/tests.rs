//! Golden wire tests (fixed clock and keys; signatures worked out with python3, not our code),
//! classification, and parsers against arbitrary bytes.

use std::sync::Arc;

use proptest::prelude::*;
use reqwest::Method;

use super::wire::*;
use super::*;
use crate::config::{Config, GripConfig};
use crate::domain::shop::ShopSpec;
use crate::market::{FixedClock, Http, HttpOptions};

const NOW_MS: i64 = 1_800_000_000_000;

fn adapter(base: &str) -> Grip {
    let spec = ShopSpec {
        name: "g".into(),
        site: "grip".into(),
        shop_id: "seller".into(),
        api_base: Some(base.into()),
        fields: [("access_key", "AK-TEST-0001"), ("secret_key", "SECRET-TEST-KEY")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        options: Default::default(),
    };
    let shop = Shop::from_spec(&spec, jiff::Timestamp::from_second(1).unwrap()).unwrap();
    let ctx = AdapterContext {
        http: Http::new(HttpOptions::default()).unwrap(),
        config: Arc::new(Config {
            grip: Some(GripConfig {
                service_id: "shipdeck".into(),
            }),
            ..Config::default()
        }),
        clock: Arc::new(FixedClock(jiff::Timestamp::from_millisecond(NOW_MS).unwrap())),
    };
    Grip::new(&shop, &ctx).unwrap()
}

fn header<'a>(req: &'a reqwest::Request, name: &str) -> &'a str {
    req.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

#[test]
fn golden_order_listing_request() {
    let g = adapter("https://seller.grip.show");
    let window = Window::new(
        jiff::Timestamp::from_millisecond(1_799_913_600_000).unwrap(),
        jiff::Timestamp::from_millisecond(1_800_000_000_000).unwrap(),
    );
    let mut q = vec![("start", "0".to_string()), ("length", "100".to_string())];
    q.extend(Grip::order_query(&window, Some("1,10")));
    let req = g
        .build(
            Method::GET,
            &format!("/api/order?{}", query(&q)),
            None,
            jiff::Timestamp::from_millisecond(NOW_MS).unwrap(),
        )
        .unwrap();
    assert_eq!(req.method(), Method::GET);
    assert_eq!(
        req.url().as_str(),
        "https://seller.grip.show/api/order?start=0&length=100&searchStatus=1%2C10&searchDate=orderedAt&searchStartAt=1799913600000&searchEndAt=1799999999999"
    );
    assert_eq!(header(&req, "X-ServiceId"), "shipdeck");
    assert_eq!(header(&req, "X-AccessKey"), "AK-TEST-0001");
    assert_eq!(header(&req, "X-Fingerprint-Timestamp"), "1800000000000");
    // python3: base64.b64encode(hmac.new(b'SECRET-TEST-KEY', b'GET /api/order?start=0&length=100&searchStatus=1%2C10&searchDate=orderedAt&searchStartAt=1799913600000&searchEndAt=1799999999999\n1800000000000\nAK-TEST-0001', hashlib.sha256).digest())
    assert_eq!(
        header(&req, "X-Fingerprint"),
        "Qd5eg6CoD3QZqesKj9aXhTow+dnNYUctrgJXKsD73OU="
    );
    assert!(req.body().is_none());
}

#[test]
fn golden_confirm_request_signs_the_path_as_sent() {
    let g = adapter("http://127.0.0.1:8080/grip");
    let body = serde_json::json!({"orderKeys": [{"orderSeq": 50001, "orderProductSeq": 900010}]});
    let req = g
        .build(
            Method::PUT,
            "/api/delivery/prepare",
            Some(&body),
            jiff::Timestamp::from_millisecond(NOW_MS).unwrap(),
        )
        .unwrap();
    assert_eq!(req.method(), Method::PUT);
    assert_eq!(
        req.url().as_str(),
        "http://127.0.0.1:8080/grip/api/delivery/prepare"
    );
    // python3: base64.b64encode(hmac.new(b'SECRET-TEST-KEY', b'PUT /grip/api/delivery/prepare\n1800000000000\nAK-TEST-0001', hashlib.sha256).digest())
    assert_eq!(
        header(&req, "X-Fingerprint"),
        "o+5AQgAP/f/pxd8fwpQTXcmPYt2X2FlpqFOTxQfiCic="
    );
    assert_eq!(header(&req, "Content-Type"), "application/json");
    let sent = req.body().and_then(|b| b.as_bytes()).unwrap();
    assert_eq!(
        std::str::from_utf8(sent).unwrap(),
        r#"{"orderKeys":[{"orderProductSeq":900010,"orderSeq":50001}]}"#
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
fn failures_are_classified_by_status_and_message() {
    assert!(classify(&reply(200, "{}")).is_ok());
    assert!(matches!(
        classify(&reply(500, r#"{"message":"X-Fingerprint 검증에 실패했습니다"}"#)),
        Err(MarketError::Auth { .. })
    ));
    assert_eq!(
        classify(&reply(500, r#"{"message":"결제완료 상태의 주문이 아닙니다"}"#)),
        Err(MarketError::Permanent {
            message: "결제완료 상태의 주문이 아닙니다".into()
        })
    );
    assert!(matches!(
        classify(&reply(500, "<html>")),
        Err(MarketError::Transient { .. })
    ));
    assert!(matches!(
        classify(&reply(503, "")),
        Err(MarketError::Transient { .. })
    ));
    assert!(matches!(
        classify(&reply(429, "")),
        Err(MarketError::RateLimited { .. })
    ));
}

#[test]
fn a_sample_listing_groups_lines_into_orders() {
    let body = r#"{"orderList":[
      {"orderSeq":50001,"orderProductSeq":900010,"orderedAt":1800000000000,"orderState":1,
       "yourProductId":"GR-TS-001","yourOptionId":"GR-TS-001-BK-M","productId":3000001,
       "productName":"오버핏 반팔 티셔츠","optionName":"블랙 / M","price":19900,"quantity":2,
       "productAmount":39800,"shippingAmount":3000,"couponAmount":0,"paymentMethod":"CARD",
       "buyerName":"김민준","buyerPhoneNumber":"010-1234-5678","recipientName":"김민준",
       "recipientPhoneNumber":"010-1234-5678","recipientPostalCode":"06236",
       "recipientAddress":"서울특별시 강남구 테헤란로 152 3층","deliveryRequest":"부재 시 문 앞","clearanceCode":null},
      {"orderSeq":50001,"orderProductSeq":900011,"orderedAt":1800000000000,"orderState":10,
       "yourProductId":"GR-SK-003","yourOptionId":"","productId":3000003,"productName":"무지 양말 5족 세트",
       "price":9900,"quantity":1,"productAmount":9900}
    ]}"#;
    let orders = group_orders(parse_order_list(body.as_bytes()).unwrap()).unwrap();
    assert_eq!(orders.len(), 1);
    let o = &orders[0];
    assert_eq!(o.order_no, "50001");
    assert_eq!(o.lines.len(), 2);
    assert_eq!(o.site_status.code, "1", "least advanced line");
    assert_eq!(o.receiver.postal_code, "06236");
    assert_eq!(o.ordered_at.as_millisecond(), 1_800_000_000_000);
    assert_eq!(
        o.lines[0].product,
        crate::domain::ProductRef::Code {
            product_code: Some("GR-TS-001".into()),
            option_code: Some("GR-TS-001-BK-M".into())
        }
    );
    assert_eq!(
        o.lines[1].product,
        crate::domain::ProductRef::Code {
            product_code: Some("GR-SK-003".into()),
            option_code: None
        }
    );
    assert_eq!(o.lines[0].amount.amount, 39_800);
}

#[test]
fn structured_junk_is_malformed_not_a_panic() {
    for body in [
        r#"{"orderList":[{"orderSeq":null,"orderProductSeq":1}]}"#,
        r#"{"orderList":{}}"#,
        r#"{"orderList":[{"orderSeq":1,"orderProductSeq":2,"orderedAt":"yesterday"}]}"#,
        r#"{"orderList":[{"orderSeq":1,"orderProductSeq":2,"orderedAt":9223372036854775807}]}"#,
        "",
    ] {
        let r = parse_order_list(body.as_bytes()).and_then(group_orders);
        assert!(matches!(r, Err(MarketError::Malformed { .. })), "{body}: {r:?}");
    }
}

proptest! {
    #[test]
    fn parsers_never_panic(b in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_order_list(&b).and_then(group_orders);
        let _ = parse_count(&b);
        let _ = parse_write_results(&b);
        let _ = parse_affected(&b);
        let _ = parse_companies(&b);
        let _ = parse_product_list(&b);
        let _ = parse_product(&b);
        let _ = failure_message(&b);
    }

    #[test]
    fn near_json_never_panics(s in r#"\{"orderList":\[\{("orderSeq":[0-9a-z"]{0,4},?)?("orderProductSeq":[0-9]{0,3},?)?("orderedAt":-?[0-9]{0,20})?\}\]\}"#) {
        let _ = parse_order_list(s.as_bytes()).and_then(group_orders);
    }
}
