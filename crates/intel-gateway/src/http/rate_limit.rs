//! Per-client-IP rate limit (token bucket): over it, 429 with Retry-After.

use super::error::ApiFailure;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use intel_protocol::ApiErrorCode;
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

pub struct RateLimit {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
    calls: AtomicU64,
}

impl RateLimit {
    pub fn new(per_second: u32, burst: u32) -> Self {
        let per = NonZeroU32::new(per_second.max(1)).unwrap_or(NonZeroU32::MIN);
        let burst = NonZeroU32::new(burst.max(1)).unwrap_or(NonZeroU32::MIN);
        RateLimit { limiter: RateLimiter::keyed(Quota::per_second(per).allow_burst(burst)), calls: AtomicU64::new(0) }
    }
}

pub async fn enforce(State(rate): State<Arc<RateLimit>>, req: Request, next: Next) -> Response {
    let ip = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    if let Some(ip) = ip {
        // Forget idle clients now and then so the table stays small.
        if rate.calls.fetch_add(1, Ordering::Relaxed) % 4096 == 4095 {
            rate.limiter.retain_recent();
        }
        if rate.limiter.check_key(&ip).is_err() {
            tracing::warn!(%ip, "rate limited");
            let mut resp = ApiFailure::new(
                StatusCode::TOO_MANY_REQUESTS,
                ApiErrorCode::RateLimited,
                "Too many requests from this address; wait a moment and try again.",
            )
            .into_response();
            resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            return resp;
        }
    }
    next.run(req).await
}
