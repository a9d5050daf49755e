// Browser-mock handlers for tasking and coordination (issue 5): meetings with
// attendance, agenda and decisions, the control strategy (set only by an
// ST&CG decision), requirements with answers and acknowledgements, the action
// manager, operational review and the daily briefing. The rules and the refusals are the core's
// (crates/intel-core/src/tasking/*.rs), in its words; the store is in memory.

import type { Handlers, MockContext } from "./context";
import { failWith, grade } from "./context";
import { authorise, type Me } from "./records";
import type { Marking } from "../ipc";
import type {
  ActionFilter,
  ActionStatus,
  ActionView,
  AgendaItem,
  Attendee,
  ControlStrategy,
  DailyBriefing,
  DecisionKind,
  DecisionView,
  DeliveryResults,
  MeetingKind,
  MeetingSummary,
  MeetingView,
  NewAction,
  NewDecision,
  NewMeeting,
  NewOperationalReview,
  NewRequirement,
  NewStrategy,
  OperationalReview,
  QuestionView,
  Recommendation,
  RequirementKind,
  RequirementSummary,
  RequirementView,
  ReviewFindings,
  TacticalOption,
} from "../tasking-types";
import { decisionAllowedAt, isIsoDate } from "../tasking";

// Reports carry their marking as plain text, so the rank is looked up by string.
const RANK: Record<string, number> = { OFFICIAL: 0, "OFFICIAL-SENSITIVE": 1 };
const PREFIX: Record<MeetingKind, string> = { stcg: "STCG", ttcg: "TTCG", "intelligence-unit": "IUM", dmm: "DMM" };
const TITLE: Record<MeetingKind, string> = {
  stcg: "ST&CG",
  ttcg: "TT&CG",
  "intelligence-unit": "Intelligence unit meeting",
  dmm: "Daily management meeting",
};
/** The unit's staff, for "who has not acknowledged" (the mock's users table is sparse). */
const STAFF = ["analyst", "officer", "pa.lewis", "j.patel", "manager"];

interface StoredMeeting extends Omit<MeetingView, "decisions"> {
  decisionIds: number[];
}
interface StoredDecision extends Omit<DecisionView, "superseded_by"> {}
interface StoredRequirement extends Omit<RequirementView, "questions_answered" | "gaps" | "acknowledged_by_me" | "acknowledgements" | "not_yet_acknowledged" | "review_overdue"> {
  acknowledged: string[];
}
interface StoredStrategy extends ControlStrategy {}
interface StoredReview extends OperationalReview {
  started_by: string | null;
  created_by: string;
  created_at: string;
}

export interface TaskingState {
  meetings: StoredMeeting[];
  decisions: StoredDecision[];
  strategies: StoredStrategy[];
  requirements: StoredRequirement[];
  actions: ActionView[];
  /** In the order they were commissioned (the core lists the newest first). */
  reviews: StoredReview[];
  seq: Map<string, number>;
  nextDecision: number;
  nextQuestion: number;
}

/** YYYY-MM-DD, `days` from today (seed dates follow the clock so "overdue" stays true). */
export function isoDay(days = 0): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function nextReference(st: TaskingState, prefix: string): string {
  const year = new Date().getUTCFullYear();
  const key = `${prefix}:${year}`;
  const n = (st.seq.get(key) ?? 0) + 1;
  st.seq.set(key, n);
  return `${prefix}-${year}-${String(n).padStart(4, "0")}`;
}

function text(ctx: MockContext, what: string, value: unknown): string {
  const v = typeof value === "string" ? value.trim() : "";
  if (!v) failWith("invalid-input", `${what} is required`);
  if ([...v].length > 20_000) failWith("invalid-input", `${what} is too long (20,000 characters at most)`);
  return v;
}

function optionalText(value: unknown): string | null {
  return typeof value === "string" && value.trim() ? value.trim() : null;
}

function date(ctx: MockContext, what: string, value: unknown): string {
  const v = typeof value === "string" ? value.trim() : "";
  if (!isIsoDate(v)) failWith("invalid-input", `${what} must be a date written YYYY-MM-DD, not '${String(value ?? "")}'`);
  return v;
}

