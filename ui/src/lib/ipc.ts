// The one door between the UI and the Rust core.
//
// Only this module imports `@tauri-apps/*` or the generated bindings; screens
// and components import functions and types from here. Every call returns the
// plain value and throws an `IpcFailure` (with the backend's error code and
// message) when the command answers `status: "error"`. A rejected invoke that
// is a JS `Error` (IPC itself broke) is re-thrown unchanged.

import { invoke } from "@tauri-apps/api/core";
import { commands } from "./bindings";
import type {
  Association_Serialize,
  AssociationInput_Deserialize,
  Dissemination_Serialize,
  Entity_Serialize,
  EntityView_Serialize,
  EvaluationInput_Deserialize,
  GradeRecord_Serialize,
  LinkedEntity_Serialize,
  MyWork_Serialize,
  NewEntityInput_Deserialize,
  NewReportInput_Deserialize,
  QueueItem_Serialize,
  ReleasePreview_Serialize,
  ReportView_Serialize,
  ReviewRecord_Serialize,
  SavedSearch_Serialize,
  SearchHit_Serialize,
  SearchPage_Serialize,
  SearchQuery_Deserialize,
  StatusChange_Serialize,
  StoreStatus_Serialize,
  VerifyReport_Serialize,
  ExternalReference_Serialize,
  NewExternalReference_Deserialize,
  ReferenceHolders_Serialize,
  Action as CoreAction,
  AttachmentInfo,
  AttachmentInput,
  AuditRecord,
  ChartExport,
  ChartFormat,
  CreateStoreInput,
  CsvExport,
  DisseminationInput,
  EntityKind,
  ErrorCode as CoreErrorCode,
  ExportColumn,
  ExternalSystem,
  HandlingCode,
  IntelGrade,
  IpcError as CoreIpcError,
  KeychainMode,
  LinkedReport,
  Marking,
  NewUserInput,
  ObjectType,
  OcgmScoring,
  Priority,
  Queue,
  ReferenceFormat,
  ReferenceHolder,
  ReferenceMatch,
  ReportHolding,
  RetentionRule,
  ReviewDecision,
  ReviewDue,
  Role,
  SessionInfo,
  SetupResult,
  SortKey,
  SourceGrade,
  SourceType,
  Status,
  StoreState,
  UserInfo,
} from "./bindings";
import type {
  BundleKind,
  ExportedBundle,
  ExportPreview,
  ImportPreview,
  ImportRecord,
  ImportReport,
  OutboxItem,
  PeerView,
  SyncOutcome,
  SyncStatus,
  TaskingView,
  WorkstationIdentity,
} from "./exchange-types";
import type {
  ActionFilter,
  ActionStatus,
  ActionView,
  AgendaItem,
  Attendee,
  ControlStrategy,
  DailyBriefing,
  DecisionView,
  DeliveryResults,
  MeetingKind,
  MeetingSummary,
  MeetingView,
  NewAction,
  NewDecision,
  NewEmbed,
  NewMeeting,
  NewOperationalReview,
  NewProduct,
  NewRequirement,
  NewStrategy,
  OperationalReview,
  ProductExport,
  ProductFormat,
  ProductSummary,
  ProductView,
  RequirementSummary,
  RequirementView,
  ReviewFindings,
  Strand,
  TacticalOption,
  TaskingPackageExport,
  TaskingPackageRequest,
} from "./tasking-types";

