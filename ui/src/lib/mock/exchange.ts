// Browser-mock handlers for the Exchange screens (issue 4: signed bundles and
// sync): the outbox, the force gateway, bundle files, taskings and the trust
// store. Nothing is signed or encrypted here; the shapes and the rules are the
// contract's (permissions, reasons for a full bundle, rejected bundles).
//
// Extra URL switches (read here, for screen tests):
//   ?sync=offline        sync_now fails with gateway-unreachable
//   ?bundle=rejected     import_preview_file rejects the chosen bundle
//   ?gateway=none        no gateway is configured yet
//   ?syncStep=<ms>       time each bundle of a sync takes (default 700)

import type { Handlers, MockContext } from "./context";
import { chooseDestination, grade } from "./context";
import type {
  Action,
  BundleKind,
  ExportedBundle,
  ExportPreview,
  ExportReportLine,
  HeldBack,
  ImportPreview,
  ImportRecord,
  ImportReport,
  KeyView,
  Marking,
  OutboxItem,
  PeerView,
  ReportView,
  SyncOutcome,
  SyncProgress,
  SyncStatus,
  TaskingView,
  WorkstationIdentity,
} from "../ipc";

export interface ExchangeOptions {
  syncOffline: boolean;
  bundleRejected: boolean;
  gatewayConfigured: boolean;
  syncStepMs: number;
}

export function exchangeOptionsFromSearch(search: string): ExchangeOptions {
  const q = new URLSearchParams(search);
  const step = Number(q.get("syncStep"));
  return {
    syncOffline: q.get("sync") === "offline",
    bundleRejected: q.get("bundle") === "rejected",
    gatewayConfigured: q.get("gateway") !== "none",
    syncStepMs: q.has("syncStep") && Number.isFinite(step) && step >= 0 ? step : 700,
  };
}

export const GATEWAY_URL = "https://gateway.intel.force.example/exchange";
const GATEWAY_ID = "gateway-force-01";
const SOUTH_ID = "ws-south-02";

const ACTION_TEXT: Partial<Record<Action, string>> = {
  sync: "sync with the force gateway",
  "export-bundle": "export bundles of records",
  "export-full-bundle": "export full bundles (original wording and working notes)",
  "import-bundle": "import bundles",
  "manage-trust": "manage this workstation's keys and the trusted peers",
};

interface ExchangeState {
  status: Omit<SyncStatus, "pendingCount">;
  outbox: OutboxItem[];
  nextSequence: number;
  imports: ImportRecord[];
  taskings: TaskingView[];
  identity: WorkstationIdentity;
  peers: PeerView[];
  previews: Map<string, ImportPreview>;
  nextToken: number;
  importedSequences: number;
}

function key(n: number, createdAt: string, retiredAt: string | null = null): KeyView {
  const hex = (seed: number, len: number) =>
    Array.from({ length: len }, (_, i) => "0123456789abcdef"[(seed * 7 + i * 13 + ((i * i) % 11)) % 16]).join("");
  const b32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  return {
    keyId: hex(n, 16),
    signingPublicKey: `ed25519:${hex(n + 3, 64)}`,
    ageRecipient: "age1" + Array.from({ length: 58 }, (_, i) => b32[(n * 5 + i * 3 + ((i * i) % 7)) % 32]).join(""),
    createdAt,
    retiredAt,
  };
}