function seedTasking(now: string): TaskingState {
  const st: TaskingState = {
    meetings: [], decisions: [], strategies: [], requirements: [], actions: [], reviews: [], seq: new Map(), nextDecision: 1, nextQuestion: 1,
  };
  const year = new Date().getUTCFullYear();
  const ref = (p: string, n: number) => `${p}-${year}-${String(n).padStart(4, "0")}`;
  st.seq.set(`STCG:${year}`, 1);
  st.seq.set(`TTCG:${year}`, 1);
  st.seq.set(`SIR:${year}`, 1);
  st.seq.set(`ACT:${year}`, 2);
  const stcg = ref("STCG", 1);
  const ttcg = ref("TTCG", 1);
  const attendees: Attendee[] = [
    { name: "Ch Supt R. Hale", organisation: "North Region Police", is_partner: false, consent: false },
    { name: "DI S. Okafor", organisation: "North Region Intelligence Unit", is_partner: false, consent: false },
    { name: "M. Brennan", organisation: "Harbourside Community Safety Partnership", is_partner: true, consent: true },
  ];
  st.meetings.push({
    reference: stcg, kind: "stcg", held_on: isoDay(-40), title: "Quarterly ST&CG", chair: "Ch Supt R. Hale", marking: "OFFICIAL",
    notes: "", attendees, agenda: [{ title: "Strategic assessment and control strategy", source: "other", source_ref: null }],
    created_by: "manager", signed_off_by: null, signed_off_at: null, decisionIds: [1, 2],
  });
  st.decisions.push({
    id: 1, meeting: stcg, meeting_kind: "stcg", held_on: isoDay(-40), kind: "control-strategy",
    summary: "Control strategy v1: county lines and serious violence are the priorities",
    rationale: "The strategic assessment shows rising harm from drug supply lines into the Harbour area.",
    decision_maker: "Ch Supt R. Hale", escalated_to: null, supersedes: null, recorded_by: "manager", recorded_at: now,
  });
  st.strategies.push({
    version: 1, summary: "Reduce the harm from drug supply and serious violence in the region.", meeting: stcg, held_on: isoDay(-40),
    decision_id: 1, rationale: "The strategic assessment shows rising harm from drug supply lines into the Harbour area.",
    decision_maker: "Ch Supt R. Hale", set_by: "manager", set_at: now,
    issues: [
      {
        key: "county-lines", title: "County lines", is_priority: true,
        reason: "Highest harm: exploitation of children and vulnerable adults, violence at supply addresses.",
        owner: "DI S. Okafor", delivery_plan: "Identify and disrupt the lines into Harbour Row; safeguard those exploited.",
        strands: ["prevention", "intelligence", "enforcement"],
      },
      {
        key: "serious-violence", title: "Serious violence", is_priority: true,
        reason: "Knife crime up by a fifth on last year in the night-time economy.",
        owner: "Supt K. Marsh", delivery_plan: "Hotspot patrols and partnership work at licensed premises.",
        strands: ["enforcement", "reassurance"],
      },
      {
        key: "metal-theft", title: "Metal theft", is_priority: false,
        reason: "Volumes are low and falling; handled by neighbourhood teams as business as usual.",
        owner: null, delivery_plan: null, strands: [],
      },
    ],
  });
  st.decisions.push({
    id: 2, meeting: stcg, meeting_kind: "stcg", held_on: isoDay(-40), kind: "requirement-approval",
    summary: "Approve SIR: county lines into the Harbour area", rationale: "The control strategy's first priority needs it.",
    decision_maker: "Ch Supt R. Hale", escalated_to: null, supersedes: null, recorded_by: "manager", recorded_at: now,
  });
  st.requirements.push({
    reference: ref("SIR", 1), kind: "strategic", title: "County lines into the Harbour area", operation: null, marking: "OFFICIAL",
    state: "approved", review_due: isoDay(50), approved_by_decision: 2, approved_at: now, published_with_version: 1, created_by: "manager",
    acknowledged: ["manager"],
    questions: [
      {
        id: 1, position: 1, question: "Which addresses are used to supply drugs on Harbour Row?", issue_key: "county-lines",
        answers: [
          { reference: "IR-2026-000002", grade: "2CP", summary: "Frequent short visits reported at an address in the Harbour area.", note: "Pattern of visits fits a supply address.", linked_by: "officer", linked_at: now },
        ],
      },
      { id: 2, position: 2, question: "Who runs the line and how are runners recruited?", issue_key: "county-lines", answers: [] },
    ],
  });
  st.meetings.push({
    reference: ttcg, kind: "ttcg", held_on: isoDay(-10), title: "Fortnightly TT&CG", chair: "DI S. Okafor", marking: "OFFICIAL",
    notes: "", attendees: attendees.slice(1), agenda: [], created_by: "manager", signed_off_by: null, signed_off_at: null, decisionIds: [3, 4],
  });
  st.decisions.push(
    {
      id: 3, meeting: ttcg, meeting_kind: "ttcg", held_on: isoDay(-10), kind: "tasking",
      summary: "Task the neighbourhood team to gather intelligence on Harbour Row visitors",
      rationale: "Two reports show a pattern of short visits; the SIR asks which addresses supply.",
      decision_maker: "DI S. Okafor", escalated_to: null, supersedes: null, recorded_by: "manager", recorded_at: now,
    },
    {
      id: 4, meeting: ttcg, meeting_kind: "ttcg", held_on: isoDay(-10), kind: "commission",
      summary: "Commission a problem profile of violence in the night-time economy",
      rationale: "The serious violence priority needs a shared picture of where and when.",
      decision_maker: "DI S. Okafor", escalated_to: null, supersedes: null, recorded_by: "manager", recorded_at: now,
    },
  );
  seedReviews(st, attendees.slice(1));
  st.nextDecision = 7;
  st.nextQuestion = 3;
  st.actions.push(
    {
      reference: ref("ACT", 1), decision_id: 3, meeting: ttcg, title: "Visit Harbour Row residents and record what they see",
      strand: "intelligence", issue_key: "county-lines", owner: "PS J. Reid", due_on: isoDay(-3), status: "open", result: "",
      overdue: true, created_by: "manager", updated_at: now, history: [],
    },
    {
      reference: ref("ACT", 2), decision_id: 4, meeting: ttcg, title: "Draft the terms of reference for the problem profile",
      strand: "enforcement", issue_key: "serious-violence", owner: "P. Lewis", due_on: isoDay(5), status: "in-progress", result: "",
      overdue: false, created_by: "manager", updated_at: now,
      history: [{ status: "in-progress", note: "Scope agreed with the requester.", result: "", updated_by: "pa.lewis", updated_at: now }],
    },
  );
  return st;
}

/**
 * Last year's TT&CG (signed off) and the two operational reviews it
 * commissioned: one complete, whose recommendations make the menu of tactical
 * options, and one whose operation is under way. Decisions 5 and 6, so the
 * current meetings keep 1 to 4.
 */