/** What the core sends (or accepts) for `Association`. */
export type Association = Association_Serialize;
/** What the core sends (or accepts) for `AssociationInput`. */
export type AssociationInput = AssociationInput_Deserialize;
/** What the core sends (or accepts) for `Dissemination`. */
export type Dissemination = Dissemination_Serialize;
/** What the core sends (or accepts) for `Entity`. */
export type Entity = Entity_Serialize;
/** What the core sends (or accepts) for `EntityView`. */
export type EntityView = EntityView_Serialize;
/** What the core sends (or accepts) for `EvaluationInput`. */
export type EvaluationInput = EvaluationInput_Deserialize;
/** What the core sends (or accepts) for `GradeRecord`. */
export type GradeRecord = GradeRecord_Serialize;
/** What the core sends (or accepts) for `LinkedEntity`. */
export type LinkedEntity = LinkedEntity_Serialize;
/** What the core sends (or accepts) for `MyWork`. */
export type MyWork = MyWork_Serialize;
/** What the core sends (or accepts) for `NewEntityInput`. */
export type NewEntityInput = NewEntityInput_Deserialize;
/** What the core sends (or accepts) for `NewReportInput`. */
export type NewReportInput = NewReportInput_Deserialize;
/** What the core sends (or accepts) for `QueueItem`. */
export type QueueItem = QueueItem_Serialize;
/** What the core sends (or accepts) for `ReleasePreview`. */
export type ReleasePreview = ReleasePreview_Serialize;
/** What the core sends (or accepts) for `ReportView`. */
export type ReportView = ReportView_Serialize;
/** What the core sends (or accepts) for `ReviewRecord`. */
export type ReviewRecord = ReviewRecord_Serialize;
/** What the core sends (or accepts) for `SavedSearch`. */
export type SavedSearch = SavedSearch_Serialize;
/** What the core sends (or accepts) for `SearchHit`. */
export type SearchHit = SearchHit_Serialize;
/** What the core sends (or accepts) for `SearchPage`. */
export type SearchPage = SearchPage_Serialize;
/** What the core sends (or accepts) for `SearchQuery`. */
export type SearchQuery = SearchQuery_Deserialize;
/** What the core sends (or accepts) for `StatusChange`. */
export type StatusChange = StatusChange_Serialize;
/** What the core sends (or accepts) for `StoreStatus`. */
export type StoreStatus = StoreStatus_Serialize;
/** What the core sends (or accepts) for `VerifyReport`. */
export type VerifyReport = VerifyReport_Serialize;
/** What the core sends for `ExternalReference`: one reference to another system, on a report or an entity. */
export type ExternalReference = ExternalReference_Serialize;
/** What the core accepts for `NewExternalReference`. */
export type NewExternalReference = NewExternalReference_Deserialize;
/** What the core sends for `ReferenceHolders`: everything carrying one reference, within clearance. */
export type ReferenceHolders = ReferenceHolders_Serialize;

export type {
  AttachmentInfo,
  AttachmentInput,
  AuditRecord,
  ChartExport,
  ChartFormat,
  CreateStoreInput,
  CsvExport,
  DisseminationInput,
  EntityKind,
  ExportColumn,
  ExternalSystem,
  HandlingCode,
  IntelGrade,
  KeychainMode,
  LinkedReport,
  Marking,
  NewUserInput,
  ObjectType,
  OcgmScoring,
  Priority,
  Queue,
  ReferenceFormat,
  ReferenceHolder,
  ReferenceMatch,
  ReportHolding,
  RetentionRule,
  ReviewDecision,
  ReviewDue,
  Role,
  SessionInfo,
  SetupResult,
  SortKey,
  SourceGrade,
  SourceType,
  Status,
  StoreState,
  UserInfo,
} from "./bindings";
export type * from "./exchange-types";
export type * from "./tasking-types";

/** What a role may do (the core decides; the UI only hides what it would refuse). */
export type Action = CoreAction;
/** The code of a failed command. */
export type ErrorCode = CoreErrorCode;
/** What a failed command answers. */
export type IpcError = CoreIpcError;

/** What tauri-specta's generated commands resolve to. */
export type Result<T, E> = { status: "ok"; data: T } | { status: "error"; error: E };

/** A command answered with `{ status: "error", error: { code, message } }`. */
export class IpcFailure extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "IpcFailure";
    this.code = code;
  }
}

type FailureListener = (failure: IpcFailure) => void;
const failureListeners = new Set<FailureListener>();

/**
 * Hears every command failure before the caller does, so a lost session
 * (idle lock, account locked) returns the app to sign-in whichever screen
 * made the call. Returns an unsubscribe function.
 */
