import { describe, expect, it } from "vitest";
import {
  anchoredPattern, DEFAULT_PATTERNS, EXAMPLES, formatExample, holderTarget, longDay, matchesFormat, normaliseReference, ocgmProblems,
  ocgmScoring, ocgmText, sameHolder, SYSTEMS, systemTitle, withheldText,
} from "./references";

describe("systems", () => {
  it("every example matches its default pattern (as systems.rs checks)", () => {
    for (const s of SYSTEMS) expect(matchesFormat(EXAMPLES[s], DEFAULT_PATTERNS[s]), s).toBe(true);
  });
  it("titles a known system and shows an unknown one as sent", () => {
    expect(systemTitle("pnc")).toBe("PNC ID");
    expect(systemTitle("ocgm")).toBe("Organised crime group mapping");
    expect(systemTitle("interpol")).toBe("interpol");
  });
});

describe("normaliseReference", () => {
  it("trims, keeps single spaces and upper-cases, as normalise_value", () => {
    expect(normaliseReference("  cr/0012345/26 ")).toBe("CR/0012345/26");
    expect(normaliseReference("0457 -\t041226")).toBe("0457 - 041226");
    expect(normaliseReference(" \n ")).toBe("");
  });
});

describe("formats", () => {
  it("anchors the pattern so the whole value must match, alternations included", () => {
    const re = anchoredPattern("[0-9]{2}/[0-9]{1,7}[A-Z]");
    expect(re.test("01/123456X")).toBe(true);
    expect(re.test("x01/123456X")).toBe(false);
    expect(re.test("01/123456XY")).toBe(false);
    expect(matchesFormat("AB", "A|B")).toBe(false);
    expect(matchesFormat("A", " A|B ")).toBe(true);
  });
  it("throws for a broken pattern; matchesFormat says no", () => {
    expect(() => anchoredPattern("[0-9")).toThrow(SyntaxError);
    expect(matchesFormat("1", "[0-9")).toBe(false);
  });
  it("quotes the system's example for the default and the pattern for the unit's own", () => {
    expect(formatExample("pnc", DEFAULT_PATTERNS.pnc)).toBe("01/123456X");
    expect(formatExample("crime", "[0-9]{2}-[0-9]{5}")).toBe("one matching [0-9]{2}-[0-9]{5}");
  });
});

describe("holders", () => {
  it("names holders as the audit log does and compares them", () => {
    expect(holderTarget({ kind: "report", reference: "IR-2026-000001" })).toBe("report:IR-2026-000001");
    expect(holderTarget({ kind: "entity", id: 4 })).toBe("entity:4");
    expect(sameHolder({ kind: "entity", id: 4 }, { kind: "entity", id: 4 })).toBe(true);
    expect(sameHolder({ kind: "entity", id: 4 }, { kind: "report", reference: "4" })).toBe(false);
  });
  it("says how many reports are withheld", () => {
    expect(withheldText(1)).toBe("1 more report above your clearance");
    expect(withheldText(3)).toBe("3 more reports above your clearance");
  });
});

describe("OCGM fields", () => {
  const ok = { band: "1a", score: "212", scoredOn: "2026-10-01" };
  it("accepts a band, a whole score and a past date", () => {
    expect(ocgmProblems(ok, "2026-11-20")).toEqual({});
    expect(ocgmScoring(ok)).toEqual({ band: "1A", score: 212, scored_on: "2026-10-01" });
    expect(ocgmProblems({ ...ok, scoredOn: "2026-11-20" }, "2026-11-20")).toEqual({});
  });
  it("asks for what is missing and refuses what the core refuses", () => {
    expect(ocgmProblems({ band: "", score: "", scoredOn: "" }, "2026-11-20")).toEqual({
      band: "Enter the group's band, e.g. 1A.",
      score: "Enter the group's score.",
      scoredOn: "Enter the date the group was scored (YYYY-MM-DD).",
    });
    expect(ocgmProblems({ band: "1 A", score: "12.5", scoredOn: "2026-02-30" }, "2026-11-20")).toEqual({
      band: "The band is letters and digits, up to 8 (e.g. 1A).",
      score: "The score is a whole number from 0 to 100000.",
      scoredOn: "The scoring date must be a date written YYYY-MM-DD.",
    });
    expect(ocgmProblems({ ...ok, band: "ABCDEFGHI", score: "100001" }, "2026-11-20")).toMatchObject({ band: expect.any(String), score: expect.any(String) });
    expect(ocgmProblems({ ...ok, scoredOn: "2026-11-21" }, "2026-11-20")).toEqual({ scoredOn: "The scoring date is in the future." });
  });
  it("reads as a sentence, the day not moved by the time zone", () => {
    expect(ocgmText({ band: "1A", score: 212, scored_on: "2026-10-01" })).toBe("Band 1A, score 212, scored 1 Oct 2026");
    expect(longDay("not a day")).toBe("not a day");
  });
});
