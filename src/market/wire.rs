//! Small helpers every adapter's parser shares: tolerant field decoding and time conversions.

use serde::{Deserialize, Deserializer};

use super::types::MarketError;

/// Decodes a JSON string or number (or null) as a string; sites mix the two for ids and amounts.
pub fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Sn {
        S(String),
        N(serde_json::Number),
        B(bool),
        Null,
    }
    Ok(match Option::<Sn>::deserialize(d)? {
        Some(Sn::S(s)) => s,
        Some(Sn::N(n)) => n.to_string(),
        Some(Sn::B(b)) => b.to_string(),
        Some(Sn::Null) | None => String::new(),
    })
}

/// Decodes an amount given as a number or a decimal string (`"6800.0000"`) as whole units.
pub fn amount<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let s = string_or_number(d)?;
    Ok(parse_amount(&s).unwrap_or(0))
}

/// Whole units of a decimal amount text; `None` when it is not a number.
pub fn parse_amount(s: &str) -> Option<i64> {
    let s = s.trim().replace(',', "");
    if s.is_empty() {
        return Some(0);
    }
    s.parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .map(|f| f.round() as i64)
}

/// An epoch-milliseconds instant.
pub fn from_millis(ms: i64) -> Result<jiff::Timestamp, MarketError> {
    jiff::Timestamp::from_millisecond(ms)
        .map_err(|e| MarketError::malformed(format!("bad epoch-ms time {ms}: {e}"), b""))
}

/// Parses a site-local wall-clock time (KST/JST, both UTC+9) in one of `formats` (strftime).
pub fn local_time(text: &str, formats: &[&str]) -> Result<jiff::Timestamp, MarketError> {
    let t = text.trim();
    for f in formats {
        if let Ok(dt) = jiff::civil::DateTime::strptime(f, t) {
            if let Ok(z) = dt.to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(9))) {
                return Ok(z.timestamp());
            }
        }
        if let Ok(d) = jiff::civil::Date::strptime(f, t) {
            if let Ok(z) = d.to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(9))) {
                return Ok(z.timestamp());
            }
        }
    }
    Err(MarketError::malformed(
        format!("time `{t}` is in none of the formats {formats:?}"),
        t.as_bytes(),
    ))
}

/// Formats an instant as site-local (UTC+9) wall-clock text.
pub fn local_text(ts: jiff::Timestamp, format: &str) -> String {
    ts.to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(9)))
        .strftime(format)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_and_times() {
        assert_eq!(parse_amount("6800.0000"), Some(6800));
        assert_eq!(parse_amount("1,200"), Some(1200));
        assert_eq!(parse_amount("x"), None);
        let t = local_time("2019-04-10T11:10:00", &["%Y-%m-%dT%H:%M:%S"]).unwrap();
        assert_eq!(t.to_string(), "2019-04-10T02:10:00Z");
        assert_eq!(local_text(t, "%Y%m%d%H%M%S"), "20190410111000");
        assert!(local_time("nonsense", &["%Y"]).is_err());
        let d = local_time("2019/04/10", &["%Y/%m/%d"]).unwrap();
        assert_eq!(d.to_string(), "2019-04-09T15:00:00Z");
    }

    #[test]
    fn strings_or_numbers() {
        #[derive(Deserialize)]
        struct T {
            #[serde(deserialize_with = "string_or_number", default)]
            a: String,
        }
        let v: T = serde_json::from_str(r#"{"a":123}"#).unwrap();
        assert_eq!(v.a, "123");
        let v: T = serde_json::from_str(r#"{"a":"x"}"#).unwrap();
        assert_eq!(v.a, "x");
        let v: T = serde_json::from_str(r#"{"a":null}"#).unwrap();
        assert_eq!(v.a, "");
    }
}