function seedReviews(st: TaskingState, attendees: Attendee[]): void {
  const last = new Date().getUTCFullYear() - 1;
  const meeting = `TTCG-${last}-0021`;
  const heldOn = `${last}-10-09`;
  const at = (md: string) => `${last}-${md}:00Z`;
  st.meetings.push({
    reference: meeting, kind: "ttcg", held_on: heldOn, title: "Fortnightly TT&CG", chair: "DI S. Okafor", marking: "OFFICIAL", notes: "",
    attendees, agenda: [{ title: "Night-time economy: operation proposals", source: "priority", source_ref: "serious-violence" }],
    created_by: "manager", signed_off_by: "manager", signed_off_at: at("10-09T16:00"), decisionIds: [5, 6],
  });
  const commission = (id: number, summary: string, rationale: string): StoredDecision => ({
    id, meeting, meeting_kind: "ttcg", held_on: heldOn, kind: "commission", summary, rationale, decision_maker: "DI S. Okafor",
    escalated_to: null, supersedes: null, recorded_by: "manager", recorded_at: at("10-09T11:30"),
  });
  st.decisions.push(
    commission(5, "Commission an operational review of Operation LANTERN", "The Quayside patrols are the first of their kind here; the TT&CG needs to know what worked."),
    commission(6, "Commission an operational review of Operation KESTREL (phase 1)", "The disruption of the Harbour Row line is costly; review its impact before phase 2."),
  );
  st.reviews.push(
    {
      reference: `OR-${last}-0004`, operation: "Operation LANTERN", scope: "Tactical performance and the impact on violence in the night-time economy, Quayside.",
      planned_start: `${last}-10-17`, objectives: ["Reduce assaults on the Quayside on Friday and Saturday nights", "Test joint patrols with the licensing team"],
      meeting, decision_id: 5, started_at: at("10-17T21:00"), started_by: "manager",
      findings: {
        impact: "Assaults on patrol nights fell by a third over the eight weeks; none at the three premises after 02:00.",
        lessons: "Patrols arrived after the peak on the first two weekends; briefings must use the latest hotspot map.",
        good_practice: "Joint patrols with the licensing team settled disputes at the door before they became violent.",
        recommendations: [
          { strand: "enforcement", text: "Joint police and licensing patrols at the busiest premises from 23:00." },
          { strand: "reassurance", text: "Visible patrols on the Quayside between 00:30 and 03:00 at weekends." },
          { strand: "prevention", text: "Agree earlier last orders with premises that have repeated assaults." },
        ],
      },
      completed_at: at("12-12T10:00"), completed_by: "manager", created_by: "manager", created_at: at("10-09T11:30"),
    },
    {
      reference: `OR-${last}-0005`, operation: "Operation KESTREL (phase 1)", scope: "All aspects: the disruption of the Harbour Row supply line.",
      planned_start: `${last}-11-01`, objectives: ["Identify the addresses supplying Harbour Row", "Safeguard the young people used as runners"],
      meeting, decision_id: 6, started_at: at("11-01T06:00"), started_by: "manager", findings: null, completed_at: null, completed_by: null,
      created_by: "manager", created_at: at("10-09T11:40"),
    },
  );
}

const states = new WeakMap<object, TaskingState>();

/** The tasking store of this mock backend (the products mock reads requirements and actions from it). */
export function taskingStateOf(ctx: MockContext): TaskingState {
  let st = states.get(ctx.data);
  if (!st) {
    st = seedTasking(ctx.now());
    states.set(ctx.data, st);
  }
  return st;
}

function decisionView(st: TaskingState, d: StoredDecision): DecisionView {
  const next = st.decisions.filter((n) => n.supersedes === d.id).map((n) => n.id);
  return { ...d, superseded_by: next.length ? Math.min(...next) : null };
}

function loadMeeting(ctx: MockContext, me: Me, reference: unknown): StoredMeeting {
  const r = String(reference ?? "").trim();
  const m = taskingStateOf(ctx).meetings.find((x) => x.reference === r);
  if (!m || RANK[m.marking] > RANK[me.clearance]) failWith("not-found", `no meeting '${r}'`);
  return m;
}

function openForChanges(ctx: MockContext, m: StoredMeeting): void {
  if (m.signed_off_at) {
    failWith(
      "illegal-transition",
      `${m.reference} is signed off and cannot change; record a new decision at a later meeting that supersedes the old one`,
    );
  }
}

function meetingView(st: TaskingState, m: StoredMeeting): MeetingView {
  const { decisionIds, ...rest } = m;
  const attendees = [...m.attendees].sort((a, b) => Number(a.is_partner) - Number(b.is_partner) || a.name.localeCompare(b.name));
  const decisions = decisionIds.map((id) => decisionView(st, st.decisions.find((d) => d.id === id)!));
  return structuredClone({ ...rest, attendees, decisions });
}

function checkAttendees(ctx: MockContext, list: Attendee[]): void {
  const seen = new Set<string>();
  for (const a of list) {
    const name = text(ctx, "an attendee's name", a.name);
    text(ctx, `${name}'s organisation`, a.organisation);
    if (a.is_partner && !a.consent) {
      failWith("invalid-input", `${name} attends for a partner agency: partners take part by mutual consent, so record that consent was given`);
    }
    if (seen.has(name.toLowerCase())) failWith("invalid-input", `${name} is listed twice`);
    seen.add(name.toLowerCase());
  }
}

/** `insert_decision`: the rules that tie a decision to its meeting. */
function insertDecision(ctx: MockContext, me: Me, m: StoredMeeting, d: NewDecision): StoredDecision {
  const st = taskingStateOf(ctx);
  openForChanges(ctx, m);
  if (!decisionAllowedAt(d.kind, m.kind)) {
    failWith(
      "illegal-transition",
      d.kind === "control-strategy"
        ? "only the ST&CG sets or amends the control strategy; record this decision at an ST&CG meeting"
        : `a ${TITLE[m.kind]} cannot take a ${d.kind} decision`,
    );
  }
  const summary = text(ctx, "the decision", d.summary);
  const rationale = text(ctx, "the rationale for the decision", d.rationale);
  const maker = text(ctx, "the decision maker", d.decision_maker);
  const escalated = optionalText(d.escalated_to);
  if (d.kind === "escalation" && !escalated) failWith("invalid-input", "an escalation must say to whom the issue is escalated");
  const supersedes = d.supersedes ?? null;
  if (supersedes !== null && !st.decisions.some((x) => x.id === supersedes)) failWith("not-found", `no decision ${supersedes} to supersede`);
  const stored: StoredDecision = {
    id: st.nextDecision++, meeting: m.reference, meeting_kind: m.kind, held_on: m.held_on, kind: d.kind, summary, rationale,
    decision_maker: maker, escalated_to: escalated, supersedes, recorded_by: me.username, recorded_at: ctx.now(),
  };
  st.decisions.push(stored);
  m.decisionIds.push(stored.id);
  ctx.audit("meeting.decision", `meeting:${m.reference}`, { decision: stored.id, kind: d.kind });
  return stored;
}

