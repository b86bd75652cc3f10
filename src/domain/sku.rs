//! Warehouse SKUs: the seller-defined code, names and stock quantities.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A SKU's seller-defined code, the warehouse's key for a stock unit.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SkuCode(String);

/// A code that cannot be a SKU code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid SKU code `{code}`: {reason}")]
pub struct SkuCodeError {
    /// The text given.
    pub code: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl SkuCode {
    /// Validates a code: 1–100 characters, no whitespace at the ends, no control characters.
    /// The text is kept exactly; near misses are for `mapping::suggest`, never fixed here.
    pub fn new(code: &str) -> Result<Self, SkuCodeError> {
        let bad = |reason| SkuCodeError {
            code: code.to_string(),
            reason,
        };
        if code.is_empty() {
            return Err(bad("it is empty"));
        }
        if code.chars().count() > 100 {
            return Err(bad("it is longer than 100 characters"));
        }
        if code.trim() != code {
            return Err(bad("it starts or ends with whitespace"));
        }
        if code.chars().any(char::is_control) {
            return Err(bad("it contains a control character"));
        }
        Ok(SkuCode(code.to_string()))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for SkuCode {
    type Error = SkuCodeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        SkuCode::new(&value)
    }
}

impl From<SkuCode> for String {
    fn from(value: SkuCode) -> Self {
        value.0
    }
}

impl fmt::Display for SkuCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A stock unit in the warehouse: a single product, or one option of a product with options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sku {
    /// The seller-defined code.
    pub code: SkuCode,
    /// The product name.
    pub name: String,
    /// The option name for an option SKU (`None` for a single product).
    #[serde(default)]
    pub option_name: Option<String>,
    /// Units physically on hand.
    pub on_hand: i64,
    /// Units reserved by fulfillment orders not yet shipped.
    #[serde(default)]
    pub reserved: i64,
}

impl Sku {
    /// Units that may still be sold: on hand less reserved, never below zero.
    pub fn available(&self) -> i64 {
        (self.on_hand - self.reserved).max(0)
    }

    /// True for an option SKU of a product with options.
    pub fn is_option(&self) -> bool {
        self.option_name.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_kept_exactly_but_validated() {
        assert_eq!(SkuCode::new("ABC-01").unwrap().as_str(), "ABC-01");
        assert!(SkuCode::new("ABC-01 ").is_err());
        assert!(SkuCode::new("").is_err());
        assert!(SkuCode::new("a\tb").is_err());
        assert_eq!(SkuCode::new("ｱｲｳ").unwrap().as_str(), "ｱｲｳ");
    }

    #[test]
    fn available_never_goes_negative() {
        let mut s = Sku {
            code: SkuCode::new("A").unwrap(),
            name: "a".into(),
            option_name: None,
            on_hand: 5,
            reserved: 2,
        };
        assert_eq!(s.available(), 3);
        s.reserved = 9;
        assert_eq!(s.available(), 0);
    }
}
