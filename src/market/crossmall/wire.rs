//! Crossmall wire format: signed GET query strings, the XML envelope, and the rows each method
//! returns. Everything here is pure (no network, no clock) so it can be golden-tested and fuzzed.

use std::collections::BTreeMap;

use md5::{Digest, Md5};
use quick_xml::events::Event;
use quick_xml::Reader;

use crate::domain::status::site_status;
use crate::domain::{LineSku, Money, OrderLine, Party, ProductRef, Site};
use crate::market::types::{MarketError, SiteOrder, SiteTracking};
use crate::market::wire::{local_time, parse_amount};

/// The Crossmall order time format (`yyyy/mm/dd hh:mm:ss`, JST).
pub const ORDER_DATE_FORMATS: &[&str] = &["%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d"];

/// Percent-encodes one query value (or name) the way it is sent and signed:
/// `application/x-www-form-urlencoded` bytes (`url::form_urlencoded::byte_serialize`: space as `+`,
/// everything but `A-Za-z0-9*-._` as `%XX` of its UTF-8 bytes).
pub fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// The query string as sent, without `signing`: `name=value` pairs, values encoded, in the order
/// given, joined with `&`.
pub fn query_string(params: &[(&str, String)]) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Lowercase hex md5 of the query string (exactly as sent, without `signing`) followed by the key.
pub fn signing(query: &str, api_key: &str) -> String {
    let digest = Md5::new()
        .chain_update(query.as_bytes())
        .chain_update(api_key.as_bytes())
        .finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Builds the signed GET request of one web API method: `{base}/webapi2/{method}?{query}&signing=…`.
/// `params` must start with `account`; the order given is the order sent and signed.
pub fn build_request(
    client: &reqwest::Client,
    base: &str,
    method: &str,
    params: &[(&str, String)],
    api_key: &str,
) -> Result<reqwest::Request, MarketError> {
    let query = query_string(params);
    let sig = signing(&query, api_key);
    let url = format!(
        "{}/webapi2/{method}?{query}&signing={sig}",
        base.trim_end_matches('/')
    );
    let url = url::Url::parse(&url).map_err(|e| MarketError::Config {
        message: format!("Crossmall base URL `{base}` is not a URL: {e}"),
    })?;
    client
        .get(url)
        .header(reqwest::header::ACCEPT, "application/xml")
        .build()
        .map_err(|e| MarketError::Config {
            message: format!("cannot build the Crossmall {method} request: {e}"),
        })
}

/// One answer: the root element's name, the status, the message and the `<Result>` rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Envelope {
    /// The root element (named after the method: `GetOrder`, `UpdOrderPhase`…).
    pub root: String,
    /// `TotalResult` of `<ResultSet>`, when present and numeric.
    pub total: Option<u64>,
    /// `<GetStatus>` or `<UpdStatus>` text (`success` / `error`).
    pub status: String,
    /// `<Message>` text.
    pub message: String,
    /// Each `<Result>` as its child elements' names and texts.
    pub rows: Vec<BTreeMap<String, String>>,
}

impl Envelope {
    /// True when the status says success.
    pub fn is_success(&self) -> bool {
        self.status.trim().eq_ignore_ascii_case("success")
    }
}

fn name_of(raw: &[u8]) -> String {
    String::from_utf8_lossy(raw).into_owned()
}

