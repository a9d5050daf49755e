// Words for the core's codes (statuses, grades, source types…), the legal
// status moves (mirroring crates/intel-core/src/domain/status.rs) and the
// date, size and grade formats the record screens share.

import type { Status } from "./ipc";

export const STATUSES: readonly Status[] = [
  "received", "evaluated", "in-development", "analysed", "disseminated", "no-further-action", "archived",
];

const STATUS_LABELS: Record<string, string> = {
  received: "Received",
  evaluated: "Evaluated",
  "in-development": "In development",
  analysed: "Analysed",
  disseminated: "Disseminated",
  "no-further-action": "No further action",
  archived: "Archived",
};

export function statusLabel(s: string | null | undefined): string {
  return s ? (STATUS_LABELS[s] ?? s) : "—";
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

export const PRIORITY_LABELS: Record<string, string> = {
  high: "High",
  medium: "Medium",
  low: "Low",
};

export const PRIORITY_MEANINGS: Record<string, string> = {
  high: "threat to life, serious harm or imminent",
  medium: "time critical",
  low: "other",
};

export function priorityLabel(p: string): string {
  return PRIORITY_LABELS[p] ?? p;
}

export const SOURCE_TYPE_LABELS: Record<string, string> = {
  officer: "Officer",
  public: "Member of the public",
  "partner-agency": "Partner agency",
  crimestoppers: "Crimestoppers",
  "covert-source": "Covert source",
  prison: "Prison",
  financial: "Financial",
  "public-order": "Public order",
  "open-source": "Open source",
};

export function sourceTypeLabel(s: string): string {
  return SOURCE_TYPE_LABELS[s] ?? s;
}

export const SOURCE_GRADE_MEANINGS: Record<string, string> = {
  "1": "Reliable",
  "2": "Untested",
  "3": "Not reliable",
};

export const INTEL_GRADE_MEANINGS: Record<string, string> = {
  A: "Known directly to the source",
  B: "Known indirectly to the source but corroborated",
  C: "Known indirectly to the source",
  D: "Not known",
  E: "Suspected to be false or malicious",
};

export const HANDLING_MEANINGS: Record<string, string> = {
  P: "Lawful sharing permitted",
  C: "Lawful sharing permitted with conditions",
};

/** "1B C" style code of a grade record (handling code absent for legacy schemes). */
export function gradeCode(g: { source_grade: string; intelligence_grade: string; handling_code: string | null }): string {
  return `${g.source_grade}${g.intelligence_grade}${g.handling_code ?? ""}`;
}

const DATE_TIME = new Intl.DateTimeFormat("en-GB", {
  day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit",
});
const DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric" });

/** "20 Nov 2026, 09:15" in the workstation's time zone; the raw text if it is not a date. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : DATE_TIME.format(d);
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : DATE.format(d);
}

/** "25/12/2026 02:31": compact, for table cells. */
export function formatShortDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** "812 bytes", "14.2 KB", "3.1 MB" (1 KB = 1024 bytes). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} ${n === 1 ? "byte" : "bytes"}`;
  const units = ["KB", "MB", "GB"];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u += 1;
  }
  return `${v.toFixed(1)} ${units[u]}`;
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
