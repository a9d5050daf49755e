import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  bundleCounts,
  connectionHint,
  connectionLabel,
  exportReasonProblem,
  shownConnection,
  importReportText,
  kindLabel,
  outboxStateLabel,
  plural,
  pollWhile,
  progressPercent,
  progressText,
  shortBundleId,
  syncOutcomeText,
} from "./exchange";
import type { ExportPreview, ImportReport, SyncStatus } from "./exchange-types";

const status = (over: Partial<SyncStatus> = {}): SyncStatus => ({
  configured: true, gatewayUrl: "https://gw.example", connection: "online", lastSyncAt: null, lastError: null,
  pendingCount: 0, inProgress: null, ...over,
});

const report = (over: Partial<ImportReport> = {}): ImportReport => ({
  bundleId: "b", senderLabel: "South Region IU, workstation 2", sequence: 18, reportsAdded: 2, reportsUpdated: 1, entities: 0,
  links: 0, associations: 0, disseminations: 0, attachments: 0, taskings: 0, importedAt: "2026-11-22T10:00:00Z", ...over,
});

describe("words", () => {
  it("plural", () => {
    expect(plural(1, "bundle")).toBe("1 bundle");
    expect(plural(0, "bundle")).toBe("0 bundles");
    expect(plural(2, "entity", "entities")).toBe("2 entities");
  });

  it("names every connection state and says what to do", () => {
    expect(connectionLabel("not-configured")).toBe("Not connected to a gateway");
    expect(connectionLabel("online")).toBe("Online");
    expect(connectionLabel("offline")).toBe("Offline");
    expect(connectionLabel("error")).toBe("Error");
    expect(connectionHint(status({ pendingCount: 2 }))).toMatch(/2 bundles waiting to be sent: choose Sync now/);
    expect(connectionHint(status())).toMatch(/Nothing is waiting/);
    const failed = { code: "gateway-unreachable", message: "The force gateway did not answer" } as SyncStatus["lastError"];
    expect(connectionHint(status({ connection: "offline", lastError: failed }))).toMatch(/Check the network/);
    expect(connectionLabel("unchecked")).toBe("Not checked yet");
    expect(connectionHint(status({ connection: "error" }))).toMatch(/queued bundles are kept/);
    expect(connectionHint(status({ connection: "not-configured", configured: false }))).toMatch(/Connect to it below/);
  });

  it("offline with no failure on record is shown as not checked yet, not as a failure", () => {
    const failed = { code: "gateway-unreachable", message: "The force gateway did not answer" } as SyncStatus["lastError"];
    expect(shownConnection(status({ connection: "offline" }))).toBe("unchecked");
    expect(connectionHint(status({ connection: "offline" }))).toMatch(/Not checked since Intel Desk started/);
    expect(shownConnection(status({ connection: "offline", lastError: failed }))).toBe("offline");
    expect(shownConnection(status({ connection: "online" }))).toBe("online");
  });

  it("progress of each phase", () => {
    expect(progressText({ phase: "pushing", done: 1, total: 2 })).toBe("Sending bundles to the gateway: 1 of 2");
    expect(progressText({ phase: "pulling", done: 0, total: 1 })).toBe("Receiving bundles from the gateway: 0 of 1");
    expect(progressPercent({ phase: "pushing", done: 1, total: 2 })).toBe(50);
    expect(progressPercent({ phase: "pushing", done: 0, total: 0 })).toBe(100);
    expect(progressPercent({ phase: "pushing", done: 5, total: 2 })).toBe(100);
  });

  it("short bundle ids, kinds and outbox states", () => {
    expect(shortBundleId("b7e1c0a4-52d3-4f7e-9a61-3c0f5d2e8b11")).toBe("b7e1c0a4");
    expect(shortBundleId("abc-def")).toBe("abc-def");
    expect(kindLabel("records")).toBe("Records");
    expect(kindLabel("full")).toBe("Full");
    expect(kindLabel("tasking")).toBe("Tasking");
    expect(outboxStateLabel("pending")).toBe("Waiting");
    expect(outboxStateLabel("failed")).toBe("Failed");
  });

  it("outcomes of a sync and an import", () => {
    expect(syncOutcomeText({ pushed: 2, pulled: 1, imports: [report({ reportsAdded: 0, reportsUpdated: 0, taskings: 1 })], failed: 0 }))
      .toBe("Sync finished: 2 bundles sent, 1 bundle received (1 tasking).");
    expect(syncOutcomeText({ pushed: 0, pulled: 0, imports: [], failed: 1 }))
      .toBe("Sync finished: 0 bundles sent, 0 bundles received. 1 bundle could not be sent and stay queued; see the outbox below.");
    expect(importReportText(report({ taskings: 1 })))
      .toBe("Imported bundle 18 from South Region IU, workstation 2: 2 new reports, 1 updated report, 1 tasking.");
  });

  it("counts of a bundle; taskings only for an import", () => {
    const p: ExportPreview = {
      kind: "records", reports: [], heldBack: [], entities: 3, links: 4, associations: 1, disseminations: 0, attachments: 2,
      marking: "OFFICIAL", recipients: [],
    };
    expect(bundleCounts(p).map((c) => `${c.label}=${c.count}`)).toEqual([
      "Entities=3", "Entity links=4", "Associations=1", "Disseminations=0", "Attachments=2",
    ]);
    expect(bundleCounts({ ...p, taskings: 1 } as never).at(-1)).toEqual({ label: "Taskings", count: 1 });
  });

  it("a full bundle needs a reason", () => {
    expect(exportReasonProblem("records", "")).toBeNull();
    expect(exportReasonProblem("full", "  ")).toMatch(/Enter the reason/);
    expect(exportReasonProblem("full", "Joint operation KESTREL")).toBeNull();
  });
});

describe("pollWhile", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("polls every interval until keepGoing says no", async () => {
    const values = [3, 2, 1, 0];
    const fetch = vi.fn(async () => values.shift()!);
    const seen: number[] = [];
    pollWhile({ fetch, keepGoing: (v) => v > 0, onValue: (v) => seen.push(v), intervalMs: 500 });
    expect(fetch).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(499);
    expect(fetch).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toEqual([3]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(seen).toEqual([3, 2, 1, 0]);
    expect(fetch).toHaveBeenCalledTimes(4);
  });

  it("stops on stop() and on a failure", async () => {
    const fetch = vi.fn(async () => 1);
    const p = pollWhile({ fetch, keepGoing: () => true, onValue: () => {}, intervalMs: 100 });
    await vi.advanceTimersByTimeAsync(250);
    expect(fetch).toHaveBeenCalledTimes(2);
    p.stop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(fetch).toHaveBeenCalledTimes(2);

    const onError = vi.fn();
    const failing = vi.fn(async () => {
      throw new Error("gone");
    });
    pollWhile({ fetch: failing, keepGoing: () => true, onValue: () => {}, onError, intervalMs: 100 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(failing).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it("drops a value that arrives after stop()", async () => {
    let release: (v: number) => void = () => {};
    const fetch = () => new Promise<number>((r) => (release = r));
    const onValue = vi.fn();
    const p = pollWhile({ fetch, keepGoing: () => true, onValue, intervalMs: 100 });
    await vi.advanceTimersByTimeAsync(100);
    p.stop();
    release(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(onValue).not.toHaveBeenCalled();
  });
});
