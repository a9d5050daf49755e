// Words for the core's vocabularies (status, priority, source type, entity
// kind) and the legal status moves (mirroring
// crates/intel-core/src/domain/status.rs). Dates, sizes and counts are in
// format.ts; 3x5x2 grades in grading.ts.

import type { Priority, SourceType, Status } from "./ipc";

export const STATUSES: readonly Status[] = [
  "received", "evaluated", "in-development", "analysed", "disseminated", "no-further-action", "archived",
];

export const STATUS_LABELS: Record<Status, string> = {
  received: "Received",
  evaluated: "Evaluated",
  "in-development": "In development",
  analysed: "Analysed",
  disseminated: "Disseminated",
  "no-further-action": "No further action",
  archived: "Archived",
};

/** Label of a vocabulary value the core sends as a plain string; unknown values shown as they are, none as "—". */
function labelOf(labels: Record<string, string>, value: string | null | undefined): string {
  return value ? (labels[value] ?? value) : "—";
}

export function statusLabel(s: string | null | undefined): string {
  return labelOf(STATUS_LABELS, s);
}

const MOVES: Record<Status, readonly Status[]> = {
  received: ["evaluated", "no-further-action", "archived"],
  evaluated: ["in-development", "disseminated", "no-further-action", "archived"],
  "in-development": ["analysed", "disseminated", "no-further-action", "archived"],
  analysed: ["in-development", "disseminated", "no-further-action", "archived"],
  disseminated: ["in-development", "analysed", "archived"],
  "no-further-action": ["in-development", "archived"],
  archived: [],
};

/** Whether the core allows a report to move from one status to another. */
export function canMoveTo(from: string, to: Status): boolean {
  return (MOVES[from as Status] ?? []).includes(to);
}

/**
 * The statuses a person can choose in "change status": the legal moves minus
 * evaluated and disseminated, which happen only by evaluating or disseminating.
 */
export function manualMoves(from: string): Status[] {
  return (MOVES[from as Status] ?? []).filter((s) => s !== "evaluated" && s !== "disseminated");
}

/** A report that can be disseminated (again) in its current status. */
export function canDisseminateFrom(status: string): boolean {
  return status === "disseminated" || canMoveTo(status, "disseminated");
}

export const PRIORITY_LABELS: Record<Priority, string> = { high: "High", medium: "Medium", low: "Low" };

/** Doctrine meaning of each priority. */
export const PRIORITY_MEANINGS: Record<Priority, string> = {
  high: "Threat to life, serious harm or imminent",
  medium: "Time critical",
  low: "Other",
};

export function priorityLabel(p: string | null | undefined): string {
  return labelOf(PRIORITY_LABELS, p);
}

export const SOURCE_TYPE_LABELS: Record<SourceType, string> = {
  officer: "Police officer or staff",
  public: "Member of the public",
  "partner-agency": "Partner agency",
  crimestoppers: "Crimestoppers",
  "covert-source": "Covert source (CHIS)",
  prison: "Prison intelligence",
  financial: "Financial intelligence",
  "public-order": "Public order intelligence",
  "open-source": "Open source",
};

export function sourceTypeLabel(s: string | null | undefined): string {
  return labelOf(SOURCE_TYPE_LABELS, s);
}

export const ENTITY_KIND_LABELS: Record<string, string> = {
  person: "Person",
  object: "Object",
  location: "Location",
  event: "Event",
  organisation: "Organisation",
};

export const OBJECT_TYPE_LABELS: Record<string, string> = {
  vehicle: "Vehicle",
  phone: "Phone",
  email: "Email",
  weapon: "Weapon",
  other: "Other object",
};

/** "Person", "Vehicle", "Organisation"… for an entity (objects by their type). */
export function entityKindLabel(kind: string, objectType?: string | null): string {
  if (kind === "object" && objectType) return OBJECT_TYPE_LABELS[objectType] ?? objectType;
  return ENTITY_KIND_LABELS[kind] ?? kind;
}
