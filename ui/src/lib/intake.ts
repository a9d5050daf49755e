// The "Record a report" form: its rules (the same ones the core applies, so
// problems show while typing), and the conversion to the core's input.

import type { AttachmentInput, Marking, NewReportInput, Priority, SourceType } from "./ipc";

/** Same limit as `MAX_ATTACHMENT_BYTES` in intel-core (64 MiB). */
export const MAX_ATTACHMENT_BYTES = 64 * 1024 * 1024;
/** The core refuses a received time more than this far in the future (clock skew allowance). */
export const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

export const MARKINGS: readonly Marking[] = ["OFFICIAL", "OFFICIAL-SENSITIVE"];
export const PRIORITIES: readonly Priority[] = ["high", "medium", "low"];
export const SOURCE_TYPES: readonly SourceType[] = [
  "officer",
  "public",
  "partner-agency",
  "crimestoppers",
  "covert-source",
  "prison",
  "financial",
  "public-order",
  "open-source",
];

export interface IntakeFields {
  marking: Marking | "";
  priority: Priority | "";
  sourceType: SourceType | "";
  sourceRef: string;
  submittingOfficer: string;
  /** A `datetime-local` value (local time, no zone), or "" for "now". */
  receivedAt: string;
  text: string;
  /** "1".."4", or "" for the core's default. */
  reviewGroup: string;
}

export type IntakeProblems = Partial<Record<keyof IntakeFields, string>>;

export function emptyIntake(): IntakeFields {
  return {
    marking: "",
    priority: "",
    sourceType: "",
    sourceRef: "",
    submittingOfficer: "",
    receivedAt: "",
    text: "",
    reviewGroup: "",
  };
}

const COVERT_REF = /^[A-Za-z0-9][A-Za-z0-9/_-]{1,31}$/;

/** The core's rule for a source reference, as a message saying what to do; null when acceptable. */
export function sourceRefProblem(sourceType: SourceType | "", ref: string): string | null {
  const r = ref.trim();
  if (sourceType === "covert-source") {
    if (r === "") return "Enter the covert source's reference number. Never enter the source's name.";
    if (!COVERT_REF.test(r) || !/\d/.test(r)) {
      return "Use the source reference number only: letters, digits, '/', '-' or '_', up to 32 characters, with at least one digit. Never a name.";
    }
  }
  if ([...r].length > 64) return "The source reference is too long: 64 characters at most.";
  return null;
}

/** "2026-11-25T09:30" (local) → "2026-11-25T09:30:00.000Z"; null when it is not a date and time. */
export function localToRfc3339(local: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(local)) return null;
  const d = new Date(local); // no zone designator: parsed as local time
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** A `datetime-local` value for a moment (local time, minutes precision). */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function receivedAtProblem(local: string, now: number = Date.now()): string | null {
  if (local === "") return null;
  const iso = localToRfc3339(local);
  if (!iso) return "Enter the date and time the report was received, or clear the field for now.";
  if (Date.parse(iso) > now + FUTURE_TOLERANCE_MS) return "The received time is in the future. Check the date and time.";
  return null;
}

/** All problems of the form; an empty object when it can be sent. */
export function intakeProblems(f: IntakeFields, now: number = Date.now()): IntakeProblems {
  const out: IntakeProblems = {};
  if (!f.marking) out.marking = "Choose the security marking.";
  if (!f.priority) out.priority = "Choose the priority.";
  if (!f.sourceType) out.sourceType = "Choose the type of source.";
  const ref = sourceRefProblem(f.sourceType, f.sourceRef);
  if (ref) out.sourceRef = ref;
  if ([...f.submittingOfficer.trim()].length > 128) out.submittingOfficer = "The officer's name is too long: 128 characters at most.";
  const received = receivedAtProblem(f.receivedAt, now);
  if (received) out.receivedAt = received;
  if (f.text.trim() === "") out.text = "Enter the report's text.";
  if (f.reviewGroup !== "" && !/^[1-4]$/.test(f.reviewGroup)) out.reviewGroup = "Choose a review group from 1 to 4.";
  return out;
}

/** The core's input for a valid form. */
export function toNewReportInput(f: IntakeFields, attachments: AttachmentInput[]): NewReportInput {
  if (!f.marking || !f.priority || !f.sourceType) throw new Error("intake form is incomplete");
  const trimmedOrNull = (s: string) => (s.trim() === "" ? null : s.trim());
  return {
    marking: f.marking,
    priority: f.priority,
    sourceType: f.sourceType,
    sourceRef: trimmedOrNull(f.sourceRef),
    submittingOfficer: trimmedOrNull(f.submittingOfficer),
    receivedAt: f.receivedAt === "" ? null : localToRfc3339(f.receivedAt),
    text: f.text,
    reviewGroup: f.reviewGroup === "" ? null : Number(f.reviewGroup),
    attachments,
  };
}

/** The base64 body of a `data:` URL as FileReader.readAsDataURL gives it. */
export function dataUrlBase64(dataUrl: string): string {
  const comma = dataUrl.indexOf(",");
  if (!dataUrl.startsWith("data:") || comma < 0 || !dataUrl.slice(0, comma).endsWith(";base64")) {
    throw new Error("not a base64 data URL");
  }
  return dataUrl.slice(comma + 1);
}

/** Why a file cannot be attached, or null. */
export function attachmentProblem(file: { name: string; size: number }): string | null {
  if (file.size > MAX_ATTACHMENT_BYTES) {
    return `${file.name} is too large to attach (${Math.ceil(file.size / (1024 * 1024))} MB; the limit is 64 MB each).`;
  }
  return null;
}