export function onCommandFailure(listener: FailureListener): () => void {
  failureListeners.add(listener);
  return () => failureListeners.delete(listener);
}

/** Unwraps a tauri-specta `Result`, throwing `IpcFailure` on error. */
export function unwrap<T>(result: Result<T, IpcError>): T {
  if (result.status === "ok") return result.data;
  const err = result.error as Partial<IpcError> | null | undefined;
  // Be defensive: a malformed error must still surface as a failure.
  const code = (typeof err?.code === "string" ? err.code : "internal") as ErrorCode;
  const message =
    typeof err?.message === "string" && err.message !== ""
      ? err.message
      : "The application core returned an error without details.";
  const failure = new IpcFailure(code, message);
  for (const l of [...failureListeners]) l(failure);
  throw failure;
}

// Captured at load time: Tauri injects `__TAURI_INTERNALS__` before any page
// script runs, whereas the browser mock installs it later (see initBackend).
const launchedInTauri = detectTauri();

function detectTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

/** True when the page runs inside the Tauri webview (not a plain browser). */
export function isTauri(): boolean {
  return launchedInTauri;
}

export type BackendKind = "tauri" | "mock";

let backendReady: Promise<BackendKind> | null = null;

/**
 * Call once before any command. Inside Tauri this does nothing. In a plain
 * browser it installs the in-memory mock backend (a separate chunk that is
 * never loaded inside Tauri) so screens can be opened and tested there.
 * The mock reads `?state=absent|ready|damaged` from the page URL.
 */
export function initBackend(): Promise<BackendKind> {
  if (!backendReady) {
    backendReady = launchedInTauri ? Promise.resolve("tauri") : installMock();
  }
  return backendReady;
}

async function installMock(): Promise<BackendKind> {
  const [{ mockIPC }, { createMockBackend, mockOptionsFromSearch }] = await Promise.all([
    import("@tauri-apps/api/mocks"),
    import("./mock-backend"),
  ]);
  const backend = createMockBackend(mockOptionsFromSearch(window.location.search));
  mockIPC((cmd, args) => backend.handle(cmd, args), { shouldMockEvents: true });
  return "mock";
}

// ---- commands -------------------------------------------------------------

/** Whether a store exists here and can be opened. Never answers an error. */
export async function storeStatus(): Promise<StoreStatus> {
  await initBackend();
  return commands.storeStatus() as Promise<StoreStatus>;
}

/** First run: create the store and its administrator; signs them in. */
export async function createStore(input: CreateStoreInput): Promise<SetupResult> {
  await initBackend();
  return unwrap(await commands.createStore(input));
}

export async function unlock(username: string, passphrase: string): Promise<SessionInfo> {
  await initBackend();
  return unwrap(await commands.unlock(username, passphrase));
}

export async function lock(): Promise<void> {
  await initBackend();
  unwrap(await commands.lock());
}

/** Changes the signed-in person's own passphrase; the current one is checked by the core. */
export async function changePassphrase(current: string, newPassphrase: string): Promise<void> {
  await initBackend();
  unwrap(await commands.changePassphrase(current, newPassphrase));
}

// ---- working screens ------------------------------------------------------

export async function myWork(): Promise<MyWork> {
  await initBackend();
  return unwrap(await commands.myWork());
}

export async function permittedActions(): Promise<Action[]> {
  await initBackend();
  return unwrap<Action[]>(await commands.permittedActions());
}

export async function hasDemoData(): Promise<boolean> {
  await initBackend();
  return unwrap(await commands.hasDemoData());
}

export async function loadDemoData(): Promise<string[]> {
  await initBackend();
  return unwrap(await commands.loadDemoData());
}

export async function recordReport(input: NewReportInput): Promise<string> {
  await initBackend();
  return unwrap(await commands.recordReport(input));
}

export async function showReport(reference: string): Promise<ReportView> {
  await initBackend();
  return unwrap(await commands.showReport(reference));
}

