//! docs/gateway-openapi.json is generated; this fails when it drifts.
//! Regenerate with INTEL_WRITE_OPENAPI=1 cargo test -p intel-gateway --test openapi.

#[test]
fn committed_openapi_document_matches_the_code() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/gateway-openapi.json");
    let generated = intel_gateway::openapi::document_json();
    if std::env::var("INTEL_WRITE_OPENAPI").as_deref() == Ok("1") {
        std::fs::write(&path, &generated).expect("write docs/gateway-openapi.json");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/gateway-openapi.json is out of date: run INTEL_WRITE_OPENAPI=1 cargo test -p intel-gateway --test openapi"
    );
    let doc: serde_json::Value = serde_json::from_str(&generated).expect("valid JSON");
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")));
    for p in ["/v1/health", "/v1/bundles", "/v1/outbound", "/v1/outbound/{bundle_id}/ack", "/v1/received", "/v1/enrolments"] {
        assert!(doc["paths"][p].is_object(), "{p} missing");
    }
    assert!(doc["components"]["schemas"]["SignedReceipt"].is_object());
}