/// Parses any Crossmall answer into its envelope. Anything that is not one complete XML
/// document with a status element is malformed.
pub fn parse_envelope(body: &[u8]) -> Result<Envelope, MarketError> {
    let bad = |what: String| MarketError::malformed(format!("Crossmall answer: {what}"), body);
    let mut reader = Reader::from_reader(body);
    // No trimming: text around entity references keeps its spaces; fields are trimmed when read.
    reader.config_mut().trim_text(false);
    let mut env = Envelope::default();
    let mut stack: Vec<String> = Vec::new();
    let mut row: Option<BTreeMap<String, String>> = None;
    let mut root_closed = false;
    let mut status_seen = false;
    // Appends text to whatever element is open: a row field, the status or the message.
    let put_text =
        |stack: &[String], row: &mut Option<BTreeMap<String, String>>, env: &mut Envelope, text: &str| {
            let Some(current) = stack.last() else { return };
            let parent = stack.len().checked_sub(2).and_then(|i| stack.get(i));
            match (current.as_str(), parent.map(String::as_str)) {
                ("GetStatus" | "UpdStatus", _) => env.status.push_str(text),
                ("Message", Some("ResultStatus")) => env.message.push_str(text),
                (field, Some("Result")) => {
                    if let Some(r) = row.as_mut() {
                        r.entry(field.to_string()).or_default().push_str(text);
                    }
                }
                _ => {}
            }
        };
    loop {
        let event = reader.read_event().map_err(|e| {
            bad(format!(
                "XML does not parse at byte {}: {e}",
                reader.buffer_position()
            ))
        })?;
        match event {
            Event::Start(e) => {
                if root_closed {
                    return Err(bad("content after the root element".into()));
                }
                let name = name_of(e.name().as_ref());
                if stack.is_empty() {
                    env.root = name.clone();
                }
                if name == "ResultSet" {
                    if let Ok(Some(a)) = e.try_get_attribute("TotalResult") {
                        env.total = a.unescape_value().ok().and_then(|v| v.trim().parse::<u64>().ok());
                    }
                }
                if name == "Result" && stack.last().map(String::as_str) == Some("ResultSet") {
                    row = Some(BTreeMap::new());
                }
                if name == "GetStatus" || name == "UpdStatus" {
                    status_seen = true;
                }
                stack.push(name);
            }
            Event::Empty(e) => {
                let name = name_of(e.name().as_ref());
                if stack.is_empty() {
                    env.root = name.clone();
                    root_closed = true;
                    continue;
                }
                match (name.as_str(), stack.last().map(String::as_str)) {
                    ("Result", Some("ResultSet")) => env.rows.push(BTreeMap::new()),
                    ("GetStatus" | "UpdStatus", _) => status_seen = true,
                    (field, Some("Result")) => {
                        if let Some(r) = row.as_mut() {
                            r.entry(field.to_string()).or_default();
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                let text = t
                    .xml10_content()
                    .map_err(|e| bad(format!("text is not UTF-8: {e}")))?;
                put_text(&stack, &mut row, &mut env, &text);
            }
            Event::CData(t) => {
                let text = t.decode().map_err(|e| bad(format!("CDATA is not UTF-8: {e}")))?;
                put_text(&stack, &mut row, &mut env, &text);
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => {
                        let name = r.decode().map_err(|e| bad(format!("entity is not UTF-8: {e}")))?;
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .ok_or_else(|| bad(format!("unknown entity &{name};")))?
                            .to_string()
                    }
                    Err(e) => return Err(bad(format!("bad character reference: {e}"))),
                };
                put_text(&stack, &mut row, &mut env, &resolved);
            }
            Event::End(_) => {
                let name = stack.pop().unwrap_or_default();
                if name == "Result" && stack.last().map(String::as_str) == Some("ResultSet") {
                    if let Some(r) = row.take() {
                        env.rows.push(r);
                    }
                }
                if stack.is_empty() {
                    root_closed = true;
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(bad(format!("the answer ends inside <{}>", stack.join("><"))));
    }
    if !root_closed || env.root.is_empty() {
        return Err(bad("no XML root element".into()));
    }
    if !status_seen {
        return Err(bad(format!("<{}> has no GetStatus/UpdStatus", env.root)));
    }
    Ok(env)
}

/// The message prefix of Crossmall's authentication refusals (bad signing, unknown account,
/// IP address not allow-listed).
// ASSUMPTION: the real texts are not public; authentication refusals come as HTTP 200 with an
// error envelope whose <Message> starts with 認証エラー (the simulator answers exactly so).
pub const AUTH_ERROR_PREFIX: &str = "認証エラー";

/// Maps an envelope to the error it says, if any: authentication refusals are `Auth`, any
/// other error status is `Permanent` with the site's message, an unknown status is malformed.
pub fn envelope_error(env: &Envelope, body: &[u8]) -> Option<MarketError> {
    if env.is_success() {
        return None;
    }
    let message = if env.message.trim().is_empty() {
        format!("{}: {}", env.root, env.status.trim())
    } else {
        env.message.trim().to_string()
    };
    if !env.status.trim().eq_ignore_ascii_case("error") {
        return Some(MarketError::malformed(
            format!("Crossmall {}: unknown status `{}`", env.root, env.status.trim()),
            body,
        ));
    }
    if message.contains(AUTH_ERROR_PREFIX) {
        Some(MarketError::Auth { message })
    } else {
        Some(MarketError::Permanent { message })
    }
}

/// Parses an answer and fails with the error its envelope says.
pub fn parse_ok(body: &[u8]) -> Result<Envelope, MarketError> {
    let env = parse_envelope(body)?;
    match envelope_error(&env, body) {
        Some(e) => Err(e),
        None => Ok(env),
    }
}

fn field<'a>(row: &'a BTreeMap<String, String>, name: &str) -> &'a str {
    row.get(name).map(|s| s.trim()).unwrap_or("")
}

fn required<'a>(
    row: &'a BTreeMap<String, String>,
    name: &str,
    what: &str,
    body: &[u8],
) -> Result<&'a str, MarketError> {
    let v = field(row, name);
    if v.is_empty() {
        Err(MarketError::malformed(
            format!("Crossmall {what}: a row has no {name}"),
            body,
        ))
    } else {
        Ok(v)
    }
}

/// One `get_order` row (order header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRow {
    /// `order_number`.
    pub order_number: String,
    /// `order_code` (the marketplace's own order number).
    pub order_code: String,
    /// `order_date` as an instant.
    pub ordered_at: jiff::Timestamp,
    /// `phase_name`.
    pub phase_name: String,
    /// `cancel_flag` (0 normal, 1 hold, 2 cancelled).
    pub cancel_flag: String,
    /// The buyer (`client_*`).
    pub buyer: Party,
    /// The receiver (`ship_*`).
    pub receiver: Party,
    /// `order_memo`.
    pub memo: String,
    /// `delivery_name`: the carrier registered with the shipment (empty before).
    pub delivery_name: String,
    /// `delivery_number`: the tracking number registered with the shipment (empty before).
    pub delivery_number: String,
}

