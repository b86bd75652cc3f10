//! Values in the store: a version byte, then JSON. Secrets are written in clear here only
//! (the data directory is 0700 and its files 0600).

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::domain::secret::with_exposed;

/// The version byte of every value written by this build.
pub const VALUE_VERSION: u8 = 1;

/// Why a stored value could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CodecError {
    /// The value is empty.
    #[error("empty value")]
    Empty,
    /// The version byte is not one this build reads.
    #[error("value version {0} is not known to this build (it reads version {VALUE_VERSION})")]
    Version(u8),
    /// The JSON does not fit the type.
    #[error("undecodable value: {0}")]
    Json(#[from] serde_json::Error),
}

/// Encodes a value for the store.
pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    let mut out = vec![VALUE_VERSION];
    with_exposed(|| serde_json::to_writer(&mut out, value))?;
    Ok(out)
}

/// Decodes a value written by [`encode`].
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    let (&version, body) = bytes.split_first().ok_or(CodecError::Empty)?;
    if version != VALUE_VERSION {
        return Err(CodecError::Version(version));
    }
    Ok(serde_json::from_slice(body)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Secret;

    #[test]
    fn secrets_are_stored_in_clear_and_read_back() {
        let s = Secret::new("sk_live_0123456789abcd");
        let bytes = encode(&s).unwrap();
        assert_eq!(bytes[0], VALUE_VERSION);
        assert_eq!(decode::<Secret>(&bytes).unwrap(), s);
    }

    #[test]
    fn bad_values_are_errors() {
        assert!(matches!(decode::<u32>(&[]), Err(CodecError::Empty)));
        assert!(matches!(decode::<u32>(&[9, b'1']), Err(CodecError::Version(9))));
        assert!(matches!(decode::<u32>(&[1, b'x']), Err(CodecError::Json(_))));
    }
}
