//! Unit tests of the Crossmall wire format: golden requests, sample answers, fuzzed parsers.

use proptest::prelude::*;

use super::wire::*;
use super::Endpoint;
use crate::domain::{ProductRef, Secret};
use crate::market::types::MarketError;

const KEY: &str = "cmTESTKEY0123456789abcdef";

fn endpoint() -> Endpoint {
    Endpoint {
        base: "https://crossmall.jp/".into(),
        account: "12345".into(),
        api_key: Secret::new(KEY),
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::new()
}

fn date(s: &str) -> jiff::civil::Date {
    s.parse().unwrap()
}

/// Asserts method GET, the path, the query before `&signing=`, and the signing literal.
fn assert_request(req: &reqwest::Request, path: &str, query: &str, signing: &str) {
    assert_eq!(req.method(), reqwest::Method::GET);
    assert_eq!(req.url().host_str(), Some("crossmall.jp"));
    assert_eq!(req.url().path(), path);
    assert_eq!(
        req.url().query(),
        Some(format!("{query}&signing={signing}").as_str())
    );
    assert!(req.body().is_none());
    assert_eq!(req.headers()["accept"], "application/xml");
}

// Expected signatures computed independently of this code:
// python3 -c "import hashlib,urllib.parse as u; k='cmTESTKEY0123456789abcdef';
//   q='&'.join(a+'='+u.quote_plus(b) for a,b in PARAMS); print(q, hashlib.md5((q+k).encode()).hexdigest())"

#[test]
fn golden_get_phase() {
    // PARAMS = [('account','12345')]
    let req = endpoint().get_phase(&client()).unwrap();
    assert_request(
        &req,
        "/webapi2/get_phase",
        "account=12345",
        "23060cac37770c3eee75c30074185d54",
    );
}

#[test]
fn golden_list_orders_page() {
    // PARAMS = [('account','12345'),('phase_name','発送待機'),('order_date_fr','2024-05-01'),
    //           ('order_date_to','2024-05-02'),('order_number','50010'),('condition','1')]
    let req = endpoint()
        .list_orders_page(&client(), date("2024-05-01"), date("2024-05-02"), Some("50010"))
        .unwrap();
    assert_request(
        &req,
        "/webapi2/get_order",
        "account=12345&phase_name=%E7%99%BA%E9%80%81%E5%BE%85%E6%A9%9F&order_date_fr=2024-05-01\
         &order_date_to=2024-05-02&order_number=50010&condition=1",
        "ca28d51b8118df83b68c63bec077ffb1",
    );
    // The first page has no paging parameters.
    let first = endpoint()
        .list_orders_page(&client(), date("2024-05-01"), date("2024-05-02"), None)
        .unwrap();
    assert!(!first.url().query().unwrap().contains("condition"));
}

#[test]
fn golden_ship_moves_the_phase_with_tracking() {
    // PARAMS = [('account','12345'),('order_number','50001'),('after_phase_name','QXPRESS発送済み'),
    //   ('delivery_date','2024-05-02'),('delivery_date_update','1'),('delivery_no','QSP123'),
    //   ('delivery_name','ヤマト運輸')]
    // 16:30 UTC on 1 May is 01:30 JST on 2 May: the delivery date is the JST day.
    let shipped_at: jiff::Timestamp = "2024-05-01T16:30:00Z".parse().unwrap();
    let req = endpoint()
        .ship(&client(), "50001", "ヤマト運輸", "QSP123", shipped_at)
        .unwrap();
    assert_request(
        &req,
        "/webapi2/upd_order_phase",
        "account=12345&order_number=50001\
         &after_phase_name=QXPRESS%E7%99%BA%E9%80%81%E6%B8%88%E3%81%BF\
         &delivery_date=2024-05-02&delivery_date_update=1\
         &delivery_no=QSP123\
         &delivery_name=%E3%83%A4%E3%83%9E%E3%83%88%E9%81%8B%E8%BC%B8",
        "13e0aa979523803aed87fa3725dc16f4",
    );
}

#[test]
fn golden_update_stock() {
    // PARAMS = [('account','12345'),('item_code','1001'),('attribute1_name','ホワイト'),
    //           ('attribute2_name','Sサイズ'),('stock','7'),('mode','u')]
    let req = endpoint()
        .update_stock(&client(), "1001", "ホワイト", "Sサイズ", 7)
        .unwrap();
    assert_request(
        &req,
        "/webapi2/upd_stock",
        "account=12345&item_code=1001&attribute1_name=%E3%83%9B%E3%83%AF%E3%82%A4%E3%83%88\
         &attribute2_name=S%E3%82%B5%E3%82%A4%E3%82%BA&stock=7&mode=u",
        "bbbffa65f749a7f9d422e9e1d2b7bbe1",
    );
    // A single product sends no attributes.
    let single = endpoint().update_stock(&client(), "1003", "", "", 0).unwrap();
    assert_eq!(
        single.url().query().unwrap().split("&signing=").next(),
        Some("account=12345&item_code=1003&stock=0&mode=u")
    );
}

#[test]
fn golden_get_item_pages_by_item_code_sorted() {
    // As public client cm-data-linkage update_zaiko.py pages get_item; signatures by python3
    // hashlib.md5(query + key).
    let first = endpoint().get_items(&client(), None).unwrap();
    assert_request(
        &first,
        "/webapi2/get_item",
        "account=12345&condition=1&sort_type=0",
        "004bae926402474433248db4c1aa9454",
    );
    let next = endpoint().get_items(&client(), Some("1001")).unwrap();
    assert_request(
        &next,
        "/webapi2/get_item",
        "account=12345&item_code=1001&condition=1&sort_type=0",
        "d8ae04ec56f5dfe79b8dd49ebde624ae",
    );
}

#[test]
fn encoding_is_form_urlencoded() {
    assert_eq!(encode("a b&c=d/é*~"), "a+b%26c%3Dd%2F%C3%A9*%7E");
    assert_eq!(signing("", ""), "d41d8cd98f00b204e9800998ecf8427e");
}

const ORDERS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<GetOrder><ResultSet TotalResult="2"><ResultStatus><GetStatus>success</GetStatus><Message/></ResultStatus>
<Result><order_number>50001</order_number><order_code>QJP123</order_code><shop_name>Qoo10</shop_name>
<order_date>2024/05/02 01:30:00</order_date><phase_name>発送待機</phase_name><cancel_flag>0</cancel_flag>
<bundle_flag>0</bundle_flag><client_name>山田 太郎</client_name><client_tel>090-1111-2222</client_tel>
<client_mail/><ship_name>山田 花子</ship_name><ship_zip>100-0001</ship_zip>
<ship_address1>東京都千代田区1-1</ship_address1><ship_address2>101号室</ship_address2>
<ship_tel>03-0000-0000</ship_tel><delivery_number/><delivery_name/><delivery_date/>
<payment_name>クレジットカード</payment_name><total_price>3960</total_price>
<order_memo>置き配 &amp; 不在時&#12399;宅配ボックス</order_memo></Result>
<Result><order_number>50002</order_number><order_date>2024/05/03 10:00:00</order_date>
<phase_name>発送待機</phase_name><cancel_flag>2</cancel_flag></Result>
</ResultSet></GetOrder>"#;

const DETAIL: &str = r#"<GetOrderDetail><ResultSet TotalResult="2"><ResultStatus><GetStatus>success</GetStatus><Message/></ResultStatus>
<Result><line_no>1</line_no><item_code>1001</item_code><item_name>Tシャツ 白</item_name>
<attribute1_name>ホワイト</attribute1_name><attribute2_name>Sサイズ</attribute2_name><amount>2</amount>
<unit_price>1980</unit_price><amount_price>3960</amount_price><jan_cd/><component_flag>0</component_flag></Result>
<Result><line_no>2</line_no><item_code>1003</item_code><item_name>靴下 3足セット</item_name>
<attribute1_name/><attribute2_name/><amount>1</amount><unit_price>990.0000</unit_price></Result>
</ResultSet></GetOrderDetail>"#;

#[test]
fn sample_order_list_and_detail_make_site_orders() {
    let page = parse_orders(ORDERS.as_bytes()).unwrap();
    assert_eq!(page.total, Some(2));
    assert_eq!(page.rows.len(), 2);
    let r = &page.rows[0];
    assert_eq!(r.order_number, "50001");
    assert_eq!(r.ordered_at.to_string(), "2024-05-01T16:30:00Z");
    assert_eq!(r.memo, "置き配 & 不在時は宅配ボックス");
    assert_eq!(r.receiver.address, "東京都千代田区1-1 101号室");
    assert_eq!(r.receiver.postal_code, "100-0001");
    let lines = parse_order_detail(DETAIL.as_bytes()).unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1].amount_price, 990, "amount_price defaults to unit × qty");
    let order = site_order(r, &lines);
    assert_eq!(order.order_no, "50001");
    assert!(!order.cancelled);
    assert_eq!(order.site_status.code, "発送待機");
    assert_eq!(order.lines[0].line_key, "1");
    assert_eq!(
        order.lines[0].product,
        ProductRef::Crossmall {
            item_code: "1001".into(),
            item_name: "Tシャツ 白".into(),
            option_text: "ホワイト,Sサイズ".into(),
        }
    );
    assert_eq!(order.lines[0].quantity, 2);
    assert_eq!(order.lines[0].amount.amount, 3960);
    assert_eq!(order.lines[1].option_name, "");
    assert!(
        site_order(&page.rows[1], &[]).cancelled,
        "cancel_flag 2 is cancelled"
    );
    assert_eq!(order.tracking, None, "empty delivery_number: no shipment shown");
}

