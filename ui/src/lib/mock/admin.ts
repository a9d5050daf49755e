// Browser-mock handlers for dissemination and administration, mirroring
// crates/intel-core/src/cycle/{dissemination,users,review}.rs, admin.rs and
// session.rs: same permission checks, same order of checks, same messages,
// and an audit entry for every change (and for audit reads, as the core does).
//
// Extra URL switch (read here, for screen tests): ?audit=tampered makes
// verify_audit report a broken chain.

import type { Handlers, MockContext } from "./context";
import type {
  Action,
  Dissemination,
  DisseminationInput,
  Marking,
  NewUserInput,
  ReleasePreview,
  ReportView,
  Role,
  UserInfo,
  VerifyReport,
} from "../ipc";

const ROLE_TITLES: Record<Role, string> = {
  "director-of-intelligence": "Director of intelligence",
  "intelligence-manager": "Intelligence manager",
  "intelligence-officer": "Intelligence officer",
  "principal-analyst": "Principal analyst",
  analyst: "Analyst",
  researcher: "Researcher",
};

const ACTION_TEXT: Partial<Record<Action, string>> = {
  "request-dissemination": "make a dissemination (code P) or request one (code C)",
  "authorise-dissemination": "authorise or refuse a dissemination",
  "read-audit": "read and verify the audit trail",
  "manage-users": "add, lock and reset users",
  "manage-configuration": "change unit settings (reference format, retention schedule, idle lock)",
  "record-read": "read a report (sanitised text, grades, history)",
};

const ADMINISTRATIVE: Action[] = ["manage-users", "manage-configuration", "rotate-data-key"];
const ROLES: Role[] = Object.keys(ROLE_TITLES) as Role[];
const MARKINGS: Marking[] = ["OFFICIAL", "OFFICIAL-SENSITIVE"];
const MIN_PASSPHRASE_CHARS = 12;

/** Colleagues in the mock unit besides the signed-in user. */
const COLLEAGUES: Omit<UserInfo, "id">[] = [
  { username: "officer", display_name: "P. Officer", role: "intelligence-officer", is_admin: false, clearance: "OFFICIAL-SENSITIVE", locked: false },
  { username: "dmanager", display_name: "D. Manager", role: "intelligence-manager", is_admin: false, clearance: "OFFICIAL-SENSITIVE", locked: false },
  { username: "rresearch", display_name: "R. Researcher", role: "researcher", is_admin: false, clearance: "OFFICIAL", locked: false },
];

/** The user table, with the signed-in person in it (the mock signs in without one). */
function users(ctx: MockContext): UserInfo[] {
  const s = ctx.session();
  const list = ctx.data.users;
  if (!list.some((u) => u.username === s.username)) {
    const nextId = () => list.reduce((m, u) => Math.max(m, u.id), 0) + 1;
    list.push({
      id: nextId(),
      username: s.username,
      display_name: s.displayName,
      role: s.role,
      is_admin: s.isAdmin,
      clearance: ctx.clearance ?? "OFFICIAL-SENSITIVE",
      locked: false,
    });
    for (const c of COLLEAGUES) {
      if (!list.some((u) => u.username === c.username)) list.push({ id: nextId(), ...c });
    }
  }
  return list;
}

/** `Session::authorise`: the current user, or permission-denied in the core's words. */
function authorise(ctx: MockContext, action: Action): UserInfo {
  const me = users(ctx).find((u) => u.username === ctx.session().username)!;
  if (me.locked) ctx.fail("user-locked", "your account has been locked by an administrator");
  if (!ctx.can(action)) {
    const admin = ADMINISTRATIVE.includes(action) ? " (administrators only)" : "";
    ctx.fail(
      "permission-denied",
      `a ${ROLE_TITLES[me.role].toLowerCase()} may not ${ACTION_TEXT[action] ?? action}${admin}`,
    );
  }
  return me;
}

function required(ctx: MockContext, what: string, value: unknown): string {
  const v = typeof value === "string" ? value : "";
  if (v.trim() === "") ctx.fail("invalid-input", `${what} is required`);
  return v;
}

/** Appends an audit entry with its reason (the shared helper records none). */
function audit(ctx: MockContext, action: string, target: string, reason: string, details?: unknown): void {
  ctx.audit(action, target, details);
  const entry = ctx.data.audit[ctx.data.audit.length - 1];
  if (entry) entry.reason = reason;
}

function markingRank(m: string): number {
  return m === "OFFICIAL-SENSITIVE" ? 1 : 0;
}

/** `visible_report`: a report above the user's clearance does not exist for them. */
function visibleReport(ctx: MockContext, me: UserInfo, reference: string): ReportView {
  const r = ctx.data.reports.find((x) => x.reference === reference);
  if (!r || markingRank(r.marking) > markingRank(me.clearance)) {
    ctx.fail("not-found", `no report with reference '${reference}'`);
  }
  return r;
}

const TO_DISSEMINATED = new Set(["evaluated", "in-development", "analysed", "disseminated"]);

