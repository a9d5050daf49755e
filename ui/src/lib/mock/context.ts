// Shared state of the browser mock's workspace: one in-memory "store" that the
// per-area handler modules (records, search/entities, admin/dissemination)
// read and change. Never loaded inside Tauri.

import type {
  Action,
  AuditRecord,
  Dissemination,
  Entity,
  Association,
  ErrorCode,
  ExternalSystem,
  GradeRecord,
  IpcError,
  Marking,
  OcgmScoring,
  ReportView,
  SavedSearch,
  SessionInfo,
  UserInfo,
  RetentionRule,
} from "../ipc";

/** One row of `external_references`: never deleted, a removal is recorded on it. */
export interface StoredReference {
  id: number;
  system: ExternalSystem;
  /** Normalised (trimmed, single spaces, upper case). */
  value: string;
  /** Exactly one of report and entityId is set. */
  report: string | null;
  entityId: number | null;
  ocgm: OcgmScoring | null;
  note: string;
  addedBy: string;
  addedAt: string;
  removedBy: string | null;
  removedAt: string | null;
  removedReason: string | null;
}

export interface MockData {
  reports: ReportView[];
  entities: Entity[];
  associations: Association[];
  /** report reference → [entity id, role] */
  links: { reference: string; entityId: number; role: string }[];
  disseminations: Dissemination[];
  audit: AuditRecord[];
  users: UserInfo[];
  savedSearches: SavedSearch[];
  retention: RetentionRule[];
  /** Other systems' references on reports and entities. */
  references: StoredReference[];
  /** `external_reference_formats`: the unit's own pattern for a system (absent: the default). */
  referenceFormats: Partial<Record<ExternalSystem, { pattern: string; changedBy: string; changedAt: string }>>;
  demoLoaded: boolean;
  nextId: number;
  nextReport: number;
}

export interface MockContext {
  data: MockData;
  /** The signed-in session; handlers are only called while one exists. */
  session: () => SessionInfo;
  /** The mock's permission matrix (mirrors the core's for the signed-in role). */
  can: (a: Action) => boolean;
  /** Appends an audit record the way the core does. */
  audit: (action: string, target: string, details?: unknown) => void;
  fail: (code: ErrorCode, message: string) => never;
  now: () => string;
  /**
   * The native save dialog the shell opens from Rust before an export: the
   * path chosen for the offered file name, or null when the person cancels.
   * Absent: the person accepts the name in their Documents folder.
   */
  saveAs?: (fileName: string) => string | null;
  /**
   * The signed-in person's clearance while they are not in the mock's user
   * table (?clearance=OFFICIAL); absent: OFFICIAL-SENSITIVE.
   */
  clearance?: Marking;
}

export type Handler = (args: Record<string, unknown>, ctx: MockContext) => unknown;
export type Handlers = Record<string, Handler>;

export function failWith(code: ErrorCode, message: string): never {
  const err: IpcError = { code, message };
  throw err;
}

/** Where the person saves `fileName` (see `MockContext.saveAs`); null: they cancelled, so nothing may be written or audited. */
export function chooseDestination(ctx: MockContext, fileName: string): string | null {
  return ctx.saveAs ? ctx.saveAs(fileName) : documentsPath(ctx.session().username, fileName);
}

export function documentsPath(username: string, fileName: string): string {
  return `/home/${username}/Documents/${fileName}`;
}

/** The shell's time stamp in offered file names (chrono's %Y%m%d-%H%M%S, UTC). */
export function fileStamp(iso: string): string {
  return iso.replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
}

/** Rust's `Path::with_extension`: the last extension of the file name replaced (or added). */
export function withExtension(path: string, ext: string): string {
  const slash = path.lastIndexOf("/");
  const name = path.slice(slash + 1);
  const dot = name.lastIndexOf(".");
  const stem = dot > 0 ? name.slice(0, dot) : name;
  return `${path.slice(0, slash + 1)}${stem}.${ext}`;
}

export function grade(g: GradeRecord | null): string | null {
  return g ? `${g.source_grade}${g.intelligence_grade}${g.handling_code ?? ""}` : null;
}
