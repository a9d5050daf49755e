import { describe, expect, it } from "vitest";
import { QUEUE_PREVIEW, recordsHandlers } from "./records";
import { failWith, type MockContext } from "./context";
import { seedData } from "./seed";
import { mockPermits } from "./permissions";
import { growReports } from "./search";
import type { IpcError, MyWork, ReportView, Role, SessionInfo } from "../ipc";

function context(role: Role = "intelligence-manager", isAdmin = true, empty = false) {
  const data = seedData();
  if (empty) {
    data.reports = [];
    data.entities = [];
    data.links = [];
    data.associations = [];
  }
  let session: SessionInfo = {
    username: "analyst", displayName: "A. Analyst", role, isAdmin, unitName: "Unit", idleLockSeconds: 900,
  };
  let seq = 0;
  const ctx: MockContext = {
    data,
    session: () => session,
    can: (a) => mockPermits(session.role, session.isAdmin, a),
    audit: (action, target, details) => {
      seq += 1;
      data.audit.push({
        seq, at: new Date().toISOString(), actor: session.username, action, target, reason: "",
        details: JSON.stringify(details ?? {}), prev_hash: "0".repeat(64), hash: seq.toString(16).padStart(64, "0"),
      });
    },
    fail: failWith,
    now: () => new Date().toISOString(),
  };
  const call = async <T>(cmd: string, args: Record<string, unknown> = {}) => (await recordsHandlers[cmd](args, ctx)) as T;
  const failure = async (cmd: string, args: Record<string, unknown> = {}): Promise<IpcError> => {
    try {
      await call(cmd, args);
    } catch (e) {
      return e as IpcError;
    }
    throw new Error(`${cmd} did not fail`);
  };
  const become = (s: Partial<SessionInfo>) => (session = { ...session, ...s });
  return { data, call, failure, become };
}

const report = {
  marking: "OFFICIAL",
  priority: "high",
  sourceType: "officer",
  sourceRef: null,
  submittingOfficer: null,
  receivedAt: null,
  text: "Seen at 14 Harbour Row.",
  reviewGroup: null,
  attachments: [],
};

describe("record_report", () => {
  it("records a report with the next reference, status received and an audit entry", async () => {
    const { call, data } = context();
    const ref = await call<string>("record_report", { input: report });
    expect(ref).toMatch(/^IR-\d{4}-000004$/);
    const r = data.reports.find((x) => x.reference === ref)!;
    expect(r).toMatchObject({ status: "received", submitting_officer: "A. Analyst", recorded_by: "analyst", review_group: 4 });
    expect(data.audit.at(-1)).toMatchObject({ action: "report.create", target: `report:${ref}` });
  });

  it("stores attachments with their size and SHA-256", async () => {
    const { call, data } = context();
    const ref = await call<string>("record_report", {
      input: { ...report, attachments: [{ fileName: "note.txt", mediaType: "text/plain", contentBase64: "aGVsbG8=" }] },
    });
    expect(data.reports.find((x) => x.reference === ref)!.attachments[0]).toMatchObject({
      file_name: "note.txt",
      size: 5,
      sha256: "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
    });
  });

  it("refuses what the core refuses, in its words", async () => {
    const { failure, become } = context();
    expect(await failure("record_report", { input: { ...report, text: "  " } })).toEqual({
      code: "invalid-input",
      message: "the report's text is required",
    });
    expect((await failure("record_report", { input: { ...report, sourceType: "covert-source" } })).message).toMatch(
      /needs the source reference number/,
    );
    expect((await failure("record_report", { input: { ...report, sourceType: "covert-source", sourceRef: "Jane Doe" } })).message).toMatch(
      /never a name/,
    );
    expect((await failure("record_report", { input: { ...report, marking: "SECRET" } })).code).toBe("marking-refused");
    expect((await failure("record_report", { input: { ...report, receivedAt: "2999-01-01T00:00:00Z" } })).message).toBe(
      "the received time is in the future",
    );
    expect((await failure("record_report", { input: { ...report, receivedAt: "yesterday" } })).message).toMatch(/RFC 3339/);
    expect((await failure("record_report", { input: { ...report, reviewGroup: 7 } })).message).toMatch(/review group 7 does not exist/);
    become({ role: "analyst" });
    expect(await failure("record_report", { input: report })).toEqual({
      code: "permission-denied",
      message: "a analyst may not record an intelligence report",
    });
  });
});

