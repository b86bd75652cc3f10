//! LotteON golden answers (tests/fixtures/wire/lotteon, from the open API guide's apiNo pages and
//! public clients): the adapter's parsers read every one, and the simulator answers the same
//! calls in the same shapes.

mod common;

use serde_json::json;
use shipdeck::domain::{Secret, Site};
use shipdeck::market::lotteon::wire::{
    apply_progress, match_carrier, parse_batch, parse_codes, parse_identity, parse_orders,
    parse_product_detail, parse_product_list, parse_progress, parse_stock, rows_to_orders, Endpoint, LineRef,
    ShipItem, StockItem, PATH_PRODUCT_LIST,
};
use shipdeck::market::MarketError;
use shipdeck::sim::FaultProfile;

use common::sim::{post, sim_shop, start, state};
use common::wire;

const SITE: &str = "lotteon";

#[test]
fn the_parsers_read_every_golden_answer() {
    let all = wire::all(SITE);
    assert!(all.len() >= 13, "{} fixtures", all.len());
    for f in all {
        let body = f.body.as_bytes();
        let name = f.stem();
        match name.as_str() {
            "209__new" => {
                let page = parse_orders(body).unwrap();
                let mut rows = page.rows;
                assert_eq!(rows[0].if_cpl_yn, "N");
                let orders = rows_to_orders(&rows).unwrap();
                assert_eq!(orders[0].site_status.code, "11");
                assert_eq!(orders[0].lines[0].line_key, "1-1");
                assert_eq!(orders[0].ordered_at.to_string(), "2026-10-02T03:04:05Z");
                // The live step from 140 replaces 209's fixed 11.
                let progress = parse_progress(wire::load(SITE, "140__success.json").body.as_bytes()).unwrap();
                apply_progress(&mut rows, &progress);
                let o = &rows_to_orders(&rows).unwrap()[0];
                assert_eq!((o.site_status.code.as_str(), o.cancelled), ("12", false));
                let progress =
                    parse_progress(wire::load(SITE, "140__cancelled.json").body.as_bytes()).unwrap();
                apply_progress(&mut rows, &progress);
                let o = &rows_to_orders(&rows).unwrap()[0];
                assert_eq!((o.site_status.code.as_str(), o.cancelled), ("cancel", true));
            }
            "209__empty" => assert!(parse_orders(body).unwrap().rows.is_empty()),
            "209__window_too_long" => match parse_orders(body) {
                Err(MarketError::Permanent { message }) => assert!(message.contains("2003"), "{message}"),
                other => panic!("{name}: {other:?}"),
            },
            "140__success" | "140__cancelled" => {
                let rows = parse_progress(body).unwrap();
                assert_eq!(
                    (rows[0].od_no.as_str(), rows[0].od_seq.as_str()),
                    ("2026100212345678", "1")
                );
            }
            "210__success" => {
                let r = parse_batch(body).unwrap();
                assert_eq!(r.code, "0000");
                assert!(r.failed.is_empty());
            }
            "137__partial" => {
                let r = parse_batch(body).unwrap();
                assert_eq!((r.failed.len(), r.failed[0].line_key().as_str()), (1, "1-1"));
            }
            "209__account_mismatch" => {
                let reply = shipdeck::market::http::Reply {
                    status: 200,
                    headers: reqwest::header::HeaderMap::new(),
                    body: bytes::Bytes::from(f.body.clone()),
                };
                match shipdeck::market::lotteon::wire::classify(&reply) {
                    Err(MarketError::Auth { message }) => assert!(message.contains("8888"), "{message}"),
                    other => panic!("{name}: {other:?}"),
                }
            }
            "207__success" => {
                let (head, id) = parse_identity(body).unwrap();
                assert_eq!(head.code, "0000");
                assert_eq!((id.tr_grp_cd.as_str(), id.tr_no.as_str()), ("SR", "LO10000001"));
            }
            "89__success" => {
                let codes = parse_codes(body).unwrap();
                assert_eq!(codes.len(), 2);
                assert_eq!(match_carrier(&codes, "CJ대한통운").unwrap().code, "0002");
            }
            "86__partial" => {
                let rows = parse_stock(body).unwrap();
                assert_eq!(
                    (rows[0].result_code.as_str(), rows[1].result_code.as_str()),
                    ("0000", "3003")
                );
                assert_eq!(rows[1].sitm_no, "LO1000000001_9");
                assert!(!rows[1].result_message.is_empty());
            }
            "93__success" => {
                let (rows, total) = parse_product_list(body).unwrap();
                assert_eq!(
                    (rows[0].spd_no.as_str(), rows[0].epd_no.as_str()),
                    ("LO1000000001", "WH-1")
                );
                assert_eq!(total, Some(2), "dataCount is the total over all pages");
            }
            "93__no_paging" => match parse_product_list(body) {
                Err(MarketError::Permanent { message }) => assert!(message.contains("9000"), "{message}"),
                other => panic!("{name}: {other:?}"),
            },
            "94__success" => {
                let d = parse_product_detail(body).unwrap();
                let item = &d.itm_lst[0];
                assert_eq!((d.epd_no.as_str(), item.eitm_no.as_str()), ("WH-1", "WH-1-BK-M"));
                assert_eq!((item.sitm_no.as_str(), item.stk_qty), ("LO1000000001_1", 12));
            }
            other => panic!("fixture {other} has no parser check: add one"),
        }
    }
}