export async function evaluate(reference: string, input: EvaluationInput): Promise<void> {
  await initBackend();
  unwrap(await commands.evaluate(reference, input));
}

export async function sanitise(reference: string, sanitisedText: string): Promise<void> {
  await initBackend();
  unwrap(await commands.sanitise(reference, sanitisedText));
}

export async function changeStatus(reference: string, to: Status, reason: string): Promise<void> {
  await initBackend();
  unwrap(await commands.changeStatus(reference, to, reason));
}

export async function reviewReport(reference: string, decision: ReviewDecision, rationale: string): Promise<void> {
  await initBackend();
  unwrap(await commands.reviewReport(reference, decision, rationale));
}

export async function reviewsDue(): Promise<ReviewDue[]> {
  await initBackend();
  return unwrap(await commands.reviewsDue());
}

export async function retentionSchedule(): Promise<RetentionRule[]> {
  await initBackend();
  return unwrap(await commands.retentionSchedule());
}

export async function findEntities(prefix: string): Promise<Entity[]> {
  await initBackend();
  return unwrap(await commands.findEntities(prefix));
}

export async function createEntity(input: NewEntityInput): Promise<number> {
  await initBackend();
  return unwrap(await commands.createEntity(input));
}

export async function linkEntity(reference: string, entityId: number, role: string): Promise<void> {
  await initBackend();
  unwrap(await commands.linkEntity(reference, entityId, role));
}

export async function associate(input: AssociationInput): Promise<number> {
  await initBackend();
  return unwrap(await commands.associate(input));
}

export async function mergeEntities(survivor: number, duplicate: number, reason: string): Promise<number> {
  await initBackend();
  return unwrap(await commands.mergeEntities(survivor, duplicate, reason));
}

export async function entityView(id: number): Promise<EntityView> {
  await initBackend();
  return unwrap(await commands.entityView(id));
}

export async function disseminationPreview(reference: string): Promise<ReleasePreview> {
  await initBackend();
  return unwrap(await commands.disseminationPreview(reference));
}

export async function disseminate(input: DisseminationInput): Promise<Dissemination> {
  await initBackend();
  return unwrap(await commands.disseminate(input));
}

export async function decideDissemination(id: number, approve: boolean, note: string): Promise<Dissemination> {
  await initBackend();
  return unwrap(await commands.decideDissemination(id, approve, note));
}

export async function disseminationsAwaitingAuthorisation(): Promise<Dissemination[]> {
  await initBackend();
  return unwrap(await commands.disseminationsAwaitingAuthorisation());
}

export async function search(query: SearchQuery): Promise<SearchPage> {
  await initBackend();
  return unwrap(await commands.search(query));
}

export async function savedSearches(): Promise<SavedSearch[]> {
  await initBackend();
  return unwrap(await commands.savedSearches());
}

export async function saveSearch(name: string, query: SearchQuery): Promise<SavedSearch> {
  await initBackend();
  return unwrap(await commands.saveSearch(name, query));
}

export async function deleteSavedSearch(id: number): Promise<void> {
  await initBackend();
  unwrap(await commands.deleteSavedSearch(id));
}

export async function exportSearchCsv(query: SearchQuery, columns: ExportColumn[]): Promise<CsvExport | null> {
  await initBackend();
  return unwrap(await commands.exportSearchCsv(query, columns));
}

export async function listUsers(): Promise<UserInfo[]> {
  await initBackend();
  return unwrap(await commands.listUsers());
}

export async function addUser(input: NewUserInput): Promise<UserInfo> {
  await initBackend();
  return unwrap(await commands.addUser(input));
}

export async function lockUser(username: string, reason: string): Promise<void> {
  await initBackend();
  unwrap(await commands.lockUser(username, reason));
}

export async function setRetention(group: number, months: number, reason: string): Promise<void> {
  await initBackend();
  unwrap(await commands.setRetention(group, months, reason));
}

export async function setIdleLock(seconds: number, reason: string): Promise<void> {
  await initBackend();
  unwrap(await commands.setIdleLock(seconds, reason));
}

