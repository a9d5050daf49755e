import { describe, expect, it } from "vitest";
import {
  canDisseminateFrom, canMoveTo, entityKindLabel, formatBytes, formatShortDateTime, gradeCode, manualMoves, STATUSES, statusLabel,
} from "./report-labels";

describe("status moves (as crates/intel-core/src/domain/status.rs)", () => {
  it("archived is final and received cannot skip evaluation", () => {
    for (const s of STATUSES) expect(canMoveTo("archived", s)).toBe(false);
    expect(canMoveTo("received", "disseminated")).toBe(false);
    expect(canMoveTo("received", "in-development")).toBe(false);
    expect(canMoveTo("received", "evaluated")).toBe(true);
    expect(canMoveTo("evaluated", "disseminated")).toBe(true);
  });
  it("offers only the moves made by changing status", () => {
    expect(manualMoves("received")).toEqual(["no-further-action", "archived"]);
    expect(manualMoves("evaluated")).toEqual(["in-development", "no-further-action", "archived"]);
    expect(manualMoves("disseminated")).toEqual(["in-development", "analysed", "archived"]);
    expect(manualMoves("archived")).toEqual([]);
    expect(manualMoves("nonsense")).toEqual([]);
  });
  it("knows when a report can be disseminated", () => {
    expect(canDisseminateFrom("received")).toBe(false);
    expect(canDisseminateFrom("evaluated")).toBe(true);
    expect(canDisseminateFrom("disseminated")).toBe(true);
    expect(canDisseminateFrom("archived")).toBe(false);
  });
});

describe("labels and formats", () => {
  it("words codes", () => {
    expect(statusLabel("no-further-action")).toBe("No further action");
    expect(statusLabel("odd")).toBe("odd");
    expect(entityKindLabel("object", "vehicle")).toBe("Vehicle");
    expect(entityKindLabel("organisation", null)).toBe("Organisation");
    expect(gradeCode({ source_grade: "1", intelligence_grade: "B", handling_code: "C" })).toBe("1BC");
    expect(gradeCode({ source_grade: "A", intelligence_grade: "1", handling_code: null })).toBe("A1");
  });
  it("sizes", () => {
    expect(formatBytes(1)).toBe("1 byte");
    expect(formatBytes(812)).toBe("812 bytes");
    expect(formatBytes(14_540)).toBe("14.2 KB");
    expect(formatBytes(3_250_000)).toBe("3.1 MB");
  });
});

describe("formatShortDateTime", () => {
  it("is day first, local time", () => {
    const iso = new Date(2026, 11, 25, 2, 31).toISOString();
    expect(formatShortDateTime(iso)).toBe("25/12/2026 02:31");
    expect(formatShortDateTime(null)).toBe("—");
    expect(formatShortDateTime("nonsense")).toBe("nonsense");
  });
});
