// IPC contract of the Exchange screens (issue 4: signed bundles and sync).
// Temporary home: the Rust side generates identical types into bindings.ts,
// and then ipc.ts imports them from there instead. Field names are the
// contract: do not rename them here.

import type { Marking } from "./bindings";

export type BundleKind = "records" | "full" | "tasking";
export type ConnectionState = "not-configured" | "online" | "offline" | "error";
export interface IpcErrorShape { code: string; message: string }
export interface SyncProgress { phase: "pushing" | "pulling"; done: number; total: number }
export interface SyncStatus {
  configured: boolean; gatewayUrl: string | null; connection: ConnectionState;
  lastSyncAt: string | null; lastError: IpcErrorShape | null; pendingCount: number;
  inProgress: SyncProgress | null;
}
export interface SyncOutcome { pushed: number; pulled: number; imports: ImportReport[]; failed: number }
export interface OutboxItem {
  bundleId: string; sequence: number; kind: BundleKind; createdAt: string; reportCount: number;
  state: "pending" | "sent" | "failed"; attempts: number; lastError: string | null; sentAt: string | null;
  recipients: string[]; marking: Marking;
}
export interface ExportReportLine { reference: string; grade: string | null; marking: Marking }
export interface HeldBack { reference: string; reason: string }
export interface ExportPreview {
  kind: BundleKind; reports: ExportReportLine[]; heldBack: HeldBack[]; entities: number; links: number;
  associations: number; disseminations: number; attachments: number; marking: Marking; recipients: string[];
}
export interface ExportedBundle { path: string | null; bundleId: string; sequence: number; reportCount: number }
export interface ImportReportLine { reference: string; grade: string | null; marking: Marking; change: "new" | "updated" | "unchanged" }
export interface ImportPreview {
  token: string; bundleId: string; senderWorkstation: string; senderUnit: string; senderLabel: string;
  sequence: number; createdAt: string; expiresAt: string; marking: Marking; kind: BundleKind;
  reports: ImportReportLine[]; entities: number; links: number; associations: number;
  disseminations: number; attachments: number; taskings: number;
}
export interface ImportReport {
  bundleId: string; senderLabel: string; sequence: number; reportsAdded: number; reportsUpdated: number;
  entities: number; links: number; associations: number; disseminations: number; attachments: number; taskings: number;
  importedAt: string;
}
export interface ImportRecord { bundleId: string; senderLabel: string; sequence: number; kind: BundleKind; importedAt: string; importedBy: string; reportCount: number; via: "file" | "gateway" }
export interface TaskingView { id: number; reference: string; title: string; body: string; issuedBy: string; receivedAt: string; dueAt: string | null; marking: Marking; bundleId: string }
export interface KeyView { keyId: string; signingPublicKey: string; ageRecipient: string; createdAt: string; retiredAt: string | null }
export interface WorkstationIdentity { workstationId: string; unit: string; current: KeyView; previous: KeyView[] }
export interface PeerView { peerId: string; kind: "gateway" | "workstation"; unit: string; label: string; keys: KeyView[]; status: "active" | "revoked"; addedAt: string; lastSequence: number | null; revokedReason: string | null }

// Not in the brief's type list, but the UI needs them (see the report to the Rust side):
/** Actions the Rust side adds to `Action` in bindings.ts. */
export type ExchangeAction = "export-full-bundle" | "import-bundle" | "sync" | "manage-trust";
/** Error codes the exchange commands answer with, beyond the existing `ErrorCode`s. */
export type ExchangeErrorCode = "bundle-rejected" | "gateway-unreachable" | "gateway-refused";
