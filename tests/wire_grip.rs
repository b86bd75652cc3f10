//! Grip's golden answers (tests/fixtures/wire/grip, transcribed from gripcorp/grip-seller-apis):
//! the adapter's parsers read every one, and the classifier reads the documented error forms.

mod common;

use common::sim::{context, start, state};
use common::wire;
use shipdeck::domain::{Credentials, Secret, Site};
use shipdeck::market::grip::{classify, wire as gw, Grip};
use shipdeck::market::http::Reply;
use shipdeck::market::MarketError;
use shipdeck::sim::FaultProfile;

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
            // The actions answer how many lines they changed.
            "prepare" | "shipping" | "start" => assert_eq!(gw::parse_affected(b).unwrap(), 1, "{name}"),
            // Their `/result` checks answer per line; `message` only on failure.
            "prepare_result" | "shipping_result" | "start_result" => {
                let r = gw::parse_write_results(b).unwrap();
                if name.contains("no_tracking") {
                    assert!(!r[0].result, "{name}");
                    assert!(r[0].message.as_deref().unwrap().contains("택배 정보"), "{name}");
                } else {
                    assert!(r[0].result && r[0].message.is_none(), "{name}");
                }
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
    // `{affected}` as a number or numeric text; an answer without it is malformed, not zero.
    assert_eq!(
        gw::parse_affected(br#"{"affected":"2","extra":true}"#).unwrap(),
        2
    );
    assert!(matches!(
        gw::parse_affected(br#"{"result":[]}"#),
        Err(MarketError::Malformed { .. })
    ));
    // A parse failure keeps the body, control characters removed.
    match gw::parse_count(b"{\"orderCount\":\"many\x1b[31m\"}") {
        Err(MarketError::Malformed { raw, .. }) => {
            assert!(raw.contains("orderCount") && !raw.contains('\x1b'), "{raw}")
        }
        other => panic!("{other:?}"),
    }
}

/// A signed call to the simulator through the adapter's own request builder: the status and the
/// answer as a shape tree.
async fn call(
    grip: &Grip,
    method: reqwest::Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    let req = grip
        .build(method, path, body.as_ref(), jiff::Timestamp::now())
        .unwrap();
    let resp = reqwest::Client::new().execute(req).await.unwrap();
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    let tree = wire::parse_tree(&text).unwrap_or_else(|e| panic!("{path}: {e}: {text}"));
    (status, tree)
}

/// A delivery action: it changed exactly one line.
async fn action(grip: &Grip, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
    let (status, answer) = call(grip, reqwest::Method::PUT, path, Some(body)).await;
    assert_eq!(answer["affected"], 1, "{path}: {answer}");
    (status, answer)
}

fn window_query(from_days: i64, to_days: i64, extra: &[(&str, String)]) -> String {
    let now = jiff::Timestamp::now();
    let ms = |d: i64| {
        (now - jiff::SignedDuration::from_hours(24 * d))
            .as_millisecond()
            .to_string()
    };
    let mut pairs = vec![
        ("searchStatus", "1,10".to_string()),
        ("searchDate", "orderedAt".to_string()),
        ("searchStartAt", ms(from_days)),
        ("searchEndAt", ms(to_days)),
    ];
    pairs.extend(extra.iter().cloned());
    shipdeck::market::grip::query(&pairs)
}

/// For each golden answer, the equivalent request to the simulator, signed as the adapter signs,
/// gets an answer of the same shape (field names, nesting, JSON kinds; values aside).
#[tokio::test]
async fn the_simulator_answers_in_every_documented_shape() {
    use reqwest::Method;
    let sim = start(7, 30, FaultProfile::None).await;
    let st = state(&sim).await;
    let shop = sim_shop_of(&sim, &st);
    let ctx = context(&st, std::sync::Arc::new(shipdeck::market::SystemClock));
    let grip = Grip::new(&shop, &ctx).unwrap();
    let mut bad = shop.clone();
    if let Credentials::Grip { secret_key, .. } = &mut bad.credentials {
        *secret_key = Secret::new("not-the-secret-key-at-all");
    }
    let bad_grip = Grip::new(&bad, &ctx).unwrap();

    // Keys for the writes: two "Payment completed" lines of the simulated shop; the first goes
    // through prepare, shipping and start, the second is asked to start without a tracking number.
    let s = common::sim::sim_shop(&st, Site::Grip);
    let paid: Vec<serde_json::Value> = s
        .orders
        .iter()
        .flat_map(|o| o.lines.iter().map(move |l| (o, l)))
        .filter(|(_, l)| l.status == "1")
        .map(|(o, l)| {
            serde_json::json!({
                "orderSeq": o.order_no.parse::<u64>().unwrap(),
                "orderProductSeq": l.line_key.parse::<u64>().unwrap(),
            })
        })
        .take(2)
        .collect();
    assert_eq!(paid.len(), 2, "two payment-completed Grip lines");
    let (key, untracked) = (paid[0].clone(), paid[1].clone());
    let missing = serde_json::json!({ "orderSeq": 1, "orderProductSeq": 1 });
    // A product with options, for the detail.
    let (_, list) = call(&grip, Method::GET, "/api/product?start=0&length=100", None).await;
    let product_id = list["productList"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["useOption"] == serde_json::json!(true))
        .map(|p| p["productId"].as_str().unwrap().to_string())
        .expect("a Grip product with options");

    let mut entry = key.clone();
    entry["companySeq"] = serde_json::json!(66);
    entry["trackingNumber"] = serde_json::json!("123456789012");
    let shippings = serde_json::json!({ "shippings": [entry] });

    let fixtures = wire::all("grip");
    let mut checked = 0;
    // Writes run in the guide's order (prepare, shipping, start), so they are listed here in it.
    let order_of = |n: &str| {
        ["prepare", "shipping", "start"]
            .iter()
            .position(|p| n.starts_with(p))
    };
    let mut sorted: Vec<&wire::Fixture> = fixtures.iter().collect();
    sorted.sort_by_key(|f| order_of(&f.path.file_name().unwrap().to_string_lossy()));
    for f in sorted {
        let name = f.path.file_name().unwrap().to_string_lossy().to_string();
        let (status, answer) = match name.trim_end_matches(".json") {
            "category__success" => call(&grip, Method::GET, "/api/product/category", None).await,
            "delivery_company__success" => call(&grip, Method::GET, "/api/delivery/company", None).await,
            "order_count__success" => {
                call(
                    &grip,
                    Method::GET,
                    &format!("/api/order/count?{}", window_query(4, 0, &[])),
                    None,
                )
                .await
            }
            "order_list__success" | "order_list__empty" => {
                // The empty case searches a day long before the simulator's orders.
                let (from, to) = if name.contains("empty") { (89, 88) } else { (4, 0) };
                let q = window_query(from, to, &[("start", "0".into()), ("length", "100".into())]);
                let (status, answer) = call(&grip, Method::GET, &format!("/api/order?{q}"), None).await;
                let n = answer["orderList"].as_array().map_or(0, Vec::len);
                assert_eq!(name.contains("empty"), n == 0, "{name}: {n} rows");
                (status, answer)
            }
            "prepare__success" => {
                let body = serde_json::json!({ "orderKeys": [key] });
                action(&grip, "/api/delivery/prepare", body).await
            }
            "prepare_result__partial_failure" => {
                let body = serde_json::json!({ "orderKeys": [key, missing] });
                let (status, answer) =
                    call(&grip, Method::PUT, "/api/delivery/prepare/result", Some(body)).await;
                let r = answer["result"].as_array().unwrap();
                assert!(r[0]["result"] == true && r[1]["result"] == false, "{answer}");
                (status, answer)
            }
            "shipping__success" => action(&grip, "/api/delivery/shipping", shippings.clone()).await,
            "shipping_result__success" => {
                call(
                    &grip,
                    Method::PUT,
                    "/api/delivery/shipping/result",
                    Some(shippings.clone()),
                )
                .await
            }
            "start__success" => {
                let body = serde_json::json!({ "orderKeys": [key] });
                action(&grip, "/api/delivery/start", body).await
            }
            "start_result__no_tracking" => {
                // Asked to start before any tracking number is set: the action changes nothing and
                // the check says why.
                let body = serde_json::json!({ "orderKeys": [untracked] });
                let (_, answer) = call(&grip, Method::PUT, "/api/delivery/start", Some(body.clone())).await;
                assert_eq!(answer["affected"], 0, "{answer}");
                let (status, answer) =
                    call(&grip, Method::PUT, "/api/delivery/start/result", Some(body)).await;
                assert_eq!(answer["result"][0]["result"], false, "{answer}");
                (status, answer)
            }
            "start_result__success" => {
                let body = serde_json::json!({ "orderKeys": [key] });
                let (status, answer) =
                    call(&grip, Method::PUT, "/api/delivery/start/result", Some(body)).await;
                assert_eq!(answer["result"][0]["result"], true, "{answer}");
                (status, answer)
            }
            "product_detail__success" => {
                call(&grip, Method::GET, &format!("/api/product/{product_id}"), None).await
            }
            "error__bad_request" => call(&grip, Method::GET, "/api/product/999999999", None).await,
            "error__legacy_500" => call(&bad_grip, Method::GET, "/api/delivery/company", None).await,
            "error__delivery_missing_keys" => {
                let body = serde_json::json!({ "shippings": [] });
                call(&grip, Method::PUT, "/api/delivery/shipping", Some(body)).await
            }
            other => panic!("{name}: no equivalent request for `{other}`"),
        };
        let want = if name.starts_with("error__legacy") {
            500
        } else if name.starts_with("error__") {
            400
        } else {
            200
        };
        assert_eq!(status, want, "{name}: {answer}");
        // DeliveryResult.message is there only on failure (docs/delivery/README.md).
        wire::assert_same_shape(&name, &f.tree(), &answer, &["result[].message"]);
        checked += 1;
    }
    assert_eq!(checked, fixtures.len());
}

fn sim_shop_of(
    sim: &shipdeck::sim::SimServer,
    st: &shipdeck::sim::inspect::StateView,
) -> shipdeck::domain::Shop {
    common::sim::shop(sim, st, Site::Grip)
}
