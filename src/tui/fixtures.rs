//! A fixed model for the unit and snapshot tests (no live times).

use std::collections::BTreeMap;

use crate::domain::lifecycle::ALL_STATUS_KEYS;
use crate::domain::shop::{PullSchedule, ShopHealth, ShopView};
use crate::domain::{OrderKey, ShopName, Site, StatusKey};
use crate::engine::EngineStatus;

use super::keymap::Keymap;
use super::model::{matches, Model, OrderRow};
use super::msg::{Data, Msg, OrdersList, Search};
use super::theme::Theme;
use super::update;

/// The fixed "now" of the fixtures.
pub fn now() -> jiff::Timestamp {
    "2026-11-20T03:00:00Z".parse().unwrap_or_default()
}

/// Order row `i` of the fixture.
pub fn row(i: usize, status: StatusKey) -> OrderRow {
    let (shop, site, zone) = match i % 3 {
        0 => ("qoo10-main", "qoo10", "JST"),
        1 => ("gmarket-a", "gmarket", "KST"),
        _ => ("grip-live", "grip", "KST"),
    };
    let key = OrderKey::new(
        ShopName::new(shop).unwrap_or_else(|_| unreachable!()),
        format!("1000{i:04}"),
    )
    .unwrap_or_else(|_| unreachable!());
    let sku = if i % 4 == 3 {
        crate::tr!("sku-unmapped", n = 1)
    } else {
        crate::tr!("sku-ok")
    };
    let time = format!(
        "2026-11-{:02} {:02}:{:02} {zone}",
        19 - (i / 24) % 9,
        23 - i % 24,
        (i * 7) % 60
    );
    OrderRow {
        hay: format!("{} {site} {shop} {time} {} {sku}", key.order_no, status.name()),
        key,
        site: site.into(),
        time,
        items: 1 + (i % 3) as u64,
        status: crate::i18n::label("status", status.name()),
        sku,
        status_key: status,
    }
}

/// A model of `w`×`h` with `n` collected orders loaded, six shops and a status.
pub fn model(n: usize, w: u16, h: u16) -> Model {
    let mut m = Model::new(Keymap::default(), Theme::default16(), (w, h), now());
    let mut by_status = BTreeMap::new();
    for (i, k) in ALL_STATUS_KEYS.iter().enumerate() {
        by_status.insert(
            *k,
            if *k == StatusKey::Collected {
                n as u64
            } else {
                i as u64 * 3
            },
        );
    }
    m.status = Some(EngineStatus {
        last_pull: Some(now() - jiff::SignedDuration::from_secs(12)),
        pending_pushes: 3,
        failed_pushes: 1,
        shops_in_error: 1,
        mismatches: 2,
        by_status,
    });
    let shops = [
        ("qoo10-main", Site::Qoo10, ShopHealth::Ok { at: now() }),
        ("gmarket-a", Site::Gmarket, ShopHealth::Ok { at: now() }),
        (
            "lotteon-b",
            Site::Lotteon,
            ShopHealth::AuthFailed {
                at: now(),
                message: "API key refused".into(),
            },
        ),
        ("grip-live", Site::Grip, ShopHealth::Unknown),
    ];
    let views = shops
        .iter()
        .map(|(name, site, health)| ShopView {
            name: name.to_string(),
            site: *site,
            shop_id: format!("{}-seller", site.slug()),
            fields: BTreeMap::new(),
            options: [("order_integration".to_string(), true)].into_iter().collect(),
            api_base: None,
            foreign_api_base: false,
            schedule: PullSchedule::default(),
            health: health.clone(),
            created_at: now(),
        })
        .collect();
    update(&mut m, Msg::Data(Data::Shops(views)));
    load(&mut m, n);
    m
}

/// Feeds the collected tab's rows as the runner would answer the model's page request.
pub fn load(m: &mut Model, n: usize) {
    let rows: Vec<OrderRow> = (0..n).map(|i| row(i, StatusKey::Collected)).collect();
    let (offset, rows) = if m.orders.filtering() {
        // As a search of the whole tab answers: the matches only.
        let f = m.orders.filter().to_string();
        (0, rows.into_iter().filter(|r| matches(&r.hay, &f)).collect())
    } else {
        let page = m.page();
        let start = m.orders.sel.scroll.saturating_sub(page).min(n);
        let end = (start + page * 3).min(n);
        (start as u64, rows[start..end].to_vec())
    };
    update(
        m,
        Msg::Data(Data::Orders {
            list: OrdersList {
                status: StatusKey::Collected,
                ..m.orders.list()
            },
            offset,
            total: if m.orders.filtering() {
                rows.len() as u64
            } else {
                n as u64
            },
            search: m.orders.filtering().then_some(Search {
                scanned: n as u64,
                capped: false,
            }),
            rows,
        }),
    );
}

/// Push `id` of the fixture: confirms and stock pushes in every state, tries by id.
pub fn push(id: u64) -> crate::domain::Push {
    use crate::domain::push::{PushKind, PushState};
    let shop = ["qoo10-main", "gmarket-a", "grip-live"][(id % 3) as usize];
    let at = now() - jiff::SignedDuration::from_mins(id as i64);
    crate::domain::Push {
        id,
        shop: ShopName::new(shop).unwrap_or_else(|_| unreachable!()),
        order_no: Some(format!("2000{id:04}")),
        kind: if id % 4 == 0 {
            PushKind::Stock {
                code: crate::domain::mapping::SiteCode::Product {
                    code: format!("P-{id}"),
                },
                sku: crate::domain::sku::SkuCode::new(&format!("SKU-{id}"))
                    .unwrap_or_else(|_| unreachable!()),
            }
        } else {
            PushKind::Confirm {
                line_keys: vec!["1".into()],
            }
        },
        state: match id % 3 {
            0 => PushState::Done { at },
            1 => PushState::Failed { at },
            _ => PushState::Pending {
                due_at: now() + jiff::SignedDuration::from_mins(5),
            },
        },
        attempts: (id % 5) as u32,
        calls: 0,
        last_error: (id % 3 == 1).then(|| "site said no".to_string()),
        note: None,
        actor: None,
        created_at: at,
        updated_at: at,
    }
}

/// Mismatch line `i` of the fixture.
pub fn mismatch(i: usize) -> super::model::MismatchItem {
    let r = row(i, StatusKey::Collected);
    super::model::MismatchItem {
        row: crate::store::MismatchRow {
            key: r.key,
            line_key: format!("{}", 1 + i % 2),
            code: Some(crate::domain::mapping::SiteCode::Option {
                code: format!("OPT-{:03}", (i * 37) % 100),
            }),
            product_name: format!("Product {}", i % 7),
            option_name: if i % 2 == 0 { "red".into() } else { String::new() },
        },
        site: Some([Site::Qoo10, Site::Gmarket, Site::Grip][i % 3]),
    }
}
