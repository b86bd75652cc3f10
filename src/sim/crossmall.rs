//! The simulated Crossmall web API (`/webapi2/<method>`): GET only, `account` + md5 `signing`
//! checked against the query string exactly as received, XML envelopes named after the method,
//! orders in per-account phases, keyset paging by `order_number` + `condition=1`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{OriginalUri, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use md5::{Digest, Md5};

use super::world::{ShipmentRecord, SimOrder, SimTracking, StockRecord, World};
use super::SimState;
use crate::domain::status::{CROSSMALL_AWAITING_PHASE, CROSSMALL_SHIPPED_PHASE};
use crate::domain::Site;

/// Rows one `get_order` / `get_item` call returns at most.
pub const PAGE_SIZE: usize = 100;

/// The phases every simulated account has unless a test changed them.
pub const DEFAULT_PHASES: &[&str] = &[
    "新規受付",
    "入金待ち",
    CROSSMALL_AWAITING_PHASE,
    "発送済み",
    CROSSMALL_SHIPPED_PHASE,
    "完了",
    "キャンセル",
];

/// Message of a refused `signing`.
pub const MSG_BAD_SIGNING: &str = "認証エラー: signingが一致しません";
/// Message of an unknown `account`.
pub const MSG_UNKNOWN_ACCOUNT: &str = "認証エラー: アカウントが存在しません";
/// Message of a call from an IP address that is not allow-listed.
pub const MSG_IP_NOT_ALLOWED: &str = "認証エラー: 許可されていないIPアドレスからのアクセスです";

/// [`DEFAULT_PHASES`] as owned strings: the phases a new simulated account starts with.
pub fn default_phases() -> Vec<String> {
    DEFAULT_PHASES.iter().map(|s| s.to_string()).collect()
}

/// Sets the phases of the simulated account with this company code (`None` restores
/// [`DEFAULT_PHASES`]). Returns false when the simulator has no such account.
pub fn set_phases(state: &SimState, company_code: &str, phases: Option<Vec<String>>) -> bool {
    let mut w = state.world();
    let Some(shop) = w.shops.iter_mut().find(|s| {
        s.site == Site::Crossmall
            && s.credentials.get("company_code").map(String::as_str) == Some(company_code)
    }) else {
        return false;
    };
    shop.phases = phases.unwrap_or_else(default_phases);
    true
}

/// The routes under the site's prefix.
pub fn routes() -> Router<Arc<SimState>> {
    Router::new().route("/webapi2/{method}", get(handle))
}

