//! `/_sim/…`: what tests and operators use to see and steer the simulator.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::faults::{FaultProfile, Faults};
use super::world::{ConfirmRecord, ShipmentRecord, SimTracking, StockRecord, WriteRecord};
use super::SimState;
use crate::domain::marketplace::ALL_SITES;
use crate::domain::status::is_collectable;
use crate::domain::Site;

/// The routes under `/_sim`.
pub fn routes() -> Router<Arc<SimState>> {
    Router::new()
        .route("/state", get(state))
        .route("/orders", post(add_orders))
        .route("/status", post(set_status))
        .route("/cancel", post(cancel))
        .route("/ship", post(ship))
        .route("/faults", post(set_faults))
}

/// `GET /_sim/state`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StateView {
    /// Integrator-level keys the simulator accepts, as the config file names them.
    pub integrator: IntegratorView,
    /// Every simulated shop.
    pub shops: Vec<ShopStateView>,
    /// Calls refused by injected faults, per site slug.
    pub fault_rejections: BTreeMap<String, u64>,
    /// Calls received, by `site path` (numeric path segments shown as `{n}`).
    #[serde(default)]
    pub requests: BTreeMap<String, u64>,
    /// Faults in force, per site slug.
    pub faults: BTreeMap<String, Faults>,
}

/// The integrator keys.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IntegratorView {
    /// `[esm]`: master_id, secret_key.
    pub esm: BTreeMap<String, String>,
    /// `[grip]`: service_id.
    pub grip: BTreeMap<String, String>,
    /// `[qoo10]`: api_key; plus the QSM login `CreateCertificationKey` accepts (user_id, password).
    pub qoo10: BTreeMap<String, String>,
}

/// One shop as the simulator has it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ShopStateView {
    /// Site slug.
    pub site: Site,
    /// Seller id (`--shop-id`).
    pub shop_id: String,
    /// Credential fields by `--set` name.
    pub credentials: BTreeMap<String, String>,
    /// Path prefix; the shop's api_base is the simulator URL plus this.
    pub base_path: String,
    /// Orders and their status.
    pub orders: Vec<OrderStateView>,
    /// Every confirmation received.
    pub confirms: Vec<ConfirmRecord>,
    /// Every shipment received.
    pub shipments: Vec<ShipmentRecord>,
    /// Every stock update received.
    pub stock_updates: Vec<StockRecord>,
    /// Grip: every per-line action received (prepare, shipping, start) and its outcome.
    #[serde(default)]
    pub writes: Vec<WriteRecord>,
    /// Calls refused for this shop (auth, validation, quota).
    pub rejected: u64,
}

/// One order as the simulator has it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OrderStateView {
    /// Order number.
    pub order_no: String,
    /// The order's status code (least advanced line, or Crossmall phase).
    pub status: String,
    /// True when listed by shipdeck's collectable-status pulls.
    pub collectable: bool,
    /// Cancelled on the site.
    pub cancelled: bool,
    /// Order time.
    pub ordered_at: jiff::Timestamp,
    /// Lines: key, status, codes.
    pub lines: Vec<LineStateView>,
    /// Tracking, once shipped.
    pub tracking: Option<SimTracking>,
}

/// One line as the simulator has it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LineStateView {
    /// Line key.
    pub line_key: String,
    /// Status code.
    pub status: String,
    /// The seller's product code.
    pub product_code: String,
    /// The seller's option code, for optioned products.
    pub option_code: Option<String>,
    /// Quantity.
    pub quantity: u32,
}