export async function auditEntries(target: string | null, limit: number): Promise<AuditRecord[]> {
  await initBackend();
  return unwrap(await commands.auditEntries(target, limit));
}

export async function verifyAudit(): Promise<VerifyReport> {
  await initBackend();
  return unwrap(await commands.verifyAudit());
}

// ---- exchange: signed bundles and sync (issue 4) ---------------------------

/** The gateway connection, the outbox count and, while a sync runs, its progress. */
export async function syncStatus(): Promise<SyncStatus> {
  await initBackend();
  return unwrap(await commands.syncStatus());
}

/** Sends the outbox to the force gateway and imports what it holds for this workstation. */
export async function syncNow(): Promise<SyncOutcome> {
  await initBackend();
  return unwrap(await commands.syncNow());
}

/** Connects to the gateway at `url`; Rust opens the dialog for its gateway file. Null: the person cancelled. */
export async function configureGateway(url: string): Promise<SyncStatus | null> {
  await initBackend();
  return unwrap(await commands.configureGateway(url));
}

export async function listOutbox(): Promise<OutboxItem[]> {
  await initBackend();
  return unwrap(await commands.listOutbox());
}

/** What a bundle of this kind for these peers (and always the gateway) would carry; writes nothing. */
/** `all`: every eligible report, not only those new or changed since they were last sent. */
export async function exportPreview(kind: BundleKind, peerIds: string[], all = false): Promise<ExportPreview> {
  await initBackend();
  return unwrap(await commands.exportPreview(kind, peerIds, all));
}

/** Seals a bundle into the outbox for the next sync. `reason` is required for a full bundle. */
export async function queueExport(kind: BundleKind, peerIds: string[], reason: string | null, all = false): Promise<OutboxItem> {
  await initBackend();
  return unwrap(await commands.queueExport(kind, peerIds, reason, all));
}

/** Seals a bundle into a file; Rust opens the save dialog. Null: the person cancelled. */
export async function exportToFile(
  kind: BundleKind,
  peerIds: string[],
  reason: string | null,
  all = false,
): Promise<ExportedBundle | null> {
  await initBackend();
  return unwrap(await commands.exportToFile(kind, peerIds, reason, all));
}

/** Rust opens the dialog and verifies the chosen bundle fully, writing nothing. Null: the person cancelled. */
export async function importPreviewFile(): Promise<ImportPreview | null> {
  await initBackend();
  return unwrap(await commands.importPreviewFile());
}

export async function importConfirm(token: string): Promise<ImportReport> {
  await initBackend();
  return unwrap(await commands.importConfirm(token));
}

export async function importDiscard(token: string): Promise<void> {
  await initBackend();
  unwrap(await commands.importDiscard(token));
}

export async function listImports(): Promise<ImportRecord[]> {
  await initBackend();
  return unwrap(await commands.listImports());
}

export async function listTaskings(): Promise<TaskingView[]> {
  await initBackend();
  return unwrap(await commands.listTaskings());
}

export async function workstationIdentity(): Promise<WorkstationIdentity> {
  await initBackend();
  return unwrap(await commands.workstationIdentity());
}

/** Writes this workstation's enrolment file; Rust opens the save dialog. The path, or null if cancelled. */
export async function exportEnrolment(): Promise<string | null> {
  await initBackend();
  return unwrap(await commands.exportEnrolment());
}

export async function rotateWorkstationKeys(reason: string): Promise<WorkstationIdentity> {
  await initBackend();
  return unwrap(await commands.rotateWorkstationKeys(reason));
}

export async function listPeers(): Promise<PeerView[]> {
  await initBackend();
  return unwrap(await commands.listPeers());
}

/** Rust opens the dialog for a peer's enrolment file. Null: the person cancelled. */
export async function addPeerFromFile(): Promise<PeerView | null> {
  await initBackend();
  return unwrap(await commands.addPeerFromFile());
}

export async function revokePeer(peerId: string, reason: string): Promise<void> {
  await initBackend();
  unwrap(await commands.revokePeer(peerId, reason));
}

