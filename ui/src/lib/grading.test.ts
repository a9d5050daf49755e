import { describe, expect, it } from "vitest";
import {
  evaluationProblems,
  gradeCode,
  gradeLabel,
  gradeMeaning,
  HANDLING_CODES,
  INTEL_GRADES,
  meaningOf,
  SOURCE_GRADES,
  toEvaluationInput,
  type EvaluationFields,
} from "./grading";

const blank: EvaluationFields = { source: "", intelligence: "", handling: "", conditions: "", rationale: "" };
const full: EvaluationFields = { source: "1", intelligence: "B", handling: "P", conditions: "", rationale: "Corroborated by ANPR." };

describe("3x5x2 wording", () => {
  it("has the doctrine's choices", () => {
    expect(SOURCE_GRADES.map((g) => g.value)).toEqual(["1", "2", "3"]);
    expect(INTEL_GRADES.map((g) => g.value)).toEqual(["A", "B", "C", "D", "E"]);
    expect(HANDLING_CODES.map((g) => g.value)).toEqual(["P", "C"]);
    expect(INTEL_GRADES[4].meaning).toBe("Suspected to be false or malicious");
    expect(meaningOf(SOURCE_GRADES, "2")).toBe("Untested");
    expect(meaningOf(HANDLING_CODES, null)).toBeUndefined();
  });
});

describe("evaluationProblems", () => {
  it("asks for every grade and the rationale", () => {
    expect(Object.keys(evaluationProblems(blank)).sort()).toEqual(["handling", "intelligence", "rationale", "source"]);
  });
  it("accepts a complete code P evaluation", () => {
    expect(evaluationProblems(full)).toEqual({});
  });
  it("needs conditions with code C", () => {
    expect(evaluationProblems({ ...full, handling: "C" }).conditions).toMatch(/conditions/);
    expect(evaluationProblems({ ...full, handling: "C", conditions: "  " }).conditions).toBeDefined();
    expect(evaluationProblems({ ...full, handling: "C", conditions: "Not outside the team." })).toEqual({});
  });
  it("treats a whitespace rationale as missing", () => {
    expect(evaluationProblems({ ...full, rationale: " \n" }).rationale).toBeDefined();
  });
});

describe("toEvaluationInput", () => {
  it("drops conditions typed before switching to P", () => {
    expect(toEvaluationInput({ ...full, conditions: "left over" }).conditions).toBeNull();
  });
  it("trims conditions and rationale with C", () => {
    expect(toEvaluationInput({ ...full, handling: "C", conditions: " x ", rationale: " why " })).toEqual({
      source: "1",
      intelligence: "B",
      handling: "C",
      conditions: "x",
      rationale: "why",
    });
  });
  it("refuses an incomplete form", () => {
    expect(() => toEvaluationInput(blank)).toThrow();
  });
});

describe("grade labels", () => {
  it("labels 3x5x2 and legacy grades", () => {
    expect(gradeCode({ source_grade: "1", intelligence_grade: "B", handling_code: "C" })).toBe("1BC");
    expect(gradeCode({ source_grade: "A", intelligence_grade: "1", handling_code: null })).toBe("A1");
    expect(gradeLabel({ scheme: "3x5x2", source_grade: "1", intelligence_grade: "B", handling_code: "C" })).toBe("1BC");
    expect(gradeLabel({ scheme: "5x5x5", source_grade: "B", intelligence_grade: "2", handling_code: "3" })).toBe("B23 (legacy 5x5x5)");
    expect(gradeLabel({ scheme: "admiralty", source_grade: "F", intelligence_grade: "6", handling_code: null })).toBe("F6 (Admiralty)");
    expect(gradeMeaning({ scheme: "3x5x2", source_grade: "2", intelligence_grade: "C", handling_code: "P" })).toBe(
      "2 Untested · C Known indirectly to the source · P Lawful sharing permitted",
    );
    expect(gradeMeaning({ scheme: "5x5x5", source_grade: "B", intelligence_grade: "2", handling_code: "3" })).toMatch(/not mapped/);
  });
});
