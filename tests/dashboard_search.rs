//! The dashboard's queries over a real sled store: a filter searches the whole status tab (not
//! only the newest rows), stops at the cap of matches and says so, answers in the list's sort
//! order, and gives up when a newer search replaced it.

mod common;

use std::sync::Arc;

use shipdeck::config::Config;
use shipdeck::domain::*;
use shipdeck::engine::{Engine, EngineHandle, EngineOptions};
use shipdeck::market::SystemClock;
use shipdeck::store::{Change, OrderSort, OrderSortKey, Store};
use shipdeck::tui::model::FILTER_CAP;
use shipdeck::tui::msg::{Data, OrdersList};
use shipdeck::tui::queries::search_orders;

const SHOPS: [&str; 3] = ["tokyo", "seoul", "osaka"];

/// `n` collected orders, one a second, spread over three shops; the oldest sells a zebra lamp.
fn handle(dir: &std::path::Path, n: usize) -> EngineHandle {
    let store = Store::open(dir).unwrap();
    let orders: Vec<Order> = (0..n)
        .map(|i| {
            let mut o = common::order(
                SHOPS[i % 3],
                &format!("N{i:06}"),
                1_700_000_000 + i as i64,
                OrderState::at(Stage::Collected),
                1,
                0,
            );
            if i == 0 {
                o.lines[0].product_name = "Zebra lamp".into();
            }
            o
        })
        .collect();
    for chunk in orders.chunks(2_000) {
        store
            .apply(&Change {
                orders: chunk.to_vec(),
                ..Change::default()
            })
            .unwrap();
    }
    let engine = Engine::new(
        store,
        Config::default(),
        Arc::new(SystemClock),
        EngineOptions::default(),
    )
    .unwrap();
    EngineHandle::local(Arc::new(engine))
}

fn list(filter: &str, sort: OrderSort) -> OrdersList {
    OrdersList {
        status: StatusKey::Collected,
        sort,
        filter: filter.into(),
    }
}

#[test]
fn a_filter_finds_the_oldest_order_of_a_tab_far_beyond_the_newest_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let n = FILTER_CAP as usize * 2 + 500;
    let h = handle(tmp.path(), n);
    let Some(Data::Orders { rows, search, .. }) =
        search_orders(&h, list("zebra", OrderSort::default()), &|| true)
    else {
        panic!("no answer")
    };
    let keys: Vec<String> = rows.iter().map(|r| r.key.to_string()).collect();
    assert_eq!(keys, ["tokyo/N000000"], "smart case: `zebra` matches `Zebra`");
    let s = search.unwrap();
    assert_eq!(s.scanned, n as u64, "every order of the tab was looked at");
    assert!(!s.capped);
    // A capital makes the search case-sensitive.
    let Some(Data::Orders { rows, .. }) = search_orders(&h, list("ZEBRA", OrderSort::default()), &|| true)
    else {
        panic!("no answer")
    };
    assert!(rows.is_empty());
}

#[test]
fn a_broad_filter_stops_at_the_cap_with_the_newest_matches_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let n = FILTER_CAP as usize + 1_000;
    let h = handle(tmp.path(), n);
    let Some(Data::Orders {
        rows, search, total, ..
    }) = search_orders(&h, list("product", OrderSort::default()), &|| true)
    else {
        panic!("no answer")
    };
    let s = search.unwrap();
    assert!(s.capped);
    assert_eq!(rows.len() as u64, FILTER_CAP);
    assert_eq!(total, FILTER_CAP);
    assert_eq!(s.scanned, FILTER_CAP, "it stopped as soon as the cap was reached");
    assert_eq!(rows[0].key.order_no, format!("N{:06}", n - 1), "newest first");
}

#[test]
fn matches_come_in_the_lists_sort_and_a_replaced_search_gives_up() {
    let tmp = tempfile::tempdir().unwrap();
    let h = handle(tmp.path(), 300);
    let by_shop = OrderSort {
        by: OrderSortKey::Shop,
        reverse: false,
    };
    let Some(Data::Orders { rows, .. }) = search_orders(&h, list("n0001", by_shop), &|| true) else {
        panic!("no answer")
    };
    // N000100..N000199: shops A→Z (osaka, seoul, tokyo), newest first within each.
    let got: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r.key.shop.to_string(), r.key.order_no.clone()))
        .collect();
    let mut want: Vec<(String, String)> = (100..200)
        .rev()
        .map(|i| (SHOPS[i % 3].to_string(), format!("N{i:06}")))
        .collect();
    want.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(got, want);
    // Oldest first is the newest-first answer backwards.
    let oldest = OrderSort {
        by: OrderSortKey::Time,
        reverse: true,
    };
    let Some(Data::Orders { rows, .. }) = search_orders(&h, list("n0001", oldest), &|| true) else {
        panic!("no answer")
    };
    assert_eq!(rows.first().unwrap().key.order_no, "N000100");
    assert_eq!(rows.last().unwrap().key.order_no, "N000199");
    // A search that is no longer wanted answers nothing.
    assert!(search_orders(&h, list("n0001", oldest), &|| false).is_none());
}
