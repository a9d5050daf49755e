//! Export of an approved product to PDF or HTML: the marking banner on every
//! page, handling conditions, author, reviewer and approver, dissemination
//! list and the graded source intelligence. The file is written whole or not
//! at all, and the export is audited with the file's SHA-256; if the audit
//! entry cannot be written the file is removed, so no export goes unrecorded.

use crate::audit::AuditEvent;
use crate::domain::permission::Action;
use crate::error::{CoreError, CoreResult};
use crate::session::Session;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::Path;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProductFormat {
    Pdf,
    Html,
}

impl ProductFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ProductFormat::Pdf => "pdf",
            ProductFormat::Html => "html",
        }
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct ProductExport {
    pub reference: String,
    pub path: String,
    pub format: ProductFormat,
    pub marking: String,
    pub sha256: String,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub bytes: i64,
}

pub(crate) fn render(doc: &intel_render::Document, format: ProductFormat) -> Vec<u8> {
    match format {
        ProductFormat::Pdf => intel_render::render_pdf(doc),
        ProductFormat::Html => intel_render::render_html(doc).into_bytes(),
    }
}

/// Writes `bytes` atomically, then runs `record`; removes the file again if
/// recording fails. Shared by product and tasking-package exports.
pub(crate) async fn write_then_record<F>(dest: &Path, bytes: &[u8], what: &str, record: F) -> CoreResult<()>
where
    F: std::future::Future<Output = CoreResult<()>>,
{
    crate::fsutil::write_atomically(dest, bytes).map_err(|e| {
        CoreError::new(
            e.code(),
            format!("the {what} could not be written to {}: {e}. Nothing was exported; choose another folder", dest.display()),
        )
    })?;
    if let Err(e) = record.await {
        let _ = std::fs::remove_file(dest);
        return Err(e);
    }
    Ok(())
}

impl Session {
    pub async fn export_product(&self, reference: &str, format: ProductFormat, dest: &Path) -> CoreResult<ProductExport> {
        let me = self.authorise(Action::ExportProduct).await?;
        let view = super::approved_product(self, &me, reference, "is exported for release").await?;
        let doc = self.compose_product(&view).await?;
        let bytes = render(&doc, format);
        let sha256 = hex::encode(Sha256::digest(&bytes));
        let path = dest.display().to_string();
        let event = AuditEvent::new("product.export", format!("product:{reference}")).details(serde_json::json!({
            "format": format, "path": path, "sha256": sha256, "marking": view.marking,
            "citations": view.citations.iter().map(|c| &c.reference).collect::<Vec<_>>(),
            "dissemination": view.dissemination,
        }));
        write_then_record(dest, &bytes, "product", self.audit_only(event)).await?;
        Ok(ProductExport { reference: view.reference, path, format, marking: view.marking.to_string(), sha256, bytes: bytes.len() as i64 })
    }
}
