import { describe, expect, it } from "vitest";
import { lanes, ticks, timeScale } from "./timeline";

const t = (s: string) => Date.parse(s);

describe("timeScale", () => {
  it("maps times into the pixel range with padding", () => {
    const s = timeScale([t("2026-01-01T00:00:00Z"), t("2026-12-31T00:00:00Z")], 10, 610);
    expect(s.x(t("2026-01-01T00:00:00Z"))).toBeGreaterThan(10);
    expect(s.x(t("2026-12-31T00:00:00Z"))).toBeLessThan(610);
    expect(s.x(s.min)).toBe(10);
    expect(s.x(s.max)).toBe(610);
  });
  it("centres a single time", () => {
    const one = t("2026-11-20T09:15:00Z");
    const s = timeScale([one], 0, 100);
    expect(s.x(one)).toBeCloseTo(50, 6);
    expect(timeScale([], 0, 100).max).toBeGreaterThan(timeScale([], 0, 100).min);
  });
});

describe("ticks", () => {
  it("picks months for a year", () => {
    const ts = ticks(t("2026-01-10T00:00:00Z"), t("2026-12-20T00:00:00Z"), 8, true);
    expect(ts.length).toBeLessThanOrEqual(8);
    expect(ts[0].label).toBe("Apr 2026");
    expect(ts.map((x) => x.label)).toContain("Oct 2026");
  });
  it("picks days for a week and hours for a day", () => {
    const days = ticks(t("2026-11-16T12:00:00Z"), t("2026-11-22T12:00:00Z"), 8, true);
    expect(days.map((x) => x.label)).toEqual(["17 Nov", "18 Nov", "19 Nov", "20 Nov", "21 Nov", "22 Nov"]);
    const hours = ticks(t("2026-11-20T08:30:00Z"), t("2026-11-20T12:30:00Z"), 8, true);
    expect(hours.map((x) => x.label)).toEqual(["09:00", "10:00", "11:00", "12:00"]);
  });
  it("uses the workstation's zone by default", () => {
    const local = ticks(new Date(2026, 10, 16, 12).getTime(), new Date(2026, 10, 22, 12).getTime(), 8);
    expect(local.map((x) => new Date(x.t).getHours())).toEqual([0, 0, 0, 0, 0, 0]);
    expect(local[0].label).toBe("17 Nov");
  });
  it("picks years for a decade", () => {
    const ys = ticks(t("2016-06-01T00:00:00Z"), t("2026-06-01T00:00:00Z"), 8, true);
    expect(ys.map((x) => x.label)).toEqual(["2018", "2020", "2022", "2024", "2026"]);
  });
});

describe("lanes", () => {
  it("stacks markers that would overlap", () => {
    expect(lanes([0, 5, 30, 31, 32], 20)).toEqual([0, 1, 0, 1, 2]);
    expect(lanes([], 20)).toEqual([]);
    expect(lanes([0, 0, 0, 0, 0, 0], 20, 3)).toEqual([0, 1, 2, 2, 2, 2]);
  });
});