function visibleDecision(ctx: MockContext, me: Me, id: number): StoredDecision {
  const st = taskingStateOf(ctx);
  const d = st.decisions.find((x) => x.id === id);
  const m = d && st.meetings.find((x) => x.reference === d.meeting);
  if (!d || !m || RANK[m.marking] > RANK[me.clearance]) failWith("not-found", `no decision ${id}`);
  return d;
}

function requirementView(ctx: MockContext, me: Me, r: StoredRequirement): RequirementView {
  const { acknowledged, ...rest } = r;
  const answered = r.questions.filter((q) => q.answers.length > 0).length;
  const approvedStrategic = r.state === "approved" && r.kind === "strategic";
  return structuredClone({
    ...rest,
    review_overdue: r.state === "approved" && r.review_due < isoDay(0),
    questions_answered: answered,
    gaps: r.questions.filter((q) => q.answers.length === 0).map((q) => q.question),
    acknowledged_by_me: acknowledged.includes(me.username),
    acknowledgements: acknowledged.length,
    not_yet_acknowledged: approvedStrategic ? STAFF.filter((u) => !acknowledged.includes(u)) : [],
  });
}

function loadRequirement(ctx: MockContext, me: Me, reference: unknown): StoredRequirement {
  const r = String(reference ?? "").trim();
  const found = taskingStateOf(ctx).requirements.find((x) => x.reference === r);
  if (!found || RANK[found.marking] > RANK[me.clearance]) failWith("not-found", `no requirement '${r}'`);
  return found;
}

function refreshOverdue(a: ActionView): ActionView {
  const closed = a.status === "done" || a.status === "cancelled";
  return { ...a, overdue: !closed && a.due_on < isoDay(0) };
}

function listActions(ctx: MockContext, filter: ActionFilter): ActionView[] {
  const me = authorise(ctx, "record-read");
  const st = taskingStateOf(ctx);
  const soon = isoDay(7);
  const visible = st.actions.map(refreshOverdue).filter((a) => {
    const m = st.meetings.find((x) => x.reference === a.meeting);
    return m && RANK[m.marking] <= RANK[me.clearance];
  });
  const open = (a: ActionView) => a.status === "open" || a.status === "in-progress";
  const chosen = visible.filter((a) =>
    filter === "open" ? open(a) : filter === "overdue" ? open(a) && a.overdue : filter === "due-soon" ? open(a) && a.due_on <= soon : true,
  );
  return structuredClone(chosen.sort((a, b) => a.due_on.localeCompare(b.due_on) || a.reference.localeCompare(b.reference)).map((a) => ({ ...a, history: [] })));
}

function currentStrategy(st: TaskingState): StoredStrategy | null {
  return st.strategies.length ? st.strategies[st.strategies.length - 1] : null;
}

function checkStrategy(ctx: MockContext, s: NewStrategy): void {
  text(ctx, "the control strategy's summary", s.summary);
  if (!s.issues.some((i) => i.is_priority)) failWith("invalid-input", "a control strategy needs at least one priority");
  const keys = new Set<string>();
  for (const i of s.issues) {
    const title = text(ctx, "an issue's title", i.title);
    if (!/^[a-z0-9-]{1,64}$/.test(i.key)) {
      failWith("invalid-input", `'${i.key}' is not a usable key for ${title}: use lower-case letters, digits and '-', e.g. county-lines`);
    }
    if (keys.has(i.key)) failWith("invalid-input", `the key '${i.key}' is used twice`);
    keys.add(i.key);
    text(ctx, `the reason ${title} is${i.is_priority ? "" : " not"} a priority`, i.reason);
    if (i.is_priority) {
      if (!optionalText(i.owner)) failWith("invalid-input", `the priority ${title} needs an owner responsible for its delivery plan`);
      if (!optionalText(i.delivery_plan)) failWith("invalid-input", `the priority ${title} needs a delivery plan`);
      if (i.strands.length === 0) {
        failWith("invalid-input", `the priority ${title} needs at least one strand: prevention, intelligence, enforcement or reassurance`);
      }
    }
  }
}

/** `check_objectives`: trimmed, blanks dropped, at least one. */
function checkObjectives(list: unknown): string[] {
  const out = (Array.isArray(list) ? list : []).map((o) => String(o ?? "").trim()).filter((o) => o);
  if (out.length === 0) failWith("invalid-input", "state the review's objectives: at least one");
  return out;
}

/** The review's row by reference; like the core's `load`, no clearance check (the view that follows has one). */
function loadReview(ctx: MockContext, reference: unknown): StoredReview {
  const r = String(reference ?? "");
  const found = taskingStateOf(ctx).reviews.find((x) => x.reference === r.trim());
  if (!found) failWith("not-found", `no operational review '${r}'`);
  return found;
}

/** `operational_review`: visible when its meeting's marking is within the person's clearance. */
function reviewView(ctx: MockContext, me: Me, r: StoredReview): OperationalReview {
  const m = taskingStateOf(ctx).meetings.find((x) => x.reference === r.meeting);
  if (!m || RANK[m.marking] > RANK[me.clearance]) failWith("not-found", `no operational review '${r.reference}'`);
  const { started_by: _s, created_by: _c, created_at: _a, ...view } = r;
  return structuredClone(view);
}

function listReviews(ctx: MockContext): OperationalReview[] {
  const me = authorise(ctx, "record-read");
  const out: OperationalReview[] = [];
  for (const r of [...taskingStateOf(ctx).reviews].reverse()) {
    try {
      out.push(reviewView(ctx, me, r));
    } catch (e) {
      if ((e as { code?: string }).code !== "not-found") throw e;
    }
  }
  return out;
}

const STRAND_ORDER = ["prevention", "intelligence", "enforcement", "reassurance"];

