// Browser-mock handlers for my work, intake, evaluation, sanitisation,
// status, review and the demonstration data. They follow the core
// (crates/intel-core/src/cycle/{records,evaluation,sanitise,work,status,
// review,view,demo}.rs and domain/grading.rs): same permission checks in the
// same order, same messages, audit entries where the core writes them.
// Never loaded inside Tauri.

import type {
  Action,
  AttachmentInfo,
  AttachmentInput,
  Dissemination,
  GradeRecord,
  LinkedEntity,
  Marking,
  MyWork,
  QueueItem,
  ReportView,
  RetentionRule,
  ReviewDue,
  Role,
  Status,
} from "../ipc";
import type { Handler, Handlers, MockContext } from "./context";
import { grade } from "./context";
import { ALL_ACTIONS } from "./permissions";
import { searchHandlers } from "./search";
import { canMoveTo, STATUSES } from "../report-labels";
import { adminHandlers } from "./admin";

/** Items per queue on My work (QUEUE_PREVIEW in src-tauri/commands/work.rs). */
export const QUEUE_PREVIEW = 25;
const MAX_ATTACHMENT_BYTES = 64 * 1024 * 1024;
const DISPOSED = "[content disposed of at review]";
const DEMO_PREFIX = "DEMONSTRATION DATA (fictitious): ";

const ROLE_TITLES: Record<Role, string> = {
  "director-of-intelligence": "Director of intelligence",
  "intelligence-manager": "Intelligence manager",
  "intelligence-officer": "Intelligence officer",
  "principal-analyst": "Principal analyst",
  analyst: "Analyst",
  researcher: "Researcher",
};

const ACTION_TEXT: Record<Action, string> = {
  "record-create": "record an intelligence report",
  "record-read": "read a report (sanitised text, grades, history)",
  "view-original-text": "read the original, unsanitised wording",
  evaluate: "evaluate or re-evaluate (3x5x2)",
  sanitise: "write the sanitised wording",
  develop: "create entities, link them to reports, record associations",
  "merge-entities": "merge duplicate entities and undo merges",
  "change-status": "move a report through the cycle",
  "request-dissemination": "make a dissemination (code P) or request one (code C)",
  "authorise-dissemination": "authorise or refuse a dissemination",
  review: "review a record for retention",
  search: "search the store",
  "read-audit": "read and verify the audit trail",
  "manage-users": "add, lock and reset users",
  "manage-configuration": "change unit settings (reference format, retention schedule, idle lock)",
  "rotate-data-key": "rotate the store's data key",
  "export-bundle": "export bundles for the force system",
  "export-full-bundle": "export full bundles (original wording and working notes)",
  "import-bundle": "import bundles from other units",
  sync: "sync with the force gateway",
  "manage-trust": "manage this workstation's keys and the trusted peers",
  "manage-meetings": "record tasking and coordination meetings: attendance, agenda and decisions with their rationale",
  "sign-off-meeting": "sign off a meeting record, after which it cannot change",
  "set-control-strategy": "set or amend the control strategy, as a decision of an ST&CG meeting",
  "manage-requirements": "draft intelligence requirements and their questions",
  "approve-requirement": "approve an intelligence requirement, as a decision of a tasking and coordination meeting",
  "answer-requirement": "mark a report as answering a requirement's question",
  "manage-actions": "raise actions from decisions and record their progress and results",
  "manage-operational-review": "run an operational review: objectives before the operation, findings after",
  "draft-product": "draft an intelligence product from its terms of reference",
  "review-product": "peer review someone else's intelligence product",
  "approve-product": "approve an intelligence product for release",
  "export-product": "export an approved product to PDF or HTML (audited)",
};
const ADMINISTRATIVE: Action[] = ["manage-users", "manage-configuration", "rotate-data-key"];

const MARKING_RANK: Record<string, number> = { OFFICIAL: 0, "OFFICIAL-SENSITIVE": 1 };

export interface Me {
  username: string;
  displayName: string;
  role: Role;
  clearance: Marking;
}