// ---- tasking and coordination (issue 5) ------------------------------------

/** Meetings the person is cleared to see, newest first; `kind` narrows to one kind. */
export async function listMeetings(kind: MeetingKind | null = null): Promise<MeetingSummary[]> {
  await initBackend();
  return unwrap(await commands.listMeetings(kind));
}

export async function meeting(reference: string): Promise<MeetingView> {
  await initBackend();
  return unwrap(await commands.meeting(reference));
}

export async function createMeeting(input: NewMeeting): Promise<MeetingView> {
  await initBackend();
  return unwrap(await commands.createMeeting(input));
}

export async function setMeetingAttendees(reference: string, attendees: Attendee[]): Promise<MeetingView> {
  await initBackend();
  return unwrap(await commands.setMeetingAttendees(reference, attendees));
}

/** The core's proposed agenda (priorities, requirements due for review, overdue actions); saves nothing. */
export async function proposeAgenda(reference: string): Promise<AgendaItem[]> {
  await initBackend();
  return unwrap(await commands.proposeAgenda(reference));
}

export async function setMeetingAgenda(reference: string, agenda: AgendaItem[]): Promise<MeetingView> {
  await initBackend();
  return unwrap(await commands.setMeetingAgenda(reference, agenda));
}

export async function recordDecision(reference: string, decision: NewDecision): Promise<DecisionView> {
  await initBackend();
  return unwrap(await commands.recordDecision(reference, decision));
}

/** After this the meeting's record cannot change. */
export async function signOffMeeting(reference: string): Promise<MeetingView> {
  await initBackend();
  return unwrap(await commands.signOffMeeting(reference));
}

export async function decisionLog(limit: number): Promise<DecisionView[]> {
  await initBackend();
  return unwrap(await commands.decisionLog(limit));
}

/** The version in force (null: none set yet), or the given version. */
export async function controlStrategy(version: number | null = null): Promise<ControlStrategy | null> {
  await initBackend();
  return unwrap(await commands.controlStrategy(version));
}

export async function controlStrategyHistory(): Promise<ControlStrategy[]> {
  await initBackend();
  return unwrap(await commands.controlStrategyHistory());
}

/** Sets or amends the control strategy as a decision of an open ST&CG meeting. */
export async function setControlStrategy(meetingRef: string, decision: NewDecision, strategy: NewStrategy): Promise<ControlStrategy> {
  await initBackend();
  return unwrap(await commands.setControlStrategy(meetingRef, decision, strategy));
}

export async function listRequirements(): Promise<RequirementSummary[]> {
  await initBackend();
  return unwrap(await commands.listRequirements());
}

export async function requirement(reference: string): Promise<RequirementView> {
  await initBackend();
  return unwrap(await commands.requirement(reference));
}

export async function draftRequirement(input: NewRequirement): Promise<RequirementView> {
  await initBackend();
  return unwrap(await commands.draftRequirement(input));
}

export async function approveRequirement(reference: string, meetingRef: string, decision: NewDecision): Promise<RequirementView> {
  await initBackend();
  return unwrap(await commands.approveRequirement(reference, meetingRef, decision));
}

export async function answerRequirement(reference: string, questionId: number, report: string, note: string): Promise<RequirementView> {
  await initBackend();
  return unwrap(await commands.answerRequirement(reference, questionId, report, note));
}

/** "I have read this": the signed-in person acknowledges an approved requirement. */
export async function acknowledgeRequirement(reference: string): Promise<RequirementView> {
  await initBackend();
  return unwrap(await commands.acknowledgeRequirement(reference));
}

export async function listActions(filter: ActionFilter): Promise<ActionView[]> {
  await initBackend();
  return unwrap(await commands.listActions(filter));
}

export async function raiseAction(decisionId: number, action: NewAction): Promise<ActionView> {
  await initBackend();
  return unwrap(await commands.raiseAction(decisionId, action));
}

