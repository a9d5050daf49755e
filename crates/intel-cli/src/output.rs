//! Printing results: stable JSON with --json, short text otherwise.

use intel_core::cycle::view::ReportView;
use intel_core::{CoreError, CoreResult};
use serde::Serialize;

pub fn emit_json<T: Serialize>(v: &T) -> CoreResult<()> {
    let s = serde_json::to_string_pretty(v).map_err(|e| CoreError::internal(e.to_string()))?;
    println!("{s}");
    Ok(())
}

pub fn emit<T: Serialize>(json: bool, v: &T, text: impl FnOnce()) -> CoreResult<()> {
    if json {
        emit_json(v)
    } else {
        text();
        Ok(())
    }
}

pub fn report(v: &ReportView) {
    println!("{}  [{}]  priority {}  status {}", v.reference, v.marking, v.priority, v.status);
    println!(
        "source: {}{}  officer: {}",
        v.source_type,
        v.source_ref.as_deref().map(|r| format!(" ({r})")).unwrap_or_default(),
        v.submitting_officer
    );
    println!("received {}  recorded {} by {}", v.received_at, v.recorded_at, v.recorded_by);
    match &v.current_grade {
        Some(g) => println!(
            "grade: {}{}{}{}",
            g.source_grade,
            g.intelligence_grade,
            g.handling_code.as_deref().unwrap_or(""),
            g.conditions.as_deref().map(|c| format!(" — conditions: {c}")).unwrap_or_default()
        ),
        None => println!("grade: not yet evaluated"),
    }
    println!("\nsanitised text:\n{}", v.sanitised_text.as_deref().unwrap_or("(not yet sanitised)"));
    if let Some(o) = &v.original_text {
        println!("\noriginal text:\n{o}");
    }
    for e in &v.entities {
        println!("entity {} [{}] {} as {}", e.id, e.kind, e.label, e.role);
    }
    for d in &v.disseminations {
        println!("dissemination {} to {} — {}", d.id, d.recipient, d.state);
    }
}