async fn state(State(st): State<Arc<SimState>>) -> Json<StateView> {
    let w = st.world();
    let i = &w.integrator;
    let map = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let shops = w
        .shops
        .iter()
        .map(|s| ShopStateView {
            site: s.site,
            shop_id: s.shop_id.clone(),
            credentials: s.credentials.clone(),
            base_path: s.base_path.clone(),
            orders: s
                .orders
                .values()
                .map(|o| {
                    let status = o.status();
                    OrderStateView {
                        order_no: o.order_no.clone(),
                        collectable: !o.cancelled && is_collectable(s.site, &status),
                        status,
                        cancelled: o.cancelled,
                        ordered_at: o.ordered_at,
                        lines: o
                            .lines
                            .iter()
                            .map(|l| {
                                let p = &s.products[l.product];
                                LineStateView {
                                    line_key: l.line_key.clone(),
                                    status: o.phase.clone().unwrap_or_else(|| l.status.clone()),
                                    product_code: p.product_code.clone(),
                                    option_code: l.option.map(|x| p.options[x].option_code.clone()),
                                    quantity: l.quantity,
                                }
                            })
                            .collect(),
                        tracking: o.tracking.clone(),
                    }
                })
                .collect(),
            confirms: s.confirms.clone(),
            shipments: s.shipments.clone(),
            stock_updates: s.stock_updates.clone(),
            writes: s.writes.clone(),
            rejected: s.rejected,
        })
        .collect();
    Json(StateView {
        integrator: IntegratorView {
            esm: map(&[("master_id", &i.esm_master_id), ("secret_key", &i.esm_secret_key)]),
            grip: map(&[("service_id", &i.grip_service_id)]),
            qoo10: map(&[("api_key", &i.qoo10_api_key)]),
        },
        shops,
        requests: w.requests.clone(),
        fault_rejections: st
            .fault_rejections()
            .into_iter()
            .map(|(k, v)| (k.slug().to_string(), v))
            .collect(),
        faults: w.faults.iter().map(|(k, v)| (k.slug().to_string(), *v)).collect(),
    })
}

fn not_found(what: String) -> Response {
    (StatusCode::NOT_FOUND, Json(serde_json::json!({ "error": what }))).into_response()
}

/// `POST /_sim/orders`: add carts now (or at `at`) to one shop, or to every shop of a site.
#[derive(Debug, Deserialize)]
pub struct AddOrders {
    /// Site.
    pub site: Site,
    /// Seller id; every shop of the site when absent.
    pub shop_id: Option<String>,
    /// Carts to add (default 1).
    pub count: Option<usize>,
    /// Order time (default now).
    pub at: Option<jiff::Timestamp>,
}

async fn add_orders(State(st): State<Arc<SimState>>, Json(req): Json<AddOrders>) -> Response {
    let mut w = st.world();
    let shops: Vec<usize> = (0..w.shops.len())
        .filter(|&i| {
            w.shops[i].site == req.site && req.shop_id.as_ref().is_none_or(|id| &w.shops[i].shop_id == id)
        })
        .collect();
    if shops.is_empty() {
        return not_found(format!("no {} shop {:?}", req.site, req.shop_id));
    }
    let at = req.at.unwrap_or_else(jiff::Timestamp::now);
    let mut created = Vec::new();
    for i in shops {
        for _ in 0..req.count.unwrap_or(1) {
            created.extend(w.add_cart(i, at));
        }
    }
    Json(serde_json::json!({ "created": created })).into_response()
}

/// `POST /_sim/status`: set the status of an order (every line, or one line).
#[derive(Debug, Deserialize)]
pub struct SetStatus {
    /// Site.
    pub site: Site,
    /// Seller id.
    pub shop_id: String,
    /// Order number.
    pub order_no: String,
    /// The new status code (Crossmall: phase name).
    pub status: String,
    /// One line only.
    pub line_key: Option<String>,
}

async fn set_status(State(st): State<Arc<SimState>>, Json(req): Json<SetStatus>) -> Response {
    let mut w = st.world();
    let Some(i) = w.shop_index(req.site, &req.shop_id) else {
        return not_found(format!("no {} shop {}", req.site, req.shop_id));
    };
    let Some(order) = w.shops[i].orders.get_mut(&req.order_no) else {
        return not_found(format!("no order {}", req.order_no));
    };
    if order.phase.is_some() {
        order.phase = Some(req.status.clone());
    }
    for line in &mut order.lines {
        if req.line_key.as_ref().is_none_or(|k| k == &line.line_key) {
            line.status = req.status.clone();
        }
    }
    StatusCode::NO_CONTENT.into_response()
}

/// `POST /_sim/cancel`: the buyer cancels an order.
#[derive(Debug, Deserialize)]
pub struct Cancel {
    /// Site.
    pub site: Site,
    /// Seller id.
    pub shop_id: String,
    /// Order number.
    pub order_no: String,
}

