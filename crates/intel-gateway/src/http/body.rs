use super::error::ApiFailure;
use axum::body::Body;
use axum::http::{header, HeaderMap};

/// Over the limit by at most this much, a body is read to its end before the
/// 413 goes out: an HTTP/1.1 client still sending would otherwise see a broken
/// connection instead of the answer. Beyond it the connection is cut.
const DRAIN_BYTES: usize = 4 * 1024 * 1024;

/// Reads a body of at most `limit` bytes. A declared length far over the
/// limit is refused before any byte is read.
pub async fn read_limited(headers: &HeaderMap, body: Body, limit: usize) -> Result<Vec<u8>, ApiFailure> {
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > (limit + DRAIN_BYTES) as u64) {
        return Err(ApiFailure::too_large(limit));
    }
    match axum::body::to_bytes(body, limit + DRAIN_BYTES).await {
        Ok(b) if b.len() > limit => Err(ApiFailure::too_large(limit)),
        Ok(b) => Ok(b.to_vec()),
        Err(e) => {
            if e.into_inner().downcast_ref::<http_body_util::LengthLimitError>().is_some() {
                Err(ApiFailure::too_large(limit))
            } else {
                Err(ApiFailure::invalid("The request body could not be read completely; send it again."))
            }
        }
    }
}

pub fn parse_json<T: serde::de::DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T, ApiFailure> {
    serde_json::from_slice(bytes).map_err(|e| ApiFailure::invalid(format!("The body is not a valid {what}: {e}.")))
}
