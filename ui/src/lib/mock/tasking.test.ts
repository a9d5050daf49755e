import { describe, expect, it } from "vitest";
import { taskingHandlers } from "./tasking";
import { failWith, type MockContext } from "./context";
import { seedData } from "./seed";
import { mockPermits } from "./permissions";
import type { IpcError, Role, SessionInfo } from "../ipc";
import type {
  ActionView, ControlStrategy, DailyBriefing, DecisionView, DeliveryResults, MeetingSummary, MeetingView, NewDecision, NewStrategy,
  OperationalReview, RequirementSummary, RequirementView, ReviewFindings, TacticalOption,
} from "../tasking-types";

function context(role: Role = "intelligence-manager") {
  const data = seedData();
  let session: SessionInfo = { username: "analyst", displayName: "A. Analyst", role, isAdmin: false, unitName: "Unit", idleLockSeconds: 900 };
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
  const call = <T>(cmd: string, args: Record<string, unknown> = {}) => taskingHandlers[cmd](args, ctx) as T;
  const failure = (cmd: string, args: Record<string, unknown> = {}): IpcError => {
    try {
      taskingHandlers[cmd](args, ctx);
    } catch (e) {
      return e as IpcError;
    }
    throw new Error(`${cmd} did not fail`);
  };
  const become = (s: Partial<SessionInfo>) => (session = { ...session, ...s });
  return { data, call, failure, become };
}

const decision = (over: Partial<NewDecision> = {}): NewDecision => ({
  kind: "tasking", summary: "Task the team", rationale: "Because", decision_maker: "DI S. Okafor", escalated_to: null, supersedes: null, ...over,
});
const strategy: NewStrategy = {
  summary: "v2",
  issues: [{ key: "county-lines", title: "County lines", is_priority: true, reason: "Harm", owner: "DI", delivery_plan: "Plan", strands: ["enforcement"] }],
};
const year = new Date().getUTCFullYear();

describe("tasking mock: seed", () => {
  it("holds an ST&CG with strategy v1, a TT&CG with decisions, an approved SIR and two actions (one overdue)", () => {
    const { call } = context();
    const meetings = call<MeetingSummary[]>("list_meetings");
    expect(meetings.map((m) => [m.kind, m.decisions, m.signed_off])).toEqual([["ttcg", 2, false], ["stcg", 2, false], ["ttcg", 2, true]]);
    expect(call<ControlStrategy>("control_strategy", { version: null }).version).toBe(1);
    const [sir] = call<RequirementSummary[]>("list_requirements");
    expect([sir.kind, sir.state, sir.questions_answered, sir.questions]).toEqual(["strategic", "approved", 1, 2]);
    const actions = call<ActionView[]>("list_actions", { filter: "all" });
    expect(actions.map((a) => a.overdue)).toEqual([true, false]);
    expect(call<ActionView[]>("list_actions", { filter: "overdue" })).toHaveLength(1);
    expect(call<ActionView[]>("list_actions", { filter: "due-soon" })).toHaveLength(2);
  });
});

