//! A small, clearly marked demonstration data set so a newcomer can explore
//! every screen. It goes through the ordinary operations (so it is checked
//! and audited like real work), only into a store holding no reports, and
//! every report says in its own text that it is fictitious.

use super::dissemination::DisseminationRequest;
use super::entities::{EntityKind, NewEntity, ObjectType};
use super::records::NewReport;
use crate::audit::AuditEvent;
use crate::domain::grading::{Evaluation3x5x2, HandlingCode, IntelGrade, SourceGrade};
use crate::domain::marking::Marking;
use crate::domain::permission::Action;
use crate::domain::report_fields::{Priority, SourceType};
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::meta;
use crate::session::Session;

pub const DEMO_FLAG: &str = "demo_data";
pub const DEMO_PREFIX: &str = "DEMONSTRATION DATA (fictitious): ";

struct DemoReport {
    text: &'static str,
    marking: Marking,
    priority: Priority,
    source: SourceType,
    source_ref: Option<&'static str>,
    grade: Option<(SourceGrade, IntelGrade, HandlingCode)>,
    sanitised: Option<&'static str>,
}

const REPORTS: &[DemoReport] = &[
    DemoReport {
        text: "A silver VW Golf, registration DE12 MOX, was seen outside 14 Harbour Row at 02:10 on three nights this week. The driver, a man known as 'Kes' (Kestrel DEMO, born 03/04/1990), carried holdalls into the address. Phone 07700 900123 is used by Kes.",
        marking: Marking::OfficialSensitive,
        priority: Priority::High,
        source: SourceType::CovertSource,
        source_ref: Some("DEMO-CHIS-0042"),
        grade: Some((SourceGrade::Reliable, IntelGrade::B, HandlingCode::C)),
        sanitised: Some("A silver VW Golf has been seen at an address in the Harbour area in the early hours on several nights, with bags carried inside."),
    },
    DemoReport {
        text: "Member of the public reports frequent short visits to 14 Harbour Row, up to twenty a night, by people on foot and on e-scooters.",
        marking: Marking::Official,
        priority: Priority::Medium,
        source: SourceType::Public,
        source_ref: None,
        grade: Some((SourceGrade::Untested, IntelGrade::C, HandlingCode::P)),
        sanitised: Some("Frequent short visits are reported at an address in the Harbour area, consistent with drug supply."),
    },
    DemoReport {
        text: "PC 4471 DEMO stopped DE12 MOX on Quay Street; the driver gave the name Kestrel DEMO and said he works for Northgate Logistics DEMO.",
        marking: Marking::Official,
        priority: Priority::Low,
        source: SourceType::Officer,
        source_ref: None,
        grade: Some((SourceGrade::Reliable, IntelGrade::A, HandlingCode::P)),
        sanitised: None,
    },
    DemoReport {
        text: "Partner agency (housing) reports a tenancy at 22 Ropewalk Close taken in cash by a man matching Kes's description.",
        marking: Marking::Official,
        priority: Priority::Medium,
        source: SourceType::PartnerAgency,
        source_ref: None,
        grade: None,
        sanitised: None,
    },
];