export const taskingHandlers: Handlers = {
  list_meetings(a, ctx): MeetingSummary[] {
    const me = authorise(ctx, "record-read");
    const st = taskingStateOf(ctx);
    const kind = (a.kind ?? null) as MeetingKind | null;
    return st.meetings
      .filter((m) => RANK[m.marking] <= RANK[me.clearance] && (kind === null || m.kind === kind))
      .sort((x, y) => y.held_on.localeCompare(x.held_on) || y.reference.localeCompare(x.reference))
      .map((m) => ({
        reference: m.reference, kind: m.kind, held_on: m.held_on, title: m.title, chair: m.chair, marking: m.marking,
        decisions: m.decisionIds.length, signed_off: m.signed_off_at !== null,
      }));
  },

  meeting(a, ctx): MeetingView {
    const me = authorise(ctx, "record-read");
    return meetingView(taskingStateOf(ctx), loadMeeting(ctx, me, a.reference));
  },

  create_meeting(a, ctx): MeetingView {
    const me = authorise(ctx, "manage-meetings");
    const m = (a.meeting ?? {}) as NewMeeting;
    const heldOn = date(ctx, "the meeting date", m.held_on);
    const title = text(ctx, "the meeting's title", m.title);
    const chair = text(ctx, "the chair", m.chair);
    const attendees = (m.attendees ?? []).map((x) => ({ ...x, name: x.name.trim(), organisation: x.organisation.trim() }));
    checkAttendees(ctx, attendees);
    if (RANK[m.marking] > RANK[me.clearance]) {
      failWith("permission-denied", `you are cleared to ${me.clearance} and cannot record a ${m.marking} meeting`);
    }
    const st = taskingStateOf(ctx);
    const stored: StoredMeeting = {
      reference: nextReference(st, PREFIX[m.kind]), kind: m.kind, held_on: heldOn, title, chair, marking: m.marking, notes: "",
      attendees, agenda: [], created_by: me.username, signed_off_by: null, signed_off_at: null, decisionIds: [],
    };
    st.meetings.push(stored);
    ctx.audit("meeting.create", `meeting:${stored.reference}`, { kind: m.kind, attendees: attendees.length });
    return meetingView(st, stored);
  },

  set_meeting_attendees(a, ctx): MeetingView {
    const me = authorise(ctx, "manage-meetings");
    const list = (a.attendees ?? []) as Attendee[];
    checkAttendees(ctx, list);
    const m = loadMeeting(ctx, me, a.reference);
    openForChanges(ctx, m);
    m.attendees = list.map((x) => ({ ...x, name: x.name.trim(), organisation: x.organisation.trim() }));
    ctx.audit("meeting.attendees", `meeting:${m.reference}`, { attendees: list.length });
    return meetingView(taskingStateOf(ctx), m);
  },

  propose_agenda(a, ctx): AgendaItem[] {
    const me = authorise(ctx, "manage-meetings");
    const m = loadMeeting(ctx, me, a.reference);
    const st = taskingStateOf(ctx);
    const items: AgendaItem[] = [];
    for (const p of currentStrategy(st)?.issues.filter((i) => i.is_priority) ?? []) {
      items.push({ title: `Priority: ${p.title} — progress against the delivery plan`, source: "priority", source_ref: p.key });
    }
    for (const r of st.requirements.filter((r) => r.state === "approved" && r.review_due <= m.held_on)) {
      items.push({ title: `Review requirement: ${r.title}`, source: "requirement", source_ref: r.reference });
    }
    for (const x of st.actions.filter((x) => (x.status === "open" || x.status === "in-progress") && x.due_on < m.held_on)) {
      items.push({ title: `Overdue action: ${x.title} (${x.owner})`, source: "action", source_ref: x.reference });
    }
    return items;
  },

  set_meeting_agenda(a, ctx): MeetingView {
    const me = authorise(ctx, "manage-meetings");
    const agenda = (a.agenda ?? []) as AgendaItem[];
    for (const item of agenda) text(ctx, "an agenda item's title", item.title);
    const m = loadMeeting(ctx, me, a.reference);
    openForChanges(ctx, m);
    m.agenda = agenda.map((i) => ({ title: i.title.trim(), source: i.source, source_ref: optionalText(i.source_ref) }));
    ctx.audit("meeting.agenda", `meeting:${m.reference}`, { items: agenda.length });
    return meetingView(taskingStateOf(ctx), m);
  },

  record_decision(a, ctx): DecisionView {
    const me = authorise(ctx, "manage-meetings");
    const d = (a.decision ?? {}) as NewDecision;
    if (d.kind === "control-strategy" || d.kind === "requirement-approval") {
      failWith(
        "invalid-input",
        "a control strategy or requirement approval decision is recorded with what it sets: use set_control_strategy or approve_requirement",
      );
    }
    const m = loadMeeting(ctx, me, a.reference);
    return decisionView(taskingStateOf(ctx), insertDecision(ctx, me, m, d));
  },

  sign_off_meeting(a, ctx): MeetingView {
    const me = authorise(ctx, "sign-off-meeting");
    const m = loadMeeting(ctx, me, a.reference);
    if (m.signed_off_at) failWith("conflict", `${m.reference} is already signed off`);
    if (m.attendees.length === 0) {
      failWith("invalid-input", `${m.reference} has no attendees recorded; record who attended before signing off`);
    }
    m.signed_off_by = me.username;
    m.signed_off_at = ctx.now();
    ctx.audit("meeting.sign-off", `meeting:${m.reference}`, { decisions: m.decisionIds.length });
    return meetingView(taskingStateOf(ctx), m);
  },

  decision_log(a, ctx): DecisionView[] {
    const me = authorise(ctx, "record-read");
    const st = taskingStateOf(ctx);
    const limit = Math.min(Math.max(Number(a.limit) || 1, 1), 10_000);
    return st.decisions
      .filter((d) => {
        const m = st.meetings.find((x) => x.reference === d.meeting);
        return m && RANK[m.marking] <= RANK[me.clearance];
      })
      .sort((x, y) => y.id - x.id)
      .slice(0, limit)
      .map((d) => decisionView(st, d));
  },

  control_strategy(a, ctx): ControlStrategy | null {
    authorise(ctx, "record-read");
    const st = taskingStateOf(ctx);
    if (a.version === null || a.version === undefined) return structuredClone(currentStrategy(st));
    const v = st.strategies.find((s) => s.version === Number(a.version));
    if (!v) failWith("not-found", `no control strategy version ${String(a.version)}`);
    return structuredClone(v);
  },

  control_strategy_history(_a, ctx): ControlStrategy[] {
    authorise(ctx, "record-read");
    return structuredClone([...taskingStateOf(ctx).strategies].reverse());
  },

  set_control_strategy(a, ctx): ControlStrategy {
    const me = authorise(ctx, "set-control-strategy");
    const decision = { ...((a.decision ?? {}) as NewDecision), kind: "control-strategy" as DecisionKind };
    const strategy = (a.strategy ?? { summary: "", issues: [] }) as NewStrategy;
    checkStrategy(ctx, strategy);
    const m = loadMeeting(ctx, me, a.meeting);
    if (m.kind !== "stcg") {
      failWith(
        "illegal-transition",
        `${m.reference} is a ${TITLE[m.kind]} meeting: only the ST&CG sets or amends the control strategy, so record it at an ST&CG meeting`,
      );
    }
    const d = insertDecision(ctx, me, m, decision);
    const st = taskingStateOf(ctx);
    const version: StoredStrategy = {
      version: (currentStrategy(st)?.version ?? 0) + 1, summary: strategy.summary.trim(), meeting: m.reference, held_on: m.held_on,
      decision_id: d.id, rationale: d.rationale, decision_maker: d.decision_maker, set_by: me.username, set_at: ctx.now(),
      issues: strategy.issues.map((i) => ({
        ...i, title: i.title.trim(), reason: i.reason.trim(), owner: optionalText(i.owner), delivery_plan: optionalText(i.delivery_plan),
      })),
    };
    st.strategies.push(version);
    ctx.audit("control-strategy.set", `control-strategy:v${version.version}`, { meeting: m.reference, decision: d.id });
    return structuredClone(version);
  },

  list_requirements(_a, ctx): RequirementSummary[] {
    const me = authorise(ctx, "record-read");
    return taskingStateOf(ctx)
      .requirements.filter((r) => RANK[r.marking] <= RANK[me.clearance])
      .map((r) => ({
        reference: r.reference, kind: r.kind, title: r.title, operation: r.operation, marking: r.marking, state: r.state,
        review_due: r.review_due, questions: r.questions.length, questions_answered: r.questions.filter((q) => q.answers.length > 0).length,
      }));
  },

  requirement(a, ctx): RequirementView {
    const me = authorise(ctx, "record-read");
    return requirementView(ctx, me, loadRequirement(ctx, me, a.reference));
  },

  draft_requirement(a, ctx): RequirementView {
    const me = authorise(ctx, "manage-requirements");
    const r = (a.requirement ?? {}) as NewRequirement;
    const title = text(ctx, "the requirement's title", r.title);
    const operation = optionalText(r.operation);
    if (r.kind === "tactical" && !operation) failWith("invalid-input", "a tactical requirement names the investigation or operation it serves");
    const reviewDue = date(ctx, "the review date", r.review_due);
    if (!r.questions?.length) failWith("invalid-input", "a requirement is a set of questions: add at least one");
    if (RANK[r.marking] > RANK[me.clearance]) failWith("permission-denied", `you are cleared to ${me.clearance} and cannot record ${r.marking} material`);
    const st = taskingStateOf(ctx);
    const keys = currentStrategy(st)?.issues.map((i) => i.key) ?? [];
    for (const q of r.questions) {
      text(ctx, "a question", q.question);
      const k = optionalText(q.issue_key);
      if (k && !keys.includes(k)) {
        failWith("invalid-input", `'${k}' is not an issue in the control strategy in force; link questions to its issues by key`);
      }
    }
    const kind: RequirementKind = r.kind;
    const questions: QuestionView[] = r.questions.map((q, i) => ({
      id: st.nextQuestion++, position: i + 1, question: q.question.trim(), issue_key: optionalText(q.issue_key), answers: [],
    }));
    const stored: StoredRequirement = {
      reference: nextReference(st, kind === "strategic" ? "SIR" : "TIR"), kind, title, operation, marking: r.marking, state: "draft",
      review_due: reviewDue, approved_by_decision: null, approved_at: null, published_with_version: null, questions,
      created_by: me.username, acknowledged: [],
    };
    st.requirements.push(stored);
    ctx.audit("requirement.draft", `requirement:${stored.reference}`, { kind, questions: questions.length });
    return requirementView(ctx, me, stored);
  },

  approve_requirement(a, ctx): RequirementView {
    const me = authorise(ctx, "approve-requirement");
    const decision = { ...((a.decision ?? {}) as NewDecision), kind: "requirement-approval" as DecisionKind };
    const req = loadRequirement(ctx, me, a.reference);
    if (req.state !== "draft") failWith("conflict", `${req.reference} is already ${req.state}`);
    const m = loadMeeting(ctx, me, a.meeting);
    const st = taskingStateOf(ctx);
    let published: number | null = null;
    if (req.kind === "strategic") {
      if (m.kind !== "stcg") {
        failWith(
          "illegal-transition",
          `${req.reference} is a strategic requirement: only the ST&CG approves it, and ${m.reference} is a ${TITLE[m.kind]}`,
        );
      }
      const current = currentStrategy(st);
      if (!current) {
        failWith("illegal-transition", "a strategic requirement is published with the control strategy: set the control strategy first");
      }
      published = current.version;
    }
    const d = insertDecision(ctx, me, m, decision);
    req.state = "approved";
    req.approved_by_decision = d.id;
    req.approved_at = ctx.now();
    req.published_with_version = published;
    ctx.audit("requirement.approve", `requirement:${req.reference}`, { meeting: m.reference, decision: d.id });
    return requirementView(ctx, me, req);
  },

  answer_requirement(a, ctx): RequirementView {
    const me = authorise(ctx, "answer-requirement");
    const req = loadRequirement(ctx, me, a.reference);
    if (req.state !== "approved") {
      failWith("illegal-transition", `${req.reference} is ${req.state}: only an approved requirement collects answers`);
    }
    const q = req.questions.find((x) => x.id === Number(a.questionId));
    if (!q) failWith("not-found", `${req.reference} has no question ${String(a.questionId)}`);
    const reportRef = String(a.report ?? "").trim();
    const report = ctx.data.reports.find((r) => r.reference === reportRef);
    if (!report || RANK[report.marking] > RANK[me.clearance]) failWith("not-found", `no report with reference '${reportRef}'`);
    if (q.answers.some((x) => x.reference === reportRef)) {
      failWith("conflict", `${reportRef} is already marked as answering that question`);
    }
    q.answers.push({
      reference: reportRef, grade: grade(report.current_grade), summary: report.sanitised_text, note: String(a.note ?? "").trim(),
      linked_by: me.username, linked_at: ctx.now(),
    });
    ctx.audit("requirement.answer", `requirement:${req.reference}`, { question: q.id, report: reportRef });
    return requirementView(ctx, me, req);
  },

  acknowledge_requirement(a, ctx): RequirementView {
    const me = authorise(ctx, "record-read");
    const req = loadRequirement(ctx, me, a.reference);
    if (req.state !== "approved") failWith("illegal-transition", `${req.reference} is ${req.state}, not approved`);
    if (!req.acknowledged.includes(me.username)) {
      req.acknowledged.push(me.username);
      ctx.audit("requirement.acknowledge", `requirement:${req.reference}`);
    }
    return requirementView(ctx, me, req);
  },

  list_actions(a, ctx): ActionView[] {
    return listActions(ctx, (a.filter ?? "all") as ActionFilter);
  },

  raise_action(a, ctx): ActionView {
    const me = authorise(ctx, "manage-actions");
    const x = (a.action ?? {}) as NewAction;
    const title = text(ctx, "the action", x.title);
    const owner = text(ctx, "the action's owner", x.owner);
    const due = date(ctx, "the due date", x.due_on);
    const st = taskingStateOf(ctx);
    const d = visibleDecision(ctx, me, Number(a.decisionId));
    if (decisionView(st, d).superseded_by !== null) {
      failWith("illegal-transition", `decision ${d.id} has been superseded; raise the action from the decision that replaced it`);
    }
    const view: ActionView = {
      reference: nextReference(st, "ACT"), decision_id: d.id, meeting: d.meeting, title, strand: x.strand, issue_key: optionalText(x.issue_key),
      owner, due_on: due, status: "open", result: "", overdue: false, created_by: me.username, updated_at: ctx.now(), history: [],
    };
    st.actions.push(refreshOverdue(view));
    ctx.audit("action.raise", `action:${view.reference}`, { decision: d.id });
    return structuredClone(refreshOverdue(view));
  },

  update_action(a, ctx): ActionView {
    const me = authorise(ctx, "manage-actions");
    const note = text(ctx, "a note on the update", a.note);
    const result = String(a.result ?? "").trim();
    const status = a.status as ActionStatus;
    if (status === "done" && !result) failWith("invalid-input", "record the result of a completed action (what was done and its effect)");
    const st = taskingStateOf(ctx);
    const ref = String(a.reference ?? "").trim();
    const x = st.actions.find((y) => y.reference === ref);
    if (!x) failWith("not-found", `no action '${ref}'`);
    visibleDecision(ctx, me, x.decision_id);
    if (x.status === "done" || x.status === "cancelled") failWith("illegal-transition", `${ref} is ${x.status}; a closed action cannot change`);
    x.status = status;
    if (result) x.result = result;
    x.updated_at = ctx.now();
    x.history.push({ status, note, result, updated_by: me.username, updated_at: x.updated_at });
    ctx.audit("action.update", `action:${ref}`, { to: status });
    return structuredClone(refreshOverdue(x));
  },

  results_analysis(_a, ctx): DeliveryResults[] {
    const all = listActions(ctx, "all");
    const issues = currentStrategy(taskingStateOf(ctx))?.issues ?? [];
    const groups = new Map<string, { order: number; row: DeliveryResults }>();
    for (const x of all) {
      const at = x.issue_key ? issues.findIndex((i) => i.key === x.issue_key) : -1;
      const issue = at >= 0 ? issues[at] : null;
      const key = `${x.issue_key ?? ""}|${x.strand}`;
      let g = groups.get(key);
      if (!g) {
        g = {
          order: at >= 0 ? at : Number.MAX_SAFE_INTEGER,
          row: {
            issue_key: x.issue_key, issue_title: issue?.title ?? null, owner: issue?.owner ?? null, delivery_plan: issue?.delivery_plan ?? null,
            strand: x.strand, total: 0, done: 0, open: 0, overdue: 0, cancelled: 0, results: [],
          },
        };
        groups.set(key, g);
      }
      g.row.total += 1;
      if (x.status === "done") {
        g.row.done += 1;
        g.row.results.push(`${x.reference}: ${x.result}`);
      } else if (x.status === "cancelled") g.row.cancelled += 1;
      else {
        g.row.open += 1;
        if (x.overdue) g.row.overdue += 1;
      }
    }
    const strandOrder = ["prevention", "intelligence", "enforcement", "reassurance"];
    return [...groups.values()]
      .sort((p, q) => p.order - q.order || strandOrder.indexOf(p.row.strand) - strandOrder.indexOf(q.row.strand))
      .map((g) => g.row);
  },

  list_operational_reviews(_a, ctx): OperationalReview[] {
    return listReviews(ctx);
  },

  commission_operational_review(a, ctx): OperationalReview {
    const me = authorise(ctx, "manage-operational-review");
    const decision = { ...((a.decision ?? {}) as NewDecision), kind: "commission" as DecisionKind };
    const review = (a.review ?? {}) as NewOperationalReview;
    const operation = text(ctx, "the operation", review.operation);
    const scope = text(ctx, "the review's scope", review.scope);
    const plannedStart = date(ctx, "the operation's planned start", review.planned_start);
    const objectives = (review.objectives ?? []).length === 0 ? [] : checkObjectives(review.objectives);
    const m = loadMeeting(ctx, me, a.meeting);
    if (m.kind !== "ttcg") {
      failWith("illegal-transition", `operational review is commissioned by the TT&CG; ${String(a.meeting)} is a ${TITLE[m.kind]}`);
    }
    const d = insertDecision(ctx, me, m, decision);
    const st = taskingStateOf(ctx);
    const stored: StoredReview = {
      reference: nextReference(st, "OR"), operation, scope, planned_start: plannedStart, objectives, meeting: m.reference, decision_id: d.id,
      started_at: null, started_by: null, findings: null, completed_at: null, completed_by: null, created_by: me.username, created_at: ctx.now(),
    };
    st.reviews.push(stored);
    ctx.audit("operational-review.commission", `operational-review:${stored.reference}`, { meeting: m.reference, decision: d.id, operation, objectives });
    return reviewView(ctx, me, stored);
  },

  set_review_objectives(a, ctx): OperationalReview {
    const me = authorise(ctx, "manage-operational-review");
    const objectives = checkObjectives(a.objectives);
    const r = loadReview(ctx, a.reference);
    if (r.started_at) {
      failWith(
        "illegal-transition",
        `the operation under ${String(a.reference)} has started: its objectives were fixed before it began and cannot change`,
      );
    }
    r.objectives = objectives;
    ctx.audit("operational-review.objectives", `operational-review:${String(a.reference)}`, { objectives });
    return reviewView(ctx, me, r);
  },

  record_operation_start(a, ctx): OperationalReview {
    const me = authorise(ctx, "manage-operational-review");
    const r = loadReview(ctx, a.reference);
    if (r.started_at) failWith("conflict", `the start of the operation under ${String(a.reference)} is already recorded`);
    if (r.objectives.length === 0) {
      failWith(
        "illegal-transition",
        `state the objectives of ${String(a.reference)} before the operation begins; they cannot be added afterwards`,
      );
    }
    r.started_at = ctx.now();
    r.started_by = me.username;
    ctx.audit("operational-review.start", `operational-review:${String(a.reference)}`);
    return reviewView(ctx, me, r);
  },

  record_review_findings(a, ctx): OperationalReview {
    const me = authorise(ctx, "manage-operational-review");
    const f = (a.findings ?? {}) as Partial<ReviewFindings>;
    const impact = text(ctx, "the impact of the tactical activity", f.impact);
    const lessons = text(ctx, "the lessons learned", f.lessons);
    const goodPractice = text(ctx, "the good practice identified", f.good_practice);
    const recommendations = (f.recommendations ?? []) as Recommendation[];
    if (recommendations.length === 0) failWith("invalid-input", "a review draws conclusions and makes recommendations: add at least one");
    for (const rec of recommendations) text(ctx, "a recommendation", rec.text);
    const r = loadReview(ctx, a.reference);
    if (!r.started_at) {
      failWith("illegal-transition", `the operation under ${String(a.reference)} has not started: findings come after the operation`);
    }
    if (r.completed_at) failWith("conflict", `${String(a.reference)} is already complete`);
    // The core stores the recommendations as sent (only the three texts are trimmed).
    r.findings = { impact, lessons, good_practice: goodPractice, recommendations: recommendations.map((x) => ({ strand: x.strand, text: x.text })) };
    r.completed_at = ctx.now();
    r.completed_by = me.username;
    ctx.audit("operational-review.findings", `operational-review:${String(a.reference)}`, { recommendations: recommendations.length });
    return reviewView(ctx, me, r);
  },

  tactical_options(_a, ctx): TacticalOption[] {
    const out: TacticalOption[] = [];
    for (const r of listReviews(ctx)) {
      if (!r.findings || !r.completed_at) continue;
      for (const rec of r.findings.recommendations) out.push({ strand: rec.strand, text: rec.text, review: r.reference, operation: r.operation });
    }
    // A stable sort by strand, as the core's sort_by: within a strand the newest review comes first.
    return out.sort((x, y) => STRAND_ORDER.indexOf(x.strand) - STRAND_ORDER.indexOf(y.strand));
  },

  daily_briefing(_a, ctx): DailyBriefing {
    const me = authorise(ctx, "record-read");
    const st = taskingStateOf(ctx);
    const since = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
    const tomorrow = isoDay(1);
    // The mock's seed reports are dated in the past; it treats every high-priority one as recent.
    const high = ctx.data.reports
      .filter((r) => r.priority === "high" && !r.disposed_at && RANK[r.marking] <= RANK[me.clearance])
      .map((r) => ({ reference: r.reference, recorded_at: r.recorded_at, marking: r.marking, status: r.status, grade: grade(r.current_grade), summary: r.sanitised_text }));
    return {
      generated_at: ctx.now(),
      since,
      high_priority: high,
      actions_due: listActions(ctx, "open").filter((x) => x.overdue || x.due_on <= tomorrow),
      strategy_changes: st.strategies
        .filter((s) => s.set_at >= since)
        .map((s) => ({ version: s.version, set_at: s.set_at, meeting: s.meeting, summary: s.summary, priorities: s.issues.filter((i) => i.is_priority).map((i) => i.title) })),
      requirements_approved: (taskingHandlers.list_requirements({}, ctx) as RequirementSummary[]).filter((r) => {
        const approvedAt = st.requirements.find((x) => x.reference === r.reference)?.approved_at;
        return r.state === "approved" && !!approvedAt && approvedAt >= since;
      }),
      decisions: st.decisions.filter((d) => d.recorded_at >= since).map((d) => decisionView(st, d)).reverse(),
      taskings_received: [],
    };
  },
};