/// A page of `get_order`: the rows and `TotalResult`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderPage {
    /// `TotalResult`, when given.
    pub total: Option<u64>,
    /// The rows.
    pub rows: Vec<OrderRow>,
}

/// Parses a `get_order` answer.
pub fn parse_orders(body: &[u8]) -> Result<OrderPage, MarketError> {
    let env = parse_ok(body)?;
    let mut rows = Vec::with_capacity(env.rows.len());
    for r in &env.rows {
        let order_number = required(r, "order_number", "get_order", body)?.to_string();
        let date = required(r, "order_date", "get_order", body)?;
        let ordered_at = local_time(date, ORDER_DATE_FORMATS).map_err(|_| {
            MarketError::malformed(
                format!("Crossmall get_order: order {order_number} has order_date `{date}`"),
                body,
            )
        })?;
        let address = [field(r, "ship_address1"), field(r, "ship_address2")]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        rows.push(OrderRow {
            order_number,
            order_code: field(r, "order_code").to_string(),
            ordered_at,
            phase_name: field(r, "phase_name").to_string(),
            cancel_flag: field(r, "cancel_flag").to_string(),
            buyer: Party {
                name: field(r, "client_name").to_string(),
                phone: field(r, "client_tel").to_string(),
                ..Party::default()
            },
            receiver: Party {
                name: field(r, "ship_name").to_string(),
                phone: field(r, "ship_tel").to_string(),
                postal_code: field(r, "ship_zip").to_string(),
                address,
            },
            memo: field(r, "order_memo").to_string(),
            delivery_name: field(r, "delivery_name").to_string(),
            delivery_number: field(r, "delivery_number").to_string(),
        });
    }
    Ok(OrderPage {
        total: env.total,
        rows,
    })
}

/// One `get_order_detail` row (order line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailRow {
    /// `line_no`.
    pub line_no: String,
    /// `item_code`.
    pub item_code: String,
    /// `item_name`.
    pub item_name: String,
    /// `attribute1_name`.
    pub attribute1: String,
    /// `attribute2_name`.
    pub attribute2: String,
    /// `amount` (quantity).
    pub quantity: u32,
    /// `unit_price`.
    pub unit_price: i64,
    /// `amount_price` (unit price × quantity when absent).
    pub amount_price: i64,
}

fn number(row: &BTreeMap<String, String>, name: &str, what: &str, body: &[u8]) -> Result<i64, MarketError> {
    parse_amount(field(row, name)).ok_or_else(|| {
        MarketError::malformed(
            format!("Crossmall {what}: {name} `{}` is not a number", field(row, name)),
            body,
        )
    })
}

/// Parses a `get_order_detail` answer.
pub fn parse_order_detail(body: &[u8]) -> Result<Vec<DetailRow>, MarketError> {
    let env = parse_ok(body)?;
    let mut out = Vec::with_capacity(env.rows.len());
    for r in &env.rows {
        let what = "get_order_detail";
        let quantity = number(r, "amount", what, body)?;
        let quantity = u32::try_from(quantity).map_err(|_| {
            MarketError::malformed(format!("Crossmall {what}: amount {quantity} out of range"), body)
        })?;
        let unit_price = number(r, "unit_price", what, body)?;
        let amount_price = match field(r, "amount_price") {
            "" => unit_price.saturating_mul(i64::from(quantity)),
            _ => number(r, "amount_price", what, body)?,
        };
        out.push(DetailRow {
            line_no: required(r, "line_no", what, body)?.to_string(),
            item_code: field(r, "item_code").to_string(),
            item_name: field(r, "item_name").to_string(),
            attribute1: field(r, "attribute1_name").to_string(),
            attribute2: field(r, "attribute2_name").to_string(),
            quantity,
            unit_price,
            amount_price,
        });
    }
    Ok(out)
}