/** `Session::authorise`: the signed-in person, refused in the core's words. */
export function authorise(ctx: MockContext, action: Action): Me {
  const s = ctx.session();
  const listed = ctx.data.users.find((u) => u.username === s.username);
  if (listed?.locked) ctx.fail("user-locked", "your account has been locked by an administrator");
  if (!ctx.can(action)) {
    const admin = ADMINISTRATIVE.includes(action) ? " (administrators only)" : "";
    ctx.fail("permission-denied", `a ${ROLE_TITLES[s.role].toLowerCase()} may not ${ACTION_TEXT[action]}${admin}`);
  }
  return { username: s.username, displayName: s.displayName, role: s.role, clearance: listed?.clearance ?? ctx.clearance ?? "OFFICIAL-SENSITIVE" };
}

function required(ctx: MockContext, what: string, value: unknown): string {
  const v = typeof value === "string" ? value : "";
  if (v.trim() === "") ctx.fail("invalid-input", `${what} is required`);
  return v;
}

function audit(ctx: MockContext, action: string, target: string, reason: string, details?: unknown): void {
  ctx.audit(action, target, details);
  const entry = ctx.data.audit[ctx.data.audit.length - 1];
  if (entry) entry.reason = reason;
}

function visibleTo(me: Me, marking: string): boolean {
  return (MARKING_RANK[marking] ?? 9) <= MARKING_RANK[me.clearance];
}

/** `visible_report`: a report above the person's clearance does not exist for them. */
function visibleReport(ctx: MockContext, me: Me, reference: unknown): ReportView {
  const ref = String(reference ?? "");
  const r = ctx.data.reports.find((x) => x.reference === ref);
  if (!r || !visibleTo(me, r.marking)) ctx.fail("not-found", `no report with reference '${ref}'`);
  return r;
}

function vocabulary<T extends string>(ctx: MockContext, value: unknown, allowed: readonly T[], what: string): T {
  const v = String(value ?? "").trim().toLowerCase();
  const hit = allowed.find((a) => a.toLowerCase() === v);
  if (!hit) ctx.fail("invalid-input", `'${String(value ?? "")}' is not a known ${what}; use one of: ${allowed.join(", ")}`);
  return hit;
}

// ---- status ---------------------------------------------------------------

function moveStatus(ctx: MockContext, r: ReportView, to: Status, me: Me, reason: string): void {
  const from = r.status as Status;
  if (!canMoveTo(from, to)) ctx.fail("illegal-transition", `a report cannot move from ${from} to ${to}`);
  r.status = to;
  r.status_history.push({ from_status: from, to_status: to, changed_by: me.username, changed_at: ctx.now(), reason });
}

// ---- recording -------------------------------------------------------------

const SOURCE_TYPES = [
  "officer", "public", "partner-agency", "crimestoppers", "covert-source", "prison", "financial", "public-order", "open-source",
] as const;
const PRIORITIES = ["high", "medium", "low"] as const;

function marking(ctx: MockContext, value: unknown): Marking {
  const s = String(value ?? "");
  const norm = s.trim().toUpperCase().replace(/[_ ]/g, "-");
  if (norm === "OFFICIAL" || norm === "OFFICIAL-SENSITIVE") return norm;
  if (["SECRET", "TOP-SECRET", "UK-SECRET", "UK-TOP-SECRET", "SECRET-UK-EYES-ONLY"].includes(norm)) {
    ctx.fail(
      "marking-refused",
      `${s.trim()} material must not be held on this workstation, which is accredited for OFFICIAL and OFFICIAL-SENSITIVE only; ` +
        "nothing was recorded. Pass it to the unit's SECRET-accredited system",
    );
  }
  return ctx.fail("invalid-input", `'${s}' is not a security marking; use OFFICIAL or OFFICIAL-SENSITIVE`);
}

function validateSource(ctx: MockContext, sourceType: string, sourceRef: string | null): void {
  const r = sourceRef?.trim() || null;
  if (sourceType === "covert-source") {
    if (!r) ctx.fail("invalid-input", "a covert source report needs the source reference number (never the source's name)");
    if (!/^[A-Za-z0-9][A-Za-z0-9/_-]{1,31}$/.test(r) || !/\d/.test(r)) {
      ctx.fail(
        "invalid-input",
        "a covert source reference must be a reference number (letters, digits, '/', '-', up to 32 characters, with at least one digit), never a name",
      );
    }
  }
  if (r && [...r].length > 64) ctx.fail("invalid-input", "the source reference is too long (64 characters at most)");
}

