//! The OpenAPI 3.1 description of protocol v1, generated from the shared wire
//! types in `intel-protocol` and the handlers' annotations. The committed copy
//! is docs/gateway-openapi.json; a test fails when it drifts.

use crate::http::routes;
use intel_protocol::{
    ApiError, ApiErrorCode, EnrolmentKind, EnrolmentState, Health, OutboundItem, Receipt, ReceivedItem, SignedEnrolment, SignedReceipt,
    TaskingPackageCreated, TaskingPackageRequest,
};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "workstation_signature",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "Authorization",
                "IntelDesk-Sig ws=<workstation id>,ts=<unix seconds>,sig=<base64 minisign signature> over \
                 \"intel-desk-request v1\\n<METHOD>\\n<path>\\n<ts>\\n<sha256 hex of body>\" (intel_protocol::sign_request); \
                 the path is the URL path without the query; at most 300 s from the gateway's clock.",
            ))),
        );
        components.add_security_scheme(
            "force_token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("The token in the gateway data directory's force-api-token file."))
                    .build(),
            ),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Intel Desk force gateway",
        version = "1",
        description = "Gateway protocol version 1: workstations enrol, upload signed and encrypted bundles (application/octet-stream) \
                       for a signed receipt, and pull bundles addressed to them; the force's systems read what arrived and queue tasking packages. \
                       Every error is {code, message}."
    ),
    paths(
        routes::health,
        routes::identity,
        routes::openapi,
        routes::submit_enrolment,
        routes::upload_bundle,
        routes::list_outbound,
        routes::fetch_outbound,
        routes::ack_outbound,
        routes::create_package,
        routes::list_received,
        routes::received_payload,
    ),
    components(schemas(
        ApiError, ApiErrorCode, Health, SignedEnrolment, EnrolmentKind, EnrolmentState, SignedReceipt, Receipt, OutboundItem,
        ReceivedItem, TaskingPackageRequest, TaskingPackageCreated
    )),
    modifiers(&SecuritySchemes),
    tags(
        (name = "gateway", description = "health, identity, this document"),
        (name = "workstations", description = "enrolment, uploads and pulls by workstations"),
        (name = "force", description = "the force's own systems (bearer token)")
    )
)]
pub struct GatewayApi;

pub fn document_json() -> String {
    let mut s = GatewayApi::openapi().to_pretty_json().unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
