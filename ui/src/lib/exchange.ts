// Words and small logic of the Exchange screens: connection states, sync
// progress, bundle kinds, outcomes of a sync or an import, and the polling of
// the sync status while a sync runs.

import type {
  BundleKind,
  ConnectionState,
  ExportPreview,
  ImportPreview,
  ImportReport,
  OutboxItem,
  SyncOutcome,
  SyncProgress,
  SyncStatus,
} from "./exchange-types";

/** "1 report", "2 reports". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

const CONNECTION: Record<ConnectionState, string> = {
  "not-configured": "Not connected to a gateway",
  online: "Online",
  offline: "Offline",
  error: "Error",
};

export function connectionLabel(state: ShownConnection): string {
  return state === "unchecked" ? "Not checked yet" : (CONNECTION[state] ?? state);
}

/** A connection as shown: "offline" with no failure on record means no sync
 * has been tried since Intel Desk started (or since connecting), which must
 * not read as if the gateway had failed to answer. */
export type ShownConnection = ConnectionState | "unchecked";
export function shownConnection(s: SyncStatus): ShownConnection {
  return s.connection === "offline" && s.lastError === null ? "unchecked" : s.connection;
}

/** What the state means for the person, and what to do about it. */
export function connectionHint(s: SyncStatus): string {
  switch (shownConnection(s)) {
    case "unchecked":
      return "Not checked since Intel Desk started. Choose Sync now to reach the gateway, send what is queued and receive what waits.";
    case "not-configured":
      return "This workstation does not send or receive bundles through the force gateway yet. Connect to it below.";
    case "online":
      return s.pendingCount > 0
        ? `The gateway answered at the last sync. ${plural(s.pendingCount, "bundle")} waiting to be sent: choose Sync now.`
        : "The gateway answered at the last sync. Nothing is waiting to be sent.";
    case "offline":
      return "The gateway did not answer at the last attempt. Check the network, then choose Sync now again; queued bundles are kept.";
    case "error":
      return "The last sync failed. Read the message below, put it right, then choose Sync now again; queued bundles are kept.";
  }
}

/** "Sending bundles: 1 of 2" / "Receiving bundles: 0 of 1". */
export function progressText(p: SyncProgress): string {
  const what = p.phase === "pushing" ? "Sending bundles to the gateway" : "Receiving bundles from the gateway";
  return `${what}: ${p.done} of ${p.total}`;
}

/** Share of the phase done, 0–100 (100 when there is nothing to do). */
export function progressPercent(p: SyncProgress): number {
  if (p.total <= 0) return 100;
  return Math.round((Math.min(Math.max(p.done, 0), p.total) / p.total) * 100);
}

/** The first block of a bundle id: enough to tell bundles apart in a table. */
export function shortBundleId(id: string): string {
  const first = id.split("-")[0];
  return first.length >= 6 ? first : id.slice(0, 8);
}

const KINDS: Record<BundleKind, string> = { records: "Records", full: "Full", tasking: "Tasking" };
export function kindLabel(kind: BundleKind): string {
  return KINDS[kind] ?? kind;
}

const OUTBOX_STATES: Record<OutboxItem["state"], string> = { pending: "Waiting", sent: "Sent", failed: "Failed" };
export function outboxStateLabel(state: OutboxItem["state"]): string {
  return OUTBOX_STATES[state] ?? state;
}

/** What a finished sync did, in one sentence. */
export function syncOutcomeText(o: SyncOutcome): string {
  const parts = [`${plural(o.pushed, "bundle")} sent`, `${plural(o.pulled, "bundle")} received`];
  const taskings = o.imports.reduce((n, r) => n + r.taskings, 0);
  const reports = o.imports.reduce((n, r) => n + r.reportsAdded + r.reportsUpdated, 0);
  const got: string[] = [];
  if (reports > 0) got.push(plural(reports, "report"));
  if (taskings > 0) got.push(plural(taskings, "tasking"));
  let text = `Sync finished: ${parts.join(", ")}${got.length ? ` (${got.join(" and ")})` : ""}.`;
  if (o.failed > 0) text += ` ${plural(o.failed, "bundle")} could not be sent and stay queued; see the outbox below.`;
  return text;
}

/** What an import added, in one sentence. */
export function importReportText(r: ImportReport): string {
  const parts = [`${plural(r.reportsAdded, "new report")}`, `${plural(r.reportsUpdated, "updated report")}`];
  if (r.taskings > 0) parts.push(plural(r.taskings, "tasking"));
  return `Imported bundle ${r.sequence} from ${r.senderLabel}: ${parts.join(", ")}.`;
}

/** The counts a bundle carries besides its reports, for a summary list. */
export function bundleCounts(p: ExportPreview | ImportPreview): { label: string; count: number }[] {
  const out = [
    { label: "Entities", count: p.entities },
    { label: "Entity links", count: p.links },
    { label: "Associations", count: p.associations },
    { label: "Disseminations", count: p.disseminations },
    { label: "Attachments", count: p.attachments },
  ];
  if ("taskings" in p) out.push({ label: "Taskings", count: p.taskings });
  return out;
}

/** A full bundle needs a written reason (it carries original wording and working notes). */
export function exportReasonProblem(kind: BundleKind, reason: string): string | null {
  if (kind !== "full") return null;
  return reason.trim() === ""
    ? "Enter the reason for sending the original wording and working notes: it is kept in the audit log."
    : null;
}

export interface Poller {
  stop(): void;
}

/**
 * Calls `fetch` every `intervalMs` (the first call after one interval) and
 * hands each value to `onValue`, until `keepGoing(value)` is false, `stop()`
 * is called or a call fails (then `onError`). One call at a time: the next is
 * timed from the end of the previous one.
 */
export function pollWhile<T>(opts: {
  fetch: () => Promise<T>;
  keepGoing: (value: T) => boolean;
  onValue: (value: T) => void;
  onError?: (e: unknown) => void;
  intervalMs?: number;
}): Poller {
  const interval = opts.intervalMs ?? 500;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const schedule = () => {
    timer = setTimeout(tickOnce, interval);
  };
  async function tickOnce() {
    timer = null;
    if (stopped) return;
    let value: T;
    try {
      value = await opts.fetch();
    } catch (e) {
      if (!stopped) {
        stopped = true;
        opts.onError?.(e);
      }
      return;
    }
    if (stopped) return;
    opts.onValue(value);
    if (opts.keepGoing(value)) schedule();
    else stopped = true;
  }
  schedule();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
