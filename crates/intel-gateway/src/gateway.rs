//! A gateway opened on its data directory and database: what the server, the
//! CLI subcommands and the tests share.

use crate::data_dir::DataDir;
use crate::error::GatewayError;
use crate::identity::GatewayIdentity;
use crate::secret::ApiToken;
use crate::store::Store;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct Gateway {
    pub dir: DataDir,
    pub identity: Arc<GatewayIdentity>,
    pub store: Store,
    pub api_token: Arc<ApiToken>,
}

impl Gateway {
    /// `database_url`: an explicit URL, else the one given at `init`, else the embedded SQLite file.
    pub async fn open(dir: &DataDir, database_url: Option<&str>) -> Result<Gateway, GatewayError> {
        let identity = Arc::new(GatewayIdentity::load(dir)?);
        let api_token = Arc::new(dir.api_token()?);
        let store = Store::connect(&dir.database_url(database_url)?).await?;
        Ok(Gateway { dir: dir.clone(), identity, store, api_token })
    }
}
