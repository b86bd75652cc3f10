//! Crossmall's [`Endpoint`]: the base URL, company code and auth key, and the builders of every
//! signed request the adapter sends.

use super::wire;
use crate::domain::status::{CROSSMALL_AWAITING_PHASE, CROSSMALL_SHIPPED_PHASE};
use crate::domain::Secret;
use crate::market::types::*;

/// Where the calls go and what signs them; builds every request without touching the network.
#[derive(Clone)]
pub struct Endpoint {
    /// Base URL (`https://crossmall.jp`, or the simulator's).
    pub base: String,
    /// The company code, sent as `account`.
    pub account: String,
    /// The auth key the `signing` is made with.
    pub api_key: Secret,
}

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint")
            .field("base", &self.base)
            .field("account", &self.account)
            .field("api_key", &self.api_key)
            .finish()
    }
}

impl Endpoint {
    fn request(
        &self,
        client: &reqwest::Client,
        method: &str,
        params: Vec<(&str, String)>,
    ) -> Result<reqwest::Request, MarketError> {
        let mut all = vec![("account", self.account.clone())];
        all.extend(params);
        wire::build_request(client, &self.base, method, &all, self.api_key.expose())
    }

    /// `get_phase`: the account's phases.
    pub fn get_phase(&self, client: &reqwest::Client) -> Result<reqwest::Request, MarketError> {
        self.request(client, "get_phase", vec![])
    }

    /// `get_order` for one page of collectable orders dated `from..=to` (JST days), after the
    /// order number `after` when paging.
    pub fn list_orders_page(
        &self,
        client: &reqwest::Client,
        from: jiff::civil::Date,
        to: jiff::civil::Date,
        after: Option<&str>,
    ) -> Result<reqwest::Request, MarketError> {
        let mut p = vec![
            ("phase_name", CROSSMALL_AWAITING_PHASE.to_string()),
            ("order_date_fr", from.strftime("%Y-%m-%d").to_string()),
            ("order_date_to", to.strftime("%Y-%m-%d").to_string()),
        ];
        if let Some(last) = after {
            p.push(("order_number", last.to_string()));
            p.push(("condition", "1".to_string()));
        }
        self.request(client, "get_order", p)
    }

    /// `get_order` for exactly one order number, in any phase.
    pub fn get_order(
        &self,
        client: &reqwest::Client,
        order_no: &str,
    ) -> Result<reqwest::Request, MarketError> {
        self.request(
            client,
            "get_order",
            vec![
                ("order_number", order_no.to_string()),
                ("condition", "0".to_string()),
            ],
        )
    }

    /// `get_order_detail`: the lines of one order.
    pub fn get_order_detail(
        &self,
        client: &reqwest::Client,
        order_no: &str,
    ) -> Result<reqwest::Request, MarketError> {
        self.request(
            client,
            "get_order_detail",
            vec![("order_number", order_no.to_string())],
        )
    }

    /// `upd_order_phase`: moves an order to `QXPRESS発送済み` with the delivery date (JST day of
    /// `shipped_at`), tracking number and carrier name.
    pub fn ship(
        &self,
        client: &reqwest::Client,
        order_no: &str,
        carrier_name: &str,
        tracking: &str,
        shipped_at: jiff::Timestamp,
    ) -> Result<reqwest::Request, MarketError> {
        self.request(
            client,
            "upd_order_phase",
            vec![
                ("order_number", order_no.to_string()),
                ("after_phase_name", CROSSMALL_SHIPPED_PHASE.to_string()),
                (
                    "delivery_date",
                    crate::market::wire::local_text(shipped_at, "%Y-%m-%d"),
                ),
                ("delivery_date_update", "1".to_string()),
                // The tracking number goes as `delivery_no`, the name a public client of this call
                // sends it under (CROSS MALL engine template, "パターン4: フェーズ更新"; the call
                // sets 発送日 + 配送番号 + 配送便名). The read side names it `delivery_number`.
                ("delivery_no", tracking.to_string()),
                // ASSUMPTION: the carrier (配送便名) goes as `delivery_name`, its name in get_order;
                // no public source names this parameter (searched: the template, public clients
                // of upd_order_phase, the docs and pages corpora).
                ("delivery_name", carrier_name.to_string()),
            ],
        )
    }

    /// `upd_stock`: overwrites (mode `u`) the stock of one item or one SKU of it.
    pub fn update_stock(
        &self,
        client: &reqwest::Client,
        item_code: &str,
        attribute1: &str,
        attribute2: &str,
        stock: i64,
    ) -> Result<reqwest::Request, MarketError> {
        // ASSUMPTION: upd_stock takes get_stock's keys (item_code, attribute1_name,
        // attribute2_name) plus `stock` and `mode=u`; attributes are sent only when the SKU has them.
        let mut p = vec![("item_code", item_code.to_string())];
        if !attribute1.is_empty() {
            p.push(("attribute1_name", attribute1.to_string()));
        }
        if !attribute2.is_empty() {
            p.push(("attribute2_name", attribute2.to_string()));
        }
        p.push(("stock", stock.to_string()));
        p.push(("mode", "u".to_string()));
        self.request(client, "upd_stock", p)
    }

    /// `get_item`: one page of items, after the item code `after` when paging.
    pub fn get_items(
        &self,
        client: &reqwest::Client,
        after: Option<&str>,
    ) -> Result<reqwest::Request, MarketError> {
        // get_item pages like get_order: the last `item_code` + `condition=1` (greater than), with
        // `sort_type=0` on every page, as public client shunki1001/cm-data-linkage update_zaiko.py
        // does (it asks again while a page holds 100 rows).
        let p = match after {
            Some(last) => vec![
                ("item_code", last.to_string()),
                ("condition", "1".to_string()),
                ("sort_type", "0".to_string()),
            ],
            None => vec![("condition", "1".to_string()), ("sort_type", "0".to_string())],
        };
        self.request(client, "get_item", p)
    }

    /// `get_stock`: the SKUs of one item with their stock.
    pub fn get_stock(
        &self,
        client: &reqwest::Client,
        item_code: &str,
    ) -> Result<reqwest::Request, MarketError> {
        self.request(client, "get_stock", vec![("item_code", item_code.to_string())])
    }
}
