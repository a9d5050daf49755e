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
  GradeRecord,
  IpcError,
  ReportView,
  SavedSearch,
  SessionInfo,
  UserInfo,
  RetentionRule,
} from "../ipc";

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
}

export type Handler = (args: Record<string, unknown>, ctx: MockContext) => unknown;
export type Handlers = Record<string, Handler>;

export function failWith(code: ErrorCode, message: string): never {
  const err: IpcError = { code, message };
  throw err;
}

export function grade(g: GradeRecord | null): string | null {
  return g ? `${g.source_grade}${g.intelligence_grade}${g.handling_code ?? ""}` : null;
}
