// The Exchange screens' IPC types (issue 4: signed bundles and sync), as
// generated into bindings.ts from the Rust core and shell. Screens import them
// from ipc.ts; the aliases drop tauri-specta's _Serialize suffix.

import type {
  ExportedBundle_Serialize,
  ExportReportLine_Serialize,
  ExportPreview_Serialize,
  ImportPreview_Serialize,
  ImportReportLine_Serialize,
  KeyView_Serialize,
  OutboxItem_Serialize,
  PeerView_Serialize,
  SyncStatus_Serialize,
  TaskingView_Serialize,
  WorkstationIdentity_Serialize,
} from "./bindings";

export type {
  BundleKind,
  ConnectionState,
  HeldBack,
  ImportRecord,
  ImportReport,
  SyncOutcome,
  SyncProgress,
} from "./bindings";

export type ExportedBundle = ExportedBundle_Serialize;
export type ExportReportLine = ExportReportLine_Serialize;
export type ExportPreview = ExportPreview_Serialize;
export type ImportPreview = ImportPreview_Serialize;
export type ImportReportLine = ImportReportLine_Serialize;
export type KeyView = KeyView_Serialize;
export type OutboxItem = OutboxItem_Serialize;
export type PeerView = PeerView_Serialize;
export type SyncStatus = SyncStatus_Serialize;
export type TaskingView = TaskingView_Serialize;
export type WorkstationIdentity = WorkstationIdentity_Serialize;
/** The error shape inside a sync status (the shell's `IpcError`). */
export type IpcErrorShape = { code: string; message: string };
