//! Development: entities, links, associations, merges and the entity view.

use super::{id32, signed_in};
use crate::ipc::{AssociationInput, IpcError, NewEntityInput};
use crate::state::AppState;
use intel_core::cycle::entities::{Entity, EntityView, NewEntity};
use tauri::State;

/// How many suggestions search-as-you-type offers.
const SUGGESTIONS: i64 = 20;

#[tauri::command]
#[specta::specta]
pub async fn find_entities(state: State<'_, AppState>, prefix: String) -> Result<Vec<Entity>, IpcError> {
    Ok(signed_in(&state).await?.find_entities(&prefix, SUGGESTIONS).await?)
}

/// Creates the entity; answers its id.
#[tauri::command]
#[specta::specta]
pub async fn create_entity(state: State<'_, AppState>, input: NewEntityInput) -> Result<u32, IpcError> {
    let new = NewEntity {
        kind: input.kind,
        object_type: input.object_type,
        label: input.label,
        details: serde_json::Value::Null,
        ocgm_band: input.ocgm_band,
    };
    id32(signed_in(&state).await?.create_entity(new).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn link_entity(state: State<'_, AppState>, reference: String, entity_id: u32, role: String) -> Result<(), IpcError> {
    Ok(signed_in(&state).await?.link_entity(&reference, entity_id.into(), &role).await?)
}

/// Records an association; answers its id.
#[tauri::command]
#[specta::specta]
pub async fn associate(state: State<'_, AppState>, input: AssociationInput) -> Result<u32, IpcError> {
    let s = signed_in(&state).await?;
    id32(s.associate(input.from.into(), input.to.into(), &input.kind, input.confirmed, input.supporting_reference.as_deref()).await?)
}

/// Merges `duplicate` into `survivor`; answers the merge id.
#[tauri::command]
#[specta::specta]
pub async fn merge_entities(state: State<'_, AppState>, survivor: u32, duplicate: u32, reason: String) -> Result<u32, IpcError> {
    id32(signed_in(&state).await?.merge_entities(survivor.into(), duplicate.into(), &reason).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn entity_view(state: State<'_, AppState>, id: u32) -> Result<EntityView, IpcError> {
    Ok(signed_in(&state).await?.entity_view(id.into()).await?)
}
