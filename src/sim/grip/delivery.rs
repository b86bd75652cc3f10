//! The simulated Grip delivery calls: the carrier list, the three per-line actions — prepare
//! (1 → 10), shipping (tracking on 10 or 11) and start (10 → 11, only once a tracking number is
//! set) — each answering `{affected}`, and their `…/result` checks answering
//! `{result:[DeliveryResult]}` from what the action recorded (docs/delivery/README.md).

use std::sync::Arc;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::{refuse, Authed, Grip, CARRIERS};
use crate::sim::world::{ConfirmRecord, ShipmentRecord, SimShop, SimTracking, WriteRecord};
use crate::sim::SimState;

pub(super) async fn companies(_: Authed<Grip>) -> Response {
    let list: Vec<Value> = CARRIERS
        .iter()
        .map(
            |(seq, name)| json!({"companySeq": seq, "companyName": name, "serviceType": 1, "tracking": true}),
        )
        .collect();
    Json(json!({ "deliveryCompanies": list })).into_response()
}

/// One of the three per-line actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    /// `PUT /api/delivery/prepare` ("발주(접수) 요청").
    Prepare,
    /// `PUT /api/delivery/shipping` ("택배 정보 설정").
    Shipping,
    /// `PUT /api/delivery/start` ("발송 요청").
    Start,
}

impl Action {
    /// The name recorded in [`WriteRecord::call`].
    fn name(self) -> &'static str {
        match self {
            Action::Prepare => "prepare",
            Action::Shipping => "shipping",
            Action::Start => "start",
        }
    }

    /// The body's list field: `shippings` (`DeliveryShipping`) or `orderKeys` (`OrderKey`).
    fn field(self) -> &'static str {
        match self {
            Action::Shipping => "shippings",
            Action::Prepare | Action::Start => "orderKeys",
        }
    }
}

/// The entries of the body's list field as (order, line, entry); `None` when the field is missing
/// or empty (the guide's "필수 값 누락", refused with HTTP 400 since the 2026.08 change).
fn keys_of(v: &Value, field: &str) -> Option<Vec<(String, String, Value)>> {
    let list = v.get(field).and_then(Value::as_array).filter(|a| !a.is_empty())?;
    Some(
        list.iter()
            .map(|k| {
                let s = |f: &str| {
                    k.get(f)
                        .map(|x| x.to_string().trim_matches('"').to_string())
                        .unwrap_or_default()
                };
                (s("orderSeq"), s("orderProductSeq"), k.clone())
            })
            .collect(),
    )
}

fn missing(field: &str) -> Response {
    refuse(format!("필수 값이 누락되었습니다: {field}"))
}

/// A `DeliveryResult`; `message` only on failure, at most 100 characters.
fn result(order: &str, line: &str, ok: bool, message: &str) -> Value {
    let mut r = json!({
        "orderSeq": order.parse::<u64>().unwrap_or(0),
        "orderProductSeq": line.parse::<u64>().unwrap_or(0),
        "result": ok,
    });
    if !ok {
        r["message"] = json!(message.chars().take(100).collect::<String>());
    }
    r
}

const NO_ORDER: &str = "존재하지 않는 주문입니다.";

/// Applies one action to one line: `Ok` when done, else the site's reason.
fn apply(shop: &mut SimShop, action: Action, o: &str, l: &str, entry: &Value) -> Result<(), String> {
    let has_tracking = shop
        .shipments
        .iter()
        .any(|s| s.order_no == o && s.line_key.as_deref().is_none_or(|k| k == l));
    let order = shop.orders.get_mut(o).ok_or(NO_ORDER)?;
    let line = order
        .lines
        .iter_mut()
        .find(|x| x.line_key == l)
        .ok_or("존재하지 않는 주문상품입니다.")?;
    match action {
        Action::Prepare => {
            if line.status != "1" {
                return Err(format!(
                    "결제완료 상태의 주문만 배송준비중으로 변경할 수 있습니다. (현재 상태: {})",
                    line.status
                ));
            }
            line.status = "10".into();
            shop.confirms.push(ConfirmRecord {
                order_no: o.to_string(),
                line_key: Some(l.to_string()),
            });
        }
        Action::Shipping => {
            let company = entry.get("companySeq").and_then(Value::as_u64).unwrap_or(0);
            let number = entry
                .get("trackingNumber")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            if !CARRIERS.iter().any(|(s, _)| *s == company) {
                return Err(format!("존재하지 않는 택배사입니다: {company}"));
            }
            if number.is_empty() {
                return Err("송장번호가 없습니다.".into());
            }
            // The guide: a wrong tracking number may be set again while the line is shipping (11).
            if line.status != "10" && line.status != "11" {
                return Err(format!(
                    "배송준비중 또는 배송중 상태에서만 송장을 등록할 수 있습니다. (현재 상태: {})",
                    line.status
                ));
            }
            order.tracking = Some(SimTracking {
                carrier: company.to_string(),
                number: number.clone(),
            });
            shop.shipments.push(ShipmentRecord {
                order_no: o.to_string(),
                line_key: Some(l.to_string()),
                carrier: company.to_string(),
                tracking: number,
            });
        }
        Action::Start => {
            // The guide: "택배 정보를 설정해야 발송 요청을 성공할 수 있습니다".
            if !has_tracking {
                return Err("택배 정보(송장번호)가 설정되지 않은 주문입니다.".into());
            }
            if line.status != "10" {
                return Err(format!(
                    "배송준비중 상태의 주문만 배송을 시작할 수 있습니다. (현재 상태: {})",
                    line.status
                ));
            }
            line.status = "11".into();
        }
    }
    Ok(())
}

