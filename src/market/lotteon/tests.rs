//! Golden wire tests for the LotteON adapter: the requests each call builds, and the adapter's
//! refusals of wrong credentials (answers and fuzzing are in `answer_tests.rs`).

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::{json, Value};

use super::wire::*;
use super::*;
use crate::domain::shop::ShopSpec;
use crate::domain::Secret;
use crate::market::http::HttpOptions;
use crate::market::FixedClock;

const KEY: &str = "lo-TESTKEY0123456789abcdefghijklmn";
const TR_NO: &str = "LO10161082";
const BASE: &str = "https://openapi.lotteon.com";

fn endpoint() -> Endpoint {
    Endpoint {
        base: BASE.into(),
        api_key: Secret::new(KEY),
        tr_no: TR_NO.into(),
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::new()
}

pub(super) fn ts(s: i64) -> jiff::Timestamp {
    jiff::Timestamp::from_second(s).unwrap()
}

fn body_json(req: &reqwest::Request) -> Value {
    let bytes = req.body().and_then(|b| b.as_bytes()).expect("a buffered body");
    serde_json::from_slice(bytes).unwrap()
}

/// The five headers every LotteON call carries.
fn assert_headers(req: &reqwest::Request) {
    let h = req.headers();
    // The token is the API key itself: python3 -c "print('Bearer ' + 'lo-TESTKEY0123456789abcdefghijklmn')"
    assert_eq!(h["authorization"], "Bearer lo-TESTKEY0123456789abcdefghijklmn");
    assert_eq!(h["accept"], "application/json");
    assert_eq!(h["accept-language"], "ko");
    assert_eq!(h["x-timezone"], "GMT+09:00");
    assert_eq!(h["content-type"], "application/json");
    assert_eq!(h.len(), 5, "{h:?}");
}

#[test]
fn golden_identity_is_a_bare_get() {
    let req = endpoint().identity(&client()).unwrap();
    assert_eq!(req.method(), reqwest::Method::GET);
    assert_eq!(
        req.url().as_str(),
        "https://openapi.lotteon.com/v1/openapi/common/v1/identity"
    );
    assert!(req.body().is_none());
    assert_headers(&req);
}

#[test]
fn golden_orders_window_ends_at_59_in_kst() {
    // python3 -c "import datetime as d; z=d.timezone(d.timedelta(hours=9));
    //   print(d.datetime.fromtimestamp(1700000000,z).strftime('%Y%m%d%H%M%S'),
    //         d.datetime.fromtimestamp(1700086399,z).strftime('%Y%m%d%H%M%S'))"
    // → 20231115071320 20231116071319
    let req = endpoint()
        .orders_in_window(
            &client(),
            ts(1_700_000_000),
            last_second(ts(1_700_086_400)),
            false,
        )
        .unwrap();
    assert_eq!(req.method(), reqwest::Method::POST);
    assert_eq!(
        req.url().as_str(),
        "https://openapi.lotteon.com/v1/openapi/delivery/v1/SellerDeliveryOrdersSearch"
    );
    assert_headers(&req);
    assert_eq!(
        body_json(&req),
        json!({
            "trGrpCd": "SR",
            "trNo": "LO10161082",
            "srchStrtDt": "20231115071320",
            "srchEndDt": "20231116071319",
            "odPrgsStepCd": "11",
            "odTypCd": "10",
            "ifCplYN": "N",
        })
    );
}

#[test]
fn golden_order_by_number_has_no_window() {
    let req = endpoint().order_by_no(&client(), "2023111500000042").unwrap();
    assert_eq!(req.url().path(), PATH_ORDERS);
    assert_eq!(
        body_json(&req),
        json!({"trGrpCd": "SR", "trNo": "LO10161082", "odNo": "2023111500000042"})
    );
}

#[test]
fn golden_confirm_lists_each_line() {
    let lines = vec![
        LineRef::from_key("2023111500000042", "1-1").unwrap(),
        LineRef::from_key("2023111500000042", "2-1").unwrap(),
    ];
    let req = endpoint().confirm(&client(), &lines).unwrap();
    assert_eq!(req.method(), reqwest::Method::POST);
    assert_eq!(
        req.url().as_str(),
        "https://openapi.lotteon.com/v1/openapi/delivery/v1/SellerIfCompleteInform"
    );
    assert_headers(&req);
    let line = |seq: &str| {
        json!({"dvRtrvDvsCd": "DV", "odNo": "2023111500000042", "odSeq": seq, "procSeq": "1",
               "orglProcSeq": "", "clmNo": "", "ifCplYN": "Y", "ifFlRsnCnts": ""})
    };
    assert_eq!(
        body_json(&req),
        json!({"trGrpCd": "SR", "trNo": "LO10161082", "ifCompleteList": [line("1"), line("2")]})
    );
}

#[test]
fn golden_ship_sends_step_13_with_carrier_invoice_and_kst_time() {
    let item = ShipItem {
        line: LineRef::from_key("2023111500000042", "1-1").unwrap(),
        carrier_code: "0002".into(),
        invoice_no: "654321000012".into(),
        spd_no: "LO1234567890".into(),
        sitm_no: "LO1234567890_1".into(),
        quantity: 2,
    };
    // python3 -c "import datetime as d; print(d.datetime.fromtimestamp(1700000000,
    //   d.timezone(d.timedelta(hours=9))).strftime('%Y%m%d%H%M%S'))"  → 20231115071320
    let req = endpoint().ship(&client(), &[item], ts(1_700_000_000)).unwrap();
    assert_eq!(
        req.url().as_str(),
        "https://openapi.lotteon.com/v1/openapi/delivery/v1/SellerDeliveryProgressStateInform"
    );
    assert_headers(&req);
    assert_eq!(
        body_json(&req),
        json!({"trGrpCd": "SR", "trNo": "LO10161082", "deliveryProgressStateList": [{
            "dvRtrvDvsCd": "DV", "odNo": "2023111500000042", "odSeq": "1", "procSeq": "1",
            "odPrgsStepCd": "13", "dvTrcStatDttm": "20231115071320", "dvCoCd": "0002",
            "invcNo": "654321000012", "invcNbr": "1", "spdNo": "LO1234567890",
            "sitmNo": "LO1234567890_1", "slQty": 2
        }]})
    );
}

#[test]
fn golden_stock_carriers_and_products() {
    let c = client();
    let e = endpoint();
    let req = e
        .stock(
            &c,
            &[StockItem {
                spd_no: "LO1".into(),
                sitm_no: "LO1_1".into(),
                quantity: 0,
            }],
        )
        .unwrap();
    assert_eq!(
        req.url().as_str(),
        "https://openapi.lotteon.com/v1/openapi/product/v1/item/stock/change"
    );
    assert_headers(&req);
    assert_eq!(
        body_json(&req),
        json!({"itmStkLst": [{"trGrpCd": "SR", "trNo": "LO10161082", "spdNo": "LO1", "sitmNo": "LO1_1", "stkQty": 0}]})
    );
    let req = e.carriers(&c).unwrap();
    assert_eq!(req.url().path(), "/v1/openapi/bocommon/v1/code/getDetailCodeList");
    assert_eq!(
        body_json(&req),
        json!({"trGrpCd": "SR", "trNo": "LO10161082", "grpCd": "DV_CO_CD"})
    );
    let now: jiff::Timestamp = "2026-10-02T03:04:05Z".parse().unwrap();
    let req = e.product_list(&c, 2, now).unwrap();
    assert_eq!(req.url().path(), "/v1/openapi/product/v1/product/list");
    // The registration window in KST, ten years (3,650 days) back; worked out with python3.
    assert_eq!(
        body_json(&req),
        json!({"trGrpCd": "SR", "trNo": "LO10161082", "regStrtDttm": "20161004120405",
               "regEndDttm": "20261002120405", "pageNo": 2, "rowsPerPage": 100})
    );
    let req = e.product_detail(&c, "LO1").unwrap();
    assert_eq!(req.url().path(), "/v1/openapi/product/v1/product/detail");
    assert_eq!(
        body_json(&req),
        json!({"trGrpCd": "SR", "trNo": "LO10161082", "spdNo": "LO1"})
    );
    for req in [e.carriers(&c).unwrap(), e.product_detail(&c, "x").unwrap()] {
        assert_eq!(req.method(), reqwest::Method::POST);
        assert_headers(&req);
    }
}

#[test]
fn secrets_stay_out_of_debug() {
    let text = format!("{:?}", endpoint());
    assert!(!text.contains(KEY), "{text}");
    assert!(text.contains(TR_NO));
}

#[test]
fn new_refuses_credentials_of_another_site() {
    let spec = ShopSpec {
        name: "lo".into(),
        site: "lotteon".into(),
        shop_id: "lo-seller".into(),
        api_base: None,
        fields: BTreeMap::from([
            ("api_key".to_string(), KEY.to_string()),
            ("account_number".to_string(), TR_NO.to_string()),
        ]),
        options: BTreeMap::new(),
    };
    let mut shop = Shop::from_spec(&spec, ts(1_700_000_000)).unwrap();
    let ctx = AdapterContext {
        http: Http::new(HttpOptions::fast()).unwrap(),
        config: Arc::new(crate::config::Config::default()),
        clock: Arc::new(FixedClock(ts(1_700_000_000))),
    };
    assert!(Lotteon::new(&shop, &ctx).is_ok());
    shop.credentials = Credentials::Esm;
    assert!(matches!(
        Lotteon::new(&shop, &ctx),
        Err(MarketError::Config { .. })
    ));
}