function seedExchange(opts: ExchangeOptions): ExchangeState {
  const outbox: OutboxItem[] = [
    {
      bundleId: "b7e1c0a4-52d3-4f7e-9a61-3c0f5d2e8b11", sequence: 41, kind: "records", createdAt: "2026-11-21T16:40:00Z",
      reportCount: 3, state: "pending", attempts: 1, lastError: "The force gateway did not answer (timed out after 30 s).",
      sentAt: null, recipients: ["Force gateway"], marking: "OFFICIAL-SENSITIVE",
    },
    {
      bundleId: "0c9d2f6e-1a7b-4e3c-8d5f-6b2a9e4c7d30", sequence: 42, kind: "records", createdAt: "2026-11-22T08:05:00Z",
      reportCount: 1, state: "pending", attempts: 0, lastError: null, sentAt: null,
      recipients: ["Force gateway", "South Region IU, workstation 2"], marking: "OFFICIAL",
    },
  ];
  return {
    status: {
      configured: opts.gatewayConfigured,
      gatewayUrl: opts.gatewayConfigured ? GATEWAY_URL : null,
      connection: opts.gatewayConfigured ? "online" : "not-configured",
      lastSyncAt: opts.gatewayConfigured ? "2026-11-21T15:30:00Z" : null,
      lastError: null,
      inProgress: null,
    },
    outbox,
    nextSequence: 43,
    imports: [
      {
        bundleId: "5a3e9c1d-7b2f-4d8a-b6e0-2f1c4a9d8e77", senderLabel: "South Region IU, workstation 2", sequence: 17,
        kind: "records", importedAt: "2026-11-19T11:20:00Z", importedBy: "officer", reportCount: 4, via: "file",
      },
    ],
    taskings: [
      {
        id: 1, reference: "TSK-2026-0031", title: "Vehicles seen at Harbour Row addresses",
        body: "Report any sightings of vehicles at addresses on Harbour Row between 22:00 and 04:00, with registration, time and direction of travel. Grade and sanitise before dissemination.",
        issuedBy: "Force Intelligence Bureau, tasking desk", receivedAt: "2026-11-20T07:45:00Z", dueAt: "2026-12-04T17:00:00Z",
        marking: "OFFICIAL", bundleId: "9e2b7d4c-3f1a-4c6e-8b5d-1a0f9c8e7d62",
      },
      {
        id: 2, reference: "TSK-2026-0034", title: "Cash tenancies in the Ropewalk area",
        body: "Collect intelligence on residential tenancies in the Ropewalk area taken in cash since September. Note the letting agent where known. Do not approach tenants.",
        issuedBy: "Force Intelligence Bureau, tasking desk", receivedAt: "2026-11-21T09:10:00Z", dueAt: null,
        marking: "OFFICIAL-SENSITIVE", bundleId: "9e2b7d4c-3f1a-4c6e-8b5d-1a0f9c8e7d62",
      },
    ],
    identity: {
      workstationId: "ws-north-01",
      unit: "North Region Intelligence Unit",
      current: key(2, "2026-06-01T09:00:00Z"),
      previous: [key(1, "2025-06-01T09:00:00Z", "2026-06-01T09:00:00Z")],
    },
    peers: [
      {
        peerId: GATEWAY_ID, kind: "gateway", unit: "Force Intelligence Bureau", label: "Force gateway",
        keys: [key(11, "2025-01-10T10:00:00Z")], status: "active", addedAt: "2025-06-01T09:05:00Z", lastSequence: 388,
        revokedReason: null,
      },
      {
        peerId: SOUTH_ID, kind: "workstation", unit: "South Region Intelligence Unit", label: "South Region IU, workstation 2",
        keys: [key(21, "2026-02-14T12:00:00Z")], status: "active", addedAt: "2026-02-15T08:30:00Z", lastSequence: 17,
        revokedReason: null,
      },
    ],
    previews: new Map(),
    nextToken: 1,
    importedSequences: 18,
  };
}

function higher(a: Marking, b: Marking): Marking {
  return a === "OFFICIAL-SENSITIVE" || b === "OFFICIAL-SENSITIVE" ? "OFFICIAL-SENSITIVE" : "OFFICIAL";
}

function authorise(ctx: MockContext, action: Action): void {
  const s = ctx.session();
  if (ctx.data.users.find((u) => u.username === s.username)?.locked) {
    ctx.fail("user-locked", "your account has been locked by an administrator");
  }
  if (!ctx.can(action)) {
    const admin = action === "manage-trust" ? " (administrators only)" : "";
    ctx.fail("permission-denied", `a ${s.role.replace(/-/g, " ")} may not ${ACTION_TEXT[action] ?? action}${admin}`);
  }
}

function authoriseAny(ctx: MockContext, actions: Action[]): void {
  if (actions.some((a) => ctx.can(a))) return authorise(ctx, actions.find((a) => ctx.can(a))!);
  authorise(ctx, actions[0]);
}

function kindOf(ctx: MockContext, v: unknown): BundleKind {
  if (v === "records" || v === "full") return v;
  if (v === "tasking") ctx.fail("invalid-input", "taskings are issued by the force system, not exported from a workstation");
  return ctx.fail("invalid-input", `unknown bundle kind "${String(v)}": choose records or full`);
}

