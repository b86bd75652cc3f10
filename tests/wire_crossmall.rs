//! Crossmall golden answers (tests/fixtures/wire/crossmall, from the public CROSS MALL engine
//! template and public clients; the official spec is not public): the adapter's parsers read
//! every one, and the simulator answers the same calls in the same XML tree shapes.

mod common;

use serde_json::json;
use shipdeck::domain::{Secret, Site};
use shipdeck::market::crossmall::wire::{parse_items, parse_orders, parse_phases, parse_stock, parse_update};
use shipdeck::market::crossmall::Endpoint;
use shipdeck::market::MarketError;
use shipdeck::sim::FaultProfile;

use common::sim::{post, sim_shop, start, state};
use common::wire;

const SITE: &str = "crossmall";

#[test]
fn the_parsers_read_every_golden_answer() {
    let all = wire::all(SITE);
    assert!(all.len() >= 4, "{} fixtures", all.len());
    for f in all {
        let body = f.body.as_bytes();
        let name = f.stem();
        match name.as_str() {
            "get_order__success" => {
                let page = parse_orders(body).unwrap();
                // Two rows, so that the XML tree holds `Result` as a list, as the simulator's does.
                assert_eq!((page.total, page.rows.len()), (Some(2), 2));
                assert_eq!(page.rows[0].order_number, "50001");
            }
            "get_order__empty" => assert!(parse_orders(body).unwrap().rows.is_empty()),
            "upd_order_phase__success" => parse_update(body).unwrap(),
            "upd_order_phase__error" => match parse_update(body) {
                Err(MarketError::Permanent { message }) => assert!(message.contains("完了"), "{message}"),
                other => panic!("{name}: {other:?}"),
            },
            "get_phase__success" => assert_eq!(parse_phases(body).unwrap(), ["発送待機", "QXPRESS発送済み"]),
            "get_stock__success" => {
                let rows = parse_stock(body).unwrap();
                assert_eq!(rows.len(), 2, "one row per SKU");
                assert_eq!(
                    (
                        rows[0].item_code.as_str(),
                        rows[0].attribute1.as_str(),
                        rows[0].attribute2.as_str()
                    ),
                    ("1001", "ブラック", "M")
                );
                assert_eq!((rows[0].stock, rows[1].stock), (12, 0));
            }
            "upd_stock__success" => parse_update(body).unwrap(),
            "upd_stock__error" => match parse_update(body) {
                Err(MarketError::Permanent { message }) => {
                    assert!(message.contains("存在しません"), "{message}")
                }
                other => panic!("{name}: {other:?}"),
            },
            other => panic!("fixture {other} has no parser check: add one"),
        }
    }
}

#[tokio::test]
async fn the_simulator_answers_in_the_documented_shapes() {
    let sim = start(43, 0, FaultProfile::None).await;
    let st = state(&sim).await;
    let shop = sim_shop(&st, Site::Crossmall);
    let ep = Endpoint {
        base: sim.base_url(Site::Crossmall),
        account: shop.credentials["company_code"].clone(),
        api_key: Secret::new(shop.credentials["api_key"].clone()),
    };
    let client = reqwest::Client::new();
    let at = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(30);
    let created = post(
        &sim,
        "orders",
        json!({"site": "crossmall", "count": 2, "at": at.to_string()}),
    )
    .await;
    let no = created["created"][0].as_str().unwrap().to_string();
    let day = |t: jiff::Timestamp| {
        jiff::civil::Date::strptime("%Y-%m-%d", shipdeck::market::wire::local_text(t, "%Y-%m-%d")).unwrap()
    };
    // An item sold in several SKUs, for get_stock and upd_stock.
    let text = |req: reqwest::Request| {
        let client = client.clone();
        async move { client.execute(req).await.unwrap().text().await.unwrap() }
    };
    let items = text(ep.get_items(&client, None).unwrap()).await;
    let item_codes: Vec<String> = parse_items(items.as_bytes())
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.item_code)
        .collect();
    let mut sku_item = None;
    for code in item_codes {
        let rows = parse_stock(text(ep.get_stock(&client, &code).unwrap()).await.as_bytes()).unwrap();
        if rows.len() > 1 {
            sku_item = Some(rows[0].clone());
            break;
        }
    }
    let sku = sku_item.expect("a Crossmall item with several SKUs");
    for f in wire::all(SITE) {
        let name = f.stem();
        let got = match name.as_str() {
            "get_phase__success" => wire::send_tree(ep.get_phase(&client).unwrap()).await,
            "get_stock__success" => wire::send_tree(ep.get_stock(&client, &sku.item_code).unwrap()).await,
            "upd_stock__success" => {
                let req = ep
                    .update_stock(&client, &sku.item_code, &sku.attribute1, &sku.attribute2, 5)
                    .unwrap();
                wire::send_tree(req).await
            }
            "upd_stock__error" => {
                wire::send_tree(ep.update_stock(&client, "99999999", "", "", 1).unwrap()).await
            }
            "get_order__success" => {
                wire::send_tree(ep.list_orders_page(&client, day(at), day(at), None).unwrap()).await
            }
            "get_order__empty" => {
                let past = day(at - jiff::SignedDuration::from_hours(24 * 300));
                wire::send_tree(ep.list_orders_page(&client, past, past, None).unwrap()).await
            }
            "upd_order_phase__success" => {
                wire::send_tree(
                    ep.ship(
                        &client,
                        &no,
                        "ヤマト運輸",
                        "4912-0000-0001",
                        jiff::Timestamp::now(),
                    )
                    .unwrap(),
                )
                .await
            }
            // An order the account does not have is refused with the site's words.
            "upd_order_phase__error" => {
                wire::send_tree(
                    ep.ship(&client, "99999999", "ヤマト運輸", "1", jiff::Timestamp::now())
                        .unwrap(),
                )
                .await
            }
            other => panic!("fixture {other} has no simulator call: add one"),
        };
        wire::assert_same_shape(&name, &f.tree(), &got, &[]);
    }
}
