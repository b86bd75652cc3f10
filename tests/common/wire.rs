//! Golden wire answers transcribed from the sites' own documents, and the structural comparison
//! that holds the simulator to them.
//!
//! A fixture lives at `tests/fixtures/wire/<site>/<endpoint>__<case>.<json|xml>`. Its first lines
//! start with `#` and name the source (`# source: <URL or repo path> (<section>)`); the body
//! follows. [`same_shape`] compares two bodies by field names and JSON/XML structure, values aside.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

/// One golden answer: where it came from and its body.
#[derive(Debug, Clone)]
pub struct Fixture {
    /// The file.
    pub path: PathBuf,
    /// The `# source:` lines (at least one).
    pub sources: Vec<String>,
    /// The body below the header.
    pub body: String,
}

impl Fixture {
    /// The file name without its extension: `<endpoint>__<case>`.
    pub fn stem(&self) -> String {
        self.path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// The body as a shape tree (JSON, or XML turned into a tree).
    pub fn tree(&self) -> Value {
        parse_tree(&self.body).unwrap_or_else(|e| panic!("{}: {e}", self.path.display()))
    }
}

/// The directory of a site's fixtures.
pub fn dir(site: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/wire")
        .join(site)
}

/// Reads one fixture by file name (`orders__success.json`); panics with the path when it has no
/// `# source:` line.
pub fn load(site: &str, name: &str) -> Fixture {
    let path = dir(site).join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut sources = Vec::new();
    let mut body_start = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if !t.starts_with('#') {
            break;
        }
        if let Some(s) = t.trim_start_matches('#').trim().strip_prefix("source:") {
            sources.push(s.trim().to_string());
        }
        body_start += line.len();
    }
    assert!(
        !sources.is_empty(),
        "{}: no `# source:` line naming where this answer comes from",
        path.display()
    );
    Fixture {
        path,
        sources,
        body: text[body_start..].to_string(),
    }
}

/// Every fixture of a site, sorted by name.
pub fn all(site: &str) -> Vec<Fixture> {
    let mut names: Vec<String> = std::fs::read_dir(dir(site))
        .unwrap_or_else(|e| panic!("{}: {e}", dir(site).display()))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json") || n.ends_with(".xml"))
        .collect();
    names.sort();
    names.iter().map(|n| load(site, n)).collect()
}

/// Parses a JSON body, or an XML body into a tree: an element is an object of its children
/// (attributes as `@name`, repeated children as an array, text-only elements as strings).
pub fn parse_tree(body: &str) -> Result<Value, String> {
    let t = body.trim_start();
    if t.starts_with('<') {
        xml_tree(t)
    } else {
        serde_json::from_str(t).map_err(|e| format!("not JSON: {e}"))
    }
}