async fn cancel(State(st): State<Arc<SimState>>, Json(req): Json<Cancel>) -> Response {
    let mut w = st.world();
    let Some(i) = w.shop_index(req.site, &req.shop_id) else {
        return not_found(format!("no {} shop {}", req.site, req.shop_id));
    };
    let site = req.site;
    let Some(order) = w.shops[i].orders.get_mut(&req.order_no) else {
        return not_found(format!("no order {}", req.order_no));
    };
    order.cancelled = true;
    if site == Site::Grip {
        for line in &mut order.lines {
            line.status = "80".into();
        }
    }
    StatusCode::NO_CONTENT.into_response()
}

/// `POST /_sim/ship`: someone other than shipdeck (another tool, the seller by hand) registers a
/// shipment: the order moves to the site's shipped status with this carrier and tracking number,
/// and the shipment is recorded like one received through the API.
#[derive(Debug, Deserialize)]
pub struct Ship {
    /// Site.
    pub site: Site,
    /// Seller id.
    pub shop_id: String,
    /// Order number.
    pub order_no: String,
    /// The carrier as the site would show it (name or code).
    pub carrier: String,
    /// The tracking number.
    pub tracking: String,
}

/// The status (Crossmall: phase) an order is in once shipped on each site.
fn shipped_status(site: Site) -> &'static str {
    match site {
        Site::Qoo10 => "4",
        Site::Gmarket | Site::Auction => "3",
        Site::Lotteon => "13",
        Site::Grip => "11",
        Site::Crossmall => "発送済み",
    }
}

async fn ship(State(st): State<Arc<SimState>>, Json(req): Json<Ship>) -> Response {
    let mut w = st.world();
    let Some(i) = w.shop_index(req.site, &req.shop_id) else {
        return not_found(format!("no {} shop {}", req.site, req.shop_id));
    };
    let shop = &mut w.shops[i];
    let Some(order) = shop.orders.get_mut(&req.order_no) else {
        return not_found(format!("no order {}", req.order_no));
    };
    let status = shipped_status(req.site);
    if order.phase.is_some() {
        order.phase = Some(status.to_string());
    }
    for line in &mut order.lines {
        line.status = status.to_string();
    }
    order.tracking = Some(SimTracking {
        carrier: req.carrier.clone(),
        number: req.tracking.clone(),
    });
    shop.shipments.push(ShipmentRecord {
        order_no: req.order_no,
        line_key: None,
        carrier: req.carrier,
        tracking: req.tracking,
    });
    StatusCode::NO_CONTENT.into_response()
}

/// `POST /_sim/faults`: set the faults of one site (or all): a profile, then field overrides.
#[derive(Debug, Deserialize)]
pub struct SetFaults {
    /// Site; every site when absent.
    pub site: Option<Site>,
    /// Start from this profile (default: the faults in force).
    pub profile: Option<FaultProfile>,
    /// Field overrides, as in [`Faults`].
    #[serde(flatten)]
    pub overrides: serde_json::Map<String, serde_json::Value>,
}

async fn set_faults(State(st): State<Arc<SimState>>, Json(req): Json<SetFaults>) -> Response {
    let mut w = st.world();
    let sites: Vec<Site> = req.site.map(|s| vec![s]).unwrap_or_else(|| ALL_SITES.to_vec());
    for site in sites {
        let base = req
            .profile
            .map(FaultProfile::faults)
            .unwrap_or_else(|| w.faults.get(&site).copied().unwrap_or_default());
        let mut value = match serde_json::to_value(base) {
            Ok(serde_json::Value::Object(m)) => m,
            _ => serde_json::Map::new(),
        };
        for (k, v) in &req.overrides {
            if !value.contains_key(k) {
                return (StatusCode::BAD_REQUEST, format!("unknown fault `{k}`")).into_response();
            }
            value.insert(k.clone(), v.clone());
        }
        match serde_json::from_value::<Faults>(serde_json::Value::Object(value)) {
            Ok(f) => {
                w.faults.insert(site, f);
            }
            Err(e) => return (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
        }
    }
    StatusCode::NO_CONTENT.into_response()
}
