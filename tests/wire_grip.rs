//! Grip's golden answers (tests/fixtures/wire/grip, transcribed from gripcorp/grip-seller-apis):
//! the adapter's parsers read every one, and the classifier reads the documented error forms.

mod common;

use common::wire;
use shipdeck::market::grip::{classify, wire as gw};
use shipdeck::market::http::Reply;
use shipdeck::market::MarketError;

fn reply(status: u16, body: &str) -> Reply {
    Reply {
        status,
        headers: reqwest::header::HeaderMap::new(),
        body: bytes::Bytes::from(body.to_string()),
    }
}

#[test]
fn every_fixture_names_its_source_and_parses() {
    let all = wire::all("grip");
    assert!(all.len() >= 10, "{} fixtures", all.len());
    for f in &all {
        let name = f.path.file_name().unwrap().to_string_lossy().to_string();
        let b = f.body.as_bytes();
        let endpoint = name.split("__").next().unwrap();
        match endpoint {
            "order_count" => assert_eq!(gw::parse_count(b).unwrap(), 2),
            "order_list" => {
                let rows = gw::parse_order_list(b).unwrap();
                let orders = gw::group_orders(rows.clone()).unwrap();
                if name.contains("empty") {
                    assert!(orders.is_empty());
                } else {
                    assert_eq!(rows[0].price, 19_900, "Double money read as whole won");
                    assert_eq!(orders[0].lines[0].amount.amount, 39_800);
                }
            }
            "delivery_company" => assert_eq!(gw::parse_companies(b).unwrap()[0].company_seq, 66),
            "prepare_result" | "shipping_result" | "start_result" => {
                let r = gw::parse_write_results(b).unwrap();
                assert!(r[0].result, "{name}");
                if name.contains("partial") {
                    assert!(!r[1].result && r[1].message.is_some());
                }
            }
            "category" => assert_eq!(gw::parse_categories(b).unwrap()[0].category_seq, 1001),
            "product_detail" => {
                let p = gw::parse_product(b).unwrap();
                assert!(p.uses_options());
                let c = &p.option.combinations[0];
                assert_eq!(p.option.combination_name(c).as_deref(), Some("블랙"));
                // A PUT sends the body back whole: types and names included.
                let back = serde_json::to_value(&p).unwrap();
                assert!(back["option"]["types"].is_array() && back["option"]["names"].is_array());
                assert_eq!(back["option"]["combinations"][0]["price"], 0.0);
            }
            "error" => {
                let status = if name.contains("legacy") { 500 } else { 400 };
                let e = classify(&reply(status, &f.body)).unwrap_err();
                if name.contains("legacy") {
                    assert!(matches!(e, MarketError::Auth { .. }), "{e:?}");
                } else {
                    assert!(
                        matches!(&e, MarketError::Permanent { message } if message.contains("COMMON_BAD_REQUEST")),
                        "{e:?}"
                    );
                }
            }
            other => panic!("{name}: no parser check for endpoint `{other}`"),
        }
    }
}

#[test]
fn tolerant_reading_and_kept_bodies() {
    // Numbers as text, unknown fields, a bare array of results.
    let rows = gw::parse_order_list(
        br#"{"orderList":[{"orderSeq":"1","orderProductSeq":"2","orderedAt":"1800000000000","price":"100.0","quantity":"3","newField":{"x":1}}]}"#,
    )
    .unwrap();
    assert_eq!(
        (rows[0].price, rows[0].quantity, rows[0].ordered_at),
        (100, 3, 1_800_000_000_000)
    );
    assert_eq!(
        gw::parse_write_results(br#"[{"orderSeq":1,"orderProductSeq":2,"result":true}]"#)
            .unwrap()
            .len(),
        1
    );
    // A parse failure keeps the body, control characters removed.
    match gw::parse_count(b"{\"orderCount\":\"many\x1b[31m\"}") {
        Err(MarketError::Malformed { raw, .. }) => {
            assert!(raw.contains("orderCount") && !raw.contains('\x1b'), "{raw}")
        }
        other => panic!("{other:?}"),
    }
}
