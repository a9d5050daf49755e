//! Rate limit (429) and JSON body limit (413); health is never rate limited.
#![allow(clippy::unwrap_used)]

mod common;

use common::{api_error, backends, TestGateway};
use intel_gateway::server::Limits;
use intel_protocol::{paths, ApiErrorCode};
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_over_its_rate_gets_429_and_health_still_answers() {
    for backend in backends() {
        let limits = Limits { rate_per_second: 1, rate_burst: 3, ..Limits::default() };
        let gw = TestGateway::start_with(&backend, limits).await;
        let mut statuses = Vec::new();
        for _ in 0..8 {
            let r = gw.client.get(gw.url(paths::IDENTITY)).send().await.unwrap();
            let status = r.status();
            if status == StatusCode::TOO_MANY_REQUESTS {
                assert_eq!(r.headers().get("retry-after").unwrap(), "1");
                assert_eq!(api_error(&r.bytes().await.unwrap()).code, ApiErrorCode::RateLimited);
            }
            statuses.push(status);
        }
        assert_eq!(statuses.iter().filter(|s| **s == StatusCode::OK).count(), 3, "{statuses:?}");
        assert!(statuses[3..].iter().all(|s| *s == StatusCode::TOO_MANY_REQUESTS), "{statuses:?}");
        for _ in 0..10 {
            assert_eq!(gw.client.get(gw.url(paths::HEALTH)).send().await.unwrap().status(), StatusCode::OK);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_bodies_over_one_mebibyte_get_413() {
    for backend in backends() {
        let gw = TestGateway::start(&backend).await;
        let r = gw
            .client
            .post(gw.url(paths::ENROLMENTS))
            .header("content-type", "application/json")
            .body(vec![b' '; 1024 * 1024 + 1])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE, "{}", backend.name());
        assert_eq!(api_error(&r.bytes().await.unwrap()).code, ApiErrorCode::TooLarge);
        // A streamed body with no declared length is cut off at the limit too.
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> = (0..20).map(|_| Ok(vec![b' '; 64 * 1024])).collect();
        let r = gw.client.post(gw.url(paths::ENROLMENTS)).body(reqwest::Body::wrap_stream(futures_stream(chunks))).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    }
}

fn futures_stream(
    chunks: Vec<Result<Vec<u8>, std::io::Error>>,
) -> impl futures_core::Stream<Item = Result<Vec<u8>, std::io::Error>> + Send + 'static {
    struct Iter(std::vec::IntoIter<Result<Vec<u8>, std::io::Error>>);
    impl futures_core::Stream for Iter {
        type Item = Result<Vec<u8>, std::io::Error>;
        fn poll_next(mut self: std::pin::Pin<&mut Self>, _: &mut std::task::Context<'_>) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(self.0.next())
        }
    }
    Iter(chunks.into_iter())
}