fn xml_tree(body: &str) -> Result<Value, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(body);
    reader.config_mut().trim_text(true);
    // Stack of (name, children, text).
    let mut stack: Vec<(String, Map<String, Value>, String)> =
        vec![("#root".into(), Map::new(), String::new())];
    let attrs = |e: &quick_xml::events::BytesStart| -> Result<Map<String, Value>, String> {
        let mut m = Map::new();
        for a in e.attributes() {
            let a = a.map_err(|e| e.to_string())?;
            let k = String::from_utf8_lossy(a.key.as_ref()).into_owned();
            if k.starts_with("xmlns") {
                continue;
            }
            let v = a.unescape_value().map_err(|e| e.to_string())?;
            m.insert(format!("@{k}"), Value::String(v.into_owned()));
        }
        Ok(m)
    };
    loop {
        match reader.read_event().map_err(|e| format!("not XML: {e}"))? {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                stack.push((name, attrs(&e)?, String::new()));
            }
            Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                let m = attrs(&e)?;
                let v = if m.is_empty() {
                    Value::String(String::new())
                } else {
                    Value::Object(m)
                };
                add_child(&mut stack, name, v);
            }
            Event::Text(t) => {
                let s = t.xml10_content().map_err(|e| e.to_string())?;
                if let Some(top) = stack.last_mut() {
                    top.2.push_str(&s);
                }
            }
            Event::GeneralRef(_) => {
                // An entity (`&amp;`): values do not matter to the shape, only that there is text.
                if let Some(top) = stack.last_mut() {
                    top.2.push('&');
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.2.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::End(_) => {
                let (name, children, text) = stack.pop().ok_or("unbalanced XML")?;
                let v = if children.is_empty() {
                    Value::String(text)
                } else {
                    Value::Object(children)
                };
                add_child(&mut stack, name, v);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let (_, root, _) = stack.pop().ok_or("unbalanced XML")?;
    if !stack.is_empty() {
        return Err("unclosed XML element".into());
    }
    Ok(Value::Object(root))
}

fn add_child(stack: &mut [(String, Map<String, Value>, String)], name: String, v: Value) {
    let Some(parent) = stack.last_mut() else {
        return;
    };
    match parent.1.get_mut(&name) {
        Some(Value::Array(a)) => a.push(v),
        Some(prev) => {
            let first = prev.take();
            *prev = Value::Array(vec![first, v]);
        }
        None => {
            parent.1.insert(name, v);
        }
    }
}

/// Sends a request and reads the answer as a shape tree (JSON, or XML as a tree).
pub async fn send_tree(req: reqwest::Request) -> Value {
    let text = reqwest::Client::new()
        .execute(req)
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    parse_tree(&text).unwrap()
}

/// Where two bodies differ in shape: field names, nesting and JSON kinds (object, array, string,
/// number, bool). `null` matches anything; an empty array matches any array; every element of an
/// array is compared with the golden's first element. Paths in `optional` (e.g. `data[].memo`) may be
/// missing on either side. Empty when the shapes agree.
pub fn shape_diff(golden: &Value, actual: &Value, optional: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    walk(golden, actual, "", optional, &mut out);
    out
}

/// Panics with every difference when `actual` does not have `golden`'s shape.
pub fn assert_same_shape(what: &str, golden: &Value, actual: &Value, optional: &[&str]) {
    let d = shape_diff(golden, actual, optional);
    assert!(
        d.is_empty(),
        "{what}: the simulator's answer differs from the documented shape:\n  {}\nsimulator: {}",
        d.join("\n  "),
        truncate(&actual.to_string(), 2000)
    );
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn walk(g: &Value, a: &Value, path: &str, optional: &[&str], out: &mut Vec<String>) {
    match (g, a) {
        (Value::Null, _) | (_, Value::Null) => {}
        (Value::Object(go), Value::Object(ao)) => {
            for (k, gv) in go {
                let p = format!("{path}.{k}");
                match ao.get(k) {
                    Some(av) => walk(gv, av, &p, optional, out),
                    None if optional.contains(&p.trim_start_matches('.')) => {}
                    None => out.push(format!("{p}: documented, missing")),
                }
            }
            for k in ao.keys() {
                let p = format!("{path}.{k}");
                if !go.contains_key(k) && !optional.contains(&p.trim_start_matches('.')) {
                    out.push(format!("{p}: not in the documented answer"));
                }
            }
        }
        (Value::Array(ga), Value::Array(aa)) => {
            if let Some(g0) = ga.first() {
                for av in aa {
                    walk(g0, av, &format!("{path}[]"), optional, out);
                }
            }
        }
        _ if kind(g) == kind(a) => {}
        _ => out.push(format!(
            "{}: documented {}, got {}",
            if path.is_empty() { "(top)" } else { path },
            kind(g),
            kind(a)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shapes_compare_names_nesting_and_kinds() {
        let g = json!({"a": 1, "b": [{"c": "x"}], "d": null});
        assert!(shape_diff(&g, &json!({"a": 2, "b": [{"c": "y"}, {"c": "z"}], "d": 3}), &[]).is_empty());
        let d = shape_diff(&g, &json!({"a": "2", "b": [{"c": "y", "e": 1}]}), &[]);
        assert_eq!(
            d,
            vec![
                ".a: documented number, got string",
                ".b[].e: not in the documented answer",
                ".d: documented, missing"
            ]
        );
        assert!(shape_diff(&g, &json!({"a": 2, "b": []}), &["d"]).is_empty());
    }

    #[test]
    fn xml_becomes_a_tree_with_repeated_children_as_arrays() {
        let t = parse_tree(
            r#"<?xml version="1.0"?><R x="1"><Item><Code>A</Code></Item><Item><Code>B</Code></Item><Empty/></R>"#,
        )
        .unwrap();
        assert_eq!(
            t,
            json!({"R": {"@x": "1", "Item": [{"Code": "A"}, {"Code": "B"}], "Empty": ""}})
        );
    }
}
