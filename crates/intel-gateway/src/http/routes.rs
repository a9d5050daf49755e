//! Handlers. Each is annotated for the OpenAPI document (see `crate::openapi`).

use super::auth;
use super::body::{parse_json, read_limited};
use super::error::ApiFailure;
use super::AppState;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use intel_protocol::{
    ApiError, EnrolmentKind, EnrolmentState, Health, OutboundItem, ReceivedItem, SignedEnrolment, SignedReceipt, TaskingPackageCreated,
    TaskingPackageRequest, PROTOCOL_VERSION,
};
use serde::Deserialize;

type ApiResult<T> = Result<T, ApiFailure>;

fn octets(bytes: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "application/octet-stream")], bytes).into_response()
}

/// Liveness and database check.
#[utoipa::path(get, path = "/v1/health", tag = "gateway",
    responses((status = 200, body = Health), (status = 503, body = ApiError, description = "database unavailable")))]
pub async fn health(State(s): State<AppState>) -> ApiResult<Json<Health>> {
    s.gw.store.check().await?;
    Ok(Json(Health {
        status: "ok".into(),
        protocol: PROTOCOL_VERSION,
        version: env!("CARGO_PKG_VERSION").into(),
        storage: s.gw.store.backend().name().into(),
    }))
}

/// The gateway's signed enrolment file (kind gateway, with its URL and TLS certificate).
#[utoipa::path(get, path = "/v1/identity", tag = "gateway", responses((status = 200, body = SignedEnrolment)))]
pub async fn identity(State(s): State<AppState>) -> Json<SignedEnrolment> {
    Json(s.gw.identity.enrolment.clone())
}

/// This document.
#[utoipa::path(get, path = "/v1/openapi.json", tag = "gateway", responses((status = 200, description = "OpenAPI 3.1 document")))]
pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], crate::openapi::document_json()).into_response()
}

/// A workstation asks to be enrolled: lands as pending until an administrator approves it.
#[utoipa::path(post, path = "/v1/enrolments", tag = "workstations", request_body = SignedEnrolment,
    responses((status = 200, body = EnrolmentState, description = "pending, or the current state if already known"),
              (status = 400, body = ApiError), (status = 413, body = ApiError)))]
pub async fn submit_enrolment(State(s): State<AppState>, headers: HeaderMap, body: Body) -> ApiResult<Json<EnrolmentState>> {
    let bytes = read_limited(&headers, body, s.limits.max_json_bytes).await?;
    let signed: SignedEnrolment = parse_json(&bytes, "enrolment file")?;
    let e = signed.verify().map_err(|e| ApiFailure::invalid(e.to_string()))?;
    if e.kind != EnrolmentKind::Workstation {
        return Err(ApiFailure::invalid("Only workstations enrol at a gateway; this file is a gateway's."));
    }
    let state = s.gw.store.submit_enrolment(&e, &signed.enrolment).await?;
    tracing::info!(id = %e.id, unit = %e.unit, state = %state.state, "enrolment request");
    Ok(Json(state))
}

/// Upload a bundle (the exact bytes of a bundle file). Idempotent: the same
/// bytes again get the same receipt.
#[utoipa::path(post, path = "/v1/bundles", tag = "workstations",
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "a bundle file"),
    responses((status = 200, body = SignedReceipt), (status = 422, body = ApiError, description = "bundle-rejected: the message names the rule"),
              (status = 413, body = ApiError), (status = 429, body = ApiError)))]
pub async fn upload_bundle(State(s): State<AppState>, headers: HeaderMap, body: Body) -> ApiResult<Json<SignedReceipt>> {
    let bytes = read_limited(&headers, body, s.limits.max_bundle_bytes).await?;
    let size = bytes.len();
    match crate::ingest::accept(&s.gw, bytes).await {
        Ok(a) => {
            tracing::info!(size, new = a.newly_stored, "bundle accepted");
            Ok(Json(a.receipt))
        }
        Err(e) => {
            tracing::warn!(size, error = %e, "bundle refused");
            Err(e.into())
        }
    }
}

/// Bundles waiting for the calling workstation (signed request).
#[utoipa::path(get, path = "/v1/outbound", tag = "workstations", security(("workstation_signature" = [])),
    responses((status = 200, body = Vec<OutboundItem>), (status = 401, body = ApiError), (status = 403, body = ApiError)))]
