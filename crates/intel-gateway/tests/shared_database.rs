//! Two gateway processes on one database (PostgreSQL, or one SQLite file)
//! both accept the same bundles at the same time: one row each, one receipt.
#![allow(clippy::unwrap_used)]

mod common;

use common::{backends, generous_limits, TestGateway};
use intel_gateway::server::ServeOptions;
use intel_gateway::Gateway;
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_gateways_on_one_database_store_each_bundle_once_with_one_receipt() {
    for backend in backends() {
        let first = TestGateway::start(&backend).await;
        let second_gw = Gateway::open(&first.data, first.database_url.as_deref()).await.unwrap();
        let second =
            intel_gateway::server::start(second_gw, ServeOptions { listen: "127.0.0.1:0".parse().unwrap(), limits: generous_limits() })
                .await
                .unwrap();
        let second_url = format!("{}{}", second.base_url(), intel_protocol::paths::BUNDLES);
        let ws = first.enrolled("ws-shared", "WMP").await;

        for seq in 1..=10u64 {
            let (_, bytes) = ws.bundle(seq, &[first.gateway_recipient()], &Default::default()).unwrap();
            let to_second = first.client.post(&second_url).body(bytes.clone()).send();
            let (a, b) = tokio::join!(first.upload(bytes.clone()), to_second);
            let b = b.unwrap();
            assert_eq!(a.0, StatusCode::OK, "{}", String::from_utf8_lossy(&a.1));
            assert_eq!(b.status(), StatusCode::OK);
            assert_eq!(b.bytes().await.unwrap().to_vec(), a.1, "{}: both processes answer with the same receipt", backend.name());
        }
        assert_eq!(first.bundle_count().await, 10, "{}", backend.name());
        assert_eq!(first.drop_entries().len(), 10);
        second.shutdown().await.unwrap();
    }
}
