//! A credential value that never shows itself by accident.
//!
//! `Debug`, `Display` and ordinary serialization print a mask with at most the last four
//! characters. The raw value comes out only through [`Secret::expose`], or through serialization
//! inside [`with_exposed`], which the store and the wire use.

use std::cell::Cell;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

thread_local! {
    static EXPOSE: Cell<bool> = const { Cell::new(false) };
}

/// A secret string: API key, secret key, issued token or password.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

/// Runs `f` with secrets serialized in clear. Only the store and the wire protocol call this.
pub fn with_exposed<T>(f: impl FnOnce() -> T) -> T {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            EXPOSE.with(|c| c.set(self.0));
        }
    }
    let previous = EXPOSE.with(|c| c.replace(true));
    let _reset = Reset(previous);
    f()
}

impl Secret {
    /// Wraps a raw value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The raw value, for signing requests and nothing else.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when no value is held.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value as it may be shown: `••••` and the last 4 characters, or only `••••` when the
    /// value is too short for its tail to be shown without giving most of it away.
    pub fn masked(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        if chars.len() < 12 {
            return "••••".to_string();
        }
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("••••{tail}")
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({})", self.masked())
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if EXPOSE.with(Cell::get) {
            serializer.serialize_str(&self.0)
        } else {
            serializer.serialize_str(&self.masked())
        }
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_display_and_serialize_mask() {
        let s = Secret::new("sk_live_0123456789abcd");
        assert_eq!(format!("{s:?}"), "Secret(••••abcd)");
        assert_eq!(s.to_string(), "••••abcd");
        let json = serde_json::to_string(&s).unwrap();
        assert!(!json.contains("0123456789"), "{json}");
        assert_eq!(json, "\"••••abcd\"");
    }

    #[test]
    fn short_secrets_are_fully_masked() {
        assert_eq!(Secret::new("abc123").masked(), "••••");
        assert_eq!(Secret::new("").masked(), "••••");
    }

    #[test]
    fn exposed_serialization_round_trips_and_resets() {
        let s = Secret::new("sk_live_0123456789abcd");
        let json = with_exposed(|| serde_json::to_string(&s).unwrap());
        assert_eq!(json, "\"sk_live_0123456789abcd\"");
        let back: Secret = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
        // Outside the scope, masking is back on.
        assert!(!serde_json::to_string(&s).unwrap().contains("0123"));
    }

    #[test]
    fn exposure_resets_after_panic() {
        let s = Secret::new("sk_live_0123456789abcd");
        let r = std::panic::catch_unwind(|| with_exposed(|| panic!("boom")));
        assert!(r.is_err());
        assert!(!serde_json::to_string(&s).unwrap().contains("0123"));
    }
}
