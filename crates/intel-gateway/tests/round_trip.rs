//! init → serve → enrol → upload → signed receipt → idempotent re-send →
//! drop folder and force API, on every backend.
#![allow(clippy::unwrap_used)]

mod common;

use common::{backends, TestGateway};
use intel_gateway::testkit::{BundleOptions, SimWorkstation};
use intel_protocol::{paths, EnrolmentState, Health, ReceivedItem, SignedEnrolment, SignedReceipt};
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_gets_a_signed_receipt_once_and_reaches_the_drop_folder() {
    for backend in backends() {
        let gw = TestGateway::start(&backend).await;
        let ws = gw.enrolled("ws-alpha", "WMP").await;
        let photo = b"\xff\xd8 not really a jpeg".to_vec();
        let opts = BundleOptions { reports: 2, attachment: Some(photo.clone()), ..Default::default() };
        let (bundle_id, bytes) = ws.bundle(1, &[gw.gateway_recipient()], &opts).unwrap();

        let (status, body) = gw.upload(bytes.clone()).await;
        assert_eq!(status, StatusCode::OK, "{}: {}", backend.name(), String::from_utf8_lossy(&body));
        let receipt: SignedReceipt = serde_json::from_slice(&body).unwrap();
        let checked = receipt.verify(&gw.gateway_signing_public()).expect("receipt verifies with the gateway's public key");
        assert_eq!(checked.bundle_id, bundle_id);
        assert_eq!(checked.bundle_sha256, intel_bundle::sha256_hex(&bytes));
        assert_eq!((checked.sender_id.as_str(), checked.sequence), ("ws-alpha", 1));
        assert_eq!(checked.gateway_id, gw.gw().identity.config.id);
        // The receipt does not verify with the workstation's own key.
        assert!(receipt.verify(&ws.keys.public().unwrap().signing_public).is_err());

        let (status2, body2) = gw.upload(bytes.clone()).await;
        assert_eq!(status2, StatusCode::OK);
        assert_eq!(body2, body, "{}: the same bytes get the identical receipt text", backend.name());
        assert_eq!(gw.bundle_count().await, 1);

        let entries = gw.drop_entries();
        assert_eq!(entries.len(), 1, "{entries:?}");
        let d = &entries[0];
        assert_eq!(d, &gw.data.drop_dir().join("ws-alpha").join(format!("1-{bundle_id}")));
        let payload: intel_bundle::Payload = serde_json::from_slice(&std::fs::read(d.join("payload.json")).unwrap()).unwrap();
        assert_eq!(payload.reports.len(), 2);
        assert!(std::fs::read_to_string(d.join("manifest.json")).unwrap().contains(&bundle_id));
        assert_eq!(std::fs::read(d.join("attachments").join(intel_bundle::sha256_hex(&photo))).unwrap(), photo);

        // The force's systems see it through the API too.
        let token = gw.token();
        let items: Vec<ReceivedItem> = gw
            .client
            .get(gw.url(&format!("{}?after=0&limit=10", paths::RECEIVED)))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!((items[0].bundle_id.as_str(), items[0].report_count, items[0].kind.as_str()), (bundle_id.as_str(), 2, "records"));
        let after: Vec<ReceivedItem> = gw
            .client
            .get(gw.url(&format!("{}?after={}", paths::RECEIVED, items[0].cursor)))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(after.is_empty());
        let p = gw.client.get(gw.url(&format!("{}/{bundle_id}/payload", paths::RECEIVED))).bearer_auth(&token).send().await.unwrap();
        assert_eq!(p.status(), StatusCode::OK);
        let p: intel_bundle::Payload = p.json().await.unwrap();
        assert_eq!(p, payload);
        let no_token = gw.client.get(gw.url(paths::RECEIVED)).send().await.unwrap();
        assert_eq!(no_token.status(), StatusCode::UNAUTHORIZED);
        let wrong = gw.client.get(gw.url(paths::RECEIVED)).bearer_auth("0".repeat(64)).send().await.unwrap();
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(common::api_error(&wrong.bytes().await.unwrap()).code, intel_protocol::ApiErrorCode::Unauthorised);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_identity_and_network_enrolment() {
    for backend in backends() {
        let gw = TestGateway::start(&backend).await;
        let h: Health = gw.client.get(gw.url(paths::HEALTH)).send().await.unwrap().json().await.unwrap();
        assert_eq!((h.status.as_str(), h.protocol, h.storage.as_str()), ("ok", 1, backend.name()));

        let id: SignedEnrolment = gw.client.get(gw.url(paths::IDENTITY)).send().await.unwrap().json().await.unwrap();
        let e = id.verify().unwrap();
        assert_eq!(e.kind, intel_protocol::EnrolmentKind::Gateway);
        assert_eq!(e.tls_certificate_pem.as_deref(), Some(gw.data.tls_cert_pem().unwrap().as_str()));
        assert_eq!(std::fs::read(gw.data.enrolment_file()).unwrap(), id.to_file_bytes());

        // A workstation asks over the network: pending, and its bundles are refused until approved.
        let ws = SimWorkstation::new("ws-net", "WMP").unwrap();
        let post = |body: Vec<u8>| gw.client.post(gw.url(paths::ENROLMENTS)).header("content-type", "application/json").body(body).send();
        let r = post(serde_json::to_vec(&ws.enrolment().unwrap()).unwrap()).await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.json::<EnrolmentState>().await.unwrap().state, "pending");
        let (_, bytes) = ws.bundle(1, &[gw.gateway_recipient()], &Default::default()).unwrap();
        let (status, body) = gw.upload(bytes.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(common::api_error(&body).message.contains("unknown key"), "{}", String::from_utf8_lossy(&body));

        gw.gw().store.set_enrolment_state("ws-net", intel_gateway::store::EnrolmentStateName::Approved, None).await.unwrap();
        let r = post(serde_json::to_vec(&ws.enrolment().unwrap()).unwrap()).await.unwrap();
        assert_eq!(r.json::<EnrolmentState>().await.unwrap().state, "approved");
        assert_eq!(gw.upload(bytes).await.0, StatusCode::OK);

        // A tampered enrolment file is refused.
        let mut bad = ws.enrolment().unwrap();
        bad.enrolment = bad.enrolment.replace("ws-net", "ws-evil");
        let r = post(serde_json::to_vec(&bad).unwrap()).await.unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        let r = post(b"{not json".to_vec()).await.unwrap();
        assert_eq!(common::api_error(&r.bytes().await.unwrap()).code, intel_protocol::ApiErrorCode::InvalidRequest);
        let r = gw.client.get(gw.url("/v1/nothing-here")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_recreates_drop_entries_lost_after_the_commit() {
    for backend in backends() {
        let mut gw = TestGateway::start(&backend).await;
        let ws = gw.enrolled("ws-crash", "WMP").await;
        for seq in 1..=3 {
            let (_, b) = ws.bundle(seq, &[gw.gateway_recipient()], &Default::default()).unwrap();
            assert_eq!(gw.upload(b).await.0, StatusCode::OK);
        }
        let entries = gw.drop_entries();
        assert_eq!(entries.len(), 3);
        gw.stop().await;
        // As if the process died between the commit and the drop folder write.
        std::fs::remove_dir_all(&entries[1]).unwrap();
        std::fs::create_dir_all(gw.data.drop_dir().join(".incoming").join("half-written")).unwrap();
        gw.serve(common::generous_limits()).await;
        assert_eq!(gw.drop_entries(), entries, "{}", backend.name());
        assert!(entries[1].join("payload.json").exists());
    }
}
