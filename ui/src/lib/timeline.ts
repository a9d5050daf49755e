// Timeline maths: a time scale over the records' dates, "nice" ticks for
// the axis, and lanes so markers that would overlap are stacked instead.
// Pure: dates in, numbers and labels out.

const DAY = 86_400_000;

export interface Scale {
  min: number;
  max: number;
  /** Pixel position of a time (ms since epoch) between `left` and `right`. */
  x: (t: number) => number;
}

/** A linear scale over the times, padded so single or close times are not on the edge. */
export function timeScale(times: readonly number[], left: number, right: number): Scale {
  let min = times.length ? Math.min(...times) : Date.UTC(2026, 0, 1);
  let max = times.length ? Math.max(...times) : min;
  const span = max - min;
  const pad = Math.max(span * 0.05, DAY / 2);
  min -= pad;
  max += pad;
  const w = right - left;
  return { min, max, x: (t) => left + ((t - min) / (max - min)) * w };
}

interface Step {
  ms: number;
  unit: "hour" | "day" | "month" | "year";
  n: number;
}

const STEPS: Step[] = [
  { ms: 3_600_000, unit: "hour", n: 1 },
  { ms: 3 * 3_600_000, unit: "hour", n: 3 },
  { ms: 6 * 3_600_000, unit: "hour", n: 6 },
  { ms: 12 * 3_600_000, unit: "hour", n: 12 },
  { ms: DAY, unit: "day", n: 1 },
  { ms: 2 * DAY, unit: "day", n: 2 },
  { ms: 7 * DAY, unit: "day", n: 7 },
  { ms: 14 * DAY, unit: "day", n: 14 },
  { ms: 30 * DAY, unit: "month", n: 1 },
  { ms: 91 * DAY, unit: "month", n: 3 },
  { ms: 182 * DAY, unit: "month", n: 6 },
  { ms: 365 * DAY, unit: "year", n: 1 },
  { ms: 2 * 365 * DAY, unit: "year", n: 2 },
  { ms: 5 * 365 * DAY, unit: "year", n: 5 },
  { ms: 10 * 365 * DAY, unit: "year", n: 10 },
];

export interface Tick {
  t: number;
  label: string;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Calendar fields of a Date in UTC or in the workstation's zone. */
function cal(d: Date, utc: boolean) {
  return utc
    ? { y: d.getUTCFullYear(), mo: d.getUTCMonth(), day: d.getUTCDate(), h: d.getUTCHours() }
    : { y: d.getFullYear(), mo: d.getMonth(), day: d.getDate(), h: d.getHours() };
}

function make(utc: boolean, y: number, mo: number, day: number, h: number): Date {
  return utc ? new Date(Date.UTC(y, mo, day, h)) : new Date(y, mo, day, h);
}

/**
 * Ticks on calendar boundaries between min and max, at most `maxTicks` of
 * them: hours, days, months or years, whichever step fits. Boundaries are in
 * the workstation's time zone (as the dates beside the markers are) unless
 * `utc` is set.
 */
export function ticks(min: number, max: number, maxTicks = 8, utc = false): Tick[] {
  const span = Math.max(1, max - min);
  const step = STEPS.find((s) => span / s.ms <= maxTicks) ?? STEPS[STEPS.length - 1];
  const c = cal(new Date(min), utc);
  // The step's boundary at or before min, then whole steps from there.
  let { y, mo, day, h } = c;
  switch (step.unit) {
    case "hour":
      h = Math.floor(h / step.n) * step.n;
      break;
    case "day":
      h = 0;
      break;
    case "month":
      h = 0;
      day = 1;
      mo = Math.floor(mo / step.n) * step.n;
      break;
    case "year":
      h = 0;
      day = 1;
      mo = 0;
      y = Math.floor(y / step.n) * step.n;
      break;
  }
  const out: Tick[] = [];
  for (let i = 0; i < 1000; i++) {
    const d =
      step.unit === "hour" ? make(utc, y, mo, day, h + i * step.n)
      : step.unit === "day" ? make(utc, y, mo, day + i * step.n, 0)
      : step.unit === "month" ? make(utc, y, mo + i * step.n, 1, 0)
      : make(utc, y + i * step.n, 0, 1, 0);
    const t = d.getTime();
    if (t > max) break;
    if (t >= min) out.push({ t, label: tickLabel(cal(d, utc), step) });
  }
  return out;
}

function tickLabel(c: { y: number; mo: number; day: number; h: number }, step: Step): string {
  const mon = MONTHS[c.mo];
  switch (step.unit) {
    case "hour":
      return `${String(c.h).padStart(2, "0")}:00${c.h === 0 ? ` ${c.day} ${mon}` : ""}`;
    case "day":
      return `${c.day} ${mon}${c.day === 1 && c.mo === 0 ? ` ${c.y}` : ""}`;
    case "month":
      return `${mon} ${c.y}`;
    case "year":
      return String(c.y);
  }
}

/**
 * Lane (0 = on the axis, 1 = above it, …) for markers at pixel positions
 * `xs`, so that markers in the same lane are at least `gap` apart. Greedy in
 * the given order; the lane count is capped at `maxLanes` (the last lane may
 * then overlap).
 */
export function lanes(xs: readonly number[], gap: number, maxLanes = 4): number[] {
  const order = xs.map((x, i) => ({ x, i })).sort((a, b) => a.x - b.x || a.i - b.i);
  const lastInLane: number[] = [];
  const out = new Array<number>(xs.length).fill(0);
  for (const { x, i } of order) {
    let lane = lastInLane.findIndex((last) => x - last >= gap);
    if (lane < 0) lane = lastInLane.length < maxLanes ? lastInLane.length : maxLanes - 1;
    lastInLane[lane] = x;
    out[i] = lane;
  }
  return out;
}
