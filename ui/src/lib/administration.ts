// Rules and words for the administration screen. The core checks the same
// rules again (users.rs, review.rs, admin.rs); its message wins.

import type { Marking, Role } from "./ipc";
import { confirmProblem, passphraseProblem } from "./validation";

/** Same pattern as `validate_username` in intel-core. */
const USERNAME = /^[A-Za-z][A-Za-z0-9._-]{1,31}$/;

export function newUsernameProblem(username: string): string | null {
  const u = username.trim();
  if (u === "") return "Enter a username, e.g. jsmith.";
  if (u.length < 2 || u.length > 32) return "Use 2 to 32 characters.";
  if (!/^[A-Za-z]/.test(u)) return "Start the username with a letter.";
  if (!USERNAME.test(u)) return "Use only letters, digits, '.', '_' or '-' (no spaces).";
  return null;
}

export interface NewUserFields {
  username: string;
  displayName: string;
  role: Role | "";
  isAdmin: boolean;
  clearance: Marking;
  passphrase: string;
  confirm: string;
}

export type NewUserProblems = Partial<Record<keyof NewUserFields, string>>;

export function newUserProblems(f: NewUserFields): NewUserProblems {
  const out: NewUserProblems = {};
  const set = (k: keyof NewUserFields, p: string | null) => {
    if (p) out[k] = p;
  };
  set("username", newUsernameProblem(f.username));
  set("displayName", f.displayName.trim() === "" ? "Enter the person's name as it should appear on screen and in the audit log." : null);
  set("role", f.role === "" ? "Choose a role." : null);
  set("passphrase", passphraseProblem(f.passphrase));
  set("confirm", confirmProblem(f.passphrase, f.confirm));
  return out;
}

export function reasonProblem(reason: string, what = "a reason"): string | null {
  return reason.trim() === "" ? `Enter ${what}: it is kept in the audit log.` : null;
}

function wholeNumber(text: string): number | null {
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : null;
}

export const RETENTION_MIN_MONTHS = 1;
export const RETENTION_MAX_MONTHS = 1200;

export function monthsProblem(text: string): string | null {
  const n = wholeNumber(text);
  if (n === null) return "Enter a whole number of months.";
  if (n < RETENTION_MIN_MONTHS || n > RETENTION_MAX_MONTHS) {
    return `Enter between ${RETENTION_MIN_MONTHS} and ${RETENTION_MAX_MONTHS} months (100 years).`;
  }
  return null;
}

/** The core accepts 60 to 14 400 seconds; people set it in minutes. */
export const IDLE_MIN_MINUTES = 1;
export const IDLE_MAX_MINUTES = 240;

export function idleMinutesProblem(text: string): string | null {
  const n = wholeNumber(text);
  if (n === null) return "Enter a whole number of minutes.";
  if (n < IDLE_MIN_MINUTES || n > IDLE_MAX_MINUTES) {
    return `Enter between ${IDLE_MIN_MINUTES} and ${IDLE_MAX_MINUTES} minutes (4 hours).`;
  }
  return null;
}

export function monthsLabel(months: number): string {
  if (months % 12 === 0) {
    const years = months / 12;
    return `${months} months (${years} ${years === 1 ? "year" : "years"})`;
  }
  return `${months} ${months === 1 ? "month" : "months"}`;
}

/** "7 entries checked, up to entry 7; the checkpoint kept outside the database is at entry 7." */
export function verifySummary(r: { entries: number; head_seq: number; checkpoint_seq: number | null }): string {
  const entries = `${r.entries} ${r.entries === 1 ? "entry" : "entries"} checked`;
  const head = r.entries > 0 ? `, up to entry ${r.head_seq}` : "";
  const checkpoint =
    r.checkpoint_seq === null
      ? "no checkpoint is recorded outside the database"
      : `the checkpoint kept outside the database is at entry ${r.checkpoint_seq}`;
  return `${entries}${head}; ${checkpoint}.`;
}

export const AUDIT_LIMITS = [50, 200, 1000] as const;
export const AUDIT_MAX_LIMIT = 1000;

/** A short, readable form of an audit entry's JSON details. */
export function auditDetailsSummary(details: string, max = 80): string {
  let value: unknown;
  try {
    value = JSON.parse(details);
  } catch {
    return clip(details, max);
  }
  if (value === null || typeof value !== "object") return value === null ? "" : clip(String(value), max);
  const parts = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined && v !== "")
    .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`);
  return clip(parts.join(", "), max);
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
