//! The sled store on disk: transactions keep records, the status index, counters and mismatch
//! entries equal to a recount, across random operations and across close/reopen.

mod common;

use std::collections::BTreeMap;

use proptest::prelude::*;
use shipdeck::domain::*;
use shipdeck::store::{OrderQuery, OrderSort, OrderSortKey, Store};

const STAGES: [Stage; 6] = [
    Stage::Collected,
    Stage::Confirmed,
    Stage::Instructed,
    Stage::Received,
    Stage::Shipped,
    Stage::Delivered,
];

fn state_from(n: u8) -> OrderState {
    match n % 9 {
        6 => OrderState::Cancelled,
        7 => OrderState::Held {
            reason: HoldReason::UnmappedSku,
            stage: Stage::Collected,
        },
        8 => OrderState::Held {
            reason: HoldReason::PushFailed,
            stage: Stage::Received,
        },
        i => OrderState::at(STAGES[i as usize]),
    }
}

#[derive(Debug, Clone)]
enum Op {
    Upsert {
        shop: u8,
        order: u8,
        at: i64,
        state: u8,
        lines: u8,
        unmapped: u8,
    },
    Status {
        shop: u8,
        order: u8,
        state: u8,
    },
    Delete {
        shop: u8,
        order: u8,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0u8..3, 0u8..12, 1_700_000_000i64..1_700_000_100, any::<u8>(), 1u8..4, 0u8..3)
            .prop_map(|(shop, order, at, state, lines, unmapped)| Op::Upsert { shop, order, at, state, lines, unmapped }),
        2 => (0u8..3, 0u8..12, any::<u8>()).prop_map(|(shop, order, state)| Op::Status { shop, order, state }),
        1 => (0u8..3, 0u8..12).prop_map(|(shop, order)| Op::Delete { shop, order }),
    ]
}

fn shop_name(i: u8) -> &'static str {
    ["tokyo", "seoul", "osaka shop"][i as usize]
}

/// The site slug of each test shop: site order (grip, lotteon, qoo10) differs from name order.
const SITE_OF: [&str; 3] = ["grip", "qoo10", "lotteon"];

/// Registers the three test shops with the sites of `SITE_OF`.
fn register_shops(store: &Store) {
    for (i, site) in SITE_OF.iter().enumerate() {
        let fields: &[(&str, &str)] = match *site {
            "grip" => &[("access_key", "AK123"), ("secret_key", "SECRET-0123456789")],
            "qoo10" => &[("seller_key", "SELLER-KEY-0123456789")],
            _ => &[("api_key", "LOTTE-KEY-0123456789"), ("account_number", "TR1")],
        };
        let spec = shop::ShopSpec {
            name: shop_name(i as u8).into(),
            site: (*site).into(),
            shop_id: format!("seller{i}"),
            fields: fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Default::default()
        };
        store
            .add_shop(&Shop::from_spec(&spec, jiff::Timestamp::now()).unwrap())
            .unwrap();
    }
}

fn key(shop: u8, order: u8) -> OrderKey {
    OrderKey::new(ShopName::new(shop_name(shop)).unwrap(), format!("ORD{order:03}")).unwrap()
}

fn apply(store: &Store, model: &mut BTreeMap<OrderKey, Order>, op: &Op) {
    match op {
        Op::Upsert {
            shop,
            order,
            at,
            state,
            lines,
            unmapped,
        } => {
            let o = common::order(
                shop_name(*shop),
                &format!("ORD{order:03}"),
                *at,
                state_from(*state),
                *lines as usize,
                (*unmapped).min(*lines) as usize,
            );
            let prev = store.put_order(&o).unwrap();
            assert_eq!(prev.as_ref(), model.get(&o.key));
            model.insert(o.key.clone(), o);
        }
        Op::Status { shop, order, state } => {
            let k = key(*shop, *order);
            if let Some(mut o) = store.get_order(&k).unwrap() {
                o.state = state_from(*state);
                store.put_order(&o).unwrap();
                model.insert(k, o);
            }
        }
        Op::Delete { shop, order } => {
            let k = key(*shop, *order);
            let removed = store.delete_order(&k).unwrap();
            assert_eq!(removed, model.remove(&k));
        }
    }
}

