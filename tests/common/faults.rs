//! Injected faults and the error class each must reach an adapter as, checked one table-driven
//! way for every site.
#![allow(dead_code)]

use std::time::Duration;

use serde_json::{json, Value};
use shipdeck::domain::Site;
use shipdeck::market::{ConfirmItem, MarketError, Marketplace, Shipment, Window};
use shipdeck::sim::SimServer;

use super::sim::post;

/// The adapter call a fault case makes.
pub enum Call {
    /// `test_connection`.
    TestConnection,
    /// `list_orders` over the window.
    ListOrders(Window),
    /// `list_products`.
    ListProducts,
    /// `get_order` of this order number.
    GetOrder(String),
    /// `confirm` of these items (a write, sent once).
    Confirm(Vec<ConfirmItem>),
    /// `ship` of these shipments (a write, sent once).
    Ship(Vec<Shipment>),
}

impl Call {
    /// Makes the call: the answer as debug text, or the error.
    async fn run(&self, a: &dyn Marketplace) -> Result<String, MarketError> {
        fn text<T: std::fmt::Debug>(r: Result<T, MarketError>) -> Result<String, MarketError> {
            r.map(|v| format!("{v:?}"))
        }
        match self {
            Call::TestConnection => text(a.test_connection().await),
            Call::ListOrders(window) => text(a.list_orders(*window).await),
            Call::ListProducts => text(a.list_products().await),
            Call::GetOrder(no) => text(a.get_order(no, None).await),
            Call::Confirm(items) => text(a.confirm(items).await),
            Call::Ship(shipments) => text(a.ship(shipments).await),
        }
    }
}

/// One fault case: the fault fields set over the `none` profile, the call made under them, and
/// the check its error must pass.
pub struct FaultCase {
    fault: Value,
    call: Call,
    is: fn(&MarketError) -> bool,
}

/// A fault case (see [`FaultCase`]).
pub fn case(fault: Value, call: Call, is: fn(&MarketError) -> bool) -> FaultCase {
    FaultCase { fault, call, is }
}

/// `POST /_sim/faults` for `site`: the `none` profile with `fields` over it.
pub async fn set_faults(sim: &SimServer, site: Site, fields: Value) {
    let mut body = json!({"site": site.slug(), "profile": "none"});
    if let (Some(body), Some(fields)) = (body.as_object_mut(), fields.as_object()) {
        body.extend(fields.clone());
    }
    post(sim, "faults", body).await;
}

/// For each case in order: sets its faults on `site`, makes its call through `a` and asserts the
/// call fails with an error its check accepts. Then clears the faults and asserts `a` connects
/// again.
pub async fn assert_fault_classes(
    sim: &SimServer,
    site: Site,
    a: &dyn Marketplace,
    cases: impl IntoIterator<Item = FaultCase>,
) {
    for FaultCase { fault, call, is } in cases {
        set_faults(sim, site, fault.clone()).await;
        match call.run(a).await {
            Err(e) => assert!(is(&e), "{site} {fault}: {e:?}"),
            Ok(answer) => panic!("{site} {fault}: expected an error, got {answer}"),
        }
    }
    set_faults(sim, site, json!({})).await;
    if let Err(e) = a.test_connection().await {
        panic!("{site}: no connection once the faults are cleared: {e:?}");
    }
}

/// Any `RateLimited`.
pub fn rate_limited(e: &MarketError) -> bool {
    matches!(e, MarketError::RateLimited { .. })
}

/// `RateLimited` with the `Retry-After: 1` the simulator sends.
pub fn retry_after_1s(e: &MarketError) -> bool {
    matches!(e, MarketError::RateLimited { retry_after: Some(d), .. } if *d == Duration::from_secs(1))
}

/// Any `Transient` (a 5xx answer).
pub fn transient(e: &MarketError) -> bool {
    matches!(e, MarketError::Transient { .. })
}

/// `Transient` from the client's timeout (a stalled answer).
pub fn timed_out(e: &MarketError) -> bool {
    matches!(e, MarketError::Transient { message } if message.contains("timed out"))
}

/// Any `Malformed`.
pub fn malformed(e: &MarketError) -> bool {
    matches!(e, MarketError::Malformed { .. })
}

/// `Malformed` quoting the simulator's junk body.
pub fn junk(e: &MarketError) -> bool {
    matches!(e, MarketError::Malformed { raw, .. } if raw.contains("upstream") && raw.contains("junk"))
}