function releasable(ctx: MockContext, r: ReportView): { handling: string; conditions: string | null; sanitised: string } {
  const g = r.current_grade;
  if (!g || g.scheme !== "3x5x2" || !g.handling_code) {
    ctx.fail("illegal-transition", `${r.reference} has not been evaluated with 3x5x2; evaluate it before dissemination`);
  }
  if (r.sanitised_text === null) {
    ctx.fail(
      "illegal-transition",
      `${r.reference} has no sanitised text; sanitise it before dissemination (only sanitised text leaves the unit)`,
    );
  }
  return { handling: g.handling_code, conditions: g.conditions, sanitised: r.sanitised_text };
}

function release(ctx: MockContext, d: Dissemination, r: ReportView, text: string, me: UserInfo): void {
  d.state = "released";
  d.released_text = text;
  d.released_at = ctx.now();
  if (r.status !== "disseminated") {
    r.status_history.push({
      from_status: r.status,
      to_status: "disseminated",
      changed_by: me.username,
      changed_at: ctx.now(),
      reason: "disseminated",
    });
    r.status = "disseminated";
  }
}

function tamperedTrail(): boolean {
  return typeof location !== "undefined" && new URLSearchParams(location.search).get("audit") === "tampered";
}

export const adminHandlers: Handlers = {
  dissemination_preview(a, ctx): ReleasePreview {
    const me = authorise(ctx, "request-dissemination");
    const reference = String(a.reference ?? "");
    const r = visibleReport(ctx, me, reference);
    const x = releasable(ctx, r);
    return { reference, marking: r.marking, handling_code: x.handling, conditions: x.conditions, released_text: x.sanitised };
  },

  disseminate(a, ctx): Dissemination {
    const me = authorise(ctx, "request-dissemination");
    const input = (a.input ?? {}) as Partial<DisseminationInput>;
    const recipient = required(ctx, "the recipient", input.recipient);
    const purpose = required(ctx, "the purpose of the dissemination", input.purpose);
    const reference = String(input.reference ?? "");
    const r = visibleReport(ctx, me, reference);
    if (!TO_DISSEMINATED.has(r.status)) ctx.fail("illegal-transition", `a ${r.status} report cannot be disseminated`);
    const x = releasable(ctx, r);
    const codeC = x.handling === "C";
    if (codeC && !input.conditionsAcknowledged) {
      ctx.fail(
        "invalid-input",
        `${reference} has handling code C: acknowledge its conditions before requesting dissemination. Conditions: ${x.conditions ?? ""}`,
      );
    }
    const d: Dissemination = {
      id: ctx.data.nextId++,
      reference,
      recipient: recipient.trim(),
      purpose: purpose.trim(),
      handling_code: x.handling,
      conditions: x.conditions,
      state: "awaiting-authorisation",
      requested_by: me.username,
      requested_at: ctx.now(),
      authorised_by: null,
      authorised_at: null,
      decision_note: null,
      released_text: null,
      released_at: null,
    };
    // One object in both places, so the record view sees later decisions.
    ctx.data.disseminations.push(d);
    r.disseminations.push(d);
    if (!codeC) release(ctx, d, r, x.sanitised, me);
    audit(ctx, codeC ? "dissemination.request" : "dissemination.release", `report:${reference}`, purpose.trim(), {
      dissemination: d.id,
      recipient: d.recipient,
      handling: x.handling,
      state: d.state,
    });
    return d;
  },

  decide_dissemination(a, ctx): Dissemination {
    const me = authorise(ctx, "authorise-dissemination");
    const note = required(ctx, "a note on the decision", a.note);
    const id = Number(a.id);
    const approve = a.approve === true;
    const d = ctx.data.disseminations.find((x) => x.id === id) ?? ctx.fail("not-found", `no dissemination ${id}`);
    const r = visibleReport(ctx, me, d.reference);
    if (d.state !== "awaiting-authorisation") ctx.fail("conflict", `dissemination ${id} is already ${d.state}`);
    if (d.requested_by === me.username) {
      ctx.fail("permission-denied", "you requested this dissemination; another manager must authorise it");
    }
    if (approve) {
      // The core checks the report is still releasable before changing anything.
      const x = releasable(ctx, r);
      release(ctx, d, r, x.sanitised, me);
    } else {
      d.state = "refused";
    }
    d.authorised_by = me.username;
    d.authorised_at = ctx.now();
    d.decision_note = note.trim();
    audit(ctx, approve ? "dissemination.authorise" : "dissemination.refuse", `report:${d.reference}`, note.trim(), {
      dissemination: id,
    });
    return d;
  },

  disseminations_awaiting_authorisation(_a, ctx): Dissemination[] {
    const me = authorise(ctx, "authorise-dissemination");
    const visible = new Set(
      ctx.data.reports.filter((r) => markingRank(r.marking) <= markingRank(me.clearance)).map((r) => r.reference),
    );
    return ctx.data.disseminations
      .filter((d) => d.state === "awaiting-authorisation" && visible.has(d.reference))
      .sort((x, y) => x.requested_at.localeCompare(y.requested_at));
  },

  list_users(_a, ctx): UserInfo[] {
    authorise(ctx, "manage-users");
    return [...users(ctx)].sort((x, y) => x.username.localeCompare(y.username));
  },

  add_user(a, ctx): UserInfo {
    authorise(ctx, "manage-users");
    const input = (a.input ?? {}) as Partial<NewUserInput>;
    const username = String(input.username ?? "");
    if (!/^[A-Za-z][A-Za-z0-9._-]{1,31}$/.test(username)) {
      ctx.fail(
        "invalid-input",
        `'${username}' is not a valid username: 2 to 32 characters, starting with a letter, then letters, digits, '.', '_' or '-'`,
      );
    }
    const n = [...String(input.passphrase ?? "")].length;
    if (n < MIN_PASSPHRASE_CHARS) {
      ctx.fail(
        "invalid-input",
        `the passphrase must be at least ${MIN_PASSPHRASE_CHARS} characters (it has ${n}); a few unrelated words are easy to remember`,
      );
    }
    if (!ROLES.includes(input.role as Role)) ctx.fail("invalid-input", `unknown role '${String(input.role)}'`);
    if (!MARKINGS.includes(input.clearance as Marking)) ctx.fail("invalid-input", `unknown marking '${String(input.clearance)}'`);
    const list = users(ctx);
    if (list.some((u) => u.username === username)) ctx.fail("conflict", `there is already a user called '${username}'`);
    const display = String(input.displayName ?? "").trim() || username;
    const user: UserInfo = {
      id: list.reduce((m, u) => Math.max(m, u.id), 0) + 1,
      username,
      display_name: display,
      role: input.role as Role,
      is_admin: input.isAdmin === true,
      clearance: input.clearance as Marking,
      locked: false,
    };
    list.push(user);
    audit(ctx, "user.create", `user:${username}`, "", { role: user.role, admin: user.is_admin, clearance: user.clearance });
    return user;
  },

  lock_user(a, ctx): null {
    const me = authorise(ctx, "manage-users");
    const reason = required(ctx, "a reason for locking the account", a.reason);
    const username = String(a.username ?? "");
    if (username.toLowerCase() === me.username.toLowerCase()) {
      ctx.fail("invalid-input", "you cannot lock your own account; ask another administrator");
    }
    const u =
      users(ctx).find((x) => x.username === username && !x.locked) ??
      ctx.fail("not-found", `no unlocked user called '${username}'`);
    u.locked = true;
    audit(ctx, "user.lock", `user:${username}`, reason);
    return null;
  },

  set_retention(a, ctx): null {
    authorise(ctx, "manage-configuration");
    const reason = required(ctx, "a reason for changing the schedule", a.reason);
    const months = Number(a.months);
    if (!Number.isInteger(months) || months < 1 || months > 1200) {
      ctx.fail("invalid-input", "the review period must be between 1 and 1200 months");
    }
    const group = Number(a.group);
    const rule =
      ctx.data.retention.find((g) => g.review_group === group) ??
      ctx.fail("not-found", `no review group ${group}; groups are 1 to 4`);
    rule.review_after_months = months;
    audit(ctx, "config.retention", `review-group:${group}`, reason, { months });
    return null;
  },

  set_idle_lock(a, ctx): null {
    authorise(ctx, "manage-configuration");
    const seconds = Number(a.seconds);
    if (!Number.isInteger(seconds) || seconds < 60 || seconds > 4 * 3600) {
      ctx.fail("invalid-input", "the idle lock must be between 1 minute and 4 hours");
    }
    audit(ctx, "config.idle-lock", "store", String(a.reason ?? ""), { seconds });
    return null;
  },

  audit_entries(a, ctx) {
    authorise(ctx, "read-audit");
    const target = typeof a.target === "string" ? a.target : null;
    const limit = Math.max(0, Number(a.limit) || 0);
    const rows = ctx.data.audit
      .filter((e) => target === null || e.target === target)
      .sort((x, y) => y.seq - x.seq)
      .slice(0, limit)
      .map((e) => ({ ...e }));
    audit(ctx, "audit.read", target ?? "audit", "");
    return rows;
  },

  verify_audit(_a, ctx): VerifyReport {
    authorise(ctx, "read-audit");
    const trail = [...ctx.data.audit].sort((x, y) => x.seq - y.seq);
    const problems: string[] = [];
    let expected = 1;
    let prev = "0".repeat(64);
    for (const e of trail) {
      if (e.seq !== expected) {
        problems.push(
          e.seq > expected
            ? `entries ${expected} to ${e.seq - 1} are missing (removed)`
            : `entry ${e.seq} appears out of order or twice`,
        );
      }
      if (e.prev_hash !== prev) problems.push(`entry ${e.seq} does not follow the entry before it (inserted, removed or reordered)`);
      expected = e.seq + 1;
      prev = e.hash;
    }
    const head = trail[trail.length - 1];
    if (tamperedTrail() && head) problems.push(`entry ${head.seq} has been altered`);
    const report: VerifyReport = {
      entries: trail.length,
      head_seq: expected - 1,
      head_hash: head?.hash ?? "0".repeat(64),
      checkpoint_seq: head ? head.seq : null,
      problems,
    };
    audit(ctx, "audit.verify", "audit", "", { entries: report.entries, ok: problems.length === 0 });
    return report;
  },
};
