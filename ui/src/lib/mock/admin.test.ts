import { describe, expect, it } from "vitest";
import { adminHandlers } from "./admin";
import { failWith, type MockContext } from "./context";
import { seedData } from "./seed";
import { mockPermits } from "./permissions";
import type { Dissemination, IpcError, Role, SessionInfo, UserInfo, VerifyReport } from "../ipc";

function context(role: Role = "intelligence-manager", isAdmin = true) {
  const data = seedData();
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
      const prev = data.audit[data.audit.length - 1]?.hash ?? "0".repeat(64);
      data.audit.push({
        seq, at: new Date().toISOString(), actor: session.username, action, target, reason: "",
        details: JSON.stringify(details ?? {}), prev_hash: prev, hash: seq.toString(16).padStart(64, "0"),
      });
    },
    fail: failWith,
    now: () => new Date().toISOString(),
  };
  const call = <T>(cmd: string, args: Record<string, unknown> = {}) => adminHandlers[cmd](args, ctx) as T;
  const failure = (cmd: string, args: Record<string, unknown> = {}): IpcError => {
    try {
      call(cmd, args);
    } catch (e) {
      return e as IpcError;
    }
    throw new Error(`${cmd} did not fail`);
  };
  const become = (s: Partial<SessionInfo>) => (session = { ...session, ...s });
  return { data, call, failure, become };
}

/** Report 1 is code C; give it sanitised text so it can leave. */
function sanitiseFirst(data: ReturnType<typeof seedData>) {
  data.reports[0].sanitised_text = "A vehicle seen at an address in the Harbour area at night.";
}

describe("dissemination (mock of cycle/dissemination.rs)", () => {
  it("previews exactly the sanitised text, marking, code and conditions", () => {
    const { call } = context();
    expect(call("dissemination_preview", { reference: "IR-2026-000002" })).toEqual({
      reference: "IR-2026-000002",
      marking: "OFFICIAL",
      handling_code: "P",
      conditions: null,
      released_text: "Frequent short visits reported at an address in the Harbour area.",
    });
  });

  it("refuses a preview before sanitisation or evaluation, and an unknown reference", () => {
    const { failure } = context();
    expect(failure("dissemination_preview", { reference: "IR-2026-000001" })).toMatchObject({
      code: "illegal-transition",
      message: expect.stringMatching(/no sanitised text; sanitise it/),
    });
    expect(failure("dissemination_preview", { reference: "IR-2026-000003" }).message).toMatch(/has not been evaluated/);
    expect(failure("dissemination_preview", { reference: "IR-9" }).code).toBe("not-found");
  });

  it("releases code P at once and moves the report to disseminated, audited", () => {
    const { call, data } = context();
    const d = call<Dissemination>("disseminate", {
      input: { reference: "IR-2026-000002", recipient: " DS Smith ", purpose: "Operation Kestrel", conditionsAcknowledged: false },
    });
    expect(d).toMatchObject({ state: "released", recipient: "DS Smith", released_text: data.reports[1].sanitised_text });
    expect(data.reports[1].status).toBe("disseminated");
    expect(data.reports[1].disseminations).toContain(d);
    expect(data.audit.at(-1)).toMatchObject({ action: "dissemination.release", target: "report:IR-2026-000002", reason: "Operation Kestrel" });
  });

  it("code C needs acknowledgement, then waits; the requester cannot authorise it", () => {
    const { call, failure, data, become } = context();
    sanitiseFirst(data);
    const input = { reference: "IR-2026-000001", recipient: "DS Smith", purpose: "Kestrel", conditionsAcknowledged: false };
    expect(failure("disseminate", { input })).toMatchObject({
      code: "invalid-input",
      message: expect.stringMatching(/acknowledge its conditions.*Not to be shared outside/),
    });
    const d = call<Dissemination>("disseminate", { input: { ...input, conditionsAcknowledged: true } });
    expect(d.state).toBe("awaiting-authorisation");
    expect(call<Dissemination[]>("disseminations_awaiting_authorisation").map((x) => x.id)).toEqual([d.id]);
    expect(failure("decide_dissemination", { id: d.id, approve: true, note: "ok" })).toMatchObject({
      code: "permission-denied",
      message: "you requested this dissemination; another manager must authorise it",
    });
    expect(failure("decide_dissemination", { id: d.id, approve: true, note: " " }).message).toBe("a note on the decision is required");

    become({ username: "dmanager", displayName: "D. Manager" });
    const done = call<Dissemination>("decide_dissemination", { id: d.id, approve: true, note: "Proportionate." });
    expect(done).toMatchObject({ state: "released", authorised_by: "dmanager", decision_note: "Proportionate." });
    expect(done.released_text).toBe(data.reports[0].sanitised_text);
    expect(call<Dissemination[]>("disseminations_awaiting_authorisation")).toEqual([]);
    expect(failure("decide_dissemination", { id: d.id, approve: false, note: "x" })).toMatchObject({
      code: "conflict",
      message: `dissemination ${d.id} is already released`,
    });
  });

  it("refusal leaves the report where it was", () => {
    const { call, data, become } = context();
    sanitiseFirst(data);
    const d = call<Dissemination>("disseminate", {
      input: { reference: "IR-2026-000001", recipient: "DS Smith", purpose: "Kestrel", conditionsAcknowledged: true },
    });
    become({ username: "dmanager" });
    expect(call<Dissemination>("decide_dissemination", { id: d.id, approve: false, note: "Not proportionate." }).state).toBe("refused");
    expect(data.reports[0].status).toBe("evaluated");
    expect(data.audit.at(-1)?.action).toBe("dissemination.refuse");
  });

  it("follows the permission matrix", () => {
    expect(context("analyst", false).failure("dissemination_preview", { reference: "IR-2026-000002" })).toMatchObject({
      code: "permission-denied",
      message: "a analyst may not make a dissemination (code P) or request one (code C)",
    });
    expect(context("intelligence-officer").failure("disseminations_awaiting_authorisation").code).toBe("permission-denied");
  });
});