/// Parses a `get_phase` answer into the account's phase names.
pub fn parse_phases(body: &[u8]) -> Result<Vec<String>, MarketError> {
    let env = parse_ok(body)?;
    Ok(env
        .rows
        .iter()
        .map(|r| field(r, "phase_name").to_string())
        .filter(|p| !p.is_empty())
        .collect())
}

/// One `get_item` row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRow {
    /// `item_code`.
    pub item_code: String,
    /// `item_name`.
    pub item_name: String,
}

/// A page of `get_item`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemPage {
    /// `TotalResult`, when given.
    pub total: Option<u64>,
    /// The rows.
    pub rows: Vec<ItemRow>,
}

/// Parses a `get_item` answer.
pub fn parse_items(body: &[u8]) -> Result<ItemPage, MarketError> {
    let env = parse_ok(body)?;
    let mut rows = Vec::with_capacity(env.rows.len());
    for r in &env.rows {
        rows.push(ItemRow {
            item_code: required(r, "item_code", "get_item", body)?.to_string(),
            item_name: field(r, "item_name").to_string(),
        });
    }
    Ok(ItemPage {
        total: env.total,
        rows,
    })
}

/// One `get_stock` row (one SKU of an item).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockRow {
    /// `item_cd`.
    pub item_code: String,
    /// `attribute1_name`.
    pub attribute1: String,
    /// `attribute2_name`.
    pub attribute2: String,
    /// `stock`.
    pub stock: i64,
}

/// Parses a `get_stock` answer.
pub fn parse_stock(body: &[u8]) -> Result<Vec<StockRow>, MarketError> {
    let env = parse_ok(body)?;
    let mut out = Vec::with_capacity(env.rows.len());
    for r in &env.rows {
        let item_code = match field(r, "item_cd") {
            "" => required(r, "item_code", "get_stock", body)?,
            v => v,
        };
        out.push(StockRow {
            item_code: item_code.to_string(),
            attribute1: field(r, "attribute1_name").to_string(),
            attribute2: field(r, "attribute2_name").to_string(),
            stock: number(r, "stock", "get_stock", body)?,
        });
    }
    Ok(out)
}

/// Parses an update answer (`upd_order_phase`, `upd_stock`): `Ok` on `<UpdStatus>success`.
pub fn parse_update(body: &[u8]) -> Result<(), MarketError> {
    parse_ok(body).map(|_| ())
}

/// Builds the order as shipdeck sees it from its header row and detail rows.
pub fn site_order(row: &OrderRow, lines: &[DetailRow]) -> SiteOrder {
    let site = Site::Crossmall;
    let status = site_status(site, &row.phase_name);
    let money = |amount| Money {
        amount,
        currency: site.currency(),
    };
    SiteOrder {
        order_no: row.order_number.clone(),
        cart_no: None,
        site_status: status.clone(),
        ordered_at: row.ordered_at,
        // ASSUMPTION: get_order's documented fields carry no payment time; paid_at stays unknown.
        paid_at: None,
        buyer: row.buyer.clone(),
        receiver: row.receiver.clone(),
        delivery_message: row.memo.clone(),
        lines: lines
            .iter()
            .map(|l| {
                let option_text = ProductRef::crossmall_option_text(&l.attribute1, &l.attribute2);
                OrderLine {
                    line_key: l.line_no.clone(),
                    // Crossmall keeps one phase per order: every line is in it.
                    site_status: status.clone(),
                    product: ProductRef::Crossmall {
                        item_code: l.item_code.clone(),
                        item_name: l.item_name.clone(),
                        option_text: option_text.clone(),
                    },
                    product_name: l.item_name.clone(),
                    option_name: option_text,
                    quantity: l.quantity,
                    unit_price: money(l.unit_price),
                    amount: money(l.amount_price),
                    sku: LineSku::Unresolved,
                }
            })
            .collect(),
        cancelled: row.cancel_flag == "2",
        tracking: SiteTracking::from_fields(&row.delivery_name, &row.delivery_number),
    }
}
