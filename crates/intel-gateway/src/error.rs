use intel_bundle::BundleError;

/// What went wrong in the gateway, worded for the administrator who runs it.
#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    /// The data directory, its files or the command line are not as they must be.
    #[error("{0}")]
    Setup(String),
    /// The database refused or could not be reached.
    #[error("database: {context}: {source}")]
    Storage { context: &'static str, source: sqlx::Error },
    #[error("{context}: {source}")]
    Io { context: String, source: std::io::Error },
    /// A bundle was refused; the message is the bundle crate's.
    #[error("{0}")]
    Bundle(#[from] BundleError),
    /// A request names something the gateway does not hold or cannot use.
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    NotFound(String),
}

impl GatewayError {
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        GatewayError::Io { context: context.into(), source }
    }
    pub fn storage(context: &'static str) -> impl FnOnce(sqlx::Error) -> Self {
        move |source| GatewayError::Storage { context, source }
    }
}
