//! The HTTP API (protocol v1, paths in `intel_protocol::paths`).

mod auth;
mod body;
mod error;
mod rate_limit;
pub mod routes;

pub use error::ApiFailure;
pub use rate_limit::RateLimit;

use crate::gateway::Gateway;
use crate::server::Limits;
use axum::routing::{get, post};
use axum::Router;
use intel_protocol::paths;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub gw: Gateway,
    pub limits: Limits,
}

pub fn router(gw: Gateway, limits: Limits) -> Router {
    let rate = Arc::new(RateLimit::new(limits.rate_per_second, limits.rate_burst));
    let state = AppState { gw, limits: limits.clone() };
    let limited = Router::new()
        .route(paths::IDENTITY, get(routes::identity))
        .route(paths::OPENAPI, get(routes::openapi))
        .route(paths::ENROLMENTS, post(routes::submit_enrolment))
        .route(paths::BUNDLES, post(routes::upload_bundle))
        .route(paths::OUTBOUND, get(routes::list_outbound).post(routes::create_package))
        .route(&format!("{}/{{bundle_id}}", paths::OUTBOUND), get(routes::fetch_outbound))
        .route(&format!("{}/{{bundle_id}}/ack", paths::OUTBOUND), post(routes::ack_outbound))
        .route(paths::RECEIVED, get(routes::list_received))
        .route(&format!("{}/{{bundle_id}}/payload", paths::RECEIVED), get(routes::received_payload))
        .layer(axum::middleware::from_fn_with_state(rate, rate_limit::enforce));
    Router::new()
        // Health stays outside the rate limit so monitoring never trips it.
        .route(paths::HEALTH, get(routes::health))
        .merge(limited)
        .fallback(routes::not_found)
        .with_state(state)
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, limits.request_timeout))
        .layer(
            tower_http::trace::TraceLayer::new_for_http()
                .make_span_with(tower_http::trace::DefaultMakeSpan::new().level(tracing::Level::INFO))
                .on_response(tower_http::trace::DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
}
