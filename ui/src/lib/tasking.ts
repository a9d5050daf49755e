// Words and small logic of the Tasking screen: the names of meeting and
// decision kinds, strands and action states as the doctrine writes them, which
// decisions a meeting may take (the core's DecisionKind::allowed_at), and the
// checks a form can make before it asks the core (the core checks again).

import type { ActionFilter, ActionStatus, Attendee, DecisionKind, DecisionView, MeetingKind, StrategyIssue, Strand } from "./tasking-types";

export const MEETING_KINDS: readonly { value: MeetingKind; label: string }[] = [
  { value: "stcg", label: "ST&CG (strategic tasking and coordination group)" },
  { value: "ttcg", label: "TT&CG (tactical tasking and coordination group)" },
  { value: "intelligence-unit", label: "Intelligence unit meeting" },
  { value: "dmm", label: "Daily management meeting (DMM)" },
];

const MEETING_SHORT: Record<MeetingKind, string> = {
  stcg: "ST&CG",
  ttcg: "TT&CG",
  "intelligence-unit": "Intelligence unit",
  dmm: "DMM",
};

export function meetingKindLabel(k: MeetingKind): string {
  return MEETING_SHORT[k] ?? k;
}

const DECISION_LABELS: Record<DecisionKind, string> = {
  "control-strategy": "Control strategy",
  "requirement-approval": "Requirement approval",
  tasking: "Tasking",
  commission: "Commission a product",
  escalation: "Escalation",
  resource: "Resources",
  other: "Other",
};

export function decisionKindLabel(k: DecisionKind): string {
  return DECISION_LABELS[k] ?? k;
}

/** `DecisionKind::allowed_at`: the control strategy is the ST&CG's alone; commissioning and approving requirements are for the T&C groups. */
export function decisionAllowedAt(kind: DecisionKind, meeting: MeetingKind): boolean {
  switch (kind) {
    case "control-strategy":
      return meeting === "stcg";
    case "requirement-approval":
    case "commission":
      return meeting === "stcg" || meeting === "ttcg";
    default:
      return true;
  }
}

/** The kinds "Record decision" offers at a meeting: strategy and approvals have their own forms (they record what they set). */
export function recordableDecisionKinds(meeting: MeetingKind): { value: DecisionKind; label: string }[] {
  const kinds: DecisionKind[] = ["tasking", "commission", "escalation", "resource", "other"];
  return kinds.filter((k) => decisionAllowedAt(k, meeting)).map((k) => ({ value: k, label: decisionKindLabel(k) }));
}

export const STRANDS: readonly { value: Strand; label: string }[] = [
  { value: "prevention", label: "Prevention" },
  { value: "intelligence", label: "Intelligence" },
  { value: "enforcement", label: "Enforcement" },
  { value: "reassurance", label: "Reassurance" },
];

export function strandLabel(s: Strand | null | undefined): string {
  return STRANDS.find((x) => x.value === s)?.label ?? "—";
}

export const ACTION_STATUSES: readonly { value: ActionStatus; label: string }[] = [
  { value: "open", label: "Open" },
  { value: "in-progress", label: "In progress" },
  { value: "done", label: "Done" },
  { value: "cancelled", label: "Cancelled" },
];

export function actionStatusLabel(s: ActionStatus): string {
  return ACTION_STATUSES.find((x) => x.value === s)?.label ?? s;
}

export const ACTION_FILTERS: readonly { value: ActionFilter; label: string }[] = [
  { value: "open", label: "Open" },
  { value: "overdue", label: "Overdue" },
  { value: "due-soon", label: "Due within 7 days" },
  { value: "all", label: "All" },
];

/** A date written YYYY-MM-DD that is a real calendar day (as `parse_date` in the core). */
export function isIsoDate(value: string): boolean {
  const v = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

export function dateProblem(value: string, what: string): string | null {
  if (!value.trim()) return `Enter ${what} (YYYY-MM-DD).`;
  return isIsoDate(value) ? null : `${what[0].toUpperCase()}${what.slice(1)} must be a date written YYYY-MM-DD.`;
}

/** What is wrong with one attendee row, or null (partners attend by mutual consent). */
export function attendeeProblem(a: Attendee): string | null {
  if (!a.name.trim()) return "Enter the attendee's name.";
  if (!a.organisation.trim()) return `Enter ${a.name.trim()}'s organisation.`;
  if (a.is_partner && !a.consent) return `${a.name.trim()} attends for a partner agency: record that they consented to take part.`;
  return null;
}

/** The first problem across the attendee list (names are unique, case aside). */
export function attendeesProblem(list: Attendee[]): string | null {
  const seen = new Set<string>();
  for (const a of list) {
    const p = attendeeProblem(a);
    if (p) return p;
    const key = a.name.trim().toLowerCase();
    if (seen.has(key)) return `${a.name.trim()} is listed twice.`;
    seen.add(key);
  }
  return null;
}

/** A usable issue key (lower-case letters, digits and "-"), as the core requires. */
export function issueKeyOk(key: string): boolean {
  return key.length > 0 && key.length <= 64 && /^[a-z0-9-]+$/.test(key);
}

/** A key from an issue's title: "County lines" → "county-lines". */
export function keyFromTitle(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64);
}

/** The first problem with a draft control strategy (the core's check_strategy), or null. */
export function strategyProblem(summary: string, issues: StrategyIssue[]): string | null {
  if (!summary.trim()) return "Enter the control strategy's summary.";
  if (!issues.some((i) => i.is_priority)) return "A control strategy needs at least one priority.";
  const keys = new Set<string>();
  for (const i of issues) {
    const title = i.title.trim();
    if (!title) return "Every issue needs a title.";
    if (!issueKeyOk(i.key)) return `"${i.key}" is not a usable key for ${title}: use lower-case letters, digits and "-".`;
    if (keys.has(i.key)) return `The key "${i.key}" is used twice.`;
    keys.add(i.key);
    if (!i.reason.trim()) return `Say why ${title} is${i.is_priority ? "" : " not"} a priority.`;
    if (i.is_priority) {
      if (!i.owner?.trim()) return `The priority ${title} needs an owner.`;
      if (!i.delivery_plan?.trim()) return `The priority ${title} needs a delivery plan.`;
      if (i.strands.length === 0) return `The priority ${title} needs at least one strand.`;
    }
  }
  return null;
}

/** Non-empty trimmed lines of a text box (questions, dissemination list, objectives). */
export function lines(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/** "Decision 3: summary" for a picker; superseded decisions say so. */
export function decisionOption(d: DecisionView): string {
  const base = `${d.meeting} #${d.id}: ${d.summary}`;
  return d.superseded_by !== null && d.superseded_by !== undefined ? `${base} (superseded)` : base;
}

/** Today (or `days` from today) as YYYY-MM-DD, in local time: the default for date fields. */
export function isoToday(days = 0, now: Date = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
