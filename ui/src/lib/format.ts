// Display formats for the core's values: dates, ages, counts and sizes,
// en-GB throughout. The words for its vocabularies are in report-labels.ts.

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

/** "20 Nov 2026, 09:15" in local time; the input unchanged if it is not a date, "—" if there is none. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : DATE_TIME.format(d);
}

/** "20 Nov 2026" in local time. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "—";
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

/** "3 hours ago", but "just now" stays as it is. */
export function formatAgo(iso: string, now: number = Date.now()): string {
  const age = formatAge(iso, now);
  return age === "" || age === "just now" ? age : `${age} ago`;
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

/** "25/12/2026 02:31": compact, for table cells. */
export function formatShortDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