#[test]
fn carrier_codes_read_under_either_published_spelling() {
    // `{cmnCd, cmnCdNm}` (what shipdeck assumes) and `{cd, cdNm}` (what a public client reads).
    let body = r#"{"returnCode":"0000","data":[{"cd":"0002","cdNm":"CJ대한통운"},{"cmnCd":1,"cmnCdNm":"롯데택배"}]}"#;
    let codes = parse_codes(body.as_bytes()).unwrap();
    assert_eq!(
        (codes[0].code.as_str(), codes[0].name.as_str()),
        ("0002", "CJ대한통운")
    );
    assert_eq!(
        (codes[1].code.as_str(), codes[1].name.as_str()),
        ("1", "롯데택배")
    );
}

#[test]
fn tolerant_rows_numbers_as_strings_missing_list_unknown_fields() {
    let body = br#"{"returnCode":"0000","message":"ok","dataCount":"1","data":{"deliveryOrderList":[
        {"odNo":2026100212345678,"odSeq":1,"procSeq":"1","odPrgsStepCd":11,"odQty":"2","slPrc":"19800.0",
         "odCmptDttm":"20261002120405","brandNew":{"x":1}}]}}"#;
    let rows = parse_orders(body).unwrap().rows;
    assert_eq!(
        (rows[0].od_no.as_str(), rows[0].od_qty, rows[0].sl_prc),
        ("2026100212345678", 2, 19800)
    );
    // No list at all is no rows; a body that is not JSON keeps its text.
    assert!(parse_progress(br#"{"returnCode":"0000","data":null}"#)
        .unwrap()
        .is_empty());
    match parse_orders(b"<html>503</html>") {
        Err(MarketError::Malformed { raw, .. }) => assert!(raw.contains("503")),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_simulator_answers_in_the_documented_shapes() {
    let sim = start(42, 0, FaultProfile::None).await;
    let st = state(&sim).await;
    let shop = sim_shop(&st, Site::Lotteon);
    let ep = Endpoint {
        base: sim.base_url(Site::Lotteon),
        api_key: Secret::new(shop.credentials["api_key"].clone()),
        tr_no: shop.credentials["account_number"].clone(),
    };
    let client = reqwest::Client::new();
    let at = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(30);
    let created = post(
        &sim,
        "orders",
        json!({"site": "lotteon", "count": 3, "at": at.to_string()}),
    )
    .await;
    let nos: Vec<String> = created["created"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let line = |no: &str| LineRef::from_key(no, "1-1").unwrap();
    let hour = jiff::SignedDuration::from_hours(1);
    // A product with options, and one of its items, for 94 and 86.
    let now = jiff::Timestamp::now();
    let list = wire::send_tree(ep.product_list(&client, 1, now).unwrap()).await;
    let mut optioned = None;
    for p in list["data"].as_array().unwrap() {
        let spd = p["spdNo"].as_str().unwrap().to_string();
        let d = wire::send_tree(ep.product_detail(&client, &spd).unwrap()).await;
        if d["data"]["itmLst"][0]["itmOptLst"]
            .as_array()
            .is_some_and(|a| !a.is_empty())
        {
            optioned = Some((
                spd,
                d["data"]["itmLst"][0]["sitmNo"].as_str().unwrap().to_string(),
            ));
            break;
        }
    }
    let (spd_no, sitm_no) = optioned.expect("a LotteON product with options");
    for f in wire::all(SITE) {
        let name = f.stem();
        let got = match name.as_str() {
            "209__new" => {
                wire::send_tree(ep.orders_in_window(&client, at - hour, at + hour, false).unwrap()).await
            }
            "209__empty" => {
                let past = at - jiff::SignedDuration::from_hours(24 * 300);
                wire::send_tree(ep.orders_in_window(&client, past, past + hour, false).unwrap()).await
            }
            "209__window_too_long" => {
                let long = jiff::SignedDuration::from_hours(48);
                wire::send_tree(ep.orders_in_window(&client, at - long, at, false).unwrap()).await
            }
            "210__success" => wire::send_tree(ep.confirm(&client, &[line(&nos[0])]).unwrap()).await,
            "140__success" => {
                wire::send_tree(
                    ep.progress_in_window(&client, at - hour, at + hour, None)
                        .unwrap(),
                )
                .await
            }
            "140__cancelled" => {
                post(
                    &sim,
                    "cancel",
                    json!({"site": "lotteon", "shop_id": shop.shop_id, "order_no": nos[1]}),
                )
                .await;
                wire::send_tree(ep.progress_by_no(&client, &nos[1]).unwrap()).await
            }
            "137__partial" => {
                // nos[2] is still at step 11: 137 refuses the line in its failList.
                let item = ShipItem {
                    line: line(&nos[2]),
                    carrier_code: "0002".into(),
                    invoice_no: "651234567890".into(),
                    spd_no: "x".into(),
                    sitm_no: "y".into(),
                    quantity: 1,
                };
                wire::send_tree(ep.ship(&client, &[item], jiff::Timestamp::now()).unwrap()).await
            }
            "209__account_mismatch" => {
                let other = Endpoint {
                    tr_no: "LO00000000".into(),
                    ..ep.clone()
                };
                let got = wire::send_tree(
                    other
                        .orders_in_window(&client, at - hour, at + hour, false)
                        .unwrap(),
                )
                .await;
                assert_eq!(got["returnCode"], "8888", "{got}");
                got
            }
            "207__success" => wire::send_tree(ep.identity(&client).unwrap()).await,
            "89__success" => wire::send_tree(ep.carriers(&client).unwrap()).await,
            "86__partial" => {
                let items = [
                    StockItem {
                        spd_no: spd_no.clone(),
                        sitm_no: sitm_no.clone(),
                        quantity: 5,
                    },
                    StockItem {
                        spd_no: spd_no.clone(),
                        sitm_no: "no-such-item".into(),
                        quantity: 5,
                    },
                ];
                let got = wire::send_tree(ep.stock(&client, &items).unwrap()).await;
                assert_eq!(got["data"][0]["resultCode"], "0000", "{got}");
                assert_ne!(got["data"][1]["resultCode"], "0000", "{got}");
                got
            }
            "93__success" => wire::send_tree(ep.product_list(&client, 1, now).unwrap()).await,
            "93__no_paging" => {
                let body = json!({"trGrpCd": "SR", "trNo": ep.tr_no, "regStrtDttm": "20200101000000",
                                  "regEndDttm": "20991231235959"});
                let req = ep
                    .request(&client, reqwest::Method::POST, PATH_PRODUCT_LIST, Some(&body))
                    .unwrap();
                let got = wire::send_tree(req).await;
                assert_eq!(got["returnCode"], "9000", "{got}");
                got
            }
            "94__success" => wire::send_tree(ep.product_detail(&client, &spd_no).unwrap()).await,
            other => panic!("fixture {other} has no simulator call: add one"),
        };
        wire::assert_same_shape(&name, &f.tree(), &got, &[]);
    }
}
