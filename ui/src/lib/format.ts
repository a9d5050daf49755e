// Display wording for the core's values: dates, ages, counts, sizes and the
// labels of its vocabularies (priority, status, source type). en-GB throughout.

import type { Priority, SourceType, Status } from "./ipc";

const COUNT = new Intl.NumberFormat("en-GB");

/** 1204 → "1,204". */
export function formatCount(n: number): string {
  return COUNT.format(n);
}

/** "25 of 1,204 shown", "All 3 shown", "None". */
export function shownCount(shown: number, total: number): string {
  if (total === 0) return "None";
  if (shown >= total) return total === 1 ? "1 shown" : `All ${formatCount(total)} shown`;
  return `${formatCount(shown)} of ${formatCount(total)} shown`;
}

const DATE_TIME = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});
const DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric" });

/** "20 Nov 2026, 09:15" in local time; the input unchanged if it is not a date. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : DATE_TIME.format(d);
}

/** "20 Nov 2026" in local time. */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : DATE.format(d);
}

/** How long ago, coarsely: "just now", "5 minutes", "3 hours", "2 days", "5 weeks", "3 months", "2 years". */
export function formatAge(iso: string, now: number = Date.now()): string {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return "";
  const s = Math.max(0, Math.floor((now - t) / 1000));
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (s < 60) return "just now";
  const m = Math.floor(s / 60);
  if (m < 60) return plural(m, "minute");
  const h = Math.floor(m / 60);
  if (h < 48) return plural(h, "hour");
  const d = Math.floor(h / 24);
  if (d < 14) return plural(d, "day");
  if (d < 61) return plural(Math.floor(d / 7), "week");
  if (d < 730) return plural(Math.floor(d / 30.44), "month");
  return plural(Math.floor(d / 365.25), "year");
}

/** "due in 3 days" / "3 days overdue" / "due now", relative to now. */
export function formatDue(iso: string, now: number = Date.now()): string {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  const diff = t - now;
  if (Math.abs(diff) < 60_000) return "due now";
  if (diff > 0) return `due in ${formatAge(new Date(now - diff).toISOString(), now)}`;
  return `${formatAge(iso, now)} overdue`;
}

/** 1536 → "1.5 KB" (binary multiples, shown as KB/MB like file managers do). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} byte${n === 1 ? "" : "s"}`;
  const units = ["KB", "MB", "GB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

export const PRIORITY_LABELS: Record<Priority, string> = { high: "High", medium: "Medium", low: "Low" };

/** Doctrine meaning of each priority. */
export const PRIORITY_MEANINGS: Record<Priority, string> = {
  high: "Threat to life, serious harm or imminent",
  medium: "Time critical",
  low: "Other",
};

export const STATUS_LABELS: Record<Status, string> = {
  received: "Received",
  evaluated: "Evaluated",
  "in-development": "In development",
  analysed: "Analysed",
  disseminated: "Disseminated",
  "no-further-action": "No further action",
  archived: "Archived",
};

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

/** Label of a vocabulary value the core sends as a plain string; unknown values shown as they are. */
export function labelOf<K extends string>(labels: Record<K, string>, value: string | null | undefined): string {
  if (value == null) return "";
  return (labels as Record<string, string>)[value] ?? value;
}
