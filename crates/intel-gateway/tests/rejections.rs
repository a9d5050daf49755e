//! The gateway refuses every bad bundle with 422 bundle-rejected (413 when
//! too large) and the bundle reader's specific message, and stores nothing.
#![allow(clippy::unwrap_used)]

mod common;

use chrono::{Duration, Utc};
use common::{api_error, backends, TestGateway};
use intel_gateway::server::Limits;
use intel_gateway::store::EnrolmentStateName;
use intel_gateway::testkit::{BundleOptions, SimWorkstation};
use intel_protocol::ApiErrorCode;
use reqwest::StatusCode;

async fn refused(gw: &TestGateway, bytes: Vec<u8>, expect_in_message: &str, case: &str) {
    let (status, body) = gw.upload(bytes).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{case}: {}", String::from_utf8_lossy(&body));
    let e = api_error(&body);
    assert_eq!(e.code, ApiErrorCode::BundleRejected, "{case}");
    assert!(e.message.contains(expect_in_message), "{case}: {:?} lacks {expect_in_message:?}", e.message);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bad_bundle_is_refused_and_nothing_is_stored() {
    for backend in backends() {
        let limits = Limits { max_bundle_bytes: 64 * 1024, ..common::generous_limits() };
        let gw = TestGateway::start_with(&backend, limits).await;
        let to_gw = [gw.gateway_recipient()];
        let ws = gw.enrolled("ws-good", "WMP").await;

        let stranger = SimWorkstation::new("ws-stranger", "WMP").unwrap();
        refused(&gw, stranger.bundle(1, &to_gw, &Default::default()).unwrap().1, "unknown key", "unknown signer").await;

        let revoked = gw.enrolled("ws-revoked", "WMP").await;
        gw.gw().store.set_enrolment_state("ws-revoked", EnrolmentStateName::Revoked, Some("laptop lost")).await.unwrap();
        refused(&gw, revoked.bundle(1, &to_gw, &Default::default()).unwrap().1, "revoked", "revoked signer").await;

        let elsewhere = [stranger.age_recipient().unwrap()];
        refused(&gw, ws.bundle(1, &elsewhere, &Default::default()).unwrap().1, "not encrypted to this", "not a recipient").await;

        let past =
            BundleOptions { created_at: Utc::now() - Duration::days(10), expires_at: Utc::now() - Duration::days(1), ..Default::default() };
        refused(&gw, ws.bundle(1, &to_gw, &past).unwrap().1, "expired", "expired").await;

        let (_, good) = ws.bundle(1, &to_gw, &Default::default()).unwrap();
        for at in [10, 100, good.len() / 2, good.len() - 17, good.len() - 1] {
            refused(&gw, good[..at].to_vec(), "", &format!("truncated at {at}")).await;
        }
        for at in [30, 200, good.len() / 2, good.len() - 5] {
            let mut flipped = good.clone();
            flipped[at] ^= 0x01;
            refused(&gw, flipped, "", &format!("flipped byte at {at}")).await;
        }
        assert_eq!(gw.bundle_count().await, 0, "{}: nothing stored after refusals", backend.name());

        // Sequence 3 arrives; a different bundle reusing 3 is a replay, 2 is a rollback.
        let (_, three) = ws.bundle(3, &to_gw, &Default::default()).unwrap();
        assert_eq!(gw.upload(three).await.0, StatusCode::OK);
        refused(&gw, ws.bundle(3, &to_gw, &Default::default()).unwrap().1, "replay", "replay").await;
        refused(&gw, ws.bundle(2, &to_gw, &Default::default()).unwrap().1, "older", "rollback").await;

        let big = BundleOptions { attachment: Some(vec![7u8; 100 * 1024]), ..Default::default() };
        let (_, oversized) = ws.bundle(4, &to_gw, &big).unwrap();
        let (status, body) = gw.upload(oversized).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{}", String::from_utf8_lossy(&body));
        assert_eq!(api_error(&body).code, ApiErrorCode::TooLarge);

        assert_eq!(gw.bundle_count().await, 1, "{}: only the good bundle is stored", backend.name());
        assert_eq!(gw.drop_entries().len(), 1);
    }
}
