//! Saved searches: a person's own named queries. Only the query is kept;
//! running one is an ordinary (audited) search.

use super::search::SearchQuery;
use crate::audit::AuditEvent;
use crate::domain::permission::Action;
use crate::error::{CoreError, CoreResult};
use crate::session::Session;
use serde::Serialize;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct SavedSearch {
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub id: i64,
    pub name: String,
    pub query: SearchQuery,
    pub created_at: String,
}

const MAX_NAME: usize = 80;

impl Session {
    /// Saves (or replaces) a named search for the signed-in person.
    pub async fn save_search(&self, name: &str, query: &SearchQuery) -> CoreResult<SavedSearch> {
        let me = self.authorise(Action::Search).await?;
        let name = name.trim();
        super::required("a name for the search", name)?;
        if name.chars().count() > MAX_NAME {
            return Err(CoreError::invalid(format!("a saved search name is at most {MAX_NAME} characters")));
        }
        // Paging and ordering belong to the table, not the saved question.
        let query = SearchQuery { offset: None, limit: None, ..query.clone() };
        let json = serde_json::to_string(&query).map_err(|e| CoreError::internal(e.to_string()))?;
        let at = super::now();
        let mut tx = self.begin().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO saved_searches (user_id, name, query, created_at) VALUES (?,?,?,?) \
             ON CONFLICT (user_id, name) DO UPDATE SET query = excluded.query, created_at = excluded.created_at RETURNING id",
        )
        .bind(me.id)
        .bind(name)
        .bind(&json)
        .bind(&at)
        .fetch_one(&mut *tx)
        .await?;
        let head = crate::audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("search.save", format!("saved-search:{id}")).details(serde_json::json!({"name": name, "query": query})),
        )
        .await?;
        self.commit(tx, head).await?;
        Ok(SavedSearch { id, name: name.to_owned(), query, created_at: at })
    }

    pub async fn saved_searches(&self) -> CoreResult<Vec<SavedSearch>> {
        let me = self.authorise(Action::Search).await?;
        let rows: Vec<(i64, String, String, String)> =
            sqlx::query_as("SELECT id, name, query, created_at FROM saved_searches WHERE user_id = ? ORDER BY name COLLATE NOCASE")
                .bind(me.id)
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter()
            .map(|(id, name, query, created_at)| {
                let query =
                    serde_json::from_str(&query).map_err(|e| CoreError::damaged(format!("saved search {id} cannot be read: {e}")))?;
                Ok(SavedSearch { id, name, query, created_at })
            })
            .collect()
    }

    pub async fn delete_saved_search(&self, id: i64) -> CoreResult<()> {
        let me = self.authorise(Action::Search).await?;
        let mut tx = self.begin().await?;
        let done = sqlx::query("DELETE FROM saved_searches WHERE id = ? AND user_id = ?").bind(id).bind(me.id).execute(&mut *tx).await?;
        if done.rows_affected() == 0 {
            return Err(CoreError::not_found(format!("you have no saved search {id}")));
        }
        let head = crate::audit::append(&mut tx, &me.username, AuditEvent::new("search.delete", format!("saved-search:{id}"))).await?;
        self.commit(tx, head).await
    }
}
