//! TLS with rustls and the `ring` provider: a self-signed certificate made at
//! `init` (workstations pin it from the gateway's enrolment file), and the
//! client side for tests and the benchmark.

use crate::error::GatewayError;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::sync::Arc;

pub struct SelfSigned {
    pub cert_pem: String,
    /// PEM private key; the caller writes it as a secret file.
    pub key_pem: zeroize::Zeroizing<String>,
}

/// A certificate for 127.0.0.1, localhost and the gateway URL's host.
pub fn self_signed(url_host: Option<&str>) -> Result<SelfSigned, GatewayError> {
    let mut names = vec!["127.0.0.1".to_string(), "localhost".to_string()];
    if let Some(h) = url_host {
        let h = h.trim_start_matches('[').trim_end_matches(']').to_string();
        if !names.contains(&h) {
            names.push(h);
        }
    }
    let ck = rcgen::generate_simple_self_signed(names).map_err(|e| GatewayError::Setup(format!("cannot make the TLS certificate: {e}")))?;
    Ok(SelfSigned { cert_pem: ck.cert.pem(), key_pem: zeroize::Zeroizing::new(ck.signing_key.serialize_pem()) })
}

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn certs(pem: &str) -> Result<Vec<CertificateDer<'static>>, GatewayError> {
    let certs: Vec<_> = rustls_pemfile::certs(&mut pem.as_bytes())
        .collect::<Result<_, _>>()
        .map_err(|e| GatewayError::Setup(format!("the TLS certificate is unreadable: {e}")))?;
    if certs.is_empty() {
        return Err(GatewayError::Setup("the TLS certificate file holds no certificate".into()));
    }
    Ok(certs)
}

pub fn server_config(cert_pem: &str, key_pem: &str) -> Result<Arc<rustls::ServerConfig>, GatewayError> {
    let key: PrivateKeyDer<'static> = rustls_pemfile::private_key(&mut key_pem.as_bytes())
        .map_err(|e| GatewayError::Setup(format!("the TLS key is unreadable: {e}")))?
        .ok_or_else(|| GatewayError::Setup("the TLS key file holds no key".into()))?;
    let mut config = rustls::ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| GatewayError::Setup(format!("TLS set-up: {e}")))?
        .with_no_client_auth()
        .with_single_cert(certs(cert_pem)?, key)
        .map_err(|e| GatewayError::Setup(format!("the TLS certificate and key do not go together: {e}")))?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// A client configuration that trusts exactly the gateway's certificate.
pub fn client_config(cert_pem: &str) -> Result<rustls::ClientConfig, GatewayError> {
    let mut roots = rustls::RootCertStore::empty();
    for c in certs(cert_pem)? {
        roots.add(c).map_err(|e| GatewayError::Setup(format!("the gateway certificate is unusable: {e}")))?;
    }
    Ok(rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| GatewayError::Setup(format!("TLS set-up: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// An HTTP client for the gateway, trusting only its certificate.
pub fn http_client(cert_pem: &str) -> Result<reqwest::Client, GatewayError> {
    // reqwest asks for a process-wide provider even when handed a full config;
    // keep it ring (an error only means one is installed already).
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .tls_backend_preconfigured(client_config(cert_pem)?)
        .no_proxy()
        .build()
        .map_err(|e| GatewayError::Setup(format!("HTTP client: {e}")))
}
