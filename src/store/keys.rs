//! The one place store keys are built and read. Strings are escaped and terminated so that byte
//! order equals string order; numbers are big-endian (signed ones with the sign bit flipped), so
//! byte order equals numeric order and a composite key sorts as its tuple.

use crate::domain::{ShopName, StatusKey};

/// A key being built, part by part.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct KeyBuf(Vec<u8>);

impl KeyBuf {
    /// An empty key.
    pub fn new() -> Self {
        KeyBuf(Vec::with_capacity(48))
    }

    /// Appends a string: each 0x00 becomes 0x00 0xFF, and 0x00 0x01 ends it.
    pub fn str(mut self, s: &str) -> Self {
        for &b in s.as_bytes() {
            self.0.push(b);
            if b == 0 {
                self.0.push(0xFF);
            }
        }
        self.0.extend_from_slice(&[0, 1]);
        self
    }

    /// Appends one byte.
    pub fn u8(mut self, v: u8) -> Self {
        self.0.push(v);
        self
    }

    /// Appends an unsigned number, big-endian.
    pub fn u64(mut self, v: u64) -> Self {
        self.0.extend_from_slice(&v.to_be_bytes());
        self
    }

    /// Appends a signed number so that negative sorts before positive.
    pub fn i64(mut self, v: i64) -> Self {
        self.0.extend_from_slice(&((v as u64) ^ (1 << 63)).to_be_bytes());
        self
    }

    /// Appends an instant as microseconds since the epoch.
    pub fn ts(self, t: jiff::Timestamp) -> Self {
        self.i64(t.as_microsecond())
    }

    /// The bytes.
    pub fn finish(self) -> Vec<u8> {
        self.0
    }
}

/// Reads a key back part by part, in the order it was built.
#[derive(Debug)]
pub struct KeyReader<'a> {
    rest: &'a [u8],
}

/// A key that does not have the expected shape.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed store key: {0}")]
pub struct KeyError(pub &'static str);

impl<'a> KeyReader<'a> {
    /// Starts reading a key.
    pub fn new(key: &'a [u8]) -> Self {
        KeyReader { rest: key }
    }

    /// Reads a string written by [`KeyBuf::str`].
    pub fn str(&mut self) -> Result<String, KeyError> {
        let mut out = Vec::new();
        let mut i = 0;
        loop {
            let b = *self.rest.get(i).ok_or(KeyError("unterminated string"))?;
            if b == 0 {
                match self.rest.get(i + 1) {
                    Some(0xFF) => out.push(0),
                    Some(1) => break,
                    _ => return Err(KeyError("bad escape in string")),
                }
                i += 2;
            } else {
                out.push(b);
                i += 1;
            }
        }
        self.rest = &self.rest[i + 2..];
        String::from_utf8(out).map_err(|_| KeyError("string is not UTF-8"))
    }

    /// Reads one byte.
    pub fn u8(&mut self) -> Result<u8, KeyError> {
        let (&b, rest) = self.rest.split_first().ok_or(KeyError("missing byte"))?;
        self.rest = rest;
        Ok(b)
    }

    fn eight(&mut self) -> Result<[u8; 8], KeyError> {
        if self.rest.len() < 8 {
            return Err(KeyError("missing number"));
        }
        let (head, rest) = self.rest.split_at(8);
        self.rest = rest;
        let mut a = [0u8; 8];
        a.copy_from_slice(head);
        Ok(a)
    }

    /// Reads an unsigned number.
    pub fn u64(&mut self) -> Result<u64, KeyError> {
        Ok(u64::from_be_bytes(self.eight()?))
    }

    /// Reads a signed number.
    pub fn i64(&mut self) -> Result<i64, KeyError> {
        Ok((u64::from_be_bytes(self.eight()?) ^ (1 << 63)) as i64)
    }

    /// Reads an instant.
    pub fn ts(&mut self) -> Result<jiff::Timestamp, KeyError> {
        jiff::Timestamp::from_microsecond(self.i64()?).map_err(|_| KeyError("instant out of range"))
    }

    /// True when the whole key was read.
    pub fn is_done(&self) -> bool {
        self.rest.is_empty()
    }
}

/// `orders` key: shop | order no.
pub fn order(shop: &ShopName, order_no: &str) -> Vec<u8> {
    KeyBuf::new().str(shop.as_str()).str(order_no).finish()
}

/// `orders_by_status` prefix for one shop and status.
pub fn status_prefix(shop: &ShopName, status: StatusKey) -> Vec<u8> {
    KeyBuf::new().str(shop.as_str()).u8(status.byte()).finish()
}

/// `orders_by_status` key: shop | status | order time | order no.
pub fn status_index(shop: &ShopName, status: StatusKey, at: jiff::Timestamp, order_no: &str) -> Vec<u8> {
    KeyBuf::new()
        .str(shop.as_str())
        .u8(status.byte())
        .ts(at)
        .str(order_no)
        .finish()
}

/// The parts of an `orders_by_status` key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct StatusIndexKey {
    /// Shop name.
    pub shop: String,
    /// Status byte.
    pub status: u8,
    /// Order time.
    pub at: jiff::Timestamp,
    /// Order number.
    pub order_no: String,
}

