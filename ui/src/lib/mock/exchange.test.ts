import { describe, expect, it } from "vitest";
import { createExchangeHandlers, exchangeOptionsFromSearch, type ExchangeOptions } from "./exchange";
import { failWith, type MockContext } from "./context";
import { seedData } from "./seed";
import { mockPermits } from "./permissions";
import type {
  ExportPreview, ImportPreview, ImportRecord, IpcError, OutboxItem, PeerView, Role, SessionInfo, SyncStatus, TaskingView,
  WorkstationIdentity,
} from "../ipc";

function context(role: Role = "intelligence-manager", isAdmin = true, over: Partial<ExchangeOptions> = {}) {
  const data = seedData();
  let session: SessionInfo = { username: "analyst", displayName: "A. Analyst", role, isAdmin, unitName: "Unit", idleLockSeconds: 900 };
  const ctx: MockContext = {
    data,
    session: () => session,
    can: (a) => mockPermits(session.role, session.isAdmin, a),
    audit: (action, target) => {
      data.audit.push({ seq: data.audit.length + 1, at: "", actor: session.username, action, target, reason: "", details: "{}", prev_hash: "", hash: "" });
    },
    fail: failWith,
    now: () => new Date().toISOString(),
  };
  const handlers = createExchangeHandlers({ ...exchangeOptionsFromSearch(""), syncStepMs: 0, ...over });
  const call = async <T>(cmd: string, args: Record<string, unknown> = {}) => (await handlers[cmd](args, ctx)) as T;
  const failure = async (cmd: string, args: Record<string, unknown> = {}): Promise<IpcError> => {
    try {
      await handlers[cmd](args, ctx);
    } catch (e) {
      return e as IpcError;
    }
    throw new Error(`${cmd} did not fail`);
  };
  const become = (s: Partial<SessionInfo>) => (session = { ...session, ...s });
  return { data, call, failure, become };
}

describe("permissions (exchange actions)", () => {
  it("follow the roles of the brief", () => {
    const who = (role: Role, isAdmin = false) =>
      (["sync", "import-bundle", "export-bundle", "export-full-bundle", "manage-trust"] as const).filter((a) => mockPermits(role, isAdmin, a));
    expect(who("intelligence-officer")).toEqual(["sync", "import-bundle"]);
    expect(who("intelligence-manager")).toEqual(["sync", "import-bundle", "export-bundle", "export-full-bundle"]);
    expect(who("director-of-intelligence")).toEqual(["sync", "import-bundle", "export-bundle", "export-full-bundle"]);
    expect(who("analyst")).toEqual([]);
    expect(who("analyst", true)).toEqual(["manage-trust"]);
  });
});