/** A done action needs its result. */
export async function updateAction(reference: string, status: ActionStatus, note: string, result: string): Promise<ActionView> {
  await initBackend();
  return unwrap(await commands.updateAction(reference, status, note, result));
}

export async function resultsAnalysis(): Promise<DeliveryResults[]> {
  await initBackend();
  return unwrap(await commands.resultsAnalysis());
}

/** Operational reviews the person is cleared to see (by their meeting's marking), newest first. */
export async function listOperationalReviews(): Promise<OperationalReview[]> {
  await initBackend();
  return unwrap(await commands.listOperationalReviews());
}

/** Commissions a review as a decision of an open TT&CG meeting; objectives may follow, but only before the start. */
export async function commissionOperationalReview(
  meetingRef: string,
  decision: NewDecision,
  review: NewOperationalReview,
): Promise<OperationalReview> {
  await initBackend();
  return unwrap(await commands.commissionOperationalReview(meetingRef, decision, review));
}

/** States or restates the objectives; refused once the operation's start is recorded. */
export async function setReviewObjectives(reference: string, objectives: string[]): Promise<OperationalReview> {
  await initBackend();
  return unwrap(await commands.setReviewObjectives(reference, objectives));
}

/** Records that the operation has begun, which fixes the objectives; needs at least one. */
export async function recordOperationStart(reference: string): Promise<OperationalReview> {
  await initBackend();
  return unwrap(await commands.recordOperationStart(reference));
}

/** Records the findings and completes the review; only after the start. */
export async function recordReviewFindings(reference: string, findings: ReviewFindings): Promise<OperationalReview> {
  await initBackend();
  return unwrap(await commands.recordReviewFindings(reference, findings));
}

/** The menu of tactical options: the completed reviews' recommendations, by strand. */
export async function tacticalOptions(): Promise<TacticalOption[]> {
  await initBackend();
  return unwrap(await commands.tacticalOptions());
}

export async function dailyBriefing(): Promise<DailyBriefing> {
  await initBackend();
  return unwrap(await commands.dailyBriefing());
}

// ---- intelligence products (issue 5) ---------------------------------------

export async function listProducts(): Promise<ProductSummary[]> {
  await initBackend();
  return unwrap(await commands.listProducts());
}

export async function product(reference: string): Promise<ProductView> {
  await initBackend();
  return unwrap(await commands.product(reference));
}

export async function createProduct(input: NewProduct): Promise<ProductView> {
  await initBackend();
  return unwrap(await commands.createProduct(input));
}

export async function updateProductSection(reference: string, key: string, body: string): Promise<ProductView> {
  await initBackend();
  return unwrap(await commands.updateProductSection(reference, key, body));
}

/** The marking may not go below the highest cited marking (the core refuses). */
export async function setProductDetails(reference: string, title: string, marking: Marking, dissemination: string[]): Promise<ProductView> {
  await initBackend();
  return unwrap(await commands.setProductDetails(reference, title, marking, dissemination));
}

/** Only evaluated, sanitised reports can be cited. */
export async function citeReport(reference: string, report: string, section: string, note: string): Promise<ProductView> {
  await initBackend();
  return unwrap(await commands.citeReport(reference, report, section, note));
}

export async function unciteReport(reference: string, report: string): Promise<ProductView> {
  await initBackend();
  return unwrap(await commands.unciteReport(reference, report));
}

export async function addEmbed(reference: string, embed: NewEmbed): Promise<ProductView> {
  await initBackend();
  return unwrap(await commands.addEmbed(reference, embed));
}

export async function removeEmbed(reference: string, id: number): Promise<ProductView> {
  await initBackend();
  return unwrap(await commands.removeEmbed(reference, id));
}

export async function addGap(reference: string, gap: string): Promise<ProductView> {
  await initBackend();
  return unwrap(await commands.addGap(reference, gap));
}

export async function removeGap(reference: string, id: number): Promise<ProductView> {
  await initBackend();
  return unwrap(await commands.removeGap(reference, id));
}

