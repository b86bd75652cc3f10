//! Every site-answer parser fed what a hostile site could send: arbitrary bytes, and JSON or XML
//! trees built from the field names the parsers themselves look for (gathered from the adapters'
//! wire sources at test time, so the trees reach past the first `{`). Each call must return a
//! value or an error, never panic; orders built from what parsed are built the same way.

use std::sync::OnceLock;

use proptest::prelude::*;
use serde_json::Value;
use shipdeck::domain::Site;
use shipdeck::market::{crossmall, esm, grip, lotteon, qoo10};

/// Calls every byte parser (and the order builders on what they return); panics propagate.
fn feed(body: &[u8]) {
    let _ = qoo10::wire::parse_envelope(body);
    let _ = qoo10::wire::parse_ok(body);
    let _ = qoo10::wire::parse_shipping_rows(body);
    let _ = qoo10::wire::parse_orders(body);
    let _ = qoo10::wire::parse_bulk(body);
    let _ = qoo10::wire::parse_certification_key(body);
    let _ = qoo10::wire::parse_goods_page(body);
    let _ = qoo10::wire::parse_inventory(body);

    let _ = esm::wire::parse_envelope(body);
    let _ = esm::wire::parse_goods(body);
    let _ = esm::wire::parse_delivery_companies(body);
    if let Ok(page) = esm::wire::parse_orders(body) {
        for row in &page.rows {
            let _ = esm::wire::row_to_order(Site::Gmarket, row);
            let _ = esm::wire::row_to_order(Site::Auction, row);
        }
    }

    let _ = lotteon::wire::parse_envelope(body);
    let _ = lotteon::wire::parse_ok(body);
    let _ = lotteon::wire::parse_identity(body);
    let _ = lotteon::wire::parse_batch(body);
    let _ = lotteon::wire::parse_codes(body);
    let _ = lotteon::wire::parse_stock(body);
    let _ = lotteon::wire::parse_product_list(body);
    let _ = lotteon::wire::parse_product_detail(body);
    if let Ok(page) = lotteon::wire::parse_orders(body) {
        let _ = lotteon::wire::rows_to_orders(&page.rows);
    }

    let _ = crossmall::wire::parse_envelope(body);
    let _ = crossmall::wire::parse_ok(body);
    let _ = crossmall::wire::parse_phases(body);
    let _ = crossmall::wire::parse_items(body);
    let _ = crossmall::wire::parse_stock(body);
    let _ = crossmall::wire::parse_update(body);
    let details = crossmall::wire::parse_order_detail(body).unwrap_or_default();
    if let Ok(page) = crossmall::wire::parse_orders(body) {
        for row in &page.rows {
            let _ = crossmall::wire::site_order(row, &details);
        }
    }

    let _ = grip::wire::parse_count(body);
    let _ = grip::wire::parse_write_results(body);
    let _ = grip::wire::parse_companies(body);
    let _ = grip::wire::parse_product_list(body);
    let _ = grip::wire::parse_product(body);
    if let Ok(rows) = grip::wire::parse_order_list(body) {
        let _ = grip::wire::group_orders(rows);
    }
}

/// The quoted words of the adapters' wire sources that look like field names.
fn vocabulary() -> &'static [String] {
    static WORDS: OnceLock<Vec<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words = std::collections::BTreeSet::new();
        let mut stack = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/market"
        ))];
        while let Some(p) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&p) else {
                continue;
            };
            for e in entries.flatten() {
                let path = e.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|x| x == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap_or_default();
                    for (i, part) in text.split('"').enumerate() {
                        let word = i % 2 == 1
                            && (2..=40).contains(&part.len())
                            && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                        if word {
                            words.insert(part.to_string());
                        }
                    }
                }
            }
        }
        words.into_iter().collect()
    })
}

fn key() -> impl Strategy<Value = String> {
    (0..vocabulary().len().max(1)).prop_map(|i| vocabulary().get(i).cloned().unwrap_or_default())
}

/// Scalars a site might put anywhere: numbers of every size and sign, dates, codes, empty text,
/// control characters, very long text.
fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        prop_oneof![
            Just("2024-05-01 10:00:00".to_string()),
            Just("2024-05-01T10:00:00".to_string()),
            Just("20240501100000".to_string()),
            Just("0".to_string()),
            Just("-1".to_string()),
            Just("99999999999999999999999".to_string()),
            Just("\u{1b}]0;x\u{7}".to_string()),
            Just(String::new()),
            "[0-9]{1,12}",
            ".{0,40}",
            key(),
        ]
        .prop_map(Value::from),
    ]
}

fn json_tree() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((key(), inner), 0..10)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// An XML tree over the same names (Crossmall answers in XML).
#[derive(Debug, Clone)]
enum Xml {
    Text(String),
    Node(String, Vec<(String, String)>, Vec<Xml>),
}

fn xml_tree() -> impl Strategy<Value = Xml> {
    let text = prop_oneof!["[0-9]{0,10}", ".{0,20}", key()].prop_map(Xml::Text);
    text.prop_recursive(4, 48, 6, |inner| {
        (
            key(),
            proptest::collection::vec((key(), "[0-9a-z]{0,6}"), 0..2),
            proptest::collection::vec(inner, 0..6),
        )
            .prop_map(|(n, a, c)| Xml::Node(n, a, c))
    })
}

fn write_xml(x: &Xml, out: &mut String) {
    match x {
        Xml::Text(t) => out.push_str(&t.replace('&', "&amp;").replace('<', "&lt;")),
        Xml::Node(name, attrs, children) => {
            out.push('<');
            out.push_str(name);
            for (k, v) in attrs {
                out.push_str(&format!(" {k}=\"{v}\""));
            }
            out.push('>');
            for c in children {
                write_xml(c, out);
            }
            out.push_str(&format!("</{name}>"));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(body in proptest::collection::vec(any::<u8>(), 0..2048)) {
        feed(&body);
    }

    #[test]
    fn json_trees_of_known_fields_never_panic(v in json_tree()) {
        feed(v.to_string().as_bytes());
        // The same tree cut short, as a truncated answer.
        let s = v.to_string();
        feed(&s.as_bytes()[..s.len() / 2]);
    }

    #[test]
    fn xml_trees_of_known_fields_never_panic(x in xml_tree()) {
        let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        write_xml(&x, &mut s);
        feed(s.as_bytes());
        feed(&s.as_bytes()[..s.len() / 2]);
    }
}

#[test]
fn the_vocabulary_reaches_the_parsers_fields() {
    let v = vocabulary();
    for known in ["odNo", "order_number", "ResultObject"] {
        assert!(
            v.iter().any(|w| w == known),
            "{known} missing from {} words",
            v.len()
        );
    }
}