function addMonths(iso: string, months: number): string {
  const d = new Date(iso);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.toISOString();
}

function reviewDueFor(ctx: MockContext, group: number, from: string): string {
  const rule = ctx.data.retention.find((g) => g.review_group === group);
  if (!rule) ctx.fail("invalid-input", `review group ${group} does not exist; groups are 1 to 4`);
  return addMonths(from, rule.review_after_months);
}

function decodeBase64(ctx: MockContext, a: AttachmentInput): Uint8Array {
  try {
    const bin = atob(a.contentBase64);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return ctx.fail("invalid-input", `attachment '${a.fileName}' did not arrive intact; attach it again`);
  }
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", bytes as BufferSource);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

function nextReference(ctx: MockContext, year: number): string {
  const taken = new Set(ctx.data.reports.map((r) => r.reference));
  let ref: string;
  do {
    ref = `IR-${year}-${String(ctx.data.nextReport++).padStart(6, "0")}`;
  } while (taken.has(ref));
  return ref;
}

const recordReport: Handler = async (a, ctx) => {
  const me = authorise(ctx, "record-create");
  const input = (a.input ?? {}) as Record<string, unknown>;
  // The shell decodes the received time and attachments before the core sees the input.
  const receivedRaw = typeof input.receivedAt === "string" ? input.receivedAt.trim() : "";
  let received: string | null = null;
  if (receivedRaw) {
    const t = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(receivedRaw) ? Date.parse(receivedRaw) : NaN;
    if (Number.isNaN(t)) ctx.fail("invalid-input", `'${receivedRaw}' is not a date and time (RFC 3339, e.g. 2026-11-25T09:30:00Z)`);
    received = new Date(t).toISOString();
  }
  const attachmentsIn = Array.isArray(input.attachments) ? (input.attachments as AttachmentInput[]) : [];
  const decoded = attachmentsIn.map((x) => ({ input: x, bytes: decodeBase64(ctx, x) }));

  const m = marking(ctx, input.marking);
  const priority = vocabulary(ctx, input.priority, PRIORITIES, "priority");
  const sourceType = vocabulary(ctx, input.sourceType, SOURCE_TYPES, "source type");
  const text = required(ctx, "the report's text", input.text);
  const sourceRef = typeof input.sourceRef === "string" ? input.sourceRef : null;
  validateSource(ctx, sourceType, sourceRef);
  if (MARKING_RANK[m] > MARKING_RANK[me.clearance]) {
    ctx.fail("permission-denied", `you are cleared to ${me.clearance} and cannot record ${m} material`);
  }
  const now = ctx.now();
  if (received && Date.parse(received) > Date.parse(now) + 5 * 60_000) ctx.fail("invalid-input", "the received time is in the future");
  const group = input.reviewGroup == null ? 4 : Number(input.reviewGroup);
  const reviewDue = reviewDueFor(ctx, group, now);

  const attachments: AttachmentInfo[] = [];
  for (const { input: x, bytes } of decoded) {
    if (bytes.length > MAX_ATTACHMENT_BYTES) {
      ctx.fail(
        "invalid-input",
        `attachment '${x.fileName}' is ${Math.floor(bytes.length / 1_000_000)} MB; the limit is ${Math.floor(MAX_ATTACHMENT_BYTES / 1_000_000)} MB`,
      );
    }
    required(ctx, "the attachment's file name", x.fileName);
    attachments.push({ id: ctx.data.nextId++, file_name: x.fileName, media_type: x.mediaType, size: bytes.length, sha256: await sha256Hex(bytes) });
  }

  const reference = nextReference(ctx, new Date(now).getUTCFullYear());
  const officer = typeof input.submittingOfficer === "string" && input.submittingOfficer.trim() ? input.submittingOfficer : me.displayName;
  ctx.data.reports.push({
    reference,
    marking: m,
    priority,
    status: "received",
    source_type: sourceType,
    source_ref: sourceRef?.trim() || null,
    submitting_officer: officer,
    received_at: received ?? now,
    recorded_at: now,
    recorded_by: me.username,
    sanitised_text: null,
    original_text: text,
    original_visible: true,
    current_grade: null,
    grades: [],
    status_history: [{ from_status: null, to_status: "received", changed_by: me.username, changed_at: now, reason: "recorded" }],
    entities: [],
    attachments,
    disseminations: [],
    reviews: [],
    review_group: group,
    review_due: reviewDue,
    disposed_at: null,
  });
  audit(ctx, "report.create", `report:${reference}`, "", {
    marking: m,
    priority,
    source_type: sourceType,
    attachments: attachments.map((x) => ({ file: x.file_name, sha256: x.sha256, size: x.size })),
  });
  return reference;
};

// ---- reading ----------------------------------------------------------------

function linkedEntities(ctx: MockContext, reference: string): LinkedEntity[] {
  const out: LinkedEntity[] = [];
  for (const l of ctx.data.links) {
    if (l.reference !== reference) continue;
    const e = ctx.data.entities.find((x) => x.id === l.entityId);
    if (e) out.push({ id: e.id, kind: e.kind, object_type: e.object_type, label: e.label, role: l.role });
  }
  return out.sort((x, y) => x.label.localeCompare(y.label));
}

const showReport: Handler = (a, ctx) => {
  const me = authorise(ctx, "record-read");
  const sees = ctx.can("view-original-text");
  const r = visibleReport(ctx, me, a.reference);
  audit(ctx, "report.read", `report:${r.reference}`, "", { original_shown: sees });
  const disseminations: Dissemination[] = ctx.data.disseminations.filter((d) => d.reference === r.reference);
  // A copy: the mock's answers must not share objects with its store, as the real IPC never does.
  return structuredClone({
    ...r,
    source_ref: sees ? r.source_ref : null,
    original_text: sees ? r.original_text : null,
    original_visible: sees,
    current_grade: r.grades.find((g) => g.current) ?? null,
    entities: linkedEntities(ctx, r.reference),
    disseminations: disseminations.length ? disseminations : r.disseminations,
  } satisfies ReportView);
};

// ---- evaluation ---------------------------------------------------------------

const evaluate: Handler = (a, ctx) => {
  const me = authorise(ctx, "evaluate");
  const input = (a.input ?? {}) as Record<string, unknown>;
  const source = vocabulary(ctx, input.source, ["1", "2", "3"] as const, "source evaluation (1, 2 or 3)");
  const intelligence = vocabulary(ctx, input.intelligence, ["A", "B", "C", "D", "E"] as const, "intelligence assessment (A to E)");
  const handling = vocabulary(ctx, input.handling, ["P", "C"] as const, "handling code (P or C)");
  const rationale = typeof input.rationale === "string" ? input.rationale : "";
  const conditions = typeof input.conditions === "string" ? input.conditions : null;
  if (rationale.trim() === "") ctx.fail("invalid-input", "an evaluation needs a rationale: say why these grades were given");
  const hasConditions = conditions !== null && conditions.trim() !== "";
  if (handling === "C" && !hasConditions) {
    ctx.fail(
      "invalid-input",
      "handling code C needs the conditions: the specific handling instructions that apply to sharing this intelligence",
    );
  }
  if (handling === "P" && hasConditions) {
    ctx.fail("invalid-input", "conditions only apply with handling code C; choose C or remove the conditions");
  }
  const r = visibleReport(ctx, me, a.reference);
  if (r.status === "archived") ctx.fail("illegal-transition", "the report is archived; it can no longer be evaluated");
  let superseded = 0;
  for (const g of r.grades) {
    if (g.scheme === "3x5x2" && g.current) {
      g.current = false;
      superseded += 1;
    }
  }
  const record: GradeRecord = {
    scheme: "3x5x2",
    source_grade: source,
    intelligence_grade: intelligence,
    handling_code: handling,
    conditions: conditions?.trim() ?? null,
    rationale: rationale.trim(),
    evaluated_by: me.username,
    evaluated_at: ctx.now(),
    current: true,
  };
  r.grades.push(record);
  r.current_grade = record;
  if (r.status === "received") moveStatus(ctx, r, "evaluated", me, "evaluated");
  audit(ctx, superseded > 0 ? "report.re-evaluate" : "report.evaluate", `report:${r.reference}`, rationale.trim(), {
    grade: grade(record),
    conditions,
  });
  return null;
};

// ---- sanitisation ---------------------------------------------------------------

const sanitise: Handler = (a, ctx) => {
  const me = authorise(ctx, "sanitise");
  const text = required(ctx, "the sanitised text", a.sanitisedText);
  const r = visibleReport(ctx, me, a.reference);
  if (r.status === "archived") ctx.fail("illegal-transition", "the report is archived; it can no longer be sanitised");
  r.sanitised_text = text;
  audit(ctx, "report.sanitise", `report:${r.reference}`, "", {
    identical_to_original: r.original_text === text,
    chars: [...text].length,
  });
  return null;
};

// ---- status -------------------------------------------------------------------------

const changeStatus: Handler = (a, ctx) => {
  const me = authorise(ctx, "change-status");
  const reason = required(ctx, "a reason for the change", a.reason);
  const to = vocabulary(ctx, a.to, STATUSES, "status");
  if (to === "evaluated") ctx.fail("illegal-transition", "a report becomes evaluated by evaluating it");
  if (to === "disseminated") ctx.fail("illegal-transition", "a report becomes disseminated by disseminating it");
  const r = visibleReport(ctx, me, a.reference);
  const from = r.status;
  moveStatus(ctx, r, to, me, reason);
  audit(ctx, "report.status", `report:${r.reference}`, reason, { from, to });
  return null;
};

// ---- review and retention ---------------------------------------------------------------

const reviewReport: Handler = (a, ctx) => {
  const me = authorise(ctx, "review");
  const rationale = required(ctx, "the review's rationale", a.rationale);
  const decision = vocabulary(ctx, a.decision, ["retain", "archive", "dispose"] as const, "review decision");
  const r = visibleReport(ctx, me, a.reference);
  let nextDue: string | null = null;
  if (decision === "retain") {
    nextDue = reviewDueFor(ctx, r.review_group, ctx.now());
    r.review_due = nextDue;
  } else if (r.status !== "archived") {
    moveStatus(ctx, r, "archived", me, `review: ${decision}`);
  }
  if (decision === "dispose") {
    if (r.disposed_at) ctx.fail("conflict", "this report's content has already been disposed of");
    r.original_text = DISPOSED;
    if (r.sanitised_text !== null) r.sanitised_text = DISPOSED;
    r.disposed_at = ctx.now();
  }
  r.reviews.push({ decision, rationale: rationale.trim(), reviewed_by: me.username, reviewed_at: ctx.now(), next_review_due: nextDue });
  audit(ctx, decision === "dispose" ? "report.dispose" : "report.review", `report:${r.reference}`, rationale.trim(), {
    decision,
    next_review_due: nextDue,
  });
  return null;
};

function dueReviews(ctx: MockContext, me: Me, limit: number): { total: number; items: ReviewDue[] } {
  const now = Date.parse(ctx.now());
  const due = ctx.data.reports.filter((r) => Date.parse(r.review_due) <= now && r.status !== "archived" && visibleTo(me, r.marking));
  due.sort((x, y) => x.review_due.localeCompare(y.review_due));
  return {
    total: due.length,
    items: due.slice(0, limit).map((r) => ({ reference: r.reference, review_group: r.review_group, review_due: r.review_due, status: r.status })),
  };
}

const reviewsDue: Handler = (_a, ctx) => {
  const me = authorise(ctx, "review");
  return dueReviews(ctx, me, 500).items;
};

const retentionSchedule: Handler = (_a, ctx): RetentionRule[] => {
  authorise(ctx, "record-read");
  return structuredClone([...ctx.data.retention].sort((x, y) => x.review_group - y.review_group));
};

// ---- my work -------------------------------------------------------------------------

const URGENCY: Record<string, number> = { high: 0, medium: 1, low: 2 };
const HIDDEN_FROM_ACTIVITY = new Set(["search", "report.read", "entity.read", "audit.read", "report.read-attachment", "login"]);

function queue(ctx: MockContext, me: Me, include: (r: ReportView) => boolean): { total: number; items: QueueItem[] } {
  // One pass, keeping only the most urgent few: the mock may hold 100,000 reports.
  let total = 0;
  const top: { r: ReportView; i: number }[] = [];
  const rank = (x: { r: ReportView; i: number }) => (URGENCY[x.r.priority] ?? 2) * 1e9 + x.i;
  ctx.data.reports.forEach((r, i) => {
    if (!include(r) || !visibleTo(me, r.marking)) return;
    total += 1;
    const entry = { r, i };
    if (top.length < QUEUE_PREVIEW || rank(entry) < rank(top[top.length - 1])) {
      top.push(entry);
      top.sort((x, y) => rank(x) - rank(y));
      if (top.length > QUEUE_PREVIEW) top.pop();
    }
  });
  return {
    total,
    items: top.map(({ r }) => ({
      reference: r.reference,
      recorded_at: r.recorded_at,
      priority: r.priority,
      marking: r.marking,
      status: r.status,
      grade: grade(r.grades.find((g) => g.current && g.scheme === "3x5x2") ?? null),
    })),
  };
}

const myWork: Handler = (_a, ctx): MyWork => {
  const me = authorise(ctx, "record-read");
  const work: MyWork = {
    awaiting_evaluation: null,
    awaiting_sanitisation: null,
    awaiting_authorisation: null,
    reviews_due: null,
    recent_activity: [],
  };
  if (ctx.can("evaluate")) work.awaiting_evaluation = queue(ctx, me, (r) => r.status === "received");
  if (ctx.can("sanitise")) {
    work.awaiting_sanitisation = queue(
      ctx,
      me,
      (r) => r.sanitised_text === null && !["received", "archived", "no-further-action"].includes(r.status),
    );
  }
  if (ctx.can("authorise-dissemination")) {
    const waiting = ctx.data.disseminations
      .filter((d) => d.state === "awaiting-authorisation")
      .filter((d) => {
        const r = ctx.data.reports.find((x) => x.reference === d.reference);
        return !!r && visibleTo(me, r.marking);
      })
      .sort((x, y) => x.requested_at.localeCompare(y.requested_at));
    work.awaiting_authorisation = { total: waiting.length, items: waiting.slice(0, QUEUE_PREVIEW) };
  }
  if (ctx.can("review")) work.reviews_due = dueReviews(ctx, me, QUEUE_PREVIEW);
  work.recent_activity = ctx.data.audit
    .filter((e) => e.actor === me.username && !HIDDEN_FROM_ACTIVITY.has(e.action))
    .slice(-15)
    .reverse();
  return structuredClone(work);
};

const permittedActions: Handler = (_a, ctx): Action[] => {
  authorise(ctx, "record-read");
  return ALL_ACTIONS.filter((x) => ctx.can(x));
};

// ---- demonstration data ----------------------------------------------------------------

interface DemoReport {
  text: string;
  marking: Marking;
  priority: string;
  source: string;
  sourceRef: string | null;
  grade: [string, string, string] | null;
  sanitised: string | null;
}

// The same set as crates/intel-core/src/cycle/demo.rs.
const DEMO_REPORTS: DemoReport[] = [
  {
    text: "A silver VW Golf, registration DE12 MOX, was seen outside 14 Harbour Row at 02:10 on three nights this week. The driver, a man known as 'Kes' (Kestrel DEMO, born 03/04/1990), carried holdalls into the address. Phone 07700 900123 is used by Kes.",
    marking: "OFFICIAL-SENSITIVE",
    priority: "high",
    source: "covert-source",
    sourceRef: "DEMO-CHIS-0042",
    grade: ["1", "B", "C"],
    sanitised: "A silver VW Golf has been seen at an address in the Harbour area in the early hours on several nights, with bags carried inside.",
  },
  {
    text: "Member of the public reports frequent short visits to 14 Harbour Row, up to twenty a night, by people on foot and on e-scooters.",
    marking: "OFFICIAL",
    priority: "medium",
    source: "public",
    sourceRef: null,
    grade: ["2", "C", "P"],
    sanitised: "Frequent short visits are reported at an address in the Harbour area, consistent with drug supply.",
  },
  {
    text: "PC 4471 DEMO stopped DE12 MOX on Quay Street; the driver gave the name Kestrel DEMO and said he works for Northgate Logistics DEMO.",
    marking: "OFFICIAL",
    priority: "low",
    source: "officer",
    sourceRef: null,
    grade: ["1", "A", "P"],
    sanitised: null,
  },
  {
    text: "Partner agency (housing) reports a tenancy at 22 Ropewalk Close taken in cash by a man matching Kes's description.",
    marking: "OFFICIAL",
    priority: "medium",
    source: "partner-agency",
    sourceRef: null,
    grade: null,
    sanitised: null,
  },
];

function call(handlers: Handlers, name: string, args: Record<string, unknown>, ctx: MockContext): unknown {
  const h = handlers[name];
  if (!h) return ctx.fail("internal", `the browser mock has no "${name}" for the demonstration data`);
  return h(args, ctx);
}

const loadDemoData: Handler = async (_a, ctx) => {
  authorise(ctx, "manage-configuration");
  if (ctx.data.reports.length > 0) {
    ctx.fail(
      "conflict",
      "demonstration data can only be loaded into a store with no reports; this store already holds intelligence",
    );
  }
  ctx.data.demoLoaded = true;
  audit(ctx, "store.demo-data", "store", "");
  const refs: string[] = [];
  for (const r of DEMO_REPORTS) {
    const reference = (await recordReport(
      {
        input: {
          marking: r.marking,
          priority: r.priority,
          sourceType: r.source,
          sourceRef: r.sourceRef,
          submittingOfficer: "Demonstration",
          receivedAt: null,
          text: DEMO_PREFIX + r.text,
          reviewGroup: null,
          attachments: [],
        },
      },
      ctx,
    )) as string;
    if (r.grade) {
      const [source, intelligence, handling] = r.grade;
      const conditions =
        handling === "C"
          ? "Do not disclose outside the investigation team; no action without consulting the intelligence unit."
          : null;
      evaluate({ reference, input: { source, intelligence, handling, conditions, rationale: "Demonstration grading." } }, ctx);
    }
    if (r.sanitised) sanitise({ reference, sanitisedText: DEMO_PREFIX + r.sanitised }, ctx);
    refs.push(reference);
  }
  const entity = (kind: string, label: string, objectType: string | null = null) =>
    call(searchHandlers, "create_entity", { input: { kind, objectType, label, ocgmBand: null } }, ctx) as number;
  const kes = entity("person", "Kestrel DEMO");
  const car = entity("object", "DE12 MOX (DEMO)", "vehicle");
  const phone = entity("object", "07700 900123 (DEMO)", "phone");
  const harbour = entity("location", "14 Harbour Row (DEMO)");
  const ropewalk = entity("location", "22 Ropewalk Close (DEMO)");
  const firm = entity("organisation", "Northgate Logistics DEMO");
  const link = (i: number, entityId: number, role: string) => call(searchHandlers, "link_entity", { reference: refs[i], entityId, role }, ctx);
  link(0, kes, "subject");
  link(0, car, "vehicle used");
  link(0, harbour, "address visited");
  link(1, harbour, "address");
  link(2, car, "vehicle stopped");
  link(2, kes, "driver");
  link(3, ropewalk, "tenancy");
  const associate = (from: number, to: number, kind: string, confirmed: boolean, i: number) =>
    call(searchHandlers, "associate", { input: { from, to, kind, confirmed, supportingReference: refs[i] } }, ctx);
  associate(kes, car, "drives", true, 2);
  associate(kes, phone, "uses", false, 0);
  associate(kes, harbour, "visits", true, 0);
  associate(kes, ropewalk, "may live at", false, 3);
  associate(kes, firm, "says he works for", false, 2);
  call(
    adminHandlers,
    "disseminate",
    {
      input: {
        reference: refs[1],
        recipient: "Neighbourhood Sergeant, Harbour (DEMO)",
        purpose: "Patrol planning",
        conditionsAcknowledged: false,
      },
    },
    ctx,
  );
  return refs;
};

const hasDemoData: Handler = (_a, ctx) => {
  authorise(ctx, "record-read");
  return ctx.data.demoLoaded;
};

export const recordsHandlers: Handlers = {
  my_work: myWork,
  permitted_actions: permittedActions,
  has_demo_data: hasDemoData,
  load_demo_data: loadDemoData,
  record_report: recordReport,
  show_report: showReport,
  evaluate,
  sanitise,
  change_status: changeStatus,
  review_report: reviewReport,
  reviews_due: reviewsDue,
  retention_schedule: retentionSchedule,
};
