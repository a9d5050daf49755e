//! The permission matrix. Every core operation asks `permits` before it acts;
//! `docs/permissions.md` is generated from this table and a test fails when
//! the two differ.

use super::role::Role;
use serde::Serialize;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    RecordCreate,
    RecordRead,
    ViewOriginalText,
    Evaluate,
    Sanitise,
    Develop,
    MergeEntities,
    ChangeStatus,
    RequestDissemination,
    AuthoriseDissemination,
    Review,
    Search,
    ReadAudit,
    ManageUsers,
    ManageConfiguration,
    RotateDataKey,
    ExportBundle,
    ExportFullBundle,
    ImportBundle,
    Sync,
    ManageTrust,
    ManageMeetings,
    SignOffMeeting,
    SetControlStrategy,
    ManageRequirements,
    ApproveRequirement,
    AnswerRequirement,
    ManageActions,
    ManageOperationalReview,
    DraftProduct,
    ReviewProduct,
    ApproveProduct,
    ExportProduct,
}

impl Action {
    pub const ALL: [Action; 33] = [
        Action::RecordCreate,
        Action::RecordRead,
        Action::ViewOriginalText,
        Action::Evaluate,
        Action::Sanitise,
        Action::Develop,
        Action::MergeEntities,
        Action::ChangeStatus,
        Action::RequestDissemination,
        Action::AuthoriseDissemination,
        Action::Review,
        Action::Search,
        Action::ReadAudit,
        Action::ManageUsers,
        Action::ManageConfiguration,
        Action::RotateDataKey,
        Action::ExportBundle,
        Action::ExportFullBundle,
        Action::ImportBundle,
        Action::Sync,
        Action::ManageTrust,
        Action::ManageMeetings,
        Action::SignOffMeeting,
        Action::SetControlStrategy,
        Action::ManageRequirements,
        Action::ApproveRequirement,
        Action::AnswerRequirement,
        Action::ManageActions,
        Action::ManageOperationalReview,
        Action::DraftProduct,
        Action::ReviewProduct,
        Action::ApproveProduct,
        Action::ExportProduct,
    ];

    pub fn describe(self) -> &'static str {
        match self {
            Action::RecordCreate => "record an intelligence report",
            Action::RecordRead => "read a report (sanitised text, grades, history)",
            Action::ViewOriginalText => "read the original, unsanitised wording",
            Action::Evaluate => "evaluate or re-evaluate (3x5x2)",
            Action::Sanitise => "write the sanitised wording",
            Action::Develop => "create entities, link them to reports, record associations",
            Action::MergeEntities => "merge duplicate entities and undo merges",
            Action::ChangeStatus => "move a report through the cycle",
            Action::RequestDissemination => "make a dissemination (code P) or request one (code C)",
            Action::AuthoriseDissemination => "authorise or refuse a dissemination",
            Action::Review => "review a record for retention",
            Action::Search => "search the store",
            Action::ReadAudit => "read and verify the audit trail",
            Action::ManageUsers => "add, lock and reset users",
            Action::ManageConfiguration => "change unit settings (reference format, retention schedule, idle lock)",
            Action::RotateDataKey => "rotate the store's data key",
            Action::ExportBundle => "export bundles for the force system",
            Action::ExportFullBundle => "export a full bundle (original wording and source references), with a reason",
            Action::ImportBundle => "preview and import bundles from files or the gateway",
            Action::Sync => "sync with the force gateway (send the outbox, fetch what waits)",
            Action::ManageTrust => "manage this workstation's keys and trusted peers (enrol, rotate, revoke)",
            Action::ManageMeetings => "record tasking and coordination meetings: attendance, agenda and decisions with their rationale",
            Action::SignOffMeeting => "sign off a meeting record, after which it cannot change",
            Action::SetControlStrategy => "set or amend the control strategy, as a decision of an ST&CG meeting",
            Action::ManageRequirements => "draft intelligence requirements and their questions",
            Action::ApproveRequirement => "approve an intelligence requirement, as a decision of a tasking and coordination meeting",
            Action::AnswerRequirement => "mark a report as answering a requirement's question",
            Action::ManageActions => "raise actions from decisions and record their progress and results",
            Action::ManageOperationalReview => "run an operational review: objectives before the operation, findings after",
            Action::DraftProduct => "draft an intelligence product from its terms of reference",
            Action::ReviewProduct => "peer review someone else's intelligence product",
            Action::ApproveProduct => "approve an intelligence product for release",
            Action::ExportProduct => "export an approved product to PDF or HTML (audited)",
        }
    }

    /// Actions that belong to the administrator capability rather than a role.
    pub fn is_administrative(self) -> bool {
        matches!(self, Action::ManageUsers | Action::ManageConfiguration | Action::RotateDataKey | Action::ManageTrust)
    }
}

