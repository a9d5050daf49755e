import { describe, expect, it } from "vitest";
import {
  decisionNoteProblem,
  disseminationProblems,
  handlingLabel,
  outcomeText,
  previewFix,
} from "./dissemination";
import type { Dissemination } from "./ipc";

const ok = { recipient: "DS Smith, Harbour CID", purpose: "Supports operation Kestrel", acknowledged: false };

describe("disseminationProblems", () => {
  it("code P needs a recipient and a purpose only", () => {
    expect(disseminationProblems(ok, "P")).toEqual({});
    const p = disseminationProblems({ recipient: " ", purpose: "", acknowledged: false }, "P");
    expect(Object.keys(p)).toEqual(["recipient", "purpose"]);
  });

  it("code C also needs the conditions acknowledged", () => {
    expect(disseminationProblems(ok, "C").acknowledged).toMatch(/conditions/);
    expect(disseminationProblems({ ...ok, acknowledged: true }, "C")).toEqual({});
  });
});

describe("decisionNoteProblem", () => {
  it("requires a non-blank note", () => {
    expect(decisionNoteProblem("  ")).toMatch(/note/);
    expect(decisionNoteProblem("Proportionate; risk assessed.")).toBeNull();
  });
});

describe("previewFix", () => {
  it("points an unevaluated report at the evaluate screen", () => {
    expect(
      previewFix("illegal-transition", "IR-1 has not been evaluated with 3x5x2; evaluate it before dissemination", "IR-1"),
    ).toEqual({ screen: "evaluate", label: "Evaluate IR-1" });
  });

  it("points an unsanitised report at the sanitise screen", () => {
    expect(previewFix("illegal-transition", "IR-1 has no sanitised text; sanitise it before dissemination", "IR-1")).toEqual({
      screen: "sanitise",
      label: "Sanitise IR-1",
    });
  });

  it("offers nothing for other failures", () => {
    expect(previewFix("not-found", "no report with reference 'X'", "X")).toBeNull();
    expect(previewFix("illegal-transition", "a archived report cannot be disseminated", "X")).toBeNull();
  });
});

describe("labels", () => {
  it("names the handling codes", () => {
    expect(handlingLabel("C")).toMatch(/conditions/);
    expect(handlingLabel("P")).toMatch(/permitted/);
    expect(handlingLabel("X")).toBe("X");
  });

  it("says what became of a dissemination", () => {
    const d = { reference: "IR-1", recipient: "DS Smith", state: "released" } as Dissemination;
    expect(outcomeText(d)).toMatch(/^Released: IR-1 to DS Smith/);
    expect(outcomeText({ ...d, state: "awaiting-authorisation" })).toMatch(/^Awaiting authorisation/);
    expect(outcomeText({ ...d, state: "refused" })).toMatch(/^Refused/);
  });
});