/// Checks the store against the model: verify() recount, counts, pages and lookups.
fn check(store: &Store, model: &BTreeMap<OrderKey, Order>) {
    assert_eq!(store.verify().unwrap(), Vec::<String>::new());
    let mut want: BTreeMap<(ShopName, StatusKey), u64> = BTreeMap::new();
    for o in model.values() {
        *want
            .entry((o.key.shop.clone(), o.state.status_key()))
            .or_default() += 1;
    }
    assert_eq!(store.counts().unwrap(), want);
    for (k, o) in model {
        assert_eq!(store.get_order(k).unwrap().as_ref(), Some(o));
    }
    // Whole listing, newest first, equals the model sorted the same way.
    let mut sorted: Vec<&Order> = model.values().collect();
    sorted.sort_by(|a, b| {
        (b.ordered_at, &b.key.shop, &b.key.order_no).cmp(&(a.ordered_at, &a.key.shop, &a.key.order_no))
    });
    let page = store
        .page_orders(&OrderQuery {
            limit: 1000,
            ..OrderQuery::default()
        })
        .unwrap();
    assert_eq!(page.total, model.len() as u64);
    let got: Vec<&OrderKey> = page.orders.iter().map(|o| &o.key).collect();
    let want_keys: Vec<&OrderKey> = sorted.iter().map(|o| &o.key).collect();
    assert_eq!(got, want_keys);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn index_and_counters_always_equal_a_recount(ops in prop::collection::vec(op(), 1..60)) {
        let tmp = tempfile::tempdir().unwrap();
        let mut model = BTreeMap::new();
        {
            let store = Store::open(tmp.path()).unwrap();
            for op in &ops {
                apply(&store, &mut model, op);
                assert_eq!(store.verify().unwrap(), Vec::<String>::new(), "after {op:?}");
            }
            check(&store, &model);
            store.flush().unwrap();
        }
        // Reopen: everything is still there and still consistent.
        let store = Store::open(tmp.path()).unwrap();
        check(&store, &model);
    }

    #[test]
    fn pages_are_slices_of_the_full_listing(
        n in 0usize..40, offset in 0u64..45, limit in 0u64..12, shop in prop::option::of(0u8..3), status in prop::option::of(0u8..9),
        sort in 0u8..6,
    ) {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(tmp.path()).unwrap();
        register_shops(&store);
        let mut all = Vec::new();
        for i in 0..n {
            // Same instant for some orders, so that ties are ordered too.
            let o = common::order(shop_name((i % 3) as u8), &format!("N{i:03}"), 1_700_000_000 + (i as i64 / 2), state_from(i as u8), 1, 0);
            store.put_order(&o).unwrap();
            all.push(o);
        }
        let status = status.map(|s| state_from(s).status_key());
        let shop = shop.map(|s| ShopName::new(shop_name(s)).unwrap());
        let mut want: Vec<&Order> = all.iter()
            .filter(|o| shop.as_ref().is_none_or(|s| &o.key.shop == s))
            .filter(|o| status.is_none_or(|s| o.state.status_key() == s))
            .collect();
        want.sort_by(|a, b| (b.ordered_at, &b.key.shop, &b.key.order_no).cmp(&(a.ordered_at, &a.key.shop, &a.key.order_no)));
        // The other sorts, from the newest-first listing: oldest first is it backwards; by shop
        // (or site, then shop) keeps newest first within a shop, and reversing flips the groups.
        let by = [OrderSortKey::Time, OrderSortKey::Shop, OrderSortKey::Site][(sort / 2) as usize];
        let reverse = sort % 2 == 1;
        let site_of = |o: &Order| SITE_OF[["tokyo", "seoul", "osaka shop"].iter().position(|n| *n == o.key.shop.as_str()).unwrap()];
        match (by, reverse) {
            (OrderSortKey::Time, true) => want.reverse(),
            (OrderSortKey::Time, false) => {}
            (OrderSortKey::Shop, r) => want.sort_by(|a, b| { let o = a.key.shop.cmp(&b.key.shop); if r { o.reverse() } else { o } }),
            (OrderSortKey::Site, r) => want.sort_by(|a, b| {
                let o = (site_of(a), &a.key.shop).cmp(&(site_of(b), &b.key.shop));
                if r { o.reverse() } else { o }
            }),
        }
        let page = store.page_orders(&OrderQuery { shop, status, offset, limit, sort: OrderSort { by, reverse } }).unwrap();
        prop_assert_eq!(page.total, want.len() as u64);
        let got: Vec<String> = page.orders.iter().map(|o| o.key.to_string()).collect();
        let expect: Vec<String> = want.iter().skip(offset as usize).take(limit as usize).map(|o| o.key.to_string()).collect();
        prop_assert_eq!(got, expect);
    }
}

#[test]
fn mismatches_are_open_lines_of_orders_still_to_ship() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let held = OrderState::Held {
        reason: HoldReason::UnmappedSku,
        stage: Stage::Collected,
    };
    store
        .put_order(&common::order("tokyo", "A1", 1_700_000_000, held.clone(), 3, 2))
        .unwrap();
    store
        .put_order(&common::order(
            "tokyo",
            "A2",
            1_700_000_001,
            OrderState::Cancelled,
            2,
            2,
        ))
        .unwrap();
    assert_eq!(store.mismatch_count().unwrap(), 2);
    let rows = store.mismatches(0, 10).unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r.key.to_string() == "tokyo/A1"));
    assert_eq!(
        rows[0].code,
        Some(shipdeck::domain::SiteCode::Product { code: "P-0".into() })
    );
    // Mapping the lines (a new version of the order) clears them.
    store
        .put_order(&common::order("tokyo", "A1", 1_700_000_000, held, 3, 0))
        .unwrap();
    assert_eq!(store.mismatch_count().unwrap(), 0);
    assert!(store.mismatches(0, 10).unwrap().is_empty());
}

#[test]
fn shops_round_trip_with_their_secrets() {
    let tmp = tempfile::tempdir().unwrap();
    let spec = shop::ShopSpec {
        name: "grip-main".into(),
        site: "grip".into(),
        shop_id: "seller".into(),
        fields: [("access_key", "AK123"), ("secret_key", "SECRET-0123456789")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ..Default::default()
    };
    let shop = Shop::from_spec(&spec, jiff::Timestamp::now()).unwrap();
    {
        let store = Store::open(tmp.path()).unwrap();
        store.add_shop(&shop).unwrap();
        assert!(store
            .add_shop(&shop)
            .unwrap_err()
            .to_string()
            .contains("already exists"));
        store.flush().unwrap();
    }
    let store = Store::open(tmp.path()).unwrap();
    let back = store.get_shop(&shop.name).unwrap().unwrap();
    assert_eq!(back, shop);
    match back.credentials {
        Credentials::Grip { secret_key, .. } => {
            assert_eq!(secret_key.expose(), "SECRET-0123456789")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(store.list_shops().unwrap().len(), 1);
    assert!(store.remove_shop(&shop.name).unwrap().is_some());
    assert!(store.list_shops().unwrap().is_empty());
}
