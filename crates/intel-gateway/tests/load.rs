//! Bounded load: 32 simulated workstations upload distinct bundles at once for
//! a few seconds, re-sending some. Zero lost: every receipt's bundle is in the
//! database and the drop folder. Zero duplicated: one row per bundle.
#![allow(clippy::unwrap_used)]

mod common;

use common::{backends, TestGateway};
use intel_protocol::SignedReceipt;
use reqwest::StatusCode;
use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

const WORKSTATIONS: usize = 32;
const RUN_FOR: Duration = Duration::from_secs(4);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_workstations_at_once_lose_nothing_and_duplicate_nothing() {
    for backend in backends() {
        let gw = Arc::new(TestGateway::start(&backend).await);
        let mut stations = Vec::new();
        for i in 0..WORKSTATIONS {
            stations.push(Arc::new(gw.enrolled(&format!("ws-load-{i:02}"), "WMP").await));
        }
        let recipient = gw.gateway_recipient();
        let signing_public = gw.gateway_signing_public();
        let deadline = Instant::now() + RUN_FOR;
        let mut tasks = Vec::new();
        for ws in stations {
            let (gw, recipient, signing_public) = (gw.clone(), recipient.clone(), signing_public.clone());
            tasks.push(tokio::spawn(async move {
                let mut receipts: Vec<(String, String)> = Vec::new();
                let mut resent = 0;
                let mut seq = 0;
                while Instant::now() < deadline {
                    seq += 1;
                    let (ws2, r2) = (ws.clone(), recipient.clone());
                    let (id, bytes) =
                        tokio::task::spawn_blocking(move || ws2.bundle(seq, &[r2], &Default::default()).unwrap()).await.unwrap();
                    let (status, body) = gw.upload(bytes.clone()).await;
                    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
                    let receipt: SignedReceipt = serde_json::from_slice(&body).unwrap();
                    assert_eq!(receipt.verify(&signing_public).unwrap().bundle_id, id);
                    if seq % 3 == 0 {
                        // The connection dropped before the answer arrived: send again.
                        let (status, again) = gw.upload(bytes).await;
                        assert_eq!(status, StatusCode::OK);
                        assert_eq!(again, body, "a re-send gets the identical receipt");
                        resent += 1;
                    }
                    receipts.push((id, ws.id.clone()));
                }
                (receipts, resent)
            }));
        }
        let mut acknowledged = Vec::new();
        let mut resent = 0;
        for t in tasks {
            let (r, n) = t.await.unwrap();
            acknowledged.extend(r);
            resent += n;
        }
        let stored = gw.gw().store.list_received(0, 1_000_000).await.unwrap();
        let stored_ids: HashSet<&str> = stored.iter().map(|s| s.bundle_id.as_str()).collect();
        assert_eq!(stored_ids.len(), stored.len(), "no bundle stored twice");
        assert_eq!(stored.len(), acknowledged.len(), "{}: one row per acknowledged bundle", backend.name());
        for (id, _) in &acknowledged {
            assert!(stored_ids.contains(id.as_str()), "acknowledged bundle {id} is not stored");
        }
        let drops = gw.drop_entries();
        assert_eq!(drops.len(), acknowledged.len());
        for s in &stored {
            let d = intel_gateway::drop_folder::bundle_dir(&gw.data.drop_dir(), &s.sender_id, s.sequence, &s.bundle_id);
            assert!(d.join("payload.json").exists(), "{} has no drop entry", s.bundle_id);
        }
        let mut cursors: Vec<i64> = stored.iter().map(|s| s.cursor).collect();
        cursors.dedup();
        assert_eq!(cursors.len(), stored.len());
        eprintln!(
            "load ({}): {} workstations, {} bundles accepted, {} re-sends, in {:?}",
            backend.name(),
            WORKSTATIONS,
            acknowledged.len(),
            resent,
            RUN_FOR
        );
        assert!(acknowledged.len() >= WORKSTATIONS, "every workstation got at least one bundle through");
    }
}