function reasonOf(kind: BundleKind, v: unknown, ctx: MockContext): string | null {
  const reason = typeof v === "string" ? v.trim() : "";
  if (kind === "full" && reason === "") {
    ctx.fail("invalid-input", "a full bundle carries the original wording and working notes: give the reason for sending it");
  }
  return reason === "" ? null : reason;
}

function peerIdsOf(ctx: MockContext, st: ExchangeState, v: unknown): PeerView[] {
  const ids = Array.isArray(v) ? v.map(String) : [];
  return ids
    .filter((id) => id !== GATEWAY_ID)
    .map((id) => {
      const p = st.peers.find((x) => x.peerId === id) ?? ctx.fail("not-found", `there is no peer ${id} in the trust store`);
      if (p.status !== "active") ctx.fail("invalid-input", `${p.label} has been revoked: bundles can no longer be sent to it`);
      return p;
    });
}

function heldBackReason(kind: BundleKind, r: ReportView): string | null {
  if (r.disposed_at) return "disposed under the retention schedule";
  if (!r.current_grade) return "not yet evaluated (3x5x2)";
  if (kind === "records" && !r.sanitised_text) return "no sanitised wording yet: only sanitised records leave in a records bundle";
  return null;
}

function preview(ctx: MockContext, st: ExchangeState, kind: BundleKind, peers: PeerView[]): ExportPreview {
  const reports: ExportReportLine[] = [];
  const heldBack: HeldBack[] = [];
  const included = new Set<string>();
  let marking: Marking = "OFFICIAL";
  let disseminations = 0;
  let attachments = 0;
  for (const r of ctx.data.reports) {
    const why = heldBackReason(kind, r);
    if (why) {
      heldBack.push({ reference: r.reference, reason: why });
      continue;
    }
    const m = r.marking as Marking;
    reports.push({ reference: r.reference, grade: grade(r.current_grade), marking: m });
    included.add(r.reference);
    marking = higher(marking, m);
    disseminations += r.disseminations.length;
    attachments += r.attachments.length;
  }
  const links = ctx.data.links.filter((l) => included.has(l.reference));
  const gateway = st.peers.find((p) => p.peerId === GATEWAY_ID);
  return {
    kind,
    reports,
    heldBack,
    entities: new Set(links.map((l) => l.entityId)).size,
    links: links.length,
    associations: ctx.data.associations.filter((a) => a.supporting_reference && included.has(a.supporting_reference)).length,
    disseminations,
    attachments,
    marking,
    recipients: [gateway?.label ?? "Force gateway", ...peers.map((p) => p.label)],
  };
}

function uuid(n: number): string {
  const h = (n * 2654435761).toString(16).padStart(8, "0").slice(-8);
  return `${h}-4a1b-4c2d-8e3f-${(n * 40503).toString(16).padStart(12, "0").slice(-12)}`;
}

const sleep = (ms: number) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