#[test]
fn a_shipped_order_carries_its_delivery_name_and_number() {
    let body = ORDERS
        .replace(
            "<phase_name>発送待機</phase_name><cancel_flag>0",
            "<phase_name>発送済み</phase_name><cancel_flag>0",
        )
        .replace(
            "<delivery_number/><delivery_name/>",
            "<delivery_number>4912-3456-7890</delivery_number><delivery_name>ヤマト運輸</delivery_name>",
        );
    let page = parse_orders(body.as_bytes()).unwrap();
    let order = site_order(&page.rows[0], &[]);
    assert_eq!(order.site_status.code, "発送済み");
    let t = order.tracking.unwrap();
    assert_eq!(
        (t.carrier.as_str(), t.number.as_str()),
        ("ヤマト運輸", "4912-3456-7890")
    );
    // A row without the fields at all (the second sample row) shows no shipment.
    assert_eq!(site_order(&page.rows[1], &[]).tracking, None);
}

#[test]
fn phases_items_stock_and_updates() {
    let phases = parse_phases(
        "<GetPhase><ResultSet TotalResult=\"2\"><ResultStatus><GetStatus>success</GetStatus></ResultStatus>\
         <Result><phase_id>1</phase_id><phase_name>発送待機</phase_name></Result>\
         <Result><phase_name>QXPRESS発送済み</phase_name></Result></ResultSet></GetPhase>"
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(phases, vec!["発送待機", "QXPRESS発送済み"]);
    let items = parse_items(
        b"<GetItem><ResultSet TotalResult=\"1\"><ResultStatus><GetStatus>success</GetStatus></ResultStatus>\
          <Result><item_code>1001</item_code><item_name>T</item_name></Result></ResultSet></GetItem>",
    )
    .unwrap();
    assert_eq!(items.rows[0].item_code, "1001");
    let stock = parse_stock(
        "<GetStock><ResultSet><ResultStatus><GetStatus>success</GetStatus></ResultStatus>\
         <Result><item_cd>1001</item_cd><attribute1_name>ホワイト</attribute1_name>\
         <attribute2_name>Mサイズ</attribute2_name><stock>12</stock></Result></ResultSet></GetStock>"
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(stock[0].stock, 12);
    assert_eq!(stock[0].attribute2, "Mサイズ");
    assert!(parse_update(b"<UpdStock><ResultSet><ResultStatus><UpdStatus>success</UpdStatus></ResultStatus></ResultSet></UpdStock>").is_ok());
}

#[test]
fn error_envelopes_are_never_success() {
    let auth = "<GetOrder><ResultSet TotalResult=\"0\"><ResultStatus><GetStatus>error</GetStatus>\
                <Message>認証エラー: signingが一致しません</Message></ResultStatus></ResultSet></GetOrder>";
    assert!(
        matches!(parse_orders(auth.as_bytes()), Err(MarketError::Auth { message }) if message.contains("signing"))
    );
    let refused = "<UpdOrderPhase><ResultSet><ResultStatus><UpdStatus>error</UpdStatus>\
                   <Message>フェーズ「QXPRESS発送済み」は存在しません</Message></ResultStatus></ResultSet></UpdOrderPhase>";
    assert_eq!(
        parse_update(refused.as_bytes()),
        Err(MarketError::Permanent {
            message: "フェーズ「QXPRESS発送済み」は存在しません".into()
        })
    );
    let odd = b"<UpdStock><ResultSet><ResultStatus><UpdStatus>maybe</UpdStatus></ResultStatus></ResultSet></UpdStock>";
    assert!(matches!(parse_update(odd), Err(MarketError::Malformed { .. })));
}

#[test]
fn structured_junk_is_malformed() {
    let cases: &[&[u8]] = &[
        b"",
        b"<html><body>502</body></html>",
        b"<GetOrder><ResultSet TotalResult=\"1\"><ResultStatus><GetStatus>success</GetStatus>",
        &ORDERS.as_bytes()[..ORDERS.len() / 2],
        b"<GetOrder><ResultSet><ResultStatus><GetStatus>success</GetStatus></ResultStatus><Result><order_date>2024/01/01 00:00:00</order_date></Result></ResultSet></GetOrder>",
        b"<GetOrder><ResultSet><ResultStatus><GetStatus>success</GetStatus></ResultStatus><Result><order_number>1</order_number><order_date>yesterday</order_date></Result></ResultSet></GetOrder>",
        b"<GetOrder></GetOrder><GetOrder>",
        b"<a>&bogus;</a>",
    ];
    for c in cases {
        assert!(
            matches!(parse_orders(c), Err(MarketError::Malformed { .. })),
            "{}",
            String::from_utf8_lossy(c)
        );
    }
    let wrong_types = b"<GetOrderDetail><ResultSet><ResultStatus><GetStatus>success</GetStatus></ResultStatus>\
        <Result><line_no>1</line_no><amount>two</amount><unit_price>1</unit_price></Result></ResultSet></GetOrderDetail>";
    assert!(matches!(
        parse_order_detail(wrong_types),
        Err(MarketError::Malformed { .. })
    ));
    let negative = b"<GetOrderDetail><ResultSet><ResultStatus><GetStatus>success</GetStatus></ResultStatus>\
        <Result><line_no>1</line_no><amount>-1</amount><unit_price>1</unit_price></Result></ResultSet></GetOrderDetail>";
    assert!(matches!(
        parse_order_detail(negative),
        Err(MarketError::Malformed { .. })
    ));
    let stock = b"<GetStock><ResultSet><ResultStatus><GetStatus>success</GetStatus></ResultStatus>\
        <Result><item_cd>1</item_cd><stock>lots</stock></Result></ResultSet></GetStock>";
    assert!(matches!(parse_stock(stock), Err(MarketError::Malformed { .. })));
}

proptest! {
    #[test]
    fn parse_envelope_never_panics(b in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_envelope(&b);
    }

    #[test]
    fn parse_orders_never_panics(b in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_orders(&b);
    }

    #[test]
    fn parse_order_detail_never_panics(b in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_order_detail(&b);
    }

    #[test]
    fn parse_phases_never_panics(b in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_phases(&b);
    }

    #[test]
    fn parse_items_never_panics(b in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_items(&b);
    }

    #[test]
    fn parse_stock_never_panics(b in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_stock(&b);
    }

    #[test]
    fn parse_update_never_panics(b in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_update(&b);
    }

    #[test]
    fn truncated_answers_never_parse_as_success(cut in 0usize..ORDERS.len()) {
        // Cut on a char boundary-independent byte offset: a cut answer is never a success.
        let b = &ORDERS.as_bytes()[..cut];
        prop_assert!(parse_orders(b).is_err());
    }
}
