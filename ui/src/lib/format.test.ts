import { describe, expect, it } from "vitest";
import {
  formatAge,
  formatAgo,
  formatBytes,
  formatCount,
  formatDateTime,
  formatDue,
  formatShortDateTime,
  shownCount,
} from "./format";

const NOW = Date.parse("2026-11-25T12:00:00Z");
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe("counts", () => {
  it("groups thousands", () => {
    expect(formatCount(1204)).toBe("1,204");
    expect(formatCount(100000)).toBe("100,000");
  });
  it("says how many of how many are shown", () => {
    expect(shownCount(25, 1204)).toBe("25 of 1,204 shown");
    expect(shownCount(3, 3)).toBe("All 3 shown");
    expect(shownCount(1, 1)).toBe("1 shown");
    expect(shownCount(0, 0)).toBe("None");
  });
});

describe("formatAge", () => {
  it.each([
    [10_000, "just now"],
    [MIN, "1 minute"],
    [5 * MIN, "5 minutes"],
    [HOUR, "1 hour"],
    [30 * HOUR, "30 hours"],
    [3 * DAY, "3 days"],
    [20 * DAY, "2 weeks"],
    [90 * DAY, "2 months"],
    [800 * DAY, "2 years"],
  ])("%d ms ago is %s", (ms, text) => {
    expect(formatAge(ago(ms), NOW)).toBe(text);
  });
  it("treats the future as now and nonsense as nothing", () => {
    expect(formatAge(ago(-HOUR), NOW)).toBe("just now");
    expect(formatAge("not a date", NOW)).toBe("");
  });
});

describe("formatDue", () => {
  it("says overdue or due in", () => {
    expect(formatDue(ago(3 * DAY), NOW)).toBe("3 days overdue");
    expect(formatDue(ago(-3 * DAY), NOW)).toBe("due in 3 days");
    expect(formatDue(ago(0), NOW)).toBe("due now");
  });
});

describe("formatBytes", () => {
  it.each([
    [1, "1 byte"],
    [900, "900 bytes"],
    [14_540, "14 KB"],
    [1536, "1.5 KB"],
    [64 * 1024 * 1024, "64 MB"],
    [3.2 * 1024 * 1024, "3.2 MB"],
  ])("%d is %s", (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });
});

describe("dates", () => {
  it("are day first, local time; nonsense unchanged, nothing as a dash", () => {
    const iso = new Date(2026, 11, 25, 2, 31).toISOString();
    expect(formatShortDateTime(iso)).toBe("25/12/2026 02:31");
    expect(formatDateTime(iso)).toBe("25 Dec 2026, 02:31");
    expect(formatShortDateTime(null)).toBe("—");
    expect(formatDateTime(undefined)).toBe("—");
    expect(formatShortDateTime("nonsense")).toBe("nonsense");
  });
});

describe("formatAgo", () => {
  const now = Date.parse("2026-11-25T12:00:00Z");
  it("says 'ago' after an age but not after 'just now'", () => {
    expect(formatAgo("2026-11-25T11:59:30Z", now)).toBe("just now");
    expect(formatAgo("2026-11-25T09:00:00Z", now)).toBe("3 hours ago");
    expect(formatAgo("not a date", now)).toBe("");
  });
});