/// An action call: applies it line by line, records each outcome, answers `{affected}`.
fn act(st: &SimState, shop: usize, v: &Value, action: Action) -> Response {
    let Some(keys) = keys_of(v, action.field()) else {
        return missing(action.field());
    };
    let mut w = st.world();
    let shop = &mut w.shops[shop];
    let mut affected = 0;
    for (o, l, entry) in keys {
        let outcome = apply(shop, action, &o, &l, &entry);
        affected += usize::from(outcome.is_ok());
        shop.writes.push(WriteRecord {
            call: action.name().into(),
            order_no: o,
            line_key: l,
            ok: outcome.is_ok(),
            message: outcome.err(),
        });
    }
    Json(json!({ "affected": affected })).into_response()
}

/// A `…/result` check: per line, the outcome of the last action of this kind recorded for it
/// (changes nothing).
fn check(st: &SimState, shop: usize, v: &Value, action: Action) -> Response {
    let Some(keys) = keys_of(v, action.field()) else {
        return missing(action.field());
    };
    let w = st.world();
    let shop = &w.shops[shop];
    let results: Vec<Value> = keys
        .iter()
        .map(|(o, l, _)| {
            let last = shop
                .writes
                .iter()
                .rev()
                .find(|r| r.call == action.name() && &r.order_no == o && &r.line_key == l);
            match last {
                Some(r) => result(o, l, r.ok, r.message.as_deref().unwrap_or("")),
                None if !shop.orders.contains_key(o) => result(o, l, false, NO_ORDER),
                None => result(o, l, false, "요청 내역이 없습니다."),
            }
        })
        .collect();
    Json(json!({ "result": results })).into_response()
}

/// `PUT /api/delivery/prepare` → `{affected}`.
pub(super) async fn prepare(State(st): State<Arc<SimState>>, Authed(i, v): Authed<Grip, Value>) -> Response {
    act(&st, i, &v, Action::Prepare)
}

/// `PUT /api/delivery/prepare/result` → `{result:[DeliveryResult]}`.
pub(super) async fn prepare_result(
    State(st): State<Arc<SimState>>,
    Authed(i, v): Authed<Grip, Value>,
) -> Response {
    check(&st, i, &v, Action::Prepare)
}

/// `PUT /api/delivery/shipping` → `{affected}`.
pub(super) async fn shipping(State(st): State<Arc<SimState>>, Authed(i, v): Authed<Grip, Value>) -> Response {
    act(&st, i, &v, Action::Shipping)
}

/// `PUT /api/delivery/shipping/result` → `{result:[DeliveryResult]}`.
pub(super) async fn shipping_result(
    State(st): State<Arc<SimState>>,
    Authed(i, v): Authed<Grip, Value>,
) -> Response {
    check(&st, i, &v, Action::Shipping)
}

/// `PUT /api/delivery/start` → `{affected}`.
pub(super) async fn start(State(st): State<Arc<SimState>>, Authed(i, v): Authed<Grip, Value>) -> Response {
    act(&st, i, &v, Action::Start)
}

/// `PUT /api/delivery/start/result` → `{result:[DeliveryResult]}`.
pub(super) async fn start_result(
    State(st): State<Arc<SimState>>,
    Authed(i, v): Authed<Grip, Value>,
) -> Response {
    check(&st, i, &v, Action::Start)
}
