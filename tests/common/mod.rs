//! Builders shared by the integration tests.
#![allow(dead_code)]

use shipdeck::domain::marketplace::Currency;
use shipdeck::domain::status::site_status;
use shipdeck::domain::*;

/// An order with `lines` lines, the first `unmapped` of them unmapped.
pub fn order(
    shop: &str,
    order_no: &str,
    at_secs: i64,
    state: OrderState,
    lines: usize,
    unmapped: usize,
) -> Order {
    let at = jiff::Timestamp::from_second(at_secs).unwrap();
    let money = |amount| Money {
        amount,
        currency: Currency::Jpy,
    };
    Order {
        key: OrderKey::new(ShopName::new(shop).unwrap(), order_no).unwrap(),
        site: Site::Qoo10,
        cart_no: Some(format!("P{order_no}")),
        site_status: site_status(Site::Qoo10, "2"),
        state,
        ordered_at: at,
        paid_at: Some(at),
        zone: SiteZone::Jst,
        buyer: Party {
            name: "山田 太郎".into(),
            ..Party::default()
        },
        receiver: Party {
            name: "山田 太郎".into(),
            phone: "090-0000-0000".into(),
            postal_code: "100-0001".into(),
            address: "東京都千代田区1-1".into(),
        },
        delivery_message: String::new(),
        lines: (0..lines)
            .map(|i| OrderLine {
                line_key: format!("{i}"),
                site_status: site_status(Site::Qoo10, "2"),
                product: ProductRef::Code {
                    product_code: Some(format!("P-{i}")),
                    option_code: None,
                },
                product_name: format!("Product {i}"),
                option_name: String::new(),
                quantity: 1,
                unit_price: money(1000),
                amount: money(1000),
                sku: if i < unmapped {
                    LineSku::Unmapped
                } else {
                    LineSku::Mapped {
                        sku: SkuCode::new(&format!("SKU-{i}")).unwrap(),
                    }
                },
            })
            .collect(),
        tracking: None,
        pushes: Vec::new(),
        collected_at: at,
        updated_at: at,
    }
}

pub mod catalogue;
pub mod dashboard;
pub mod engine;
pub mod faults;
pub mod procs;
pub mod service;
pub mod sim;
pub mod wire;