impl Session {
    /// Loads the demonstration set. Refused unless the store is empty of
    /// reports, so it can never mix with real intelligence.
    pub async fn load_demo_data(&self) -> CoreResult<Vec<String>> {
        let me = self.authorise(Action::ManageConfiguration).await?;
        let (n,): (i64,) = sqlx::query_as("SELECT count(*) FROM reports").fetch_one(&self.pool).await?;
        if n > 0 {
            return Err(CoreError::new(
                ErrorCode::Conflict,
                "demonstration data can only be loaded into a store with no reports; this store already holds intelligence",
            ));
        }
        {
            let mut tx = self.begin().await?;
            meta::set(&mut tx, DEMO_FLAG, "1").await?;
            let head = crate::audit::append(&mut tx, &me.username, AuditEvent::new("store.demo-data", "store")).await?;
            self.commit(tx, head).await?;
        }
        let mut refs = Vec::new();
        for r in REPORTS {
            let reference = self
                .record_report(NewReport {
                    marking: r.marking,
                    priority: r.priority,
                    source_type: r.source,
                    source_ref: r.source_ref.map(str::to_owned),
                    submitting_officer: Some("Demonstration".into()),
                    received_at: None,
                    text: format!("{DEMO_PREFIX}{}", r.text),
                    review_group: None,
                    attachments: Vec::new(),
                })
                .await?;
            if let Some((source, intelligence, handling)) = r.grade {
                let conditions = (handling == HandlingCode::C).then(|| {
                    "Do not disclose outside the investigation team; no action without consulting the intelligence unit.".to_owned()
                });
                self.evaluate(
                    &reference,
                    Evaluation3x5x2 { source, intelligence, handling, conditions, rationale: "Demonstration grading.".into() },
                )
                .await?;
            }
            if let Some(text) = r.sanitised {
                self.sanitise(&reference, &format!("{DEMO_PREFIX}{text}")).await?;
            }
            refs.push(reference);
        }
        let person = |label: &str| NewEntity {
            kind: EntityKind::Person,
            object_type: None,
            label: label.into(),
            details: serde_json::Value::Null,
            ocgm_band: None,
        };
        let kes = self.create_entity(person("Kestrel DEMO")).await?;
        let car = self
            .create_entity(NewEntity {
                kind: EntityKind::Object,
                object_type: Some(ObjectType::Vehicle),
                label: "DE12 MOX (DEMO)".into(),
                details: serde_json::Value::Null,
                ocgm_band: None,
            })
            .await?;
        let phone = self
            .create_entity(NewEntity {
                kind: EntityKind::Object,
                object_type: Some(ObjectType::Phone),
                label: "07700 900123 (DEMO)".into(),
                details: serde_json::Value::Null,
                ocgm_band: None,
            })
            .await?;
        let place = |label: &str| NewEntity {
            kind: EntityKind::Location,
            object_type: None,
            label: label.into(),
            details: serde_json::Value::Null,
            ocgm_band: None,
        };
        let harbour = self.create_entity(place("14 Harbour Row (DEMO)")).await?;
        let ropewalk = self.create_entity(place("22 Ropewalk Close (DEMO)")).await?;
        let firm = self
            .create_entity(NewEntity {
                kind: EntityKind::Organisation,
                object_type: None,
                label: "Northgate Logistics DEMO".into(),
                details: serde_json::Value::Null,
                ocgm_band: None,
            })
            .await?;
        self.link_entity(&refs[0], kes, "subject").await?;
        self.link_entity(&refs[0], car, "vehicle used").await?;
        self.link_entity(&refs[0], harbour, "address visited").await?;
        self.link_entity(&refs[1], harbour, "address").await?;
        self.link_entity(&refs[2], car, "vehicle stopped").await?;
        self.link_entity(&refs[2], kes, "driver").await?;
        self.link_entity(&refs[3], ropewalk, "tenancy").await?;
        self.associate(kes, car, "drives", true, Some(&refs[2])).await?;
        self.associate(kes, phone, "uses", false, Some(&refs[0])).await?;
        self.associate(kes, harbour, "visits", true, Some(&refs[0])).await?;
        self.associate(kes, ropewalk, "may live at", false, Some(&refs[3])).await?;
        self.associate(kes, firm, "says he works for", false, Some(&refs[2])).await?;
        self.disseminate(
            &refs[1],
            DisseminationRequest {
                recipient: "Neighbourhood Sergeant, Harbour (DEMO)".into(),
                purpose: "Patrol planning".into(),
                conditions_acknowledged: false,
            },
        )
        .await?;
        Ok(refs)
    }

    /// Whether the demonstration set was loaded into this store.
    pub async fn has_demo_data(&self) -> CoreResult<bool> {
        self.authorise(Action::RecordRead).await?;
        let mut conn = self.pool.acquire().await?;
        Ok(meta::get(&mut conn, DEMO_FLAG).await?.as_deref() == Some("1"))
    }
}
