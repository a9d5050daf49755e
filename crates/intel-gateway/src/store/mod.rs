//! Storage through sqlx's `Any` driver: one set of queries for SQLite and
//! PostgreSQL, each backend with its own embedded schema. Idempotency is in the
//! schema (UNIQUE bundle hash, UNIQUE sender + sequence), so several gateway
//! processes can share one PostgreSQL without coordinating.

mod bundles;
mod enrolments;
mod outbound;
mod time;

pub use bundles::{DropIndexRow, InsertOutcome, NewBundle, StoredBundle};
pub use enrolments::{EnrolmentRow, EnrolmentStateName};
pub use time::{format_time, parse_time};

use crate::error::GatewayError;
use sqlx::any::AnyPoolOptions;

type AnyPool = sqlx::Pool<sqlx::Any>;
use std::time::Duration;

static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Result<Backend, GatewayError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(GatewayError::Setup(
                "The database URL must start with sqlite: or postgres:// (e.g. postgres://user@db.force.example/intel_gateway).".into(),
            ))
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

impl Store {
    /// Connects and brings the schema up to date (sqlx locks migrations, so
    /// gateways starting together on one PostgreSQL do not race).
    pub async fn connect(url: &str) -> Result<Store, GatewayError> {
        let backend = Backend::of_url(url)?;
        sqlx::any::install_default_drivers();
        let options = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(30));
        let pool = match backend {
            Backend::Sqlite => {
                options
                    .max_connections(8)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            // Writers queue instead of failing while another holds the lock.
                            sqlx::query("PRAGMA busy_timeout = 30000").execute(&mut *conn).await?;
                            sqlx::query("PRAGMA foreign_keys = ON").execute(&mut *conn).await?;
                            Ok(())
                        })
                    })
                    .connect(url)
                    .await
            }
            Backend::Postgres => options.max_connections(16).connect(url).await,
        }
        .map_err(|e| GatewayError::Setup(format!("cannot open the {} database: {e}", backend.name())))?;
        if backend == Backend::Sqlite {
            sqlx::query("PRAGMA journal_mode = WAL").execute(&pool).await.map_err(GatewayError::storage("set WAL mode"))?;
        }
        let migrator = match backend {
            Backend::Sqlite => &SQLITE_MIGRATOR,
            Backend::Postgres => &POSTGRES_MIGRATOR,
        };
        migrator
            .run(&pool)
            .await
            .map_err(|e| GatewayError::Setup(format!("cannot bring the {} database schema up to date: {e}", backend.name())))?;
        Ok(Store { pool, backend })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub async fn check(&self) -> Result<(), GatewayError> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map_err(GatewayError::storage("health check"))?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}