describe("show_report", () => {
  it("hides the original wording and source reference from those not entitled", async () => {
    const { call, become, data } = context();
    data.reports[0].source_ref = "CHIS-1";
    const full = await call<ReportView>("show_report", { reference: "IR-2026-000001" });
    expect(full).toMatchObject({ original_visible: true, source_ref: "CHIS-1" });
    expect(full.original_text).toMatch(/DE12 MOX/);
    become({ role: "analyst" });
    const partial = await call<ReportView>("show_report", { reference: "IR-2026-000001" });
    expect(partial).toMatchObject({ original_visible: false, original_text: null, source_ref: null });
    expect(partial.entities.map((e) => e.label)).toContain("DE12 MOX");
  });

  it("answers a copy and audits the read; unknown references are not found", async () => {
    const { call, failure, data } = context();
    const r = await call<ReportView>("show_report", { reference: "IR-2026-000002" });
    r.status = "archived";
    expect(data.reports[1].status).toBe("evaluated");
    expect(data.audit.at(-1)).toMatchObject({ action: "report.read" });
    expect(await failure("show_report", { reference: "IR-1" })).toEqual({ code: "not-found", message: "no report with reference 'IR-1'" });
  });
});

describe("evaluate", () => {
  const input = { source: "1", intelligence: "B", handling: "P", conditions: null, rationale: "Corroborated." };

  it("grades a received report and moves it to evaluated", async () => {
    const { call, data } = context();
    await call("evaluate", { reference: "IR-2026-000003", input });
    const r = data.reports[2];
    expect(r.status).toBe("evaluated");
    expect(r.current_grade).toMatchObject({ source_grade: "1", intelligence_grade: "B", handling_code: "P", current: true });
    expect(r.status_history.at(-1)).toMatchObject({ from_status: "received", to_status: "evaluated", reason: "evaluated" });
    expect(data.audit.at(-1)).toMatchObject({ action: "report.evaluate", reason: "Corroborated." });
  });

  it("re-evaluation supersedes the current grade and keeps the old one", async () => {
    const { call, data } = context();
    await call("evaluate", { reference: "IR-2026-000001", input });
    const r = data.reports[0];
    expect(r.grades.map((g) => g.current)).toEqual([false, true]);
    expect(r.status).toBe("evaluated");
    expect(data.audit.at(-1)).toMatchObject({ action: "report.re-evaluate" });
  });

  it("applies the 3x5x2 rules", async () => {
    const { failure, call, data } = context();
    expect((await failure("evaluate", { reference: "IR-2026-000003", input: { ...input, handling: "C" } })).message).toMatch(
      /^handling code C needs the conditions/,
    );
    expect((await failure("evaluate", { reference: "IR-2026-000003", input: { ...input, conditions: "x" } })).message).toMatch(
      /^conditions only apply with handling code C/,
    );
    expect((await failure("evaluate", { reference: "IR-2026-000003", input: { ...input, rationale: " " } })).message).toMatch(
      /needs a rationale/,
    );
    expect((await failure("evaluate", { reference: "IR-2026-000003", input: { ...input, source: "4" } })).code).toBe("invalid-input");
    data.reports[2].status = "archived";
    expect((await failure("evaluate", { reference: "IR-2026-000003", input })).code).toBe("illegal-transition");
    await call("evaluate", { reference: "IR-2026-000001", input: { ...input, handling: "C", conditions: "Team only." } });
  });

  it("is refused to an analyst", async () => {
    const { failure, become } = context();
    become({ role: "analyst" });
    expect((await failure("evaluate", { reference: "IR-2026-000003", input })).code).toBe("permission-denied");
  });
});

describe("sanitise", () => {
  it("stores the sanitised wording, even before evaluation (as the core does)", async () => {
    const { call, data } = context();
    await call("sanitise", { reference: "IR-2026-000003", sanitisedText: "A tenancy was taken in cash." });
    expect(data.reports[2].sanitised_text).toBe("A tenancy was taken in cash.");
    expect(data.audit.at(-1)).toMatchObject({ action: "report.sanitise" });
  });
  it("refuses empty text and archived reports", async () => {
    const { failure, data } = context();
    expect((await failure("sanitise", { reference: "IR-2026-000003", sanitisedText: " " })).message).toBe("the sanitised text is required");
    data.reports[2].status = "archived";
    expect((await failure("sanitise", { reference: "IR-2026-000003", sanitisedText: "x" })).code).toBe("illegal-transition");
  });
});

