// Words and small logic of the Products screen: the product kinds and states
// as the doctrine names them, the marking floor (a product is never marked
// below what it cites), which steps the person may take now, and the checks
// the forms make before asking the core (which checks again).

import type { Marking } from "./ipc";
import type { EmbedKind, ProductKind, ProductState, ProductStep, ProductView } from "./tasking-types";

export const PRODUCT_KINDS: readonly { value: ProductKind; label: string }[] = [
  { value: "strategic-assessment", label: "Strategic assessment" },
  { value: "tactical-assessment", label: "Tactical assessment" },
  { value: "problem-profile", label: "Problem profile" },
  { value: "subject-profile", label: "Subject profile" },
  { value: "research-summary", label: "Research summary" },
];

export function productKindLabel(k: ProductKind): string {
  return PRODUCT_KINDS.find((x) => x.value === k)?.label ?? k;
}

const STATES: Record<ProductState, string> = {
  draft: "Draft",
  "in-review": "In peer review",
  "awaiting-approval": "Awaiting approval",
  approved: "Approved",
  withdrawn: "Withdrawn",
};

export function productStateLabel(s: ProductState): string {
  return STATES[s] ?? s;
}

export const EMBED_KINDS: readonly { value: EmbedKind; label: string }[] = [
  { value: "link-chart", label: "Link chart around an entity" },
  { value: "timeline", label: "Timeline around an entity" },
  { value: "table", label: "Table of search results" },
];

export function embedKindLabel(k: EmbedKind): string {
  return EMBED_KINDS.find((x) => x.value === k)?.label ?? k;
}

const RANK: Record<Marking, number> = { OFFICIAL: 0, "OFFICIAL-SENSITIVE": 1 };

/** The markings a product may carry: none below the highest cited marking. */
export function allowedMarkings(floor: Marking | null | undefined): Marking[] {
  const all: Marking[] = ["OFFICIAL", "OFFICIAL-SENSITIVE"];
  return floor ? all.filter((m) => RANK[m] >= RANK[floor]) : all;
}

/** The core's words when a marking would go below the floor, or null. */
export function markingFloorProblem(marking: Marking, floor: Marking | null | undefined): string | null {
  if (floor && RANK[marking] < RANK[floor]) return `The product cites ${floor} reports, so its marking must be at least ${floor}.`;
  return null;
}

export interface ProductSteps {
  edit: boolean;
  review: boolean;
  approve: boolean;
  exportFile: boolean;
  sendPackage: boolean;
  withdraw: boolean;
}

/** What the person may do with the product now (the core enforces it; this hides what it would refuse). */
export function productSteps(p: ProductView, me: string, can: (a: string) => boolean): ProductSteps {
  const notAuthor = p.author !== me;
  return {
    edit: p.state === "draft" && can("draft-product"),
    review: p.state === "in-review" && notAuthor && can("review-product"),
    approve: p.state === "awaiting-approval" && notAuthor && can("approve-product"),
    exportFile: p.state === "approved" && can("export-product"),
    sendPackage: p.state === "approved" && can("export-bundle"),
    // workflow.rs: those who approve may withdraw from any state (the author too), once.
    withdraw: p.state !== "withdrawn" && can("approve-product"),
  };
}

/** The history step that withdrew the product (who, when and why), or null while it stands. */
export function withdrawal(p: ProductView): ProductStep | null {
  if (p.state !== "withdrawn") return null;
  return [...p.history].reverse().find((h) => h.step === "withdrawn") ?? null;
}

/** What still stops a draft going to review (the core's submit_product checks), in order. */
export function submitProblems(p: ProductView): string[] {
  const out: string[] = [];
  const empty = p.sections.filter((s) => !s.body.trim()).map((s) => s.title);
  if (empty.length) out.push(`Write every section; still empty: ${empty.join(", ")}.`);
  if (p.citations.length === 0) out.push("Cite at least one graded report.");
  if (p.kind !== "research-summary" && p.recommendations.length === 0) out.push("Add at least one recommendation.");
  if (p.dissemination.length === 0) out.push("Set the dissemination list.");
  return out;
}

/** A positive whole number typed in a field (an entity id), or null. */
export function entityIdFrom(text: string): number | null {
  const v = text.trim();
  if (!/^\d+$/.test(v)) return null;
  const n = Number(v);
  return n > 0 && Number.isSafeInteger(n) ? n : null;
}
