//! The hostile-content faults as one layer over every site's answers, whatever their shape:
//! escape sequences in the names and messages of JSON and XML answers and in other error bodies,
//! order numbers with a tab in them, duplicated rows, inflated totals, endless bodies, redirects.
//! It rewrites answers generically (by field name), so the sites' own handlers stay as they are.

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::faults::{corrupt_id, hostile_id};
use super::FaultCtx;

/// What the hostile profile puts into names and messages: an OSC that retitles a terminal, and a
/// CSI that turns its text red.
pub const HOSTILE_TEXT: &str = "\u{1b}]0;pwned\u{7}\u{1b}[31m";

/// What an answer inflated by `endless_pages` announces as its total.
pub const ENDLESS_TOTAL: u64 = 1_000_000_000;

/// Field names (lower case) that hold an order number in some site's answers.
const ID_KEYS: [&str; 5] = ["orderno", "odno", "order_number", "ordernumber", "orderseq"];

fn is_id_key(k: &str) -> bool {
    ID_KEYS.contains(&k.to_ascii_lowercase().as_str())
}

/// Names and messages; not statuses or codes, which sites compare as keys.
fn is_text_key(k: &str) -> bool {
    let k = k.to_ascii_lowercase();
    (k.contains("name") || k.contains("message") || k.contains("msg"))
        && !["phase", "status", "code", "id"].iter().any(|x| k.contains(x))
}

fn is_total_key(k: &str) -> bool {
    matches!(
        k.to_ascii_lowercase().as_str(),
        "totalcount" | "total_count" | "count" | "datacount"
    )
}

/// What the layer does to one answer.
#[derive(Debug, Clone, Copy, Default)]
pub struct Plan {
    /// Escape sequences into names and messages.
    pub control: bool,
    /// The share of order numbers sent corrupted.
    pub bad_ids: f64,
    /// Repeat the first row of lists of orders.
    pub duplicate: bool,
    /// Inflate announced totals.
    pub endless: bool,
    /// Follow the body with endless spaces.
    pub oversized: bool,
    /// Redirect instead of answering.
    pub redirect: bool,
}

impl Plan {
    fn quiet(&self) -> bool {
        !(self.control
            || self.bad_ids > 0.0
            || self.duplicate
            || self.endless
            || self.oversized
            || self.redirect)
    }
}

/// Rewrites a JSON answer as the plan says.
pub fn transform_json(v: &mut Value, plan: &Plan) {
    match v {
        Value::Object(map) => {
            for (k, val) in map.iter_mut() {
                match val {
                    Value::String(s) if is_id_key(k) && hostile_id(s, plan.bad_ids) => {
                        *s = corrupt_id(s);
                    }
                    Value::String(s) if plan.control && is_text_key(k) => {
                        *s = format!("{HOSTILE_TEXT}{s}");
                    }
                    Value::Number(_) if plan.endless && is_total_key(k) => {
                        *val = Value::from(ENDLESS_TOTAL);
                    }
                    other => transform_json(other, plan),
                }
            }
        }
        Value::Array(items) => {
            for item in items.iter_mut() {
                transform_json(item, plan);
            }
            let rows_of_orders = items
                .first()
                .and_then(Value::as_object)
                .is_some_and(|o| o.keys().any(|k| is_id_key(k)));
            if plan.duplicate && rows_of_orders {
                let first = items[0].clone();
                items.push(first);
            }
        }
        _ => {}
    }
}

/// Rewrites the leaf elements (`<tag>text</tag>`) of an XML answer as the plan says.
pub fn transform_xml(xml: &str, plan: &Plan) -> String {
    let mut out = String::with_capacity(xml.len() + 64);
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        let Some(close) = rest.find('>') else { break };
        let tag = &rest[1..close];
        out.push_str(&rest[..=close]);
        rest = &rest[close + 1..];
        let name = tag.split_whitespace().next().unwrap_or_default();
        let leaf = !name.is_empty() && !name.starts_with(['/', '?', '!']) && !tag.ends_with('/');
        if !leaf {
            continue;
        }
        let end_tag = format!("</{name}>");
        let Some(text_end) = rest.find('<') else { continue };
        if !rest[text_end..].starts_with(&end_tag) {
            continue;
        }
        let text = &rest[..text_end];
        if is_id_key(name) && hostile_id(text.trim(), plan.bad_ids) {
            out.push_str(&corrupt_id(text.trim()));
        } else if plan.control && is_text_key(name) {
            out.push_str(HOSTILE_TEXT);
            out.push_str(text);
        } else {
            out.push_str(text);
        }
        rest = &rest[text_end..];
    }
    out.push_str(rest);
    out
}

/// An order number sent back to the site reaches its handler as the site knows it: the tab the
/// profile put in is taken out of the path, the query and the body.
async fn uncorrupt(req: Request) -> Request {
    let (mut parts, body) = req.into_parts();
    let uri = parts.uri.to_string();
    if uri.contains("%09") {
        if let Ok(u) = uri.replace("%09", "").parse::<Uri>() {
            parts.uri = u;
        }
    }
    let Ok(bytes) = axum::body::to_bytes(body, 16 * 1024 * 1024).await else {
        return Request::from_parts(parts, Body::empty());
    };
    let text = String::from_utf8_lossy(&bytes);
    let body = if text.contains("%09") || text.contains("\\t") || text.contains('\t') {
        let fixed = text.replace("%09", "").replace("\\t", "").replace('\t', "");
        parts.headers.remove(header::CONTENT_LENGTH);
        Bytes::from(fixed)
    } else {
        bytes
    };
    Request::from_parts(parts, Body::from(body))
}

