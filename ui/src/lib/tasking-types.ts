// The Tasking and Products screens' IPC types (issue 5: tasking and
// coordination, intelligence products), as generated into bindings.ts from
// the core (snake_case, as the Rust structs). Screens import them from
// ipc.ts; the aliases drop tauri-specta's _Serialize / _Deserialize suffixes
// (what the core sends is the _Serialize form, what it accepts _Deserialize).

import type {
  ActionView_Serialize,
  AgendaItem_Serialize,
  AnsweringReport_Serialize,
  BriefingReport_Serialize,
  Citation_Serialize,
  ControlStrategy_Serialize,
  DailyBriefing_Serialize,
  DecisionView_Serialize,
  DeliveryResults_Serialize,
  Embed_Serialize,
  MeetingView_Serialize,
  NewAction_Deserialize,
  NewDecision_Deserialize,
  NewEmbed_Deserialize,
  NewProduct_Deserialize,
  NewQuestion_Deserialize,
  NewRequirement_Deserialize,
  NewStrategy_Deserialize,
  OperationalReview_Serialize,
  ProductItem_Serialize,
  ProductView_Serialize,
  QuestionView_Serialize,
  RequirementSummary_Serialize,
  RequirementView_Serialize,
  StrategyIssue_Serialize,
  TaskingPackageExport_Serialize,
  TaskingPackageRequest_Deserialize,
} from "./bindings";

export type {
  ActionFilter,
  ActionStatus,
  ActionUpdate,
  AgendaSource,
  Attendee,
  DecisionKind,
  EmbedKind,
  MeetingKind,
  MeetingSummary,
  NewMeeting,
  NewOperationalReview,
  ProductExport,
  ProductFormat,
  ProductKind,
  ProductSection,
  ProductState,
  ProductStep,
  ProductSummary,
  Recommendation,
  RequirementKind,
  ReviewFindings,
  StrategyChange,
  Strand,
  TacticalOption,
  TermsOfReference,
} from "./bindings";

export type ActionView = ActionView_Serialize;
export type AgendaItem = AgendaItem_Serialize;
export type AnsweringReport = AnsweringReport_Serialize;
export type BriefingReport = BriefingReport_Serialize;
export type Citation = Citation_Serialize;
export type ControlStrategy = ControlStrategy_Serialize;
export type DailyBriefing = DailyBriefing_Serialize;
export type DecisionView = DecisionView_Serialize;
export type DeliveryResults = DeliveryResults_Serialize;
export type Embed = Embed_Serialize;
export type MeetingView = MeetingView_Serialize;
export type NewAction = NewAction_Deserialize;
export type NewDecision = NewDecision_Deserialize;
export type NewEmbed = NewEmbed_Deserialize;
export type NewProduct = NewProduct_Deserialize;
export type NewQuestion = NewQuestion_Deserialize;
export type NewRequirement = NewRequirement_Deserialize;
export type NewStrategy = NewStrategy_Deserialize;
export type OperationalReview = OperationalReview_Serialize;
export type ProductItem = ProductItem_Serialize;
export type ProductView = ProductView_Serialize;
export type QuestionView = QuestionView_Serialize;
export type RequirementSummary = RequirementSummary_Serialize;
export type RequirementView = RequirementView_Serialize;
export type StrategyIssue = StrategyIssue_Serialize;
export type TaskingPackageExport = TaskingPackageExport_Serialize;
export type TaskingPackageRequest = TaskingPackageRequest_Deserialize;
