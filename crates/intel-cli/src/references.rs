//! `intel ref`: references to the force's other systems on reports and
//! entities, the lookup of everything holding one, and the unit's formats.

use crate::args::{RefCmd, RefHolderArgs};
use crate::output::emit;
use intel_core::references::{ExternalSystem, NewExternalReference, OcgmScoring, ReferenceHolder};
use intel_core::{CoreError, CoreResult, Session};

fn holder(on: &RefHolderArgs) -> CoreResult<ReferenceHolder> {
    match (&on.report, on.entity) {
        (Some(reference), None) => Ok(ReferenceHolder::Report { reference: reference.clone() }),
        (None, Some(id)) => Ok(ReferenceHolder::Entity { id }),
        _ => Err(CoreError::invalid("give one of --report REFERENCE or --entity ID")),
    }
}

fn ocgm(band: &Option<String>, score: Option<i64>, scored_on: &Option<String>) -> CoreResult<Option<OcgmScoring>> {
    match (band, score, scored_on) {
        (None, None, None) => Ok(None),
        (Some(band), Some(score), Some(scored_on)) => Ok(Some(OcgmScoring { band: band.clone(), score, scored_on: scored_on.clone() })),
        _ => Err(CoreError::invalid("give all of --ocgm-band, --ocgm-score and --ocgm-scored-on, or none")),
    }
}

pub async fn reference(s: &Session, cmd: &RefCmd) -> CoreResult<i32> {
    match cmd {
        RefCmd::Add { on, system, value, ocgm_band, ocgm_score, ocgm_scored_on, note } => {
            let new = NewExternalReference {
                system: system.parse()?,
                value: value.clone(),
                ocgm: ocgm(ocgm_band, *ocgm_score, ocgm_scored_on)?,
                note: note.clone(),
            };
            let r = s.add_external_reference(&holder(on)?, new).await?;
            println!("{}", r.id);
        }
        RefCmd::List { on, json } => {
            let list = s.external_references_of(&holder(on)?).await?;
            emit(*json, &list, || {
                for r in &list {
                    let score =
                        r.ocgm.as_ref().map(|o| format!("  band {} score {} ({})", o.band, o.score, o.scored_on)).unwrap_or_default();
                    println!("{}  {}  {}{score}  added by {} {}", r.id, r.system.title(), r.value, r.added_by, r.added_at);
                }
            })?;
        }
        RefCmd::Holders { system, value, json } => {
            let system: ExternalSystem = system.parse()?;
            let h = s.holders_of_reference(system, value).await?;
            emit(*json, &h, || {
                println!("{} {}", h.system.title(), h.value);
                if let Some(o) = &h.ocgm {
                    println!("  OCGM band {} score {} (scored {})", o.band, o.score, o.scored_on);
                }
                for r in &h.reports {
                    println!("  report {}  [{}]  {}  {}", r.reference, r.marking, r.status, r.recorded_at);
                }
                for e in &h.entities {
                    println!("  entity {}  {}  {}", e.id, e.kind, e.label);
                }
                if h.withheld_reports > 0 {
                    println!("  {} more report(s) above your clearance", h.withheld_reports);
                }
            })?;
        }
        RefCmd::Find { prefix, system, json } => {
            let system = system.as_deref().map(str::parse::<ExternalSystem>).transpose()?;
            let found = s.find_external_references(prefix, system, 50).await?;
            emit(*json, &found, || {
                for m in &found {
                    println!("{}  {}  held by {}", m.system, m.value, m.holders);
                }
            })?;
        }
        RefCmd::Remove { id, reason } => s.remove_external_reference(*id, reason).await?,
        RefCmd::Formats { json } => {
            let formats = s.reference_formats().await?;
            emit(*json, &formats, || {
                for f in &formats {
                    let own = if f.customised { "unit's own" } else { "default" };
                    println!("{:<8} {:<42} {}  ({own}; e.g. {})", f.system.as_str(), f.title, f.pattern, f.example);
                }
            })?;
        }
        RefCmd::SetFormat { system, pattern, default, reason } => {
            let pattern = if *default { None } else { pattern.as_deref() };
            s.set_external_reference_format(system.parse()?, pattern, reason).await?;
        }
    }
    Ok(0)
}