describe("tasking mock: meetings", () => {
  it("records a meeting; partners need consent", () => {
    const { call, failure } = context();
    const base = { kind: "dmm", held_on: "2026-12-01", title: "DMM", chair: "Insp A", marking: "OFFICIAL" };
    const partner = { name: "M. Brennan", organisation: "CSP", is_partner: true, consent: false };
    expect(failure("create_meeting", { meeting: { ...base, attendees: [partner] } })).toEqual({
      code: "invalid-input",
      message: "M. Brennan attends for a partner agency: partners take part by mutual consent, so record that consent was given",
    });
    expect(failure("create_meeting", { meeting: { ...base, held_on: "1/12/26", attendees: [] } }).message).toMatch(/YYYY-MM-DD/);
    const m = call<MeetingView>("create_meeting", { meeting: { ...base, attendees: [{ ...partner, consent: true }] } });
    expect(m.reference).toBe(`DMM-${year}-0001`);
  });

  it("refuses decisions a meeting may not take, and strategy/approval decisions outside their own commands", () => {
    const { call, failure } = context();
    const dmm = call<MeetingView>("create_meeting", {
      meeting: { kind: "dmm", held_on: "2026-12-01", title: "DMM", chair: "Insp A", marking: "OFFICIAL", attendees: [] },
    });
    expect(failure("record_decision", { reference: dmm.reference, decision: decision({ kind: "commission" }) })).toEqual({
      code: "illegal-transition", message: "a Daily management meeting cannot take a commission decision",
    });
    expect(failure("record_decision", { reference: dmm.reference, decision: decision({ kind: "control-strategy" }) }).code).toBe("invalid-input");
    expect(failure("record_decision", { reference: dmm.reference, decision: decision({ kind: "escalation" }) }).message).toBe(
      "an escalation must say to whom the issue is escalated",
    );
    const d = call<DecisionView>("record_decision", { reference: dmm.reference, decision: decision({ supersedes: 3 }) });
    expect(d.supersedes).toBe(3);
    // The old decision is marked superseded, and no action can be raised from it.
    const ttcg = call<MeetingView>("meeting", { reference: `TTCG-${year}-0001` });
    expect(ttcg.decisions.find((x) => x.id === 3)?.superseded_by).toBe(d.id);
    expect(failure("raise_action", { decisionId: 3, action: { title: "x", strand: "intelligence", issue_key: null, owner: "o", due_on: "2026-12-01" } }).code).toBe(
      "illegal-transition",
    );
  });

  it("signs off only with attendees and permission; then nothing changes", () => {
    const { call, failure, become } = context();
    const ref = `TTCG-${year}-0001`;
    become({ role: "principal-analyst" });
    expect(failure("sign_off_meeting", { reference: ref })).toEqual({
      code: "permission-denied", message: "a principal analyst may not sign off a meeting record, after which it cannot change",
    });
    become({ role: "intelligence-manager" });
    const signed = call<MeetingView>("sign_off_meeting", { reference: ref });
    expect(signed.signed_off_by).toBe("analyst");
    expect(failure("sign_off_meeting", { reference: ref }).code).toBe("conflict");
    const locked = failure("record_decision", { reference: ref, decision: decision() });
    expect(locked.code).toBe("illegal-transition");
    expect(locked.message).toMatch(/is signed off and cannot change/);
    expect(failure("set_meeting_agenda", { reference: ref, agenda: [] }).code).toBe("illegal-transition");
    expect(failure("set_meeting_attendees", { reference: ref, attendees: [] }).code).toBe("illegal-transition");
    const empty = call<MeetingView>("create_meeting", {
      meeting: { kind: "ttcg", held_on: "2026-12-01", title: "T", chair: "C", marking: "OFFICIAL", attendees: [] },
    });
    expect(failure("sign_off_meeting", { reference: empty.reference }).message).toMatch(/no attendees recorded/);
  });

  it("proposes an agenda from priorities, requirements due and overdue actions", () => {
    const { call } = context();
    const m = call<MeetingView>("create_meeting", {
      meeting: { kind: "ttcg", held_on: "2999-01-01", title: "T", chair: "C", marking: "OFFICIAL", attendees: [] },
    });
    const items = call<{ source: string }[]>("propose_agenda", { reference: m.reference });
    expect(items.map((i) => i.source)).toEqual(["priority", "priority", "requirement", "action", "action"]);
  });
});

describe("tasking mock: control strategy", () => {
  it("is set only by an ST&CG decision, with permission", () => {
    const { call, failure, become } = context();
    expect(failure("set_control_strategy", { meeting: `TTCG-${year}-0001`, decision: decision(), strategy })).toEqual({
      code: "illegal-transition",
      message: `TTCG-${year}-0001 is a TT&CG meeting: only the ST&CG sets or amends the control strategy, so record it at an ST&CG meeting`,
    });
    const v2 = call<ControlStrategy>("set_control_strategy", { meeting: `STCG-${year}-0001`, decision: decision(), strategy });
    expect(v2.version).toBe(2);
    expect(call<ControlStrategy[]>("control_strategy_history").map((v) => v.version)).toEqual([2, 1]);
    expect(call<MeetingView>("meeting", { reference: `STCG-${year}-0001` }).decisions.at(-1)?.kind).toBe("control-strategy");
    become({ role: "principal-analyst" });
    expect(failure("set_control_strategy", { meeting: `STCG-${year}-0001`, decision: decision(), strategy }).code).toBe("permission-denied");
  });
  it("checks the strategy itself", () => {
    const { failure } = context();
    const bad = { ...strategy, issues: [{ ...strategy.issues[0], owner: null }] };
    expect(failure("set_control_strategy", { meeting: `STCG-${year}-0001`, decision: decision(), strategy: bad }).message).toBe(
      "the priority County lines needs an owner responsible for its delivery plan",
    );
  });
});

