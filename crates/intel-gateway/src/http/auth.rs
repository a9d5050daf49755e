//! Who is calling: a workstation (request signed with its enrolled key) or the
//! force's own systems (bearer token from the data directory).

use super::error::ApiFailure;
use crate::gateway::Gateway;
use crate::store::EnrolmentStateName;
use axum::http::{header, HeaderMap, Method, StatusCode};
use chrono::Utc;
use intel_protocol::{verify_request, ApiErrorCode, RequestAuth};

fn authorization(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok())
}

/// The workstation id, once the request's signature checks against its current enrolled key.
pub async fn workstation(gw: &Gateway, method: &Method, path: &str, headers: &HeaderMap, body: &[u8]) -> Result<String, ApiFailure> {
    let header = authorization(headers).ok_or_else(|| {
        ApiFailure::unauthorised("This call needs a signed request (Authorization: IntelDesk-Sig …) from an enrolled workstation.")
    })?;
    let auth = RequestAuth::parse(header)
        .ok_or_else(|| ApiFailure::unauthorised("The Authorization header is not a valid IntelDesk-Sig signature."))?;
    let (state, keys) = gw.store.workstation_key(&auth.workstation_id).await?.ok_or_else(|| {
        ApiFailure::new(
            StatusCode::FORBIDDEN,
            ApiErrorCode::NotEnrolled,
            format!(
                "Workstation {} is not enrolled at this gateway; ask the force administrator to approve its enrolment file.",
                auth.workstation_id
            ),
        )
    })?;
    if state != EnrolmentStateName::Approved {
        return Err(ApiFailure::new(
            StatusCode::FORBIDDEN,
            ApiErrorCode::NotEnrolled,
            format!("Workstation {} is {} at this gateway; ask the force administrator.", auth.workstation_id, state.as_str()),
        ));
    }
    verify_request(&auth, &keys.signing_public, method.as_str(), path, body, Utc::now()).map_err(|e| {
        ApiFailure::unauthorised(format!("The request signature was refused: {e} Check the workstation's clock and enrolled key."))
    })?;
    Ok(auth.workstation_id)
}

/// The force's systems: `Authorization: Bearer <token>` from the data directory's token file.
pub fn force_system(gw: &Gateway, headers: &HeaderMap) -> Result<(), ApiFailure> {
    let presented = authorization(headers).and_then(|h| h.strip_prefix("Bearer ")).map(str::trim);
    match presented {
        Some(t) if gw.api_token.matches(t) => Ok(()),
        _ => {
            Err(ApiFailure::unauthorised("This call is for the force's systems: send Authorization: Bearer with the gateway's API token."))
        }
    }
}
