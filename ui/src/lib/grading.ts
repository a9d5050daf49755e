// 3x5x2 wording (College of Policing) and the evaluation form's rules, the
// same the core applies (domain/grading.rs).

import type { EvaluationInput, GradeRecord, HandlingCode, IntelGrade, SourceGrade } from "./ipc";

export interface GradeChoice<V extends string> {
  value: V;
  meaning: string;
}

export const SOURCE_GRADES: readonly GradeChoice<SourceGrade>[] = [
  { value: "1", meaning: "Reliable" },
  { value: "2", meaning: "Untested" },
  { value: "3", meaning: "Not reliable" },
];

export const INTEL_GRADES: readonly GradeChoice<IntelGrade>[] = [
  { value: "A", meaning: "Known directly to the source" },
  { value: "B", meaning: "Known indirectly to the source but corroborated" },
  { value: "C", meaning: "Known indirectly to the source" },
  { value: "D", meaning: "Not known" },
  { value: "E", meaning: "Suspected to be false or malicious" },
];

export const HANDLING_CODES: readonly GradeChoice<HandlingCode>[] = [
  { value: "P", meaning: "Lawful sharing permitted" },
  { value: "C", meaning: "Lawful sharing permitted with conditions" },
];

export interface EvaluationFields {
  source: SourceGrade | "";
  intelligence: IntelGrade | "";
  handling: HandlingCode | "";
  conditions: string;
  rationale: string;
}

export type EvaluationProblems = Partial<Record<keyof EvaluationFields, string>>;

export function evaluationProblems(f: EvaluationFields): EvaluationProblems {
  const out: EvaluationProblems = {};
  if (!f.source) out.source = "Choose the source evaluation (1, 2 or 3).";
  if (!f.intelligence) out.intelligence = "Choose the intelligence assessment (A to E).";
  if (!f.handling) out.handling = "Choose the handling code (P or C).";
  if (f.handling === "C" && f.conditions.trim() === "") {
    out.conditions = "Handling code C needs the conditions: the specific handling instructions that apply to sharing.";
  }
  if (f.rationale.trim() === "") out.rationale = "Say why these grades were given.";
  return out;
}

/** The core's input; conditions are sent only with code C (the core refuses them with P). */
export function toEvaluationInput(f: EvaluationFields): EvaluationInput {
  if (!f.source || !f.intelligence || !f.handling) throw new Error("evaluation form is incomplete");
  return {
    source: f.source,
    intelligence: f.intelligence,
    handling: f.handling,
    conditions: f.handling === "C" ? f.conditions.trim() : null,
    rationale: f.rationale.trim(),
  };
}

type GradeParts = Pick<GradeRecord, "scheme" | "source_grade" | "intelligence_grade" | "handling_code">;

/** "1BC": the grade's letters whatever its scheme (no handling code for some legacy grades). */
export function gradeCode(g: Omit<GradeParts, "scheme">): string {
  return `${g.source_grade}${g.intelligence_grade}${g.handling_code ?? ""}`;
}

/** "1BC" for a 3x5x2 grade; "B23 (legacy 5x5x5)" style for legacy grades, kept as given. */
export function gradeLabel(g: GradeParts): string {
  const code = gradeCode(g);
  return g.scheme === "3x5x2" ? code : `${code} (${schemeLabel(g.scheme)})`;
}

/** The meaning of one 3x5x2 grade letter or code, or undefined for a value outside the scheme. */
export function meaningOf<V extends string>(choices: readonly GradeChoice<V>[], value: string | null): string | undefined {
  return choices.find((c) => c.value === value)?.meaning;
}

export function schemeLabel(scheme: string): string {
  switch (scheme) {
    case "3x5x2":
      return "3x5x2";
    case "5x5x5":
      return "legacy 5x5x5";
    case "admiralty":
      return "Admiralty";
    default:
      return scheme;
  }
}

/** "1 Reliable · B Known indirectly … · C Lawful sharing permitted with conditions" for a 3x5x2 grade. */
export function gradeMeaning(g: GradeParts): string {
  if (g.scheme !== "3x5x2") return "Legacy grade, kept as given (not mapped to 3x5x2)";
  const s = meaningOf(SOURCE_GRADES, g.source_grade) ?? "?";
  const i = meaningOf(INTEL_GRADES, g.intelligence_grade) ?? "?";
  const h = meaningOf(HANDLING_CODES, g.handling_code) ?? "?";
  return `${g.source_grade} ${s} · ${g.intelligence_grade} ${i} · ${g.handling_code ?? "-"} ${h}`;
}