describe("administration (mock of users.rs, review.rs, admin.rs, session.rs)", () => {
  const newUser = {
    username: "jsmith", displayName: "J. Smith", role: "analyst", isAdmin: false, clearance: "OFFICIAL", passphrase: "twelve chars ok",
  };

  it("lists users including the signed-in one, adds and locks (never deletes)", () => {
    const { call, failure, data } = context();
    expect(call<UserInfo[]>("list_users").map((u) => u.username)).toContain("analyst");
    const u = call<UserInfo>("add_user", { input: newUser });
    expect(u).toMatchObject({ username: "jsmith", locked: false, clearance: "OFFICIAL" });
    expect(failure("add_user", { input: newUser })).toMatchObject({ code: "conflict" });
    expect(failure("add_user", { input: { ...newUser, username: "x y" } }).message).toMatch(/not a valid username/);
    expect(failure("add_user", { input: { ...newUser, username: "kim", passphrase: "short" } }).message).toMatch(/at least 12/);
    expect(failure("lock_user", { username: "jsmith", reason: "" }).message).toBe("a reason for locking the account is required");
    expect(failure("lock_user", { username: "analyst", reason: "x" }).message).toMatch(/cannot lock your own account/);
    call("lock_user", { username: "jsmith", reason: "Left the unit" });
    expect(call<UserInfo[]>("list_users").find((x) => x.username === "jsmith")?.locked).toBe(true);
    expect(failure("lock_user", { username: "jsmith", reason: "again" }).code).toBe("not-found");
    expect(data.audit.map((e) => e.action)).toEqual(["user.create", "user.lock"]);
    expect(data.audit[1].reason).toBe("Left the unit");
  });

  it("administrative actions need the administrator capability", () => {
    expect(context("intelligence-manager", false).failure("list_users")).toMatchObject({
      code: "permission-denied",
      message: "a intelligence manager may not add, lock and reset users (administrators only)",
    });
  });

  it("sets retention and idle lock within the core's bounds", () => {
    const { call, failure, data } = context();
    call("set_retention", { group: 3, months: 84, reason: "Local policy" });
    expect(data.retention.find((g) => g.review_group === 3)?.review_after_months).toBe(84);
    expect(failure("set_retention", { group: 3, months: 0, reason: "x" }).message).toMatch(/between 1 and 1200/);
    expect(failure("set_retention", { group: 9, months: 10, reason: "x" }).message).toMatch(/no review group 9/);
    expect(failure("set_retention", { group: 3, months: 10, reason: "" }).code).toBe("invalid-input");
    call("set_idle_lock", { seconds: 600, reason: "Shared office" });
    expect(failure("set_idle_lock", { seconds: 59, reason: "x" }).message).toMatch(/between 1 minute and 4 hours/);
    expect(failure("set_idle_lock", { seconds: 14401, reason: "x" }).code).toBe("invalid-input");
    expect(data.audit.map((e) => e.action)).toEqual(["config.retention", "config.idle-lock"]);
  });

  it("lists the audit newest first (audited), filters by target, and verifies the chain", () => {
    const { call, data } = context();
    call("set_retention", { group: 3, months: 84, reason: "r" });
    call("set_idle_lock", { seconds: 600, reason: "r" });
    const rows = call<{ seq: number; action: string }[]>("audit_entries", { target: null, limit: 1 });
    expect(rows.map((r) => r.action)).toEqual(["config.idle-lock"]);
    expect(data.audit.at(-1)).toMatchObject({ action: "audit.read", target: "audit" });
    expect(call<unknown[]>("audit_entries", { target: "review-group:3", limit: 10 })).toHaveLength(1);
    const v = call<VerifyReport>("verify_audit");
    expect(v).toMatchObject({ entries: 4, head_seq: 4, checkpoint_seq: 4, problems: [] });
    data.audit.splice(1, 1);
    expect(call<VerifyReport>("verify_audit").problems).toEqual([
      "entries 2 to 2 are missing (removed)",
      "entry 3 does not follow the entry before it (inserted, removed or reordered)",
    ]);
  });
});