export async function addRecommendation(reference: string, strand: Strand, text: string): Promise<ProductView> {
  await initBackend();
  return unwrap(await commands.addRecommendation(reference, strand, text));
}

export async function removeRecommendation(reference: string, id: number): Promise<ProductView> {
  await initBackend();
  return unwrap(await commands.removeRecommendation(reference, id));
}

export async function submitProduct(reference: string, note: string): Promise<ProductView> {
  await initBackend();
  return unwrap(await commands.submitProduct(reference, note));
}

/** Peer review by someone other than the author: pass (on to approval) or return to draft. */
export async function peerReviewProduct(reference: string, passed: boolean, note: string): Promise<ProductView> {
  await initBackend();
  return unwrap(await commands.peerReviewProduct(reference, passed, note));
}

/** Approve for release, or return to draft; never by the author. */
export async function approveProduct(reference: string, approve: boolean, note: string): Promise<ProductView> {
  await initBackend();
  return unwrap(await commands.approveProduct(reference, approve, note));
}

/** Withdraws a product from any state but withdrawn (a manager's or director's step); the reason is kept in its history and the audit log. */
export async function withdrawProduct(reference: string, reason: string): Promise<ProductView> {
  await initBackend();
  return unwrap(await commands.withdrawProduct(reference, reason));
}

/** Exports an approved product; Rust opens the save dialog. Null: the person cancelled. */
export async function exportProduct(reference: string, format: ProductFormat): Promise<ProductExport | null> {
  await initBackend();
  return unwrap(await commands.exportProduct(reference, format));
}

/** Seals a signed tasking bundle (PDF briefing beside it); Rust opens the save dialog. Null: the person cancelled. */
export async function exportTaskingPackage(request: TaskingPackageRequest): Promise<TaskingPackageExport | null> {
  await initBackend();
  return unwrap(await commands.exportTaskingPackage(request));
}

// ---- other systems' references and link charts (issue 6) -------------------

/** Records a reference to another system on a report or entity; the value is normalised and checked against the unit's format. */
export async function addExternalReference(holder: ReferenceHolder, reference: NewExternalReference): Promise<ExternalReference> {
  await initBackend();
  return unwrap(await commands.addExternalReference(holder, reference));
}

/** Removes a reference: recorded with the reason, never deleted. */
export async function removeExternalReference(id: number, reason: string): Promise<void> {
  await initBackend();
  unwrap(await commands.removeExternalReference(id, reason));
}

/** The references a report or entity carries (an entity's include those of entities merged into it). */
export async function externalReferencesOf(holder: ReferenceHolder): Promise<ExternalReference[]> {
  await initBackend();
  return unwrap(await commands.externalReferencesOf(holder));
}

/** Everything carrying one reference within the person's clearance (the rest counted); audited as a lookup. */
export async function holdersOfReference(system: ExternalSystem, value: string): Promise<ReferenceHolders> {
  await initBackend();
  return unwrap(await commands.holdersOfReference(system, value));
}

/** References starting with `prefix` (any system, or one), with how many things hold each: the lookup box. */
export async function findExternalReferences(prefix: string, system: ExternalSystem | null): Promise<ReferenceMatch[]> {
  await initBackend();
  return unwrap(await commands.findExternalReferences(prefix, system));
}

/** The unit's format for each system's references. */
export async function referenceFormats(): Promise<ReferenceFormat[]> {
  await initBackend();
  return unwrap(await commands.referenceFormats());
}

/** Sets a system's format (a regular expression the whole value must match); null goes back to the default. Administrators only. */
export async function setExternalReferenceFormat(system: ExternalSystem, pattern: string | null, reason: string): Promise<void> {
  await initBackend();
  unwrap(await commands.setExternalReferenceFormat(system, pattern, reason));
}

/** Writes the link chart of these entities as GraphML or i2 ANX; Rust opens the save dialog. Null: the person cancelled. */
export async function exportLinkChart(title: string, entities: number[], format: ChartFormat): Promise<ChartExport | null> {
  await initBackend();
  return unwrap(await commands.exportLinkChart(title, entities, format));
}
