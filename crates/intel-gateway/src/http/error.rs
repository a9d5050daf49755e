use crate::error::GatewayError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use intel_protocol::{ApiError, ApiErrorCode};

/// An error answer: status plus the protocol's `{code, message}` body.
#[derive(Debug)]
pub struct ApiFailure {
    pub status: StatusCode,
    pub error: ApiError,
}

impl ApiFailure {
    pub fn new(status: StatusCode, code: ApiErrorCode, message: impl Into<String>) -> Self {
        ApiFailure { status, error: ApiError { code, message: message.into() } }
    }
    pub fn unauthorised(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, ApiErrorCode::Unauthorised, message)
    }
    pub fn too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ApiErrorCode::TooLarge,
            format!("The request body is larger than this gateway accepts ({limit} bytes). Split the export into smaller bundles."),
        )
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, ApiErrorCode::InvalidRequest, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, ApiErrorCode::NotFound, message)
    }
}

impl IntoResponse for ApiFailure {
    fn into_response(self) -> Response {
        (self.status, Json(self.error)).into_response()
    }
}

impl From<GatewayError> for ApiFailure {
    fn from(e: GatewayError) -> Self {
        match e {
            GatewayError::Bundle(intel_bundle::BundleError::Rejected { message, .. }) => {
                ApiFailure::new(StatusCode::UNPROCESSABLE_ENTITY, ApiErrorCode::BundleRejected, message)
            }
            GatewayError::Bundle(intel_bundle::BundleError::Build(m)) | GatewayError::Invalid(m) => ApiFailure::invalid(m),
            GatewayError::NotFound(m) => ApiFailure::not_found(m),
            GatewayError::Storage { context, source } => {
                tracing::error!(context, error = %source, "database error");
                ApiFailure::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    ApiErrorCode::Unavailable,
                    "The gateway's database is unavailable; nothing was stored. Try again shortly.",
                )
            }
            other => {
                tracing::error!(error = %other, "internal error");
                ApiFailure::new(StatusCode::INTERNAL_SERVER_ERROR, ApiErrorCode::Internal, "The gateway failed; its log says why.")
            }
        }
    }
}
