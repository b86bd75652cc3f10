//! Frames: a 4-byte big-endian length, then that many bytes of JSON. A frame larger than
//! [`MAX_FRAME`] is refused before anything is read into memory.

use serde::de::DeserializeOwned;
use serde::Serialize;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// The largest frame either side accepts (a SKU file travels in one frame).
pub const MAX_FRAME: usize = 64 << 20;

/// Why a frame could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    /// The socket failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The announced length is over the cap.
    #[error("a frame of {0} bytes is over the link's cap of {MAX_FRAME} bytes")]
    TooLarge(usize),
    /// The body is not the JSON expected.
    #[error("an undecodable frame: {0}")]
    Json(#[from] serde_json::Error),
}

/// Writes one frame.
pub async fn write_frame<W: AsyncWrite + Unpin>(w: &mut W, body: &[u8]) -> Result<(), FrameError> {
    if body.len() > MAX_FRAME {
        return Err(FrameError::TooLarge(body.len()));
    }
    let len = u32::try_from(body.len()).map_err(|_| FrameError::TooLarge(body.len()))?;
    w.write_all(&len.to_be_bytes()).await?;
    w.write_all(body).await?;
    w.flush().await?;
    Ok(())
}

/// The largest first frame (the hello) a peer may send before the engine knows who it is.
pub const MAX_HELLO: usize = 16 << 10;

/// Reads one frame; `None` when the peer closed the connection between frames.
pub async fn read_frame<R: AsyncRead + Unpin>(r: &mut R) -> Result<Option<Vec<u8>>, FrameError> {
    read_frame_capped(r, MAX_FRAME).await
}

/// [`read_frame`] with a smaller cap.
pub async fn read_frame_capped<R: AsyncRead + Unpin>(
    r: &mut R,
    cap: usize,
) -> Result<Option<Vec<u8>>, FrameError> {
    let mut len = [0u8; 4];
    match r.read_exact(&mut len).await {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e.into()),
    }
    let len = u32::from_be_bytes(len) as usize;
    if len > cap.min(MAX_FRAME) {
        return Err(FrameError::TooLarge(len));
    }
    let mut body = vec![0u8; len];
    r.read_exact(&mut body).await?;
    Ok(Some(body))
}

/// Encodes a message.
pub fn encode<T: Serialize>(v: &T) -> Result<Vec<u8>, FrameError> {
    Ok(serde_json::to_vec(v)?)
}

/// Decodes a message.
pub fn decode<T: DeserializeOwned>(b: &[u8]) -> Result<T, FrameError> {
    Ok(serde_json::from_slice(b)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn frames_round_trip_and_oversized_ones_are_refused() {
        let (mut a, mut b) = tokio::io::duplex(1 << 16);
        write_frame(&mut a, b"{\"x\":1}").await.unwrap();
        write_frame(&mut a, b"").await.unwrap();
        assert_eq!(read_frame(&mut b).await.unwrap().unwrap(), b"{\"x\":1}");
        assert_eq!(read_frame(&mut b).await.unwrap().unwrap(), b"");
        // A length over the cap is refused without reading the body.
        a.write_all(&((MAX_FRAME as u32) + 1).to_be_bytes())
            .await
            .unwrap();
        assert!(matches!(read_frame(&mut b).await, Err(FrameError::TooLarge(_))));
        let (mut a3, mut b3) = tokio::io::duplex(64);
        a3.write_all(&((MAX_HELLO as u32) + 1).to_be_bytes())
            .await
            .unwrap();
        assert!(matches!(
            read_frame_capped(&mut b3, MAX_HELLO).await,
            Err(FrameError::TooLarge(_))
        ));
        drop(a);
        let (a2, mut b2) = tokio::io::duplex(64);
        drop(a2);
        assert!(read_frame(&mut b2).await.unwrap().is_none());
    }
}
