//! Classification, sample answers and parser fuzzing for the LotteON adapter (the golden
//! requests are in `tests.rs`).

use proptest::prelude::*;

use super::tests::ts;
use super::wire::*;
use super::*;
use crate::domain::ProductRef;
use crate::market::http::Reply;

// ---------------------------------------------------------------------------------------------
// Classification

fn reply(status: u16, body: &str, retry_after: Option<&str>) -> Reply {
    let mut headers = reqwest::header::HeaderMap::new();
    if let Some(r) = retry_after {
        headers.insert(reqwest::header::RETRY_AFTER, r.parse().unwrap());
    }
    Reply {
        status,
        headers,
        body: bytes::Bytes::from(body.to_string()),
    }
}

#[test]
fn classifier_applies_lotteon_rules() {
    let ok = r#"{"returnCode":"0000","message":"정상","subMessages":[],"dataCount":0,"data":null}"#;
    assert!(classify(&reply(200, ok, None)).is_ok());
    let e = classify(&reply(
        401,
        r#"{"returnCode":"401","message":"유효하지 않은 API Key"}"#,
        None,
    ))
    .unwrap_err();
    assert!(
        matches!(&e, MarketError::Auth { message } if message.contains("401") && message.contains("API Key"))
    );
    let e = classify(&reply(
        403,
        r#"{"returnCode":"403","message":"등록되지 않은 IP"}"#,
        None,
    ))
    .unwrap_err();
    assert!(matches!(&e, MarketError::Auth { message } if message.contains("IP")));
    let e = classify(&reply(429, r#"{"message":"Too Many Requests"}"#, Some("3"))).unwrap_err();
    assert_eq!(
        e,
        MarketError::RateLimited {
            retry_after: Some(std::time::Duration::from_secs(3)),
            message: "HTTP 429: {\"message\":\"Too Many Requests\"}".into()
        }
    );
    assert!(matches!(
        classify(&reply(500, "oops", None)),
        Err(MarketError::Transient { .. })
    ));
    let e = classify(&reply(
        200,
        r#"{"returnCode":"2003","message":"조회기간은 최대 1일까지 가능합니다.","subMessages":["srchEndDt"]}"#,
        None,
    ))
    .unwrap_err();
    assert!(
        matches!(&e, MarketError::Permanent { message } if message.contains("2003") && message.contains("1일") && message.contains("srchEndDt"))
    );
    assert!(matches!(
        classify(&reply(200, "<html>502</html>", None)),
        Err(MarketError::Malformed { .. })
    ));
    assert!(matches!(
        classify(&reply(200, r#"{"message":"no code"}"#, None)),
        Err(MarketError::Malformed { .. })
    ));
    // A numeric returnCode still has to be 0000.
    assert!(matches!(
        classify(&reply(200, r#"{"returnCode":1,"message":"x"}"#, None)),
        Err(MarketError::Permanent { .. })
    ));
}

// ---------------------------------------------------------------------------------------------
// Sample answers

const SAMPLE_209: &str = r#"{
  "returnCode": "0000", "message": "정상 처리되었습니다.", "subMessages": [], "dataCount": 3,
  "data": {"deliveryOrderList": [
    {"odNo": "2023111500000042", "odSeq": "1", "procSeq": "1", "odPrgsStepCd": "11", "odTypCd": "10",
     "ifCplYN": "N", "spdNo": "LO1234567890", "spdNm": "베이직 티셔츠", "sitmNo": "LO1234567890_1",
     "sitmNm": "블랙/M", "epdNo": "LO-TS-001", "eitmNo": "LO-TS-001-BK-M", "odQty": 2, "slPrc": 19800,
     "slAmt": 39600, "actualAmt": "37600.00", "odrNm": "김민준", "mphnNo": "010-1234-5678",
     "dvpCustNm": "이서연", "dvpMphnNo": "010-9876-5432", "dvpZipNo": "06236",
     "dvpStnmZipAddr": "서울특별시 강남구 테헤란로 152", "dvpStnmDtlAddr": "12층",
     "dvMsg": "문 앞에 놓아주세요", "odCmptDttm": "20231115071320", "pdAdtnOptJsn": null},
    {"odNo": "2023111500000042", "odSeq": 2, "procSeq": 1, "odPrgsStepCd": "12", "odTypCd": "10",
     "spdNo": "LO222", "spdNm": "머그컵", "sitmNo": "LO222_1", "sitmNm": "머그컵", "epdNo": "LO-MG-004",
     "eitmNo": "", "odQty": "1", "slPrc": "9900", "slAmt": "9900", "actualAmt": 0,
     "odrNm": "김민준", "odCmptDttm": "20231115071320"},
    {"odNo": "2023111600000007", "odSeq": "1", "procSeq": "1", "odPrgsStepCd": "11", "odTypCd": "20",
     "spdNo": "LO222", "spdNm": "머그컵", "sitmNo": "LO222_1", "epdNo": "LO-MG-004", "odQty": 1,
     "slPrc": 9900, "odCmptDttm": "20231116000000"}
  ]}
}"#;

#[test]
fn sample_209_becomes_orders_with_lines_codes_and_utc_times() {
    let page = parse_orders(SAMPLE_209.as_bytes()).unwrap();
    assert_eq!(page.rows.len(), 3);
    assert_eq!(page.data_count, Some(3));
    let orders = rows_to_orders(&page.rows).unwrap();
    assert_eq!(orders.len(), 2);
    let o = &orders[0];
    assert_eq!(o.order_no, "2023111500000042");
    // 2023-11-15 07:13:20 KST = 2023-11-14T22:13:20Z (python3: datetime(2023,11,15,7,13,20,
    // tzinfo=timezone(timedelta(hours=9))).timestamp() → 1700000000).
    assert_eq!(o.ordered_at, ts(1_700_000_000));
    assert_eq!(o.paid_at, Some(ts(1_700_000_000)));
    assert_eq!(o.site_status.code, "11", "the least advanced line's step");
    assert!(!o.cancelled);
    assert_eq!(o.buyer.name, "김민준");
    assert_eq!(o.receiver.address, "서울특별시 강남구 테헤란로 152 12층");
    assert_eq!(o.receiver.postal_code, "06236");
    assert_eq!(o.delivery_message, "문 앞에 놓아주세요");
    assert_eq!(o.lines.len(), 2);
    let l = &o.lines[0];
    assert_eq!(l.line_key, "1-1");
    assert_eq!(
        l.product,
        ProductRef::Code {
            product_code: Some("LO-TS-001".into()),
            option_code: Some("LO-TS-001-BK-M".into())
        }
    );
    assert_eq!(l.option_name, "블랙/M");
    assert_eq!(l.quantity, 2);
    assert_eq!(l.unit_price.amount, 19_800);
    assert_eq!(l.amount.amount, 37_600);
    assert_eq!(l.unit_price.currency, Site::Lotteon.currency());
    assert_eq!(l.sku, crate::domain::LineSku::Unresolved);
    let l2 = &o.lines[1];
    assert_eq!(l2.line_key, "2-1");
    assert_eq!(l2.site_status.code, "12");
    assert_eq!(
        l2.product,
        ProductRef::Code {
            product_code: Some("LO-MG-004".into()),
            option_code: None
        }
    );
    assert_eq!(l2.option_name, "");
    assert_eq!(l2.amount.amount, 9_900, "slAmt when actualAmt is 0");
    // odTypCd is not a cancellation; apiNo 140's step 21 (취소완료) is.
    assert!(!orders[1].cancelled);
    let mut rows = parse_orders(SAMPLE_209.as_bytes()).unwrap().rows;
    let cancelled = ProgressRow {
        od_no: "2023111600000007".into(),
        od_seq: "1".into(),
        proc_seq: "1".into(),
        od_prgs_step_cd: "21".into(),
        dv_trc_stat_dttm: "20231116100000".into(),
        invc_no: String::new(),
    };
    apply_progress(&mut rows, &[cancelled]);
    let orders = rows_to_orders(&rows).unwrap();
    assert!(orders[1].cancelled);
    assert_eq!(orders[1].site_status.code, "cancel");
    assert!(!orders[0].cancelled);
}

#[test]
fn repeated_rows_are_one_line() {
    let page = parse_orders(SAMPLE_209.as_bytes()).unwrap();
    let mut rows = page.rows.clone();
    rows.extend(page.rows.clone());
    let orders = rows_to_orders(&rows).unwrap();
    assert_eq!(orders.iter().map(|o| o.lines.len()).sum::<usize>(), 3);
}

#[test]
fn structured_junk_is_malformed_or_refused_never_success() {
    let malformed = [
        r#"[]"#,
        r#"{"message":"x"}"#,
        r#"{"returnCode":"0000","data":"text"}"#,
        r#"{"returnCode":"0000","data":{"deliveryOrderList":"x"}}"#,
        r#"{"returnCode":"0000","data":{"deliveryOrderList":[{"odNo":"1"}]}}"#,
        r#"{"returnCode":"0000","data":{"deliveryOrderList":[{"odNo":"1","odSeq":{"a":1},"procSeq":"1"}]}}"#,
    ];
    for body in malformed {
        assert!(
            matches!(parse_orders(body.as_bytes()), Err(MarketError::Malformed { .. })),
            "{body}"
        );
    }
    let refused = r#"{"returnCode":"2003","message":"조회기간은 최대 1일까지 가능합니다.","data":null}"#;
    assert!(matches!(
        parse_orders(refused.as_bytes()),
        Err(MarketError::Permanent { .. })
    ));
    // No orders: null data or a null list.
    for body in [
        r#"{"returnCode":"0000","data":null}"#,
        r#"{"returnCode":"0000","data":{"deliveryOrderList":null}}"#,
    ] {
        assert!(parse_orders(body.as_bytes()).unwrap().rows.is_empty());
    }
    // A row with an unreadable order time fails loudly instead of inventing one.
    let bad_time = r#"{"returnCode":"0000","data":{"deliveryOrderList":[{"odNo":"1","odSeq":"1","procSeq":"1","odCmptDttm":"yesterday"}]}}"#;
    let rows = parse_orders(bad_time.as_bytes()).unwrap().rows;
    assert!(matches!(
        rows_to_orders(&rows),
        Err(MarketError::Malformed { .. })
    ));
    let negative = r#"{"returnCode":"0000","data":{"deliveryOrderList":[{"odNo":"1","odSeq":"1","procSeq":"1","odQty":-1,"odCmptDttm":"20231115071320"}]}}"#;
    let rows = parse_orders(negative.as_bytes()).unwrap().rows;
    assert!(matches!(
        rows_to_orders(&rows),
        Err(MarketError::Malformed { .. })
    ));
    assert!(matches!(
        parse_batch(br#"{"returnCode":"0000","data":[]}"#),
        Err(MarketError::Malformed { .. })
    ));
    assert!(matches!(
        parse_batch(br#"{"returnCode":"0000","data":{}}"#),
        Err(MarketError::Malformed { .. })
    ));
    assert!(matches!(
        parse_stock(br#"{"returnCode":"0000","data":{"a":1}}"#),
        Err(MarketError::Malformed { .. })
    ));
    assert!(matches!(
        parse_product_detail(br#"{"returnCode":"0000","data":{"spdNo":"1","itmLst":[{"eitmNo":"x"}]}}"#),
        Err(MarketError::Malformed { .. })
    ));
}

#[test]
fn batch_answers_map_onto_the_lines_sent() {
    let sent = vec![
        LineRef::from_key("A", "1-1").unwrap(),
        LineRef::from_key("A", "2-1").unwrap(),
        LineRef::from_key("B", "1-1").unwrap(),
    ];
    let body = r#"{"returnCode":"0000","message":"정상","data":{"rsltCd":"9000","rsltMsg":"일부 실패",
        "failList":[{"odNo":"A","odSeq":"2","procSeq":"1","rsltCd":"2104","rsltMsg":"출고지시(11) 상태가 아닙니다"}]}}"#;
    let r = batch_results(&sent, &parse_batch(body.as_bytes()).unwrap());
    assert_eq!(r.len(), 3);
    assert_eq!(r[0], LineResult::ok("A", Some("1-1")));
    assert_eq!(
        r[1],
        LineResult::refused(
            "A",
            Some("2-1"),
            "LotteON rsltCd 2104: 출고지시(11) 상태가 아닙니다"
        )
    );
    assert_eq!(r[2], LineResult::ok("B", Some("1-1")));
    // The whole batch refused without a failList: every line carries the batch's words.
    let body = r#"{"returnCode":"0000","data":{"rsltCd":"9100","rsltMsg":"처리 불가"}}"#;
    let r = batch_results(&sent, &parse_batch(body.as_bytes()).unwrap());
    assert!(r
        .iter()
        .all(|x| x.outcome == Err("LotteON rsltCd 9100: 처리 불가".into())));
    let body = r#"{"returnCode":"0000","data":{"rsltCd":"0000","rsltMsg":"성공"}}"#;
    assert!(batch_results(&sent, &parse_batch(body.as_bytes()).unwrap())
        .iter()
        .all(|x| x.outcome.is_ok()));
}

#[test]
fn carriers_match_by_name() {
    let body = r#"{"returnCode":"0000","data":[{"cmnCd":"0001","cmnCdNm":"롯데택배"},
        {"cmnCd":"0003","cmnCdNm":"한진택배"},{"cmnCd":"0030","cmnCdNm":"DHL"},{"cmnCd":4,"cmnCdNm":"우체국 택배"}]}"#;
    let codes = parse_codes(body.as_bytes()).unwrap();
    assert_eq!(match_carrier(&codes, "한진택배").unwrap().code, "0003");
    assert_eq!(match_carrier(&codes, "한진").unwrap().code, "0003");
    assert_eq!(match_carrier(&codes, "dhl").unwrap().code, "0030");
    assert_eq!(match_carrier(&codes, "우체국택배").unwrap().code, "4");
    assert!(match_carrier(&codes, "없는택배").is_none());
    assert!(match_carrier(&codes, "  ").is_none());
}

#[test]
fn product_and_stock_answers_parse() {
    let list = r#"{"returnCode":"0000","dataCount":"2","data":[{"spdNo":"LO1","spdNm":"티셔츠","epdNo":"LO-TS-001"},{"spdNo":2,"epdNo":"LO-MG-004"}]}"#;
    let (rows, total) = parse_product_list(list.as_bytes()).unwrap();
    assert_eq!(total, Some(2));
    assert_eq!(rows[1].spd_no, "2");
    let detail = r#"{"returnCode":"0000","data":{"spdNo":"LO1","spdNm":"티셔츠","epdNo":"LO-TS-001",
        "itmLst":[{"sitmNo":"LO1_1","eitmNo":"LO-TS-001-BK-S","sitmNm":"블랙/S","slStatCd":"SALE","slPrc":19800,"stkQty":999999999}]}}"#;
    let d = parse_product_detail(detail.as_bytes()).unwrap();
    assert_eq!(d.itm_lst[0].eitm_no, "LO-TS-001-BK-S");
    assert_eq!(d.itm_lst[0].stk_qty, 999_999_999);
    let stock = r#"{"returnCode":"0000","data":[{"spdNo":"LO1","sitmNo":"LO1_1","resultCode":"0000","resultMessage":"성공"}]}"#;
    assert_eq!(parse_stock(stock.as_bytes()).unwrap()[0].result_code, "0000");
    let ident =
        r#"{"returnCode":"0000","message":"성공","data":{"trGrpCd":"SR","trNo":"LO10161082","trNm":"샵"}}"#;
    let (head, id) = parse_identity(ident.as_bytes()).unwrap();
    assert_eq!((head.code.as_str(), id.tr_no.as_str()), ("0000", "LO10161082"));
}

#[test]
fn line_keys_split_into_seqs() {
    let l = LineRef::from_key("9", "3-2").unwrap();
    assert_eq!(
        (l.od_seq.as_str(), l.proc_seq.as_str(), l.key()),
        ("3", "2", "3-2".to_string())
    );
    assert!(LineRef::from_key("9", "3").is_none());
    assert!(LineRef::from_key("9", "-1").is_none());
}

proptest! {
    #[test]
    fn parse_envelope_never_panics(b in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_envelope(&b);
        let _ = classify(&Reply { status: 200, headers: Default::default(), body: bytes::Bytes::from(b.clone()) });
    }

    #[test]
    fn parse_orders_never_panics(b in proptest::collection::vec(any::<u8>(), 0..512)) {
        if let Ok(page) = parse_orders(&b) {
            let _ = rows_to_orders(&page.rows);
        }
    }

    #[test]
    fn parse_identity_never_panics(b in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_identity(&b);
    }

    #[test]
    fn parse_batch_never_panics(b in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_batch(&b);
    }

    #[test]
    fn parse_codes_never_panics(b in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_codes(&b);
    }

    #[test]
    fn parse_stock_never_panics(b in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_stock(&b);
    }

    #[test]
    fn parse_product_list_never_panics(b in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_product_list(&b);
    }

    #[test]
    fn parse_product_detail_never_panics(b in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_product_detail(&b);
    }

    /// Bytes spliced into a valid 209 answer (wrong types, cut fields) never panic either.
    #[test]
    fn mutated_209_never_panics(cut in 0usize..1400, junk in "[0-9a-z\":,{}\\[\\] -]{0,12}") {
        let s = SAMPLE_209;
        let cut = cut.min(s.len());
        let mut b = s.as_bytes()[..cut].to_vec();
        b.extend_from_slice(junk.as_bytes());
        b.extend_from_slice(&s.as_bytes()[cut..]);
        if let Ok(page) = parse_orders(&b) {
            let _ = rows_to_orders(&page.rows);
        }
    }
}
