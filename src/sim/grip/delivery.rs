//! The simulated Grip delivery calls: the carrier list and the three per-line writes,
//! prepare (1 → 10), shipping (tracking on 10) and start (10 → 11).

use std::sync::Arc;

use axum::extract::{OriginalUri, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::{Authed, Grip, CARRIERS};
use crate::sim::world::{ConfirmRecord, ShipmentRecord, SimTracking};
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

fn keys_of(v: &Value, field: &str) -> Vec<(String, String, Value)> {
    v.get(field)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|k| {
                    let s = |f: &str| {
                        k.get(f)
                            .map(|x| x.to_string().trim_matches('"').to_string())
                            .unwrap_or_default()
                    };
                    (s("orderSeq"), s("orderProductSeq"), k.clone())
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Answers a write: `{result:[DeliveryResult]}` on `/result`, `{affected}` otherwise
/// (docs/delivery/README.md).
fn write_answer(uri: &axum::http::Uri, results: Vec<Value>) -> Response {
    if uri.path().ends_with("/result") {
        Json(json!({ "result": results })).into_response()
    } else {
        let affected = results.iter().filter(|r| r["result"] == json!(true)).count();
        Json(json!({ "affected": affected })).into_response()
    }
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

pub(super) async fn prepare(
    State(st): State<Arc<SimState>>,
    OriginalUri(uri): OriginalUri,
    Authed(i, v): Authed<Grip, Value>,
) -> Response {
    let mut w = st.world();
    let mut results = Vec::new();
    let shop = &mut w.shops[i];
    for (o, l, _) in keys_of(&v, "orderKeys") {
        let line = shop
            .orders
            .get_mut(&o)
            .and_then(|ord| ord.lines.iter_mut().find(|x| x.line_key == l));
        match line {
            None => results.push(result(&o, &l, false, "존재하지 않는 주문입니다.")),
            Some(line) if line.status == "1" => {
                line.status = "10".into();
                shop.confirms.push(ConfirmRecord {
                    order_no: o.clone(),
                    line_key: Some(l.clone()),
                });
                results.push(result(&o, &l, true, ""));
            }
            Some(line) => {
                let msg = format!(
                    "결제완료 상태의 주문만 배송준비중으로 변경할 수 있습니다. (현재 상태: {})",
                    line.status
                );
                results.push(result(&o, &l, false, &msg));
            }
        }
    }
    write_answer(&uri, results)
}

pub(super) async fn shipping(
    State(st): State<Arc<SimState>>,
    OriginalUri(uri): OriginalUri,
    Authed(i, v): Authed<Grip, Value>,
) -> Response {
    let mut w = st.world();
    let mut results = Vec::new();
    let shop = &mut w.shops[i];
    for (o, l, entry) in keys_of(&v, "shippings") {
        let company = entry.get("companySeq").and_then(Value::as_u64).unwrap_or(0);
        let number = entry
            .get("trackingNumber")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let Some(order) = shop.orders.get_mut(&o) else {
            results.push(result(&o, &l, false, "존재하지 않는 주문입니다."));
            continue;
        };
        let Some(line) = order.lines.iter().find(|x| x.line_key == l) else {
            results.push(result(&o, &l, false, "존재하지 않는 주문상품입니다."));
            continue;
        };
        if !CARRIERS.iter().any(|(s, _)| *s == company) {
            results.push(result(
                &o,
                &l,
                false,
                &format!("존재하지 않는 택배사입니다: {company}"),
            ));
        } else if number.is_empty() {
            results.push(result(&o, &l, false, "송장번호가 없습니다."));
        } else if line.status != "10" && line.status != "11" {
            let msg = format!(
                "배송준비중 또는 배송중 상태에서만 송장을 등록할 수 있습니다. (현재 상태: {})",
                line.status
            );
            results.push(result(&o, &l, false, &msg));
        } else {
            order.tracking = Some(SimTracking {
                carrier: company.to_string(),
                number: number.clone(),
            });
            shop.shipments.push(ShipmentRecord {
                order_no: o.clone(),
                line_key: Some(l.clone()),
                carrier: company.to_string(),
                tracking: number,
            });
            results.push(result(&o, &l, true, ""));
        }
    }
    write_answer(&uri, results)
}

pub(super) async fn start(
    State(st): State<Arc<SimState>>,
    OriginalUri(uri): OriginalUri,
    Authed(i, v): Authed<Grip, Value>,
) -> Response {
    let mut w = st.world();
    let mut results = Vec::new();
    let shop = &mut w.shops[i];
    for (o, l, _) in keys_of(&v, "orderKeys") {
        let has_tracking = shop
            .shipments
            .iter()
            .any(|s| s.order_no == o && s.line_key.as_deref() == Some(l.as_str()));
        let line = shop
            .orders
            .get_mut(&o)
            .and_then(|ord| ord.lines.iter_mut().find(|x| x.line_key == l));
        match line {
            None => results.push(result(&o, &l, false, "존재하지 않는 주문입니다.")),
            Some(line) if line.status == "10" && has_tracking => {
                line.status = "11".into();
                results.push(result(&o, &l, true, ""));
            }
            Some(_) if !has_tracking => {
                results.push(result(&o, &l, false, "송장번호가 등록되지 않은 주문입니다."))
            }
            Some(line) => {
                let msg = format!(
                    "배송준비중 상태의 주문만 배송을 시작할 수 있습니다. (현재 상태: {})",
                    line.status
                );
                results.push(result(&o, &l, false, &msg));
            }
        }
    }
    write_answer(&uri, results)
}