pub async fn list_outbound(State(s): State<AppState>, method: Method, uri: Uri, headers: HeaderMap) -> ApiResult<Json<Vec<OutboundItem>>> {
    let ws = auth::workstation(&s.gw, &method, uri.path(), &headers, b"").await?;
    Ok(Json(s.gw.store.pending_outbound(&ws).await?))
}

/// The bytes of one waiting bundle (signed request).
#[utoipa::path(get, path = "/v1/outbound/{bundle_id}", tag = "workstations", security(("workstation_signature" = [])),
    params(("bundle_id" = String, Path)),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>), (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn fetch_outbound(
    State(s): State<AppState>,
    Path(bundle_id): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let ws = auth::workstation(&s.gw, &method, uri.path(), &headers, b"").await?;
    let bytes =
        s.gw.store
            .outbound_bytes(&bundle_id, &ws)
            .await?
            .ok_or_else(|| ApiFailure::not_found(format!("No bundle {bundle_id} is waiting for {ws}.")))?;
    Ok(octets(bytes))
}

/// The workstation has the bundle: stop offering it. Idempotent.
#[utoipa::path(post, path = "/v1/outbound/{bundle_id}/ack", tag = "workstations", security(("workstation_signature" = [])),
    params(("bundle_id" = String, Path)),
    responses((status = 204, description = "acknowledged"), (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn ack_outbound(
    State(s): State<AppState>,
    Path(bundle_id): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<StatusCode> {
    let bytes = read_limited(&headers, body, s.limits.max_json_bytes).await?;
    let ws = auth::workstation(&s.gw, &method, uri.path(), &headers, &bytes).await?;
    if !s.gw.store.ack_outbound(&bundle_id, &ws).await? {
        return Err(ApiFailure::not_found(format!("No bundle {bundle_id} is addressed to {ws}.")));
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Force systems: make, sign and queue a tasking package.
#[utoipa::path(post, path = "/v1/outbound", tag = "force", security(("force_token" = [])), request_body = TaskingPackageRequest,
    responses((status = 201, body = TaskingPackageCreated), (status = 400, body = ApiError), (status = 401, body = ApiError)))]
pub async fn create_package(
    State(s): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<(StatusCode, Json<TaskingPackageCreated>)> {
    auth::force_system(&s.gw, &headers)?;
    let bytes = read_limited(&headers, body, s.limits.max_json_bytes).await?;
    let req: TaskingPackageRequest = parse_json(&bytes, "tasking package request")?;
    Ok((StatusCode::CREATED, Json(crate::package::make_package(&s.gw, &req).await?)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ReceivedQuery {
    /// Cursor of the last item already seen (0 for the start).
    pub after: Option<i64>,
    /// At most this many items (default 100, at most 1000).
    pub limit: Option<i64>,
}

/// Force systems: bundles received, in order of arrival.
#[utoipa::path(get, path = "/v1/received", tag = "force", security(("force_token" = [])), params(ReceivedQuery),
    responses((status = 200, body = Vec<ReceivedItem>), (status = 401, body = ApiError)))]
pub async fn list_received(
    State(s): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<ReceivedQuery>,
) -> ApiResult<Json<Vec<ReceivedItem>>> {
    auth::force_system(&s.gw, &headers)?;
    let limit = q.limit.unwrap_or(100).clamp(1, 1000);
    Ok(Json(s.gw.store.list_received(q.after.unwrap_or(0), limit).await?))
}

/// Force systems: a received bundle's verified payload.json.
#[utoipa::path(get, path = "/v1/received/{bundle_id}/payload", tag = "force", security(("force_token" = [])),
    params(("bundle_id" = String, Path)),
    responses((status = 200, content_type = "application/json", description = "payload.json as the bundle carried it"),
              (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn received_payload(State(s): State<AppState>, headers: HeaderMap, Path(bundle_id): Path<String>) -> ApiResult<Response> {
    auth::force_system(&s.gw, &headers)?;
    let payload =
        s.gw.store
            .received_payload(&bundle_id)
            .await?
            .ok_or_else(|| ApiFailure::not_found(format!("No received bundle has id {bundle_id}.")))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], payload).into_response())
}

pub async fn not_found(uri: Uri) -> ApiFailure {
    ApiFailure::not_found(format!("{} is not part of the gateway protocol v1; see /v1/openapi.json.", uri.path()))
}
