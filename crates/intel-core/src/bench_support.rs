//! For the benchmark only: the same schema and the same recording and search
//! code, opened either encrypted (SQLCipher, raw key) or as plain SQLite, so
//! the two can be compared in one process. Not for application use.

use crate::cycle::records::{insert_report, NewReport};
use crate::cycle::search::{reindex_report, run_search, SearchHit, SearchQuery};
use crate::cycle::users::{insert_user, NewUserRow};
use crate::domain::marking::Marking;
use crate::domain::role::Role;
use crate::error::{CoreError, CoreResult};
use crate::secret::SecretKey;
use crate::session::UserInfo;
use crate::store::connect::{file_has_plain_header, open_pool, options, Tuning, MIGRATOR};
use crate::store::StorePaths;
use chrono::Utc;
use sqlx::sqlite::SqlitePoolOptions;
use sqlx::SqlitePool;
use std::path::Path;

pub struct BenchStore {
    pub pool: SqlitePool,
    pub encrypted: bool,
    user: UserInfo,
}

impl BenchStore {
    pub async fn encrypted(dir: &Path, tuning: Tuning) -> CoreResult<Self> {
        let paths = StorePaths::new(dir);
        let pool = open_pool(&paths, &SecretKey::random(), true, tuning).await?;
        Self::prepare(pool, true).await
    }

    pub async fn plain(dir: &Path, tuning: Tuning) -> CoreResult<Self> {
        let paths = StorePaths::new(dir);
        let pool =
            SqlitePoolOptions::new().max_connections(tuning.max_connections).connect_with(options(&paths, None, true, tuning)).await?;
        let s = Self::prepare(pool, false).await?;
        if !file_has_plain_header(&paths)? {
            return Err(CoreError::internal("the plain baseline is not a plain SQLite file"));
        }
        Ok(s)
    }

    async fn prepare(pool: SqlitePool, encrypted: bool) -> CoreResult<Self> {
        MIGRATOR.run(&pool).await?;
        let mut conn = pool.acquire().await?;
        let user = insert_user(
            &mut conn,
            NewUserRow {
                username: "bench",
                display_name: "Bench",
                role: Role::IntelligenceOfficer,
                is_admin: false,
                clearance: Marking::OfficialSensitive,
                created_by: None,
            },
        )
        .await?;
        drop(conn);
        Ok(BenchStore { pool, encrypted, user })
    }

    /// Creates entities in one transaction; returns their ids.
    pub async fn add_entities(&self, entities: &[(&str, Option<&str>, String)]) -> CoreResult<Vec<i64>> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let mut ids = Vec::with_capacity(entities.len());
        for (kind, object_type, label) in entities {
            let id = sqlx::query("INSERT INTO entities (kind, object_type, label, created_by, created_at) VALUES (?,?,?,?,?)")
                .bind(kind)
                .bind(object_type)
                .bind(label)
                .bind(self.user.id)
                .bind(Utc::now().to_rfc3339())
                .execute(&mut *tx)
                .await?
                .last_insert_rowid();
            ids.push(id);
        }
        tx.commit().await?;
        Ok(ids)
    }

    /// Records a batch of reports, each linked to its entities, in one
    /// transaction: the same statements `Session::record_report` runs.
    pub async fn ingest(&self, batch: &[(NewReport, Vec<i64>)]) -> CoreResult<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        for (report, entities) in batch {
            let now = Utc::now();
            let (id, _, _) = insert_report(&mut tx, &self.user, report, now, now).await?;
            if !entities.is_empty() {
                for e in entities {
                    sqlx::query("INSERT OR IGNORE INTO report_entities (report_id, entity_id, role, linked_by, linked_at) VALUES (?,?, 'subject', ?, ?)")
                        .bind(id)
                        .bind(e)
                        .bind(self.user.id)
                        .bind(now.to_rfc3339())
                        .execute(&mut *tx)
                        .await?;
                }
                reindex_report(&mut tx, id).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// Gives reports a status and a 3x5x2 grade so filtered queries have something to filter.
    pub async fn grade_every(&self, nth: i64, status: &str, source: &str, intel: &str) -> CoreResult<()> {
        let now = Utc::now().to_rfc3339();
        sqlx::query("UPDATE reports SET status = ? WHERE id % ? = 0").bind(status).bind(nth).execute(&self.pool).await?;
        sqlx::query(
            "INSERT INTO evaluations (report_id, scheme, source_grade, intelligence_grade, handling_code, rationale, evaluated_by, evaluated_at) \
             SELECT id, '3x5x2', ?, ?, 'P', 'bench', ?, ? FROM reports WHERE id % ? = 0",
        )
        .bind(source)
        .bind(intel)
        .bind(self.user.id)
        .bind(&now)
        .bind(nth)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn search(&self, q: &SearchQuery) -> CoreResult<Vec<SearchHit>> {
        run_search(&self.pool, q, Marking::OfficialSensitive, true).await
    }

    pub async fn close(self) {
        self.pool.close().await;
    }
}

/// Folds the WAL into the main file so both stores are measured alike.
pub async fn checkpoint(store: &BenchStore) -> CoreResult<()> {
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&store.pool).await?;
    Ok(())
}