/// Does `role` (with or without the administrator capability) permit `action`?
pub fn permits(role: Role, is_admin: bool, action: Action) -> bool {
    use Action::*;
    use Role::*;
    if action.is_administrative() {
        return is_admin;
    }
    match action {
        // Everyone in the unit reads sanitised reports and searches.
        RecordRead | Search => true,
        RecordCreate => matches!(role, IntelligenceOfficer | IntelligenceManager | Researcher | DirectorOfIntelligence),
        // The original wording may identify a source: only those who evaluate,
        // sanitise and supervise that work read it.
        ViewOriginalText => matches!(role, IntelligenceOfficer | IntelligenceManager | DirectorOfIntelligence),
        Evaluate | Sanitise => matches!(role, IntelligenceOfficer | IntelligenceManager),
        Develop => matches!(role, IntelligenceOfficer | IntelligenceManager | Researcher | Analyst | PrincipalAnalyst),
        MergeEntities => matches!(role, IntelligenceOfficer | IntelligenceManager | PrincipalAnalyst),
        ChangeStatus => matches!(role, IntelligenceOfficer | IntelligenceManager | PrincipalAnalyst | Analyst),
        RequestDissemination => matches!(role, IntelligenceOfficer | IntelligenceManager),
        AuthoriseDissemination => matches!(role, IntelligenceManager | DirectorOfIntelligence),
        Review => matches!(role, IntelligenceManager | IntelligenceOfficer),
        ReadAudit => matches!(role, IntelligenceManager | DirectorOfIntelligence) || is_admin,
        ExportBundle | ExportFullBundle => matches!(role, IntelligenceManager | DirectorOfIntelligence),
        ImportBundle | Sync => matches!(role, IntelligenceOfficer | IntelligenceManager | DirectorOfIntelligence),
        // Tasking and coordination: those who sit on and minute the groups.
        // Signing off and setting strategy belong to the senior managers.
        ManageMeetings => matches!(role, DirectorOfIntelligence | IntelligenceManager | PrincipalAnalyst),
        SignOffMeeting | SetControlStrategy | ApproveRequirement => matches!(role, DirectorOfIntelligence | IntelligenceManager),
        ManageRequirements | ManageOperationalReview => matches!(role, DirectorOfIntelligence | IntelligenceManager | PrincipalAnalyst),
        AnswerRequirement => !matches!(role, DirectorOfIntelligence),
        ManageActions => !matches!(role, Researcher),
        // Products: researchers and analysts write, senior analysts and the
        // manager review, the manager or director approves (never the author).
        DraftProduct => matches!(role, Researcher | Analyst | PrincipalAnalyst | IntelligenceManager),
        ReviewProduct => matches!(role, Analyst | PrincipalAnalyst | IntelligenceManager),
        ApproveProduct => matches!(role, IntelligenceManager | DirectorOfIntelligence),
        ExportProduct => !matches!(role, IntelligenceOfficer),
        ManageUsers | ManageConfiguration | RotateDataKey | ManageTrust => is_admin,
    }
}

/// The matrix as a Markdown table (the source of docs/permissions.md).
pub fn matrix_markdown() -> String {
    let mut out = String::new();
    out.push_str("# Permission matrix\n\n");
    out.push_str("Generated from `crates/intel-core/src/domain/permission.rs` by the test `permission_doc_is_current`; ");
    out.push_str("regenerate with `INTEL_WRITE_DOCS=1 cargo test -p intel-core permission_doc_is_current`.\n\n");
    out.push_str("Every core operation checks this matrix before acting; the UI only reflects it. ");
    out.push_str("The administrator capability is held in addition to a role (the first user has both).\n\n");
    out.push_str("| action | what it covers |");
    for r in Role::ALL {
        out.push_str(&format!(" {} |", r.title()));
    }
    out.push_str(" administrator |\n|---|---|");
    for _ in 0..=Role::ALL.len() {
        out.push_str(":-:|");
    }
    out.push('\n');
    for a in Action::ALL {
        out.push_str(&format!("| `{}` | {} |", serde_plain(a), a.describe()));
        for r in Role::ALL {
            out.push_str(if permits(*r, false, a) { " ✔ |" } else { " — |" });
        }
        let admin_only = Role::ALL.iter().all(|r| permits(*r, true, a)) && !Role::ALL.iter().any(|r| permits(*r, false, a));
        let admin_adds = Role::ALL.iter().any(|r| permits(*r, true, a) && !permits(*r, false, a));
        out.push_str(if admin_only || admin_adds { " ✔ |\n" } else { " — |\n" });
    }
    out
}

fn serde_plain(a: Action) -> String {
    serde_json::to_value(a).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}