describe("exchange mock", () => {
  it("reads its URL switches", () => {
    expect(exchangeOptionsFromSearch("?sync=offline&bundle=rejected&gateway=none&syncStep=5")).toEqual({
      syncOffline: true, bundleRejected: true, gatewayConfigured: false, syncStepMs: 5,
    });
  });

  it("is seeded: gateway and one workstation peer, 2 pending bundles, 1 import, 2 taskings", async () => {
    const { call } = context();
    const peers = await call<PeerView[]>("list_peers");
    expect(peers.map((p) => p.kind)).toEqual(["gateway", "workstation"]);
    const outbox = await call<OutboxItem[]>("list_outbox");
    expect(outbox.filter((o) => o.state === "pending")).toHaveLength(2);
    expect(await call<ImportRecord[]>("list_imports")).toHaveLength(1);
    expect(await call<TaskingView[]>("list_taskings")).toHaveLength(2);
    expect(await call<SyncStatus>("sync_status")).toMatchObject({ configured: true, connection: "online", pendingCount: 2, inProgress: null });
  });

  it("refuses what the role may not do with permission-denied", async () => {
    const { failure, become } = context("intelligence-officer", false);
    expect((await failure("export_preview", { kind: "records", peerIds: [] })).code).toBe("permission-denied");
    expect((await failure("workstation_identity")).code).toBe("permission-denied");
    expect((await failure("revoke_peer", { peerId: "ws-south-02", reason: "x" })).code).toBe("permission-denied");
    become({ role: "intelligence-manager" });
    expect((await failure("rotate_workstation_keys", { reason: "x" })).message).toMatch(/administrators only/);
    become({ role: "analyst" });
    expect((await failure("sync_now")).code).toBe("permission-denied");
    expect((await failure("import_preview_file")).code).toBe("permission-denied");
  });

  it("previews a records bundle: only graded, sanitised reports leave; the rest are held back with the reason", async () => {
    const { call } = context();
    const p = await call<ExportPreview>("export_preview", { kind: "records", peerIds: ["ws-south-02"] });
    expect(p.reports).toEqual([{ reference: "IR-2026-000002", grade: "2CP", marking: "OFFICIAL" }]);
    expect(p.heldBack.map((h) => h.reference)).toEqual(["IR-2026-000001", "IR-2026-000003"]);
    expect(p.heldBack[0].reason).toMatch(/no sanitised wording/);
    expect(p.heldBack[1].reason).toMatch(/not yet evaluated/);
    expect(p.recipients).toEqual(["Force gateway", "South Region IU, workstation 2"]);
    expect(p.marking).toBe("OFFICIAL");
    const full = await call<ExportPreview>("export_preview", { kind: "full", peerIds: [] });
    expect(full.reports.map((r) => r.reference)).toEqual(["IR-2026-000001", "IR-2026-000002"]);
    expect(full.marking).toBe("OFFICIAL-SENSITIVE");
  });

  it("a full export needs a reason (invalid-input) and the full-bundle permission", async () => {
    const { call, failure, become } = context();
    expect((await failure("export_to_file", { kind: "full", peerIds: [], reason: null })).code).toBe("invalid-input");
    expect((await failure("queue_export", { kind: "full", peerIds: [], reason: "  " })).code).toBe("invalid-input");
    const done = await call<{ sequence: number; path: string }>("export_to_file", { kind: "full", peerIds: [], reason: "Joint op" });
    expect(done.sequence).toBe(43);
    become({ role: "intelligence-officer" });
    expect((await failure("export_preview", { kind: "full", peerIds: [] })).code).toBe("permission-denied");
  });

  it("queues a records bundle in the outbox", async () => {
    const { call } = context();
    const item = await call<OutboxItem>("queue_export", { kind: "records", peerIds: [], reason: null });
    expect(item).toMatchObject({ sequence: 43, state: "pending", reportCount: 1, kind: "records" });
    expect((await call<SyncStatus>("sync_status")).pendingCount).toBe(3);
  });

  it("sync now sends the outbox and pulls a tasking", async () => {
    const { call } = context();
    const o = await call<{ pushed: number; pulled: number }>("sync_now");
    expect(o).toMatchObject({ pushed: 2, pulled: 1 });
    const s = await call<SyncStatus>("sync_status");
    expect(s).toMatchObject({ pendingCount: 0, connection: "online", inProgress: null });
    expect(s.lastSyncAt).not.toBeNull();
    expect(await call<TaskingView[]>("list_taskings")).toHaveLength(3);
  });

  it("shows progress while a sync runs", async () => {
    const { call } = context("intelligence-manager", true, { syncStepMs: 20 });
    const running = call("sync_now");
    await new Promise((r) => setTimeout(r, 5));
    expect((await call<SyncStatus>("sync_status")).inProgress).toEqual({ phase: "pushing", done: 0, total: 2 });
    await running;
    expect((await call<SyncStatus>("sync_status")).inProgress).toBeNull();
  });

  it("?sync=offline: gateway-unreachable, and the bundles stay queued", async () => {
    const { call, failure } = context("intelligence-manager", true, { syncOffline: true });
    const e = await failure("sync_now");
    expect(e.code).toBe("gateway-unreachable");
    expect(e.message).toBe(
      "The force gateway at https://gateway.intel.force.example/exchange did not answer. Check the network cable or Wi-Fi, then choose Sync now again; your 2 bundles stay queued.",
    );
    const s = await call<SyncStatus>("sync_status");
    expect(s).toMatchObject({ connection: "offline", pendingCount: 2, lastError: { code: "gateway-unreachable" } });
  });

  it("connects to a gateway when none is configured", async () => {
    const { call, failure } = context("intelligence-manager", true, { gatewayConfigured: false });
    expect(await call<SyncStatus>("sync_status")).toMatchObject({ configured: false, connection: "not-configured", gatewayUrl: null });
    expect((await failure("sync_now")).code).toBe("invalid-input");
    expect((await failure("configure_gateway", { url: "http://insecure" })).code).toBe("invalid-input");
    const s = await call<SyncStatus>("configure_gateway", { url: "https://gw.force.example" });
    expect(s).toMatchObject({ configured: true, gatewayUrl: "https://gw.force.example", connection: "online" });
  });

  it("imports a previewed bundle once; discard forgets it", async () => {
    const { call, failure } = context("intelligence-officer", false);
    const p = await call<ImportPreview>("import_preview_file");
    expect(p.senderLabel).toBe("South Region IU, workstation 2");
    const r = await call<{ reportsAdded: number; reportsUpdated: number }>("import_confirm", { token: p.token });
    expect(r).toMatchObject({ reportsAdded: 2, reportsUpdated: 1 });
    expect((await failure("import_confirm", { token: p.token })).code).toBe("not-found");
    expect(await call<ImportRecord[]>("list_imports")).toHaveLength(2);
    const q = await call<ImportPreview>("import_preview_file");
    await call("import_discard", { token: q.token });
    expect((await failure("import_confirm", { token: q.token })).code).toBe("not-found");
  });

  it("?bundle=rejected: bundle-rejected with the reason", async () => {
    const { failure } = context("intelligence-officer", false, { bundleRejected: true });
    const e = await failure("import_preview_file");
    expect(e.code).toBe("bundle-rejected");
    expect(e.message).toMatch(/^This bundle was signed by an unknown key/);
  });

  it("trust: rotate keys (reason), add and revoke peers (reason)", async () => {
    const { call, failure } = context("analyst", true);
    const before = await call<WorkstationIdentity>("workstation_identity");
    expect((await failure("rotate_workstation_keys", { reason: "" })).code).toBe("invalid-input");
    const after = await call<WorkstationIdentity>("rotate_workstation_keys", { reason: "Annual rotation" });
    expect(after.current.keyId).not.toBe(before.current.keyId);
    expect(after.previous[0]).toMatchObject({ keyId: before.current.keyId });
    expect(after.previous[0].retiredAt).not.toBeNull();
    const added = await call<PeerView>("add_peer_from_file");
    expect(added).toMatchObject({ peerId: "ws-east-01", status: "active" });
    expect((await failure("add_peer_from_file")).code).toBe("conflict");
    expect((await failure("revoke_peer", { peerId: "ws-south-02", reason: "" })).code).toBe("invalid-input");
    await call("revoke_peer", { peerId: "ws-south-02", reason: "Workstation stolen" });
    const south = (await call<PeerView[]>("list_peers")).find((p) => p.peerId === "ws-south-02");
    expect(south).toMatchObject({ status: "revoked", revokedReason: "Workstation stolen" });
    expect(await call<string>("export_enrolment")).toMatch(/ws-north-01\.enrolment$/);
  });

  it("cannot send to a revoked peer", async () => {
    const { call, failure } = context();
    await call("revoke_peer", { peerId: "ws-south-02", reason: "Left the network" }).catch(() => undefined);
    // The manager is an administrator here, so the revoke went through.
    expect((await failure("export_preview", { kind: "records", peerIds: ["ws-south-02"] })).code).toBe("invalid-input");
  });
});