describe("tasking mock: requirements", () => {
  const draft = { kind: "strategic", title: "R", operation: null, marking: "OFFICIAL", review_due: "2027-01-01", questions: [{ question: "Q?", issue_key: "county-lines" }] };
  it("approves a strategic requirement at the ST&CG only, published with the strategy", () => {
    const { call, failure } = context();
    const r = call<RequirementView>("draft_requirement", { requirement: draft });
    expect(r.state).toBe("draft");
    expect(failure("approve_requirement", { reference: r.reference, meeting: `TTCG-${year}-0001`, decision: decision() }).code).toBe(
      "illegal-transition",
    );
    const ok = call<RequirementView>("approve_requirement", { reference: r.reference, meeting: `STCG-${year}-0001`, decision: decision() });
    expect([ok.state, ok.published_with_version]).toEqual(["approved", 1]);
    expect(failure("approve_requirement", { reference: r.reference, meeting: `STCG-${year}-0001`, decision: decision() }).code).toBe("conflict");
  });
  it("refuses unknown issue keys and a tactical requirement without its operation", () => {
    const { failure } = context();
    expect(failure("draft_requirement", { requirement: { ...draft, questions: [{ question: "Q", issue_key: "nope" }] } }).message).toMatch(
      /'nope' is not an issue in the control strategy/,
    );
    expect(failure("draft_requirement", { requirement: { ...draft, kind: "tactical" } }).message).toBe(
      "a tactical requirement names the investigation or operation it serves",
    );
  });
  it("collects answers (sanitised wording only) and acknowledgements", () => {
    const { call, failure } = context();
    const ref = `SIR-${year}-0001`;
    const r = call<RequirementView>("answer_requirement", { reference: ref, questionId: 2, report: "IR-2026-000001", note: "" });
    expect(r.questions_answered).toBe(2);
    // IR-2026-000001 has no sanitised wording: the answer says so rather than showing the original.
    expect(r.questions[1].answers[0]).toMatchObject({ grade: "1BC", summary: null });
    expect(failure("answer_requirement", { reference: ref, questionId: 2, report: "IR-2026-000001", note: "" }).code).toBe("conflict");
    expect(r.acknowledged_by_me).toBe(false);
    expect(r.not_yet_acknowledged).toContain("analyst");
    const a = call<RequirementView>("acknowledge_requirement", { reference: ref });
    expect([a.acknowledged_by_me, a.not_yet_acknowledged.includes("analyst")]).toEqual([true, false]);
  });
});

describe("tasking mock: actions and briefing", () => {
  it("needs a result to close an action; a closed action cannot change", () => {
    const { call, failure } = context();
    const ref = `ACT-${year}-0001`;
    expect(failure("update_action", { reference: ref, status: "done", note: "n", result: "" }).message).toBe(
      "record the result of a completed action (what was done and its effect)",
    );
    const done = call<ActionView>("update_action", { reference: ref, status: "done", note: "n", result: "Two addresses identified" });
    expect([done.status, done.overdue]).toEqual(["done", false]);
    expect(failure("update_action", { reference: ref, status: "open", note: "n", result: "" }).code).toBe("illegal-transition");
    const results = call<DeliveryResults[]>("results_analysis");
    expect(results[0]).toMatchObject({ issue_key: "county-lines", strand: "intelligence", done: 1, results: [`${ref}: Two addresses identified`] });
  });
  it("raises actions from decisions (not for researchers)", () => {
    const { call, failure, become } = context();
    const a = call<ActionView>("raise_action", { decisionId: 4, action: { title: "T", strand: "prevention", issue_key: null, owner: "O", due_on: "2026-12-24" } });
    expect(a.reference).toBe(`ACT-${year}-0003`);
    become({ role: "researcher" });
    expect(failure("raise_action", { decisionId: 4, action: {} }).code).toBe("permission-denied");
  });
  it("briefs the DMM with sanitised wording only", () => {
    const { call } = context();
    const b = call<DailyBriefing>("daily_briefing");
    expect(b.high_priority).toEqual([expect.objectContaining({ reference: "IR-2026-000001", grade: "1BC", summary: null })]);
    expect(b.actions_due.map((x) => x.overdue)).toEqual([true]);
  });
});