export function createExchangeHandlers(opts: ExchangeOptions): Handlers {
  // One exchange state per mock store (the handlers object lives as long as its backend).
  const states = new WeakMap<object, ExchangeState>();
  const stateOf = (ctx: MockContext): ExchangeState => {
    let st = states.get(ctx.data);
    if (!st) {
      st = seedExchange(opts);
      states.set(ctx.data, st);
    }
    return st;
  };
  const status = (st: ExchangeState): SyncStatus => ({
    ...st.status,
    inProgress: st.status.inProgress ? { ...st.status.inProgress } : null,
    pendingCount: st.outbox.filter((o) => o.state !== "sent").length,
  });
  const seal = (ctx: MockContext, st: ExchangeState, kind: BundleKind, peers: PeerView[], reason: string | null) => {
    const p = preview(ctx, st, kind, peers);
    if (p.reports.length === 0) ctx.fail("invalid-input", "nothing to send: no report is ready to leave (see held back)");
    const sequence = st.nextSequence++;
    const bundleId = uuid(sequence);
    ctx.audit(`bundle.export`, `bundle:${bundleId}`, { kind, sequence, reports: p.reports.length, recipients: p.recipients, reason });
    return { p, sequence, bundleId };
  };

  return {
    sync_status(_a, ctx): SyncStatus {
      authoriseAny(ctx, ["sync", "manage-trust"]);
      return status(stateOf(ctx));
    },

    async sync_now(_a, ctx): Promise<SyncOutcome> {
      authorise(ctx, "sync");
      const st = stateOf(ctx);
      if (!st.status.configured) ctx.fail("invalid-input", "no force gateway is configured: connect to it first");
      if (st.status.inProgress) ctx.fail("conflict", "a sync is already running; wait for it to finish");
      const pending = st.outbox.filter((o) => o.state !== "sent");
      const progress: SyncProgress = { phase: "pushing", done: 0, total: pending.length };
      st.status.inProgress = progress;
      try {
        if (opts.syncOffline) {
          await sleep(opts.syncStepMs);
          for (const o of pending) {
            o.attempts += 1;
            o.lastError = "The force gateway did not answer.";
          }
          const error = {
            code: "gateway-unreachable" as const,
            message:
              `The force gateway at ${st.status.gatewayUrl} did not answer. Check the network cable or Wi-Fi, ` +
              `then choose Sync now again; your ${pending.length} bundles stay queued.`,
          };
          st.status.connection = "offline";
          st.status.lastError = error;
          throw error;
        }
        let pushed = 0;
        for (const o of pending) {
          await sleep(opts.syncStepMs);
          o.state = "sent";
          o.attempts += 1;
          o.lastError = null;
          o.sentAt = ctx.now();
          pushed += 1;
          progress.done = pushed;
        }
        progress.phase = "pulling";
        progress.done = 0;
        progress.total = 1;
        await sleep(opts.syncStepMs);
        const sequence = st.importedSequences++;
        const report: ImportReport = {
          bundleId: uuid(1000 + sequence), senderLabel: "Force gateway", sequence, reportsAdded: 0, reportsUpdated: 0,
          entities: 0, links: 0, associations: 0, disseminations: 0, attachments: 0, taskings: 1, importedAt: ctx.now(),
        };
        st.imports.unshift({
          bundleId: report.bundleId, senderLabel: report.senderLabel, sequence, kind: "tasking", importedAt: report.importedAt,
          importedBy: ctx.session().username, reportCount: 0, via: "gateway",
        });
        const id = st.taskings.reduce((m, t) => Math.max(m, t.id), 0) + 1;
        st.taskings.unshift({
          id, reference: `TSK-2026-${String(34 + id).padStart(4, "0")}`, title: "Weekly priorities: acquisitive crime",
          body: "Priorities for the coming week: burglary series in the north of the force area; catalytic converter thefts. Report sightings and links to known suspects.",
          issuedBy: "Force Intelligence Bureau, tasking desk", receivedAt: ctx.now(), dueAt: null, marking: "OFFICIAL",
          bundleId: report.bundleId,
        });
        progress.done = 1;
        st.status.connection = "online";
        st.status.lastError = null;
        st.status.lastSyncAt = ctx.now();
        ctx.audit("sync.run", `gateway:${GATEWAY_ID}`, { pushed, pulled: 1 });
        return { pushed, pulled: 1, imports: [report], failed: 0 };
      } finally {
        st.status.inProgress = null;
      }
    },

    configure_gateway(a, ctx): SyncStatus | null {
      authorise(ctx, "manage-trust");
      const st = stateOf(ctx);
      const url = String(a.url ?? "").trim();
      if (!/^https:\/\/[^\s/]+/.test(url)) {
        ctx.fail("invalid-input", "the gateway address must start with https:// (for example https://gateway.force.example/exchange)");
      }
      st.status.configured = true;
      st.status.gatewayUrl = url;
      st.status.connection = "online";
      st.status.lastError = null;
      ctx.audit("sync.configure", `gateway:${GATEWAY_ID}`, { url });
      return status(st);
    },

    list_outbox(_a, ctx): OutboxItem[] {
      authorise(ctx, "sync");
      return stateOf(ctx).outbox.map((o) => ({ ...o, recipients: [...o.recipients] }));
    },

    export_preview(a, ctx): ExportPreview {
      const kind = kindOf(ctx, a.kind);
      authorise(ctx, kind === "full" ? "export-full-bundle" : "export-bundle");
      const st = stateOf(ctx);
      return preview(ctx, st, kind, peerIdsOf(ctx, st, a.peerIds));
    },

    queue_export(a, ctx): OutboxItem {
      const kind = kindOf(ctx, a.kind);
      authorise(ctx, kind === "full" ? "export-full-bundle" : "export-bundle");
      const st = stateOf(ctx);
      const reason = reasonOf(kind, a.reason, ctx);
      const { p, sequence, bundleId } = seal(ctx, st, kind, peerIdsOf(ctx, st, a.peerIds), reason);
      const item: OutboxItem = {
        bundleId, sequence, kind, createdAt: ctx.now(), reportCount: p.reports.length, state: "pending", attempts: 0,
        lastError: null, sentAt: null, recipients: p.recipients, marking: p.marking,
      };
      st.outbox.push(item);
      return { ...item };
    },

    export_to_file(a, ctx): ExportedBundle | null {
      const kind = kindOf(ctx, a.kind);
      const st = stateOf(ctx);
      // The shell asks where to save before it asks the core; cancelled, nothing is sealed or audited.
      const path = chooseDestination(ctx, `intel-desk-${kind}-${st.nextSequence}.idbundle`);
      if (path === null) return null;
      authorise(ctx, kind === "full" ? "export-full-bundle" : "export-bundle");
      const reason = reasonOf(kind, a.reason, ctx);
      const peers = peerIdsOf(ctx, st, a.peerIds);
      const { p, sequence, bundleId } = seal(ctx, st, kind, peers, reason);
      return {
        path,
        bundleId,
        sequence,
        reportCount: p.reports.length,
      };
    },

    import_preview_file(_a, ctx): ImportPreview | null {
      authorise(ctx, "import-bundle");
      const st = stateOf(ctx);
      if (opts.bundleRejected) {
        ctx.fail(
          "bundle-rejected",
          "This bundle was signed by an unknown key (key id 7f3a9c2e41d0b8e5), not by a peer in this workstation's trust store. " +
            "Nothing was imported. Ask the sender for their enrolment file, or an administrator to add the peer, then try again.",
        );
      }
      const token = `preview-${st.nextToken++}`;
      const p: ImportPreview = {
        token, bundleId: uuid(5000 + st.importedSequences), senderWorkstation: SOUTH_ID, senderUnit: "South Region Intelligence Unit",
        senderLabel: "South Region IU, workstation 2", sequence: st.importedSequences, createdAt: "2026-11-22T07:30:00Z",
        expiresAt: "2026-12-22T07:30:00Z", marking: "OFFICIAL-SENSITIVE", kind: "records",
        reports: [
          { reference: "SR-2026-000211", grade: "2BP", marking: "OFFICIAL", change: "new" },
          { reference: "SR-2026-000214", grade: "1AC", marking: "OFFICIAL-SENSITIVE", change: "new" },
          { reference: "SR-2026-000187", grade: "2CP", marking: "OFFICIAL", change: "updated" },
        ],
        entities: 4, links: 5, associations: 2, disseminations: 1, attachments: 0, taskings: 1,
      };
      st.previews.set(token, p);
      return { ...p, reports: p.reports.map((r) => ({ ...r })) };
    },

    import_confirm(a, ctx): ImportReport {
      authorise(ctx, "import-bundle");
      const st = stateOf(ctx);
      const token = String(a.token ?? "");
      const p = st.previews.get(token) ?? ctx.fail("not-found", "this preview has expired or was discarded: choose the bundle file again");
      st.previews.delete(token);
      st.importedSequences += 1;
      const report: ImportReport = {
        bundleId: p.bundleId, senderLabel: p.senderLabel, sequence: p.sequence,
        reportsAdded: p.reports.filter((r) => r.change === "new").length,
        reportsUpdated: p.reports.filter((r) => r.change === "updated").length,
        entities: p.entities, links: p.links, associations: p.associations, disseminations: p.disseminations,
        attachments: p.attachments, taskings: p.taskings, importedAt: ctx.now(),
      };
      st.imports.unshift({
        bundleId: p.bundleId, senderLabel: p.senderLabel, sequence: p.sequence, kind: p.kind, importedAt: report.importedAt,
        importedBy: ctx.session().username, reportCount: p.reports.length, via: "file",
      });
      const south = st.peers.find((x) => x.peerId === SOUTH_ID);
      if (south) south.lastSequence = p.sequence;
      ctx.audit("bundle.import", `bundle:${p.bundleId}`, { sender: p.senderWorkstation, sequence: p.sequence });
      return report;
    },

    import_discard(a, ctx): null {
      authorise(ctx, "import-bundle");
      stateOf(ctx).previews.delete(String(a.token ?? ""));
      return null;
    },

    list_imports(_a, ctx): ImportRecord[] {
      authorise(ctx, "import-bundle");
      return stateOf(ctx).imports.map((i) => ({ ...i }));
    },

    list_taskings(_a, ctx): TaskingView[] {
      authoriseAny(ctx, ["sync", "import-bundle"]);
      return stateOf(ctx).taskings.map((t) => ({ ...t }));
    },

    workstation_identity(_a, ctx): WorkstationIdentity {
      authorise(ctx, "manage-trust");
      const id = stateOf(ctx).identity;
      return { ...id, current: { ...id.current }, previous: id.previous.map((k) => ({ ...k })) };
    },

    export_enrolment(_a, ctx): string | null {
      authorise(ctx, "manage-trust");
      const id = stateOf(ctx).identity;
      // Asked before the file is made: a cancelled dialog records nothing.
      const path = chooseDestination(ctx, `${id.workstationId}.enrolment`);
      if (path === null) return null;
      ctx.audit("trust.export-enrolment", `workstation:${id.workstationId}`, { keyId: id.current.keyId });
      return path;
    },

    rotate_workstation_keys(a, ctx): WorkstationIdentity {
      authorise(ctx, "manage-trust");
      const reason = String(a.reason ?? "").trim();
      if (reason === "") ctx.fail("invalid-input", "the reason for rotating the keys is required");
      const st = stateOf(ctx);
      const now = ctx.now();
      const old = { ...st.identity.current, retiredAt: now };
      st.identity = {
        ...st.identity,
        current: key(st.identity.previous.length + 3, now),
        previous: [old, ...st.identity.previous],
      };
      ctx.audit("trust.rotate-keys", `workstation:${st.identity.workstationId}`, { reason, retired: old.keyId });
      return { ...st.identity, current: { ...st.identity.current }, previous: st.identity.previous.map((k) => ({ ...k })) };
    },

    list_peers(_a, ctx): PeerView[] {
      authoriseAny(ctx, ["manage-trust", "export-bundle", "sync"]);
      return stateOf(ctx).peers.map((p) => ({ ...p, keys: p.keys.map((k) => ({ ...k })) }));
    },

    add_peer_from_file(_a, ctx): PeerView | null {
      authorise(ctx, "manage-trust");
      const st = stateOf(ctx);
      const peerId = "ws-east-01";
      if (st.peers.some((p) => p.peerId === peerId)) ctx.fail("conflict", "East Region IU, workstation 1 is already in the trust store");
      const peer: PeerView = {
        peerId, kind: "workstation", unit: "East Region Intelligence Unit", label: "East Region IU, workstation 1",
        keys: [key(31, "2026-10-01T10:00:00Z")], status: "active", addedAt: ctx.now(), lastSequence: null, revokedReason: null,
      };
      st.peers.push(peer);
      ctx.audit("trust.add-peer", `peer:${peerId}`, { keyId: peer.keys[0].keyId });
      return { ...peer, keys: peer.keys.map((k) => ({ ...k })) };
    },

    revoke_peer(a, ctx): null {
      authorise(ctx, "manage-trust");
      const st = stateOf(ctx);
      const peerId = String(a.peerId ?? "");
      const reason = String(a.reason ?? "").trim();
      const p = st.peers.find((x) => x.peerId === peerId) ?? ctx.fail("not-found", `there is no peer ${peerId} in the trust store`);
      if (reason === "") ctx.fail("invalid-input", "the reason for revoking the peer is required");
      if (p.status === "revoked") ctx.fail("conflict", `${p.label} is already revoked`);
      p.status = "revoked";
      p.revokedReason = reason;
      const now = ctx.now();
      for (const k of p.keys) k.retiredAt ??= now;
      ctx.audit("trust.revoke-peer", `peer:${peerId}`, { reason });
      return null;
    },
  };
}