/// Reads an `orders_by_status` key.
pub fn read_status_index(key: &[u8]) -> Result<StatusIndexKey, KeyError> {
    let mut r = KeyReader::new(key);
    let k = StatusIndexKey {
        shop: r.str()?,
        status: r.u8()?,
        at: r.ts()?,
        order_no: r.str()?,
    };
    if !r.is_done() {
        return Err(KeyError("trailing bytes after status index key"));
    }
    Ok(k)
}

/// `counters` key: shop | status.
pub fn counter(shop: &ShopName, status: StatusKey) -> Vec<u8> {
    status_prefix(shop, status)
}

/// The `counters` key of the number of open mismatch lines; 0xFF sorts after every shop key
/// (no UTF-8 string starts with 0xFF).
pub const MISMATCH_COUNTER: &[u8] = b"\xFFmismatches";

/// `mismatches` key: shop | order no | line key.
pub fn mismatch(shop: &ShopName, order_no: &str, line_key: &str) -> Vec<u8> {
    KeyBuf::new()
        .str(shop.as_str())
        .str(order_no)
        .str(line_key)
        .finish()
}

/// `shops` key.
pub fn shop(name: &ShopName) -> Vec<u8> {
    KeyBuf::new().str(name.as_str()).finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn arb_text() -> impl Strategy<Value = String> {
        // Include NUL and bytes around the escape values to exercise the escaping.
        prop::collection::vec(
            prop_oneof![
                Just('\0'),
                Just('\u{1}'),
                Just('a'),
                Just('b'),
                Just('ÿ'),
                Just('가'),
                any::<char>()
            ],
            0..6,
        )
        .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #[test]
        fn byte_order_equals_tuple_order(
            a in (arb_text(), 0u8..9, any::<i64>(), arb_text()),
            b in (arb_text(), 0u8..9, any::<i64>(), arb_text()),
        ) {
            let key = |t: &(String, u8, i64, String)| KeyBuf::new().str(&t.0).u8(t.1).i64(t.2).str(&t.3).finish();
            let (ka, kb) = (key(&a), key(&b));
            prop_assert_eq!(ka.cmp(&kb), a.cmp(&b), "{:?} vs {:?}", a, b);
            // And every key reads back to its tuple.
            let mut r = KeyReader::new(&ka);
            prop_assert_eq!((r.str().unwrap(), r.u8().unwrap(), r.i64().unwrap(), r.str().unwrap()), a);
            prop_assert!(r.is_done());
        }

        #[test]
        fn unsigned_order(a in any::<u64>(), b in any::<u64>()) {
            prop_assert_eq!(KeyBuf::new().u64(a).finish().cmp(&KeyBuf::new().u64(b).finish()), a.cmp(&b));
        }

        #[test]
        fn reader_never_panics_on_junk(bytes in prop::collection::vec(any::<u8>(), 0..40)) {
            let _ = read_status_index(&bytes);
        }
    }

    #[test]
    fn status_index_round_trips() {
        let shop = ShopName::new("jp main").unwrap();
        let at = jiff::Timestamp::from_second(1_800_000_000).unwrap();
        let k = status_index(&shop, StatusKey::Held, at, "A\0B");
        assert!(k.starts_with(&status_prefix(&shop, StatusKey::Held)));
        let read = read_status_index(&k).unwrap();
        assert_eq!(read.shop, "jp main");
        assert_eq!(read.status, StatusKey::Held.byte());
        assert_eq!(read.at, at);
        assert_eq!(read.order_no, "A\0B");
    }
}
