//! Native file dialogs, opened from Rust so the webview never gets
//! file-system access. Each has an environment override because end-to-end
//! tests cannot drive a native dialog.

use std::path::PathBuf;
use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;

/// Where to save `file_name`. `INTEL_DESK_EXPORT_DIR` replaces the dialog.
pub(crate) async fn choose_destination(app: &AppHandle, file_name: &str, filter: (&str, &[&str])) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("INTEL_DESK_EXPORT_DIR") {
        return Some(PathBuf::from(dir).join(file_name));
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog().file().add_filter(filter.0, filter.1).set_file_name(file_name).save_file(move |p| {
        let _ = tx.send(p.and_then(|p| p.into_path().ok()));
    });
    rx.await.ok().flatten()
}

/// Which file to read. `INTEL_DESK_OPEN_DIR` replaces the dialog with the
/// newest file there that has one of the filter's extensions.
pub(crate) async fn choose_file(app: &AppHandle, filter: (&str, &[&str])) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("INTEL_DESK_OPEN_DIR") {
        return newest_with_extension(&PathBuf::from(dir), filter.1);
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog().file().add_filter(filter.0, filter.1).pick_file(move |p| {
        let _ = tx.send(p.and_then(|p| p.into_path().ok()));
    });
    rx.await.ok().flatten()
}

fn newest_with_extension(dir: &std::path::Path, extensions: &[&str]) -> Option<PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().and_then(|x| x.to_str()).is_some_and(|x| extensions.contains(&x)))
        .filter_map(|p| Some((std::fs::metadata(&p).ok()?.modified().ok()?, p)))
        .max()
        .map(|(_, p)| p)
}

/// Reads a chosen file with a size cap, so a wrong choice (a disk image, say)
/// is refused before it is loaded into memory.
pub(crate) fn read_capped(path: &std::path::Path, cap: u64) -> Result<Vec<u8>, intel_core::CoreError> {
    use intel_core::{CoreError, ErrorCode};
    let meta =
        std::fs::metadata(path).map_err(|e| CoreError::new(ErrorCode::InvalidInput, format!("Cannot read {}: {e}", path.display())))?;
    if meta.len() > cap {
        return Err(CoreError::new(
            ErrorCode::BundleRejected,
            format!(
                "{} is {} MB; the most accepted is {} MB. Check you chose the right file.",
                path.display(),
                meta.len() >> 20,
                cap >> 20
            ),
        ));
    }
    std::fs::read(path).map_err(|e| CoreError::new(ErrorCode::InvalidInput, format!("Cannot read {}: {e}", path.display())))
}