describe("tasking mock: operational review (review.rs)", () => {
  const TTCG = `TTCG-${year}-0001`;
  const review = (over: Record<string, unknown> = {}) => ({
    operation: "Operation KESTREL (phase 2)", scope: "All aspects", planned_start: "2026-12-20", objectives: [], ...over,
  });
  const commissionDecision = decision({ kind: "tasking", summary: "Commission an operational review of KESTREL phase 2" });
  const findings = (over: Partial<ReviewFindings> = {}): ReviewFindings => ({
    impact: "Two supply addresses closed", lessons: "Brief the night shift", good_practice: "Joint visits with housing",
    recommendations: [{ strand: "prevention", text: "Visit the young people's schools" }], ...over,
  });
  const commission = (call: <T>(cmd: string, args?: Record<string, unknown>) => T, over: Record<string, unknown> = {}) =>
    call<OperationalReview>("commission_operational_review", { meeting: TTCG, decision: commissionDecision, review: review(over) });

  it("seeds a complete review (the menu of tactical options) and one under way, newest first", () => {
    const { call } = context();
    const list = call<OperationalReview[]>("list_operational_reviews");
    expect(list.map((r) => [r.operation, r.started_at !== null, r.completed_at !== null])).toEqual([
      ["Operation KESTREL (phase 1)", true, false],
      ["Operation LANTERN", true, true],
    ]);
    const menu = call<TacticalOption[]>("tactical_options");
    expect(menu.map((o) => o.strand)).toEqual(["prevention", "enforcement", "reassurance"]);
    expect(menu[0]).toMatchObject({ review: `OR-${year - 1}-0004`, operation: "Operation LANTERN" });
  });

  it("is commissioned by a decision of an open TT&CG only, recorded as a commission", () => {
    const { call, failure } = context();
    expect(failure("commission_operational_review", { meeting: `STCG-${year}-0001`, decision: commissionDecision, review: review() })).toEqual({
      code: "illegal-transition", message: `operational review is commissioned by the TT&CG; STCG-${year}-0001 is a ST&CG`,
    });
    const dmm = call<MeetingView>("create_meeting", {
      meeting: { kind: "dmm", held_on: "2026-12-01", title: "DMM", chair: "Insp A", marking: "OFFICIAL", attendees: [] },
    });
    expect(failure("commission_operational_review", { meeting: dmm.reference, decision: commissionDecision, review: review() }).message).toBe(
      `operational review is commissioned by the TT&CG; ${dmm.reference} is a Daily management meeting`,
    );
    expect(failure("commission_operational_review", { meeting: `TTCG-${year - 1}-0021`, decision: commissionDecision, review: review() })).toEqual({
      code: "illegal-transition",
      message: `TTCG-${year - 1}-0021 is signed off and cannot change; record a new decision at a later meeting that supersedes the old one`,
    });
    expect(failure("commission_operational_review", { meeting: "TTCG-1999-0001", decision: commissionDecision, review: review() })).toEqual({
      code: "not-found", message: "no meeting 'TTCG-1999-0001'",
    });
    const r = commission(call);
    expect([r.reference, r.meeting, r.objectives, r.started_at]).toEqual([`OR-${year}-0001`, TTCG, [], null]);
    const d = call<MeetingView>("meeting", { reference: TTCG }).decisions.find((x) => x.id === r.decision_id);
    expect([d?.kind, d?.summary, d?.rationale]).toEqual(["commission", "Commission an operational review of KESTREL phase 2", "Because"]);
  });

  it("checks what it is given before anything is recorded", () => {
    const { call, failure } = context();
    const bad = (over: Record<string, unknown>, d: NewDecision = commissionDecision) =>
      failure("commission_operational_review", { meeting: TTCG, decision: d, review: review(over) });
    expect(bad({ operation: " " })).toEqual({ code: "invalid-input", message: "the operation is required" });
    expect(bad({ scope: "" }).message).toBe("the review's scope is required");
    expect(bad({ planned_start: "20/12/2026" }).message).toBe("the operation's planned start must be a date written YYYY-MM-DD, not '20/12/2026'");
    expect(bad({ objectives: [" ", ""] }).message).toBe("state the review's objectives: at least one");
    expect(bad({}, decision({ rationale: " " })).message).toBe("the rationale for the decision is required");
    expect(call<MeetingView>("meeting", { reference: TTCG }).decisions).toHaveLength(2);
    expect(call<OperationalReview[]>("list_operational_reviews")).toHaveLength(2);
  });

  it("takes objectives only before the start, and the start only with objectives", () => {
    const { call, failure } = context();
    const r = commission(call);
    expect(failure("record_operation_start", { reference: r.reference })).toEqual({
      code: "illegal-transition",
      message: `state the objectives of ${r.reference} before the operation begins; they cannot be added afterwards`,
    });
    expect(failure("set_review_objectives", { reference: r.reference, objectives: [" "] })).toEqual({
      code: "invalid-input", message: "state the review's objectives: at least one",
    });
    expect(call<OperationalReview>("set_review_objectives", { reference: r.reference, objectives: [" Close the line ", "", "Safeguard runners"] }).objectives).toEqual([
      "Close the line", "Safeguard runners",
    ]);
    // Restated before the start: allowed.
    expect(call<OperationalReview>("set_review_objectives", { reference: r.reference, objectives: ["Close the line"] }).objectives).toEqual(["Close the line"]);
    const started = call<OperationalReview>("record_operation_start", { reference: r.reference });
    expect(started.started_at).not.toBeNull();
    expect(failure("record_operation_start", { reference: r.reference })).toEqual({
      code: "conflict", message: `the start of the operation under ${r.reference} is already recorded`,
    });
    expect(failure("set_review_objectives", { reference: r.reference, objectives: ["Something else"] })).toEqual({
      code: "illegal-transition",
      message: `the operation under ${r.reference} has started: its objectives were fixed before it began and cannot change`,
    });
    expect(call<OperationalReview[]>("list_operational_reviews")[0].objectives).toEqual(["Close the line"]);
  });

  it("takes findings only after the start, once; the recommendations join the menu of tactical options", () => {
    const { call, failure } = context();
    const r = commission(call, { objectives: ["Close the line"] });
    expect(failure("record_review_findings", { reference: r.reference, findings: findings() })).toEqual({
      code: "illegal-transition", message: `the operation under ${r.reference} has not started: findings come after the operation`,
    });
    expect(failure("record_review_findings", { reference: r.reference, findings: findings({ recommendations: [] }) })).toEqual({
      code: "invalid-input", message: "a review draws conclusions and makes recommendations: add at least one",
    });
    expect(failure("record_review_findings", { reference: r.reference, findings: findings({ good_practice: " " }) }).message).toBe(
      "the good practice identified is required",
    );
    call("record_operation_start", { reference: r.reference });
    const done = call<OperationalReview>("record_review_findings", { reference: r.reference, findings: findings({ impact: " Two supply addresses closed " }) });
    expect([done.findings?.impact, done.completed_by]).toEqual(["Two supply addresses closed", "analyst"]);
    expect(failure("record_review_findings", { reference: r.reference, findings: findings() })).toEqual({
      code: "conflict", message: `${r.reference} is already complete`,
    });
    const menu = call<TacticalOption[]>("tactical_options");
    // The newest review first within its strand.
    expect(menu.filter((o) => o.strand === "prevention").map((o) => o.review)).toEqual([r.reference, `OR-${year - 1}-0004`]);
  });

  it("is run only by those the matrix allows; every role reads", () => {
    const { call, failure, become } = context();
    for (const role of ["analyst", "researcher", "intelligence-officer"] as Role[]) {
      become({ role });
      expect(call<OperationalReview[]>("list_operational_reviews")).toHaveLength(2);
      expect(failure("commission_operational_review", { meeting: TTCG, decision: commissionDecision, review: review() })).toEqual({
        code: "permission-denied",
        message: `a ${role.replace(/-/g, " ")} may not run an operational review: objectives before the operation, findings after`,
      });
      expect(failure("record_operation_start", { reference: `OR-${year - 1}-0005` }).code).toBe("permission-denied");
    }
    become({ role: "principal-analyst" });
    expect(commission(call).reference).toBe(`OR-${year}-0001`);
  });

  it("answers not-found for an unknown review", () => {
    const { failure } = context();
    expect(failure("set_review_objectives", { reference: "OR-1999-0001", objectives: ["x"] })).toEqual({
      code: "not-found", message: "no operational review 'OR-1999-0001'",
    });
  });
});