static SPACES: [u8; 64 * 1024] = [b' '; 64 * 1024];

/// The hostile-content layer: rolls the plan for this call from the site's faults, then redirects,
/// or lets the call through and rewrites its answer.
pub(super) async fn hostile_layer(State(ctx): State<FaultCtx>, req: Request, next: Next) -> Response {
    let plan = {
        let mut w = ctx.state.world();
        let f = w.faults.get(&ctx.site).copied().unwrap_or_default();
        Plan {
            control: w.roll(f.control_text),
            bad_ids: f.bad_ids,
            duplicate: w.roll(f.duplicate_rows),
            endless: f.endless_pages,
            oversized: w.roll(f.oversized),
            redirect: w.roll(f.redirect),
        }
    };
    if plan.quiet() {
        return next.run(req).await;
    }
    if plan.redirect {
        ctx.state.count_fault(ctx.site);
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("127.0.0.1")
            .to_string();
        return (
            StatusCode::TEMPORARY_REDIRECT,
            [(
                header::LOCATION,
                format!("http://{host}/_sim/stolen?site={}", ctx.site.slug()),
            )],
        )
            .into_response();
    }
    let req = if plan.bad_ids > 0.0 {
        uncorrupt(req).await
    } else {
        req
    };
    let resp = next.run(req).await;
    let (mut parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 16 * 1024 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "body too large").into_response();
    };
    let kind = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let text = String::from_utf8_lossy(&bytes);
    let rewritten: Bytes = if kind.contains("json") {
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(mut v) => {
                transform_json(&mut v, &plan);
                Bytes::from(v.to_string())
            }
            Err(_) => bytes.clone(),
        }
    } else if kind.contains("xml") || text.trim_start().starts_with("<?xml") {
        Bytes::from(transform_xml(&text, &plan))
    } else if plan.control && !bytes.is_empty() {
        Bytes::from(format!("{text}{HOSTILE_TEXT}"))
    } else {
        bytes.clone()
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    if plan.oversized {
        ctx.state.count_fault(ctx.site);
        let head = futures::stream::iter([Ok::<Bytes, std::io::Error>(rewritten)]);
        let tail = futures::stream::repeat_with(|| Ok(Bytes::from_static(&SPACES)));
        return Response::from_parts(parts, Body::from_stream(futures::StreamExt::chain(head, tail)));
    }
    Response::from_parts(parts, Body::from(rewritten))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bad_number() -> String {
        (1000..)
            .map(|n| n.to_string())
            .find(|n| hostile_id(n, 0.2))
            .unwrap_or_default()
    }

    #[test]
    fn json_names_get_escapes_ids_get_tabs_and_rows_repeat() {
        let bad = bad_number();
        let plan = Plan {
            control: true,
            bad_ids: 0.2,
            duplicate: true,
            endless: true,
            ..Plan::default()
        };
        let mut v = serde_json::json!({
            "TotalCount": 3,
            "Message": "ok",
            "rows": [{"odNo": bad, "buyerName": "Kim", "statusName": "new", "itemCode": "A"}],
        });
        transform_json(&mut v, &plan);
        assert_eq!(v["TotalCount"], ENDLESS_TOTAL);
        assert_eq!(v["Message"], format!("{HOSTILE_TEXT}ok"));
        let rows = v["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 2, "the first row is repeated");
        assert_eq!(rows[0]["odNo"], corrupt_id(&bad));
        assert!(rows[0]["odNo"].as_str().unwrap().contains('\t'));
        assert_eq!(rows[0]["buyerName"], format!("{HOSTILE_TEXT}Kim"));
        assert_eq!(rows[0]["statusName"], "new", "statuses stay comparable");
        assert_eq!(rows[0]["itemCode"], "A");
    }

    #[test]
    fn xml_leaves_are_rewritten_and_the_rest_kept() {
        let bad = bad_number();
        let plan = Plan {
            control: true,
            bad_ids: 0.2,
            ..Plan::default()
        };
        let xml = format!(
            "<?xml version=\"1.0\"?><R><ResultSet TotalResult=\"1\"><Result><order_number>{bad}</order_number>\
             <item_name>Tシャツ</item_name><phase_name>発送待機</phase_name><empty/></Result></ResultSet></R>"
        );
        let out = transform_xml(&xml, &plan);
        assert!(
            out.contains(&format!("<order_number>{}</order_number>", corrupt_id(&bad))),
            "{out}"
        );
        assert!(
            out.contains(&format!("<item_name>{HOSTILE_TEXT}Tシャツ</item_name>")),
            "{out}"
        );
        assert!(out.contains("<phase_name>発送待機</phase_name><empty/>"), "{out}");
        assert!(out.starts_with("<?xml version=\"1.0\"?><R><ResultSet TotalResult=\"1\">"));
    }
}
