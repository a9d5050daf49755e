use super::error::ApiFailure;
use axum::body::Body;
use axum::http::{header, HeaderMap};

/// Reads a body of at most `limit` bytes. A declared length over the limit is
/// refused before any byte is read.
pub async fn read_limited(headers: &HeaderMap, body: Body, limit: usize) -> Result<Vec<u8>, ApiFailure> {
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(ApiFailure::too_large(limit));
    }
    match axum::body::to_bytes(body, limit).await {
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