/// `get_order_detail` → `GetOrderDetail`: the root element of a method's answer.
pub fn root_name(method: &str) -> String {
    method
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

fn md5_hex(text: &str) -> String {
    Md5::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

type Row = Vec<(&'static str, String)>;

/// An answer envelope: `<Root><ResultSet TotalResult="n"><ResultStatus><GetStatus>…`.
fn envelope(root: &str, update: bool, error: Option<&str>, total: usize, rows: &[Row]) -> Response {
    use quick_xml::escape::escape;
    let tag = if update { "UpdStatus" } else { "GetStatus" };
    let status = if error.is_some() { "error" } else { "success" };
    let message = match error {
        Some(m) => format!("<Message>{}</Message>", escape(m)),
        None => "<Message/>".to_string(),
    };
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{root}><ResultSet TotalResult=\"{total}\">\
         <ResultStatus><{tag}>{status}</{tag}>{message}</ResultStatus>"
    );
    for row in rows {
        xml.push_str("<Result>");
        for (k, v) in row {
            if v.is_empty() {
                xml.push_str(&format!("<{k}/>"));
            } else {
                xml.push_str(&format!("<{k}>{}</{k}>", escape(v.as_str())));
            }
        }
        xml.push_str("</Result>");
    }
    xml.push_str(&format!("</ResultSet></{root}>"));
    (
        StatusCode::OK,
        [("content-type", "application/xml; charset=UTF-8")],
        xml,
    )
        .into_response()
}

fn refuse(w: &mut World, shop: Option<usize>, root: &str, update: bool, message: &str) -> Response {
    if let Some(i) = shop {
        w.shops[i].rejected += 1;
    }
    envelope(root, update, Some(message), 0, &[])
}

fn number_key(s: &str) -> (usize, String) {
    let t = s.trim_start_matches('0');
    (t.len(), t.to_string())
}

fn jst(ts: jiff::Timestamp, format: &str) -> String {
    crate::market::wire::local_text(ts, format)
}

async fn handle(
    State(st): State<Arc<SimState>>,
    Path(method): Path<String>,
    OriginalUri(uri): OriginalUri,
) -> Response {
    let root = root_name(&method);
    let update = method.starts_with("upd_");
    // The signed string is the query exactly as received, minus the `signing` pair.
    let raw = uri.query().unwrap_or("");
    let mut signing = None;
    let mut rest = Vec::new();
    for part in raw.split('&') {
        match part.strip_prefix("signing=") {
            Some(v) => signing = Some(v.to_string()),
            None => rest.push(part),
        }
    }
    let signed = rest.join("&");
    let params: HashMap<String, String> = url::form_urlencoded::parse(signed.as_bytes())
        .into_owned()
        .collect();
    let mut w = st.world();
    let account = params.get("account").cloned().unwrap_or_default();
    let Some(i) = w
        .shops
        .iter()
        .position(|s| s.site == Site::Crossmall && s.credentials.get("company_code") == Some(&account))
    else {
        return refuse(&mut w, None, &root, update, MSG_UNKNOWN_ACCOUNT);
    };
    if w.faults.get(&Site::Crossmall).is_some_and(|f| f.ip_blocked) {
        return refuse(&mut w, Some(i), &root, update, MSG_IP_NOT_ALLOWED);
    }
    let key = w.shops[i].credentials.get("api_key").cloned().unwrap_or_default();
    if signing.as_deref() != Some(md5_hex(&format!("{signed}{key}")).as_str()) {
        return refuse(&mut w, Some(i), &root, update, MSG_BAD_SIGNING);
    }
    let result = match method.as_str() {
        "get_phase" => Ok(get_phase(&w, i)),
        "get_order" => get_order(&mut w, i, &params),
        "get_order_detail" => get_order_detail(&w, i, &params),
        "get_item" => Ok(get_item(&w, i, &params)),
        "get_stock" => get_stock(&w, i, &params),
        "upd_order_phase" => upd_order_phase(&mut w, i, &params),
        "upd_stock" => upd_stock(&mut w, i, &params),
        _ => Err(format!("メソッド {method} は存在しません")),
    };
    match result {
        Ok((total, rows)) => envelope(&root, update, None, total, &rows),
        Err(message) => refuse(&mut w, Some(i), &root, update, &message),
    }
}

type Answer = Result<(usize, Vec<Row>), String>;

fn get_phase(w: &World, i: usize) -> (usize, Vec<Row>) {
    let rows: Vec<Row> = w.shops[i]
        .phases
        .iter()
        .cloned()
        .map(|p| vec![("phase_name", p)])
        .collect();
    (rows.len(), rows)
}

fn date_param(params: &HashMap<String, String>, name: &str) -> Result<Option<jiff::civil::Date>, String> {
    match params.get(name).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(v) => jiff::civil::Date::strptime("%Y-%m-%d", v)
            .map(Some)
            .map_err(|_| format!("{name} の形式が正しくありません (yyyy-mm-dd): {v}")),
    }
}

fn order_row(o: &SimOrder) -> Row {
    let total: i64 = o.lines.iter().map(|l| l.unit_price * i64::from(l.quantity)).sum();
    let tracking = o.tracking.clone().unwrap_or(SimTracking {
        carrier: String::new(),
        number: String::new(),
    });
    vec![
        ("order_number", o.order_no.clone()),
        ("order_code", format!("QJP{}", o.cart_no)),
        ("shop_name", "Qoo10".into()),
        ("order_date", jst(o.ordered_at, "%Y/%m/%d %H:%M:%S")),
        ("phase_name", o.status()),
        ("cancel_flag", if o.cancelled { "2" } else { "0" }.into()),
        ("bundle_flag", "0".into()),
        ("client_name", o.buyer.name.clone()),
        ("client_tel", o.buyer.phone.clone()),
        ("client_mail", String::new()),
        ("ship_name", o.receiver.name.clone()),
        ("ship_zip", o.receiver.zip.clone()),
        ("ship_address1", o.receiver.addr1.clone()),
        ("ship_address2", o.receiver.addr2.clone()),
        ("ship_tel", o.receiver.phone.clone()),
        ("delivery_number", tracking.number),
        ("delivery_name", tracking.carrier),
        ("delivery_date", o.delivery_date.clone().unwrap_or_default()),
        ("delivery_req_date", String::new()),
        ("delivery_time_name", String::new()),
        ("payment_name", "クレジットカード".into()),
        ("subtotal_price", total.to_string()),
        ("total_price", total.to_string()),
        ("order_memo", o.message.clone()),
        ("delivery_memo", String::new()),
    ]
}

fn get_order(w: &mut World, i: usize, params: &HashMap<String, String>) -> Answer {
    let condition = params.get("condition").map(String::as_str).unwrap_or("0");
    let number = params.get("order_number").filter(|s| !s.is_empty());
    if let (Some(no), "0") = (number, condition) {
        let rows: Vec<Row> = w.shops[i].orders.get(no).map(order_row).into_iter().collect();
        return Ok((rows.len(), rows));
    }
    if number.is_some() && condition != "1" {
        return Err(format!("condition の値が正しくありません: {condition}"));
    }
    let from = date_param(params, "order_date_fr")?;
    let to = date_param(params, "order_date_to")?;
    let phase = params.get("phase_name").filter(|s| !s.is_empty());
    let mut matching: Vec<String> = w.shops[i]
        .orders
        .values()
        .filter(|o| phase.is_none_or(|p| &o.status() == p))
        .filter(|o| {
            let day = jst(o.ordered_at, "%Y-%m-%d");
            from.is_none_or(|f| day >= f.to_string()) && to.is_none_or(|t| day <= t.to_string())
        })
        .map(|o| o.order_no.clone())
        .collect();
    matching.sort_by_key(|n| number_key(n));
    let offset = match number {
        Some(last) => matching
            .iter()
            .take_while(|n| number_key(n) <= number_key(last))
            .count(),
        None => 0,
    };
    let total = matching.len() - offset;
    let page = super::page_with_faults(w, i, &matching, offset, PAGE_SIZE);
    let shop = &w.shops[i];
    let rows = page
        .iter()
        .filter_map(|no| shop.orders.get(no))
        .map(order_row)
        .collect();
    Ok((total, rows))
}

fn get_order_detail(w: &World, i: usize, params: &HashMap<String, String>) -> Answer {
    let Some(no) = params.get("order_number").filter(|s| !s.is_empty()) else {
        return Err("order_number は必須です".into());
    };
    let shop = &w.shops[i];
    let Some(order) = shop.orders.get(no) else {
        return Ok((0, Vec::new()));
    };
    let rows: Vec<Row> = order
        .lines
        .iter()
        .map(|l| {
            let p = &shop.products[l.product];
            let (a1, a2) = l
                .option
                .and_then(|x| p.options.get(x))
                .map(|o| (o.attr1.clone(), o.attr2.clone()))
                .unwrap_or_default();
            vec![
                ("line_no", l.line_key.clone()),
                ("item_code", p.product_id.clone()),
                ("item_name", p.name.clone()),
                ("attribute1_name", a1),
                ("attribute2_name", a2),
                ("amount", l.quantity.to_string()),
                ("unit_price", l.unit_price.to_string()),
                ("amount_price", (l.unit_price * i64::from(l.quantity)).to_string()),
                ("jan_cd", String::new()),
                ("component_flag", "0".into()),
            ]
        })
        .collect();
    Ok((rows.len(), rows))
}

fn get_item(w: &World, i: usize, params: &HashMap<String, String>) -> (usize, Vec<Row>) {
    let after = params
        .get("item_code")
        .filter(|_| params.get("condition").map(String::as_str) == Some("1"));
    let mut items: Vec<_> = w.shops[i].products.iter().collect();
    items.sort_by_key(|p| number_key(&p.product_id));
    let rest: Vec<_> = items
        .into_iter()
        .filter(|p| after.is_none_or(|a| number_key(&p.product_id) > number_key(a)))
        .collect();
    let rows = rest
        .iter()
        .take(PAGE_SIZE)
        .map(|p| {
            vec![
                ("item_code", p.product_id.clone()),
                ("item_name", p.name.clone()),
                ("item_price", p.price.to_string()),
            ]
        })
        .collect();
    (rest.len(), rows)
}

fn get_stock(w: &World, i: usize, params: &HashMap<String, String>) -> Answer {
    let Some(code) = params.get("item_code").filter(|s| !s.is_empty()) else {
        return Err("item_code は必須です".into());
    };
    let Some(p) = w.shops[i].products.iter().find(|p| &p.product_id == code) else {
        return Ok((0, Vec::new()));
    };
    let row = |a1: &str, a2: &str, stock: i64| -> Row {
        vec![
            ("item_cd", p.product_id.clone()),
            ("attribute1_name", a1.to_string()),
            ("attribute2_name", a2.to_string()),
            ("stock", stock.to_string()),
        ]
    };
    let rows: Vec<Row> = if p.options.is_empty() {
        vec![row("", "", p.stock)]
    } else {
        p.options
            .iter()
            .filter(|o| params.get("attribute1_name").is_none_or(|a| a == &o.attr1))
            .filter(|o| params.get("attribute2_name").is_none_or(|a| a == &o.attr2))
            .map(|o| row(&o.attr1, &o.attr2, o.stock))
            .collect()
    };
    Ok((rows.len(), rows))
}

fn upd_order_phase(w: &mut World, i: usize, params: &HashMap<String, String>) -> Answer {
    let get = |k: &str| params.get(k).map(String::as_str).unwrap_or("");
    let no = get("order_number");
    if no.is_empty() {
        return Err("order_number は必須です".into());
    }
    let after = get("after_phase_name");
    if after.is_empty() {
        return Err("after_phase_name は必須です".into());
    }
    if !w.shops[i].phases.iter().any(|p| p == after) {
        return Err(format!("フェーズ「{after}」は存在しません"));
    }
    let date = if get("delivery_date_update") == "1" {
        let d = get("delivery_date");
        if jiff::civil::Date::strptime("%Y-%m-%d", d).is_err() {
            return Err(format!(
                "delivery_date の形式が正しくありません (yyyy-mm-dd): {d}"
            ));
        }
        Some(d.to_string())
    } else {
        None
    };
    // The tracking number is `delivery_no` (a public client of this call); the read field's name
    // `delivery_number` is not a parameter of this call. ASSUMPTION: (simulator) a parameter this
    // call does not take is refused, so that a misnamed one shows instead of being dropped.
    if let Some(k) = params.keys().find(|k| {
        !matches!(
            k.as_str(),
            "account"
                | "signing"
                | "order_number"
                | "after_phase_name"
                | "delivery_date"
                | "delivery_date_update"
                | "delivery_no"
                | "delivery_name"
        )
    }) {
        return Err(format!("パラメータ {k} は upd_order_phase では使用できません"));
    }
    let number = Some(get("delivery_no").to_string()).filter(|s| !s.is_empty());
    let carrier = Some(get("delivery_name").to_string()).filter(|s| !s.is_empty());
    let Some(order) = w.shops[i].orders.get_mut(no) else {
        return Err(format!("受注番号 {no} は存在しません"));
    };
    if order.cancelled {
        return Err(format!("受注番号 {no} はキャンセルされています"));
    }
    // ASSUMPTION: the simulated account moves orders to a shipped phase only from 発送待機.
    let current = order.status();
    if current != CROSSMALL_AWAITING_PHASE {
        return Err(format!(
            "受注番号 {no} のフェーズは「{current}」です (発送待機の受注のみ移動できます)"
        ));
    }
    order.phase = Some(after.to_string());
    for l in &mut order.lines {
        l.status = after.to_string();
    }
    if let Some(d) = date {
        order.delivery_date = Some(d);
    }
    if number.is_some() || carrier.is_some() {
        let t = SimTracking {
            carrier: carrier.unwrap_or_default(),
            number: number.unwrap_or_default(),
        };
        order.tracking = Some(t.clone());
        w.shops[i].shipments.push(ShipmentRecord {
            order_no: no.to_string(),
            line_key: None,
            carrier: t.carrier,
            tracking: t.number,
        });
    }
    Ok((0, Vec::new()))
}

fn upd_stock(w: &mut World, i: usize, params: &HashMap<String, String>) -> Answer {
    let get = |k: &str| params.get(k).map(String::as_str).unwrap_or("");
    let code = get("item_code");
    if code.is_empty() {
        return Err("item_code は必須です".into());
    }
    let mode = get("mode");
    if !matches!(mode, "u" | "a") {
        return Err(format!("mode の値が正しくありません: {mode}"));
    }
    let Ok(qty) = get("stock").trim().parse::<i64>() else {
        return Err(format!("stock の値が正しくありません: {}", get("stock")));
    };
    let (a1, a2) = (get("attribute1_name"), get("attribute2_name"));
    let Some(p) = w.shops[i].products.iter_mut().find(|p| p.product_id == code) else {
        return Err(format!("商品コード {code} の商品は存在しません"));
    };
    let (target, option_id) = if p.options.is_empty() {
        if !a1.is_empty() || !a2.is_empty() {
            return Err(format!("商品コード {code} に属性 {a1}/{a2} の在庫はありません"));
        }
        (&mut p.stock, None)
    } else {
        match p.options.iter_mut().find(|o| o.attr1 == a1 && o.attr2 == a2) {
            Some(o) => (&mut o.stock, Some(o.option_id.clone())),
            None => return Err(format!("商品コード {code} に属性 {a1}/{a2} の在庫はありません")),
        }
    };
    *target = if mode == "a" { *target + qty } else { qty };
    let record = StockRecord {
        product_id: p.product_id.clone(),
        option_id,
        quantity: qty,
    };
    w.shops[i].stock_updates.push(record);
    Ok((0, Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_names_follow_the_method() {
        assert_eq!(root_name("get_order"), "GetOrder");
        assert_eq!(root_name("get_order_detail"), "GetOrderDetail");
        assert_eq!(root_name("upd_order_phase"), "UpdOrderPhase");
    }

    #[test]
    fn phases_default_and_override() {
        let st = SimState::new(crate::sim::SimOptions::default());
        let i = st
            .world()
            .shops
            .iter()
            .position(|s| s.site == Site::Crossmall)
            .unwrap();
        let company = st.world().shops[i].credentials["company_code"].clone();
        let phases = |st: &SimState| st.world().shops[i].phases.clone();
        assert!(phases(&st).iter().any(|p| p == CROSSMALL_SHIPPED_PHASE));
        assert!(set_phases(&st, &company, Some(vec!["発送待機".into()])));
        assert_eq!(phases(&st), vec!["発送待機".to_string()]);
        assert!(set_phases(&st, &company, None));
        assert!(phases(&st).len() > 1);
        assert!(!set_phases(&st, "no-such-account-x", None));
    }

    #[test]
    fn envelope_parses_with_the_adapter() {
        let resp = envelope(
            "GetOrder",
            false,
            None,
            1,
            &[vec![("order_number", "1".into()), ("order_memo", "a<b&c".into())]],
        );
        let body = futures::executor::block_on(axum::body::to_bytes(resp.into_body(), 1 << 20)).unwrap();
        let env = crate::market::crossmall::wire::parse_envelope(&body).unwrap();
        assert!(env.is_success());
        assert_eq!(env.total, Some(1));
        assert_eq!(env.rows[0]["order_memo"], "a<b&c");
    }
}
