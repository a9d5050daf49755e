//! HTTP calls to the gateway, protocol v1.

use intel_core::exchange::GatewayConfig;
use intel_core::{CoreError, CoreResult, ErrorCode};
use intel_protocol::{paths, ApiError, Health, OutboundItem, SignedReceipt};
use std::time::Duration;

pub struct GatewayClient {
    http: reqwest::Client,
    base: String,
    gateway_key: String,
}

/// Why an upload did not produce a receipt.
#[derive(Debug)]
pub enum UploadError {
    /// The gateway answered and refused this bundle.
    Refused(CoreError),
    /// No answer: try again later.
    Unreachable(CoreError),
}

impl GatewayClient {
    pub fn new(cfg: &GatewayConfig) -> CoreResult<Self> {
        let mut builder = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(120))
            .tls_built_in_root_certs(false)
            .https_only(true);
        let pem = cfg.tls_certificate_pem.as_deref().ok_or_else(|| {
            CoreError::new(
                ErrorCode::InvalidInput,
                "The gateway's enrolment file has no TLS certificate; ask the force for a complete one.",
            )
        })?;
        let cert = reqwest::Certificate::from_pem(pem.as_bytes())
            .map_err(|e| CoreError::new(ErrorCode::InvalidInput, format!("The gateway's TLS certificate is unreadable: {e}")))?;
        builder = builder.add_root_certificate(cert);
        let http = builder.build().map_err(|e| CoreError::internal(format!("HTTP client: {e}")))?;
        Ok(GatewayClient { http, base: cfg.url.trim_end_matches('/').to_string(), gateway_key: cfg.signing_public.clone() })
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn unreachable(&self, e: reqwest::Error) -> CoreError {
        CoreError::new(
            ErrorCode::GatewayUnreachable,
            format!(
                "The force gateway at {} did not answer ({}). Check the network connection, then choose Sync now again; queued bundles stay queued.",
                self.base,
                short(&e)
            ),
        )
    }

    async fn refused(&self, resp: reqwest::Response) -> CoreError {
        let status = resp.status();
        let detail = match resp.json::<ApiError>().await {
            Ok(e) => e.message,
            Err(_) => format!("HTTP {status}"),
        };
        let what = match status.as_u16() {
            401 | 403 => {
                "This workstation is not (or no longer) enrolled at the gateway: send its enrolment file to the force administrator."
            }
            413 => "The bundle is larger than the gateway accepts.",
            429 => "The gateway is busy: try again in a minute.",
            _ => "The gateway refused the request.",
        };
        CoreError::new(ErrorCode::GatewayRefused, format!("{what} ({detail})"))
    }

    pub async fn health(&self) -> CoreResult<Health> {
        let resp = self.http.get(self.url(paths::HEALTH)).send().await.map_err(|e| self.unreachable(e))?;
        if !resp.status().is_success() {
            return Err(self.refused(resp).await);
        }
        resp.json().await.map_err(|e| self.unreachable(e))
    }

    /// Sends a bundle; the receipt is checked against the gateway's key before it is returned.
    pub async fn upload(&self, bytes: &[u8]) -> Result<SignedReceipt, UploadError> {
        let resp = self
            .http
            .post(self.url(paths::BUNDLES))
            .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
            .body(bytes.to_vec())
            .send()
            .await
            .map_err(|e| UploadError::Unreachable(self.unreachable(e)))?;
        let status = resp.status();
        if status.is_server_error() || status.as_u16() == 429 {
            return Err(UploadError::Unreachable(self.refused(resp).await));
        }
        if !status.is_success() {
            return Err(UploadError::Refused(self.refused(resp).await));
        }
        let receipt: SignedReceipt = resp.json().await.map_err(|e| UploadError::Unreachable(self.unreachable(e)))?;
        receipt.verify(&self.gateway_key).map_err(|_| {
            UploadError::Refused(CoreError::new(
                ErrorCode::GatewayRefused,
                "The gateway's receipt is not signed by the enrolled gateway key. The bundle stays queued; tell the force administrator.",
            ))
        })?;
        Ok(receipt)
    }

    pub async fn list_outbound(&self, auth: &str) -> CoreResult<Vec<OutboundItem>> {
        let resp = self
            .http
            .get(self.url(paths::OUTBOUND))
            .header(reqwest::header::AUTHORIZATION, auth)
            .send()
            .await
            .map_err(|e| self.unreachable(e))?;
        if !resp.status().is_success() {
            return Err(self.refused(resp).await);
        }
        resp.json().await.map_err(|e| self.unreachable(e))
    }

    pub async fn fetch(&self, path: &str, auth: &str) -> CoreResult<Vec<u8>> {
        let resp =
            self.http.get(self.url(path)).header(reqwest::header::AUTHORIZATION, auth).send().await.map_err(|e| self.unreachable(e))?;
        if !resp.status().is_success() {
            return Err(self.refused(resp).await);
        }
        Ok(resp.bytes().await.map_err(|e| self.unreachable(e))?.to_vec())
    }

    pub async fn ack(&self, path: &str, auth: &str) -> CoreResult<()> {
        let resp =
            self.http.post(self.url(path)).header(reqwest::header::AUTHORIZATION, auth).send().await.map_err(|e| self.unreachable(e))?;
        if !resp.status().is_success() {
            return Err(self.refused(resp).await);
        }
        Ok(())
    }
}

/// reqwest's Display nests causes; the innermost is the useful one.
fn short(e: &reqwest::Error) -> String {
    let mut src: &dyn std::error::Error = e;
    while let Some(next) = src.source() {
        src = next;
    }
    src.to_string()
}
