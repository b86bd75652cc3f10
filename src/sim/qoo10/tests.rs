use super::*;

fn world() -> World {
    World::new(
        3,
        4,
        jiff::Timestamp::from_second(1_800_000_000).unwrap_or_default(),
    )
}

fn qoo10(w: &World) -> (usize, String) {
    let i = w.shops.iter().position(|s| s.site == Site::Qoo10).unwrap();
    (i, w.shops[i].credentials["seller_key"].clone())
}

async fn answer(r: Response) -> Value {
    let b = axum::body::to_bytes(r.into_body(), 1 << 20).await.unwrap();
    serde_json::from_slice(&b).unwrap()
}

fn form(pairs: &[(&str, &str)]) -> Form {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[tokio::test]
async fn keys_are_checked_before_anything_else() {
    let mut w = world();
    let (i, key) = qoo10(&w);
    let r = answer(handle(&mut w, "ItemsLookup.GetAllGoodsInfo", "nope", &form(&[]))).await;
    assert_eq!(r["ResultCode"], -10000);
    w.shops[i].key_expired = true;
    let r = answer(handle(&mut w, "ItemsLookup.GetAllGoodsInfo", &key, &form(&[]))).await;
    assert_eq!(
        (r["ResultCode"].as_i64(), r["ResultMsg"].as_str()),
        (Some(-90004), Some(EXPIRED_MESSAGE))
    );
    w.shops[i].key_expired = false;
    let r = answer(handle(&mut w, "ShippingBasic.Nope", &key, &form(&[]))).await;
    assert_eq!(r["ResultCode"], -90001);
    assert_eq!(w.shops[i].rejected, 2);
}

#[tokio::test]
async fn bulk_limits_and_per_item_codes() {
    let mut w = world();
    let (i, key) = qoo10(&w);
    let many: Vec<Value> = (0..501).map(|n| json!({"OrderNo": n.to_string()})).collect();
    let json_many = serde_json::to_string(&many).unwrap();
    let f = form(&[("SendPlanDtInfoJson", json_many.as_str())]);
    let r = answer(handle(&mut w, "ShippingBasic.SetSellerCheckYNBulk", &key, &f)).await;
    assert_eq!(r["ResultCode"], -10011);
    let no = w.shops[i].orders.keys().next().unwrap().clone();
    for l in &mut w.shops[i].orders.get_mut(&no).unwrap().lines {
        l.status = "4".into();
    }
    let est = jiff::Timestamp::now()
        .to_zoned(jst())
        .date()
        .tomorrow()
        .unwrap()
        .strftime("%Y%m%d")
        .to_string();
    let one = format!(
        r#"[{{"OrderNo":"{no}","EstShipDt":"{est}"}},{{"OrderNo":"1","EstShipDt":"{est}"}},{{"OrderNo":"1"}}]"#
    );
    let f = form(&[("SendPlanDtInfoJson", one.as_str())]);
    let r = answer(handle(&mut w, "ShippingBasic.SetSellerCheckYNBulk", &key, &f)).await;
    assert_eq!(r["ResultCode"], 0);
    assert_eq!(r["ResultObject"][0]["ResultCode"], -10013);
    assert_eq!(r["ResultObject"][1]["ResultCode"], -10001);
    // The bulk call refuses an entry without an estimated shipping date, per line (result_cd).
    assert_eq!(r["ResultObject"][2]["result_cd"], -10016);
    assert!(w.shops[i].confirms.is_empty());
}

#[test]
fn search_bounds() {
    let end = search_time("20261120", true).unwrap();
    assert_eq!(end.to_string(), "2026-11-20T14:59:59Z");
    let start = search_time("20261120", false).unwrap();
    assert_eq!(start.to_string(), "2026-11-19T15:00:00Z");
    assert_eq!(
        search_time("20261120101530", false).unwrap().to_string(),
        "2026-11-20T01:15:30Z"
    );
    assert!(search_time("2026-11-20", false).is_none());
    assert_eq!(status_text("3"), "Seller confirm(3)");
}
