//! Bundles waiting at the gateway: a tasking package made by the force's
//! systems reaches the workstations it names, pulled with signed requests.
#![allow(clippy::unwrap_used)]

mod common;

use chrono::{Duration, Utc};
use common::{api_error, backends, TestGateway};
use intel_bundle::{BundleKind, Expectations, KnownSigner, OpenedBundle, SignerStatus, TaskingRecord};
use intel_gateway::testkit::{BundleOptions, SimWorkstation};
use intel_protocol::{paths, ApiErrorCode, OutboundItem, TaskingPackageCreated, TaskingPackageRequest};
use reqwest::StatusCode;
use std::collections::HashMap;

async fn signed_get(gw: &TestGateway, ws: &SimWorkstation, path: &str) -> reqwest::Response {
    let auth = ws.sign("GET", path, b"", Utc::now()).unwrap();
    gw.client.get(gw.url(path)).header("authorization", auth).send().await.unwrap()
}

async fn pending(gw: &TestGateway, ws: &SimWorkstation) -> Vec<OutboundItem> {
    let r = signed_get(gw, ws, paths::OUTBOUND).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

fn open_as(ws: &SimWorkstation, bytes: &[u8], signer: KnownSigner) -> OpenedBundle {
    let ids = [intel_bundle::AgeSecret::from_secret_str(&ws.keys.age.to_secret_string()).unwrap()];
    let last = HashMap::new();
    let ex = Expectations { identities: &ids, signers: &[signer], last_sequences: &last, seen: &|_| false, now: Utc::now() };
    intel_bundle::open(bytes, &ex).unwrap()
}

fn tasking(reference: &str) -> TaskingRecord {
    TaskingRecord {
        reference: reference.into(),
        title: "Vehicles at the depot".into(),
        body: "Report sightings of the blue van.".into(),
        issued_by: "DI Example".into(),
        due_at: Some("2026-12-31".into()),
        marking: "OFFICIAL-SENSITIVE".into(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tasking_package_reaches_its_workstations_and_ack_removes_it() {
    for backend in backends() {
        let gw = TestGateway::start(&backend).await;
        let a1 = gw.enrolled("ws-a1", "ALPHA").await;
        let a2 = gw.enrolled("ws-a2", "ALPHA").await;
        let b1 = gw.enrolled("ws-b1", "BRAVO").await;

        let req = TaskingPackageRequest { to: vec!["unit:ALPHA".into()], taskings: vec![tasking("T-1")], expires_in_days: Some(7) };
        let r = gw.client.post(gw.url(paths::OUTBOUND)).json(&req).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "the force API needs its token");
        let r = gw.client.post(gw.url(paths::OUTBOUND)).bearer_auth(gw.token()).json(&req).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
        let created: TaskingPackageCreated = r.json().await.unwrap();
        assert_eq!(created.recipients, vec!["ws-a1".to_string(), "ws-a2".to_string()]);

        let list = pending(&gw, &a1).await;
        assert_eq!(list.len(), 1, "{}", backend.name());
        assert_eq!((list[0].bundle_id.as_str(), list[0].kind.as_str()), (created.bundle_id.as_str(), "tasking"));
        assert!(pending(&gw, &b1).await.is_empty());

        let path = format!("{}/{}", paths::OUTBOUND, created.bundle_id);
        let r = signed_get(&gw, &a1, &path).await;
        assert_eq!(r.status(), StatusCode::OK);
        let bytes = r.bytes().await.unwrap();
        assert_eq!(intel_bundle::sha256_hex(&bytes), list[0].sha256);
        let gateway_signer = KnownSigner {
            key_id: gw.gw().identity.public.key_id.clone(),
            signing_public: gw.gateway_signing_public(),
            sender_id: gw.gw().identity.config.id.clone(),
            label: "gateway".into(),
            status: SignerStatus::Active,
        };
        let opened = open_as(&a1, &bytes, gateway_signer.clone());
        assert_eq!(opened.manifest.kind, BundleKind::Tasking);
        assert_eq!(opened.payload.taskings, vec![tasking("T-1")]);
        assert!(opened.manifest.expires_at < Utc::now() + Duration::days(8));
        // b1 may not fetch a2's package.
        assert_eq!(signed_get(&gw, &b1, &path).await.status(), StatusCode::NOT_FOUND);

        let ack_path = format!("{path}/ack");
        for _ in 0..2 {
            let auth = a1.sign("POST", &ack_path, b"", Utc::now()).unwrap();
            let r = gw.client.post(gw.url(&ack_path)).header("authorization", auth).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::NO_CONTENT, "ack is idempotent");
        }
        assert!(pending(&gw, &a1).await.is_empty());
        assert_eq!(pending(&gw, &a2).await.len(), 1, "a2 has not acknowledged yet");

        // A second package gets the next gateway sequence, so workstations accept it in order.
        let created2 = intel_gateway::package::make_package(
            gw.gw(),
            &TaskingPackageRequest { to: vec!["ws-a1".into()], taskings: vec![tasking("T-2")], expires_in_days: None },
        )
        .await
        .unwrap();
        let bytes2 = signed_get(&gw, &a1, &format!("{}/{}", paths::OUTBOUND, created2.bundle_id)).await.bytes().await.unwrap();
        assert_eq!(open_as(&a1, &bytes2, gateway_signer).manifest.sequence, opened.manifest.sequence + 1);

        let bad = TaskingPackageRequest { to: vec!["unit:NOBODY".into()], taskings: vec![tasking("T-3")], expires_in_days: None };
        let r = gw.client.post(gw.url(paths::OUTBOUND)).bearer_auth(gw.token()).json(&bad).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        assert!(api_error(&r.bytes().await.unwrap()).message.contains("No approved workstation"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unsigned_stale_or_wrongly_signed_pulls_are_refused() {
    for backend in backends() {
        let gw = TestGateway::start(&backend).await;
        let ws = gw.enrolled("ws-pull", "WMP").await;
        let impostor = SimWorkstation::new("ws-pull", "WMP").unwrap();
        let stranger = SimWorkstation::new("ws-unknown", "WMP").unwrap();
        let get = |auth: Option<String>| {
            let mut r = gw.client.get(gw.url(paths::OUTBOUND));
            if let Some(a) = auth {
                r = r.header("authorization", a);
            }
            r.send()
        };
        let cases = [
            ("unsigned", None, StatusCode::UNAUTHORIZED),
            ("garbage", Some("IntelDesk-Sig nonsense".to_string()), StatusCode::UNAUTHORIZED),
            ("stale", Some(ws.sign("GET", paths::OUTBOUND, b"", Utc::now() - Duration::minutes(10)).unwrap()), StatusCode::UNAUTHORIZED),
            ("wrong key", Some(impostor.sign("GET", paths::OUTBOUND, b"", Utc::now()).unwrap()), StatusCode::UNAUTHORIZED),
            ("other path", Some(ws.sign("GET", paths::RECEIVED, b"", Utc::now()).unwrap()), StatusCode::UNAUTHORIZED),
            ("other method", Some(ws.sign("POST", paths::OUTBOUND, b"", Utc::now()).unwrap()), StatusCode::UNAUTHORIZED),
            ("not enrolled", Some(stranger.sign("GET", paths::OUTBOUND, b"", Utc::now()).unwrap()), StatusCode::FORBIDDEN),
        ];
        for (case, auth, want) in cases {
            let r = get(auth).await.unwrap();
            assert_eq!(r.status(), want, "{}: {case}", backend.name());
            let code = api_error(&r.bytes().await.unwrap()).code;
            assert!(matches!(code, ApiErrorCode::Unauthorised | ApiErrorCode::NotEnrolled), "{case}: {code:?}");
        }
        let ok = get(Some(ws.sign("GET", paths::OUTBOUND, b"", Utc::now()).unwrap())).await.unwrap();
        assert_eq!(ok.status(), StatusCode::OK);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_uploaded_bundle_addressed_to_another_workstation_waits_for_it() {
    for backend in backends() {
        let gw = TestGateway::start(&backend).await;
        let manager = gw.enrolled("ws-manager", "ALPHA").await;
        let officer = gw.enrolled("ws-officer", "BRAVO").await;
        let to = [gw.gateway_recipient(), officer.age_recipient().unwrap()];
        let opts = BundleOptions { kind: BundleKind::Tasking, ..Default::default() };
        let (bundle_id, bytes) = manager.bundle(1, &to, &opts).unwrap();
        assert_eq!(gw.upload(bytes.clone()).await.0, StatusCode::OK);
        assert_eq!(gw.upload(bytes.clone()).await.0, StatusCode::OK);

        let list = pending(&gw, &officer).await;
        assert_eq!(list.len(), 1, "{}", backend.name());
        assert_eq!((list[0].bundle_id.as_str(), list[0].sender_id.as_str()), (bundle_id.as_str(), "ws-manager"));
        assert!(pending(&gw, &manager).await.is_empty(), "the sender is not sent its own bundle");
        let pulled = signed_get(&gw, &officer, &format!("{}/{bundle_id}", paths::OUTBOUND)).await.bytes().await.unwrap();
        assert_eq!(pulled.to_vec(), bytes);
        let signer = KnownSigner {
            key_id: manager.keys.public().unwrap().key_id,
            signing_public: manager.keys.public().unwrap().signing_public,
            sender_id: "ws-manager".into(),
            label: "manager".into(),
            status: SignerStatus::Active,
        };
        assert_eq!(open_as(&officer, &pulled, signer).manifest.bundle_id, bundle_id);
    }
}
