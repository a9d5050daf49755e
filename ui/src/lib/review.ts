// Words and small logic of operational review (tasking/review.rs): where a
// review stands, what the person may do with it now, the checks its forms
// make before asking the core (which checks again), and the menu of tactical
// options grouped by strand.

import { formatDate } from "./format";
import { STRANDS, dateProblem, lines } from "./tasking";
import type { OperationalReview, Recommendation, Strand } from "./tasking-types";

/** Objectives come before the start, findings after it; the findings complete the review. */
export type ReviewStage = "objectives-needed" | "awaiting-start" | "under-way" | "complete";

export function reviewStage(r: OperationalReview): ReviewStage {
  if (r.completed_at) return "complete";
  if (r.started_at) return "under-way";
  return r.objectives.length ? "awaiting-start" : "objectives-needed";
}

const STAGE_LABELS: Record<ReviewStage, string> = {
  "objectives-needed": "Objectives to state",
  "awaiting-start": "Awaiting the start",
  "under-way": "Under way: findings due",
  complete: "Complete",
};

export function reviewStageLabel(s: ReviewStage): string {
  return STAGE_LABELS[s];
}

export interface ReviewControls {
  /** The objectives editor is shown (to those who run reviews); `objectivesLocked` says why it is disabled. */
  objectivesEditor: boolean;
  objectivesLocked: string | null;
  /** "Record the start" is shown; `startBlocked` says why it cannot be pressed yet. */
  recordStart: boolean;
  startBlocked: string | null;
  recordFindings: boolean;
}

/** What the person may do with the review now (the core enforces it; this hides or disables what it would refuse). */
export function reviewControls(r: OperationalReview, can: (a: string) => boolean): ReviewControls {
  const manage = can("manage-operational-review");
  const started = r.started_at !== null;
  return {
    objectivesEditor: manage,
    objectivesLocked: started
      ? `The operation started on ${formatDate(r.started_at)}: its objectives were fixed before it began and cannot change.`
      : null,
    recordStart: manage && !started,
    startBlocked: r.objectives.length ? null : "State at least one objective first: they cannot be added once the operation has begun.",
    recordFindings: manage && started && r.completed_at === null,
  };
}

/** `check_objectives`: one per line, blank lines dropped, at least one. */
export function objectivesProblem(text: string): string | null {
  return lines(text).length ? null : "State at least one objective (one per line).";
}

export interface CommissionDraft {
  meeting: string;
  summary: string;
  rationale: string;
  maker: string;
  operation: string;
  scope: string;
  plannedStart: string;
}

export type CommissionProblems = Partial<Record<keyof CommissionDraft, string>>;

/** The commission form's problems, in the form's order (objectives may wait until before the start). */
export function commissionProblems(d: CommissionDraft): CommissionProblems {
  const out: CommissionProblems = {};
  const need = (k: keyof CommissionDraft, what: string) => {
    if (!d[k].trim()) out[k] = `Enter ${what}.`;
  };
  if (!d.meeting) out.meeting = "Choose the TT&CG meeting that commissions the review.";
  need("maker", "the decision maker");
  need("summary", "what was decided");
  need("rationale", "the rationale for the decision");
  need("operation", "the operation under review");
  need("scope", "the review's scope");
  const date = dateProblem(d.plannedStart, "the operation's planned start");
  if (date) out.plannedStart = date;
  return out;
}

export interface FindingsDraft {
  impact: string;
  lessons: string;
  goodPractice: string;
  recommendations: Recommendation[];
}

export type FindingsProblems = Partial<Record<keyof FindingsDraft, string>>;

/** `record_review_findings`'s checks: three texts and at least one recommendation. */
export function findingsProblems(f: FindingsDraft): FindingsProblems {
  const out: FindingsProblems = {};
  if (!f.impact.trim()) out.impact = "Enter the impact of the tactical activity.";
  if (!f.lessons.trim()) out.lessons = "Enter the lessons learned.";
  if (!f.goodPractice.trim()) out.goodPractice = "Enter the good practice identified.";
  if (!f.recommendations.some((r) => r.text.trim())) {
    out.recommendations = "A review draws conclusions and makes recommendations: add at least one.";
  }
  return out;
}

export interface StrandGroup<T> {
  strand: Strand;
  label: string;
  items: T[];
}

/** Items grouped under the four strands in the doctrine's order; empty strands (and items under none) left out. */
export function byStrand<T extends { strand: Strand | null }>(items: readonly T[]): StrandGroup<T>[] {
  return STRANDS.map((s) => ({ strand: s.value, label: s.label, items: items.filter((i) => i.strand === s.value) })).filter(
    (g) => g.items.length > 0,
  );
}
