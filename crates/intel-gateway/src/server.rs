//! Serving the API over TLS, with graceful shutdown.

use crate::drop_folder;
use crate::error::GatewayError;
use crate::gateway::Gateway;
use std::net::SocketAddr;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Limits {
    pub max_bundle_bytes: usize,
    pub max_json_bytes: usize,
    /// Sustained requests per second per client address, and the burst above it.
    pub rate_per_second: u32,
    pub rate_burst: u32,
    pub request_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bundle_bytes: intel_bundle::MAX_BUNDLE_BYTES as usize,
            max_json_bytes: 1024 * 1024,
            // Generous: a whole unit behind one NAT address syncs at once.
            rate_per_second: 500,
            rate_burst: 1000,
            request_timeout: Duration::from_secs(300),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub listen: SocketAddr,
    pub limits: Limits,
}

pub struct RunningGateway {
    pub addr: SocketAddr,
    pub gateway: Gateway,
    handle: axum_server::Handle<SocketAddr>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl RunningGateway {
    pub fn base_url(&self) -> String {
        format!("https://{}", self.addr)
    }

    /// Stops accepting, lets requests in flight finish (up to 10 s), closes the database.
    pub async fn shutdown(self) -> Result<(), GatewayError> {
        self.handle.graceful_shutdown(Some(Duration::from_secs(10)));
        let served = self.task.await.map_err(|e| GatewayError::Setup(format!("server task failed: {e}")))?;
        self.gateway.store.close().await;
        served.map_err(|e| GatewayError::io("server stopped with an error", e))
    }

    /// Waits until the server stops by itself (it does not, unless it fails).
    pub async fn wait(&mut self) -> Result<(), GatewayError> {
        let served = (&mut self.task).await.map_err(|e| GatewayError::Setup(format!("server task failed: {e}")))?;
        served.map_err(|e| GatewayError::io("server stopped with an error", e))
    }
}

/// Re-creates any missing drop directories, then serves on `opts.listen`.
pub async fn start(gw: Gateway, opts: ServeOptions) -> Result<RunningGateway, GatewayError> {
    let recovered = drop_folder::recover(&gw).await?;
    if recovered > 0 {
        tracing::warn!(recovered, "re-created drop folder entries missing after an interrupted run");
    }
    let tls = crate::tls::server_config(&gw.dir.tls_cert_pem()?, &crate::secret::read_secret_file(&gw.dir.tls_key_file())?)?;
    let listener = std::net::TcpListener::bind(opts.listen)
        .map_err(|e| GatewayError::io(format!("cannot listen on {} (is another gateway running there?)", opts.listen), e))?;
    listener.set_nonblocking(true).map_err(|e| GatewayError::io("listener set-up", e))?;
    let addr = listener.local_addr().map_err(|e| GatewayError::io("listener address", e))?;
    let app = crate::http::router(gw.clone(), opts.limits);
    let handle = axum_server::Handle::new();
    let server = axum_server::from_tcp_rustls(listener, axum_server::tls_rustls::RustlsConfig::from_config(tls))
        .map_err(|e| GatewayError::io("TLS listener set-up", e))?
        .handle(handle.clone());
    let task = tokio::spawn(async move { server.serve(app.into_make_service_with_connect_info::<SocketAddr>()).await });
    tracing::info!(%addr, storage = gw.store.backend().name(), gateway_id = %gw.identity.config.id, "gateway listening");
    Ok(RunningGateway { addr, gateway: gw, handle, task })
}