describe("change_status and review", () => {
  it("moves only along the legal paths", async () => {
    const { call, failure, data } = context();
    expect((await failure("change_status", { reference: "IR-2026-000003", to: "in-development", reason: "x" })).message).toBe(
      "a report cannot move from received to in-development",
    );
    expect((await failure("change_status", { reference: "IR-2026-000003", to: "evaluated", reason: "x" })).message).toMatch(/by evaluating it/);
    expect((await failure("change_status", { reference: "IR-2026-000003", to: "archived", reason: " " })).message).toBe(
      "a reason for the change is required",
    );
    await call("change_status", { reference: "IR-2026-000002", to: "in-development", reason: "Research tasked" });
    expect(data.reports[1].status).toBe("in-development");
  });

  it("retains with a new due date, disposes by erasing the content", async () => {
    const { call, failure, data } = context();
    await call("review_report", { reference: "IR-2026-000002", decision: "retain", rationale: "Still relevant" });
    expect(data.reports[1].reviews.at(-1)).toMatchObject({ decision: "retain" });
    await call("review_report", { reference: "IR-2026-000002", decision: "dispose", rationale: "No longer needed" });
    expect(data.reports[1]).toMatchObject({ status: "archived", original_text: "[content disposed of at review]" });
    expect((await failure("review_report", { reference: "IR-2026-000002", decision: "dispose", rationale: "again" })).code).toBe("conflict");
  });

  it("lists reviews due", async () => {
    const { call, data } = context();
    data.reports[0].review_due = "2020-01-01T00:00:00Z";
    expect(await call("reviews_due")).toEqual([
      { reference: "IR-2026-000001", review_group: 3, review_due: "2020-01-01T00:00:00Z", status: "evaluated" },
    ]);
  });
});

describe("my_work", () => {
  it("has only the queues of the role", async () => {
    const { call, become } = context();
    const manager = await call<MyWork>("my_work");
    expect(manager.awaiting_evaluation?.total).toBe(1);
    expect(manager.awaiting_sanitisation?.items.map((i) => i.reference)).toEqual(["IR-2026-000001"]);
    expect(manager.awaiting_authorisation).toEqual({ total: 0, items: [] });
    expect(manager.reviews_due).toEqual({ total: 0, items: [] });
    become({ role: "analyst", isAdmin: false });
    const analyst = await call<MyWork>("my_work");
    expect(analyst).toMatchObject({ awaiting_evaluation: null, awaiting_sanitisation: null, awaiting_authorisation: null, reviews_due: null });
  });

  it("shows the first 25 of a large queue, most urgent first, quickly", async () => {
    const { call, data } = context();
    growReports(data, 100_000);
    const t0 = performance.now();
    const work = await call<MyWork>("my_work");
    // Generous, so a busy machine does not fail it; a quadratic pass would take minutes.
    expect(performance.now() - t0).toBeLessThan(5000);
    const q = work.awaiting_evaluation!;
    expect(q.items).toHaveLength(QUEUE_PREVIEW);
    expect(q.total).toBe(data.reports.filter((r) => r.status === "received").length);
    const rank = { high: 0, medium: 1, low: 2 } as Record<string, number>;
    const ranks = q.items.map((i) => rank[i.priority]);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
  });

  it("lists the person's own recent changes, not reads", async () => {
    const { call } = context();
    await call("show_report", { reference: "IR-2026-000001" });
    await call("sanitise", { reference: "IR-2026-000001", sanitisedText: "x" });
    const work = await call<MyWork>("my_work");
    expect(work.recent_activity.map((e) => e.action)).toEqual(["report.sanitise"]);
  });
});

describe("permissions and demonstration data", () => {
  it("lists the permitted actions", async () => {
    const { call, become } = context();
    expect(await call("permitted_actions")).toContain("manage-users");
    become({ role: "analyst", isAdmin: false });
    expect(await call("permitted_actions")).not.toContain("evaluate");
  });

  it("loads only into an empty store, and only for an administrator", async () => {
    const full = context();
    expect((await full.failure("load_demo_data")).code).toBe("conflict");
    const empty = context("intelligence-manager", true, true);
    expect(await empty.call("has_demo_data")).toBe(false);
    const refs = await empty.call<string[]>("load_demo_data");
    expect(refs).toHaveLength(4);
    expect(await empty.call("has_demo_data")).toBe(true);
    expect(empty.data.reports.every((r) => r.original_text?.startsWith("DEMONSTRATION DATA (fictitious): "))).toBe(true);
    expect(empty.data.reports[0]).toMatchObject({ status: "evaluated", marking: "OFFICIAL-SENSITIVE" });
    expect(empty.data.reports[1].status).toBe("disseminated");
    expect(empty.data.reports[3].status).toBe("received");
    const notAdmin = context("intelligence-manager", false, true);
    expect(await notAdmin.failure("load_demo_data")).toEqual({
      code: "permission-denied",
      message: "a intelligence manager may not change unit settings (reference format, retention schedule, idle lock) (administrators only)",
    });
  });
});
