import { describe, expect, it } from "vitest";
import { allowedMarkings, entityIdFrom, markingFloorProblem, productSteps, submitProblems, withdrawal } from "./products";
import type { ProductView } from "./tasking-types";

function view(over: Partial<ProductView> = {}): ProductView {
  return {
    reference: "TA-2026-0001", kind: "tactical-assessment", kind_title: "Tactical assessment", title: "T", marking: "OFFICIAL",
    cited_marking: null, state: "draft", terms: { requester: "r", scope: "s", questions: ["q"], deadline: "2026-12-01" },
    commissioned_by: null, sections: [{ key: "summary", title: "Summary", guidance: "g", body: "" }], citations: [], embeds: [],
    gaps: [], recommendations: [], dissemination: [], handling_conditions: [], author: "analyst", reviewer: null, reviewed_at: null,
    approver: null, approved_at: null, history: [], ...over,
  };
}

describe("the marking floor", () => {
  it("offers no marking below the highest cited one", () => {
    expect(allowedMarkings(null)).toEqual(["OFFICIAL", "OFFICIAL-SENSITIVE"]);
    expect(allowedMarkings("OFFICIAL-SENSITIVE")).toEqual(["OFFICIAL-SENSITIVE"]);
    expect(markingFloorProblem("OFFICIAL", "OFFICIAL-SENSITIVE")).toBe(
      "The product cites OFFICIAL-SENSITIVE reports, so its marking must be at least OFFICIAL-SENSITIVE.",
    );
    expect(markingFloorProblem("OFFICIAL-SENSITIVE", "OFFICIAL")).toBeNull();
  });
});

describe("the steps offered", () => {
  const everything = () => true;
  it("never lets the author review or approve their own product", () => {
    expect(productSteps(view({ state: "in-review" }), "analyst", everything).review).toBe(false);
    expect(productSteps(view({ state: "in-review" }), "j.patel", everything).review).toBe(true);
    expect(productSteps(view({ state: "awaiting-approval" }), "analyst", everything).approve).toBe(false);
    expect(productSteps(view({ state: "awaiting-approval" }), "manager", everything).approve).toBe(true);
  });
  it("edits only drafts and exports only approved products, each by its permission", () => {
    expect(productSteps(view(), "analyst", everything).edit).toBe(true);
    expect(productSteps(view({ state: "approved" }), "analyst", everything)).toEqual({
      edit: false, review: false, approve: false, exportFile: true, sendPackage: true, withdraw: true,
    });
    expect(productSteps(view({ state: "approved" }), "x", (a) => a !== "export-bundle").sendPackage).toBe(false);
    expect(productSteps(view({ state: "draft" }), "x", everything).exportFile).toBe(false);
  });
});

describe("withdrawal", () => {
  const only = (action: string) => (a: string) => a === action;
  it("is offered in every state but withdrawn, to those who approve products (the author too)", () => {
    for (const state of ["draft", "in-review", "awaiting-approval", "approved"] as const) {
      expect(productSteps(view({ state }), "analyst", only("approve-product")).withdraw, state).toBe(true);
    }
    expect(productSteps(view({ state: "withdrawn" }), "manager", only("approve-product")).withdraw).toBe(false);
    expect(productSteps(view({ state: "approved" }), "manager", only("review-product")).withdraw).toBe(false);
  });
  it("is read from the history: the last withdrawn step gives who, when and why", () => {
    const step = { step: "withdrawn", note: "Superseded by TA-2026-0002.", by: "manager", at: "2026-12-04T10:00:00Z" };
    const history = [{ step: "approved", note: "ok", by: "manager", at: "2026-12-01T10:00:00Z" }, step];
    expect(withdrawal(view({ state: "withdrawn", history }))).toEqual(step);
    expect(withdrawal(view({ state: "approved", history: history.slice(0, 1) }))).toBeNull();
  });
});

describe("what stops a submission", () => {
  it("lists empty sections, no citations, no recommendations and no dissemination list", () => {
    expect(submitProblems(view())).toEqual([
      "Write every section; still empty: Summary.",
      "Cite at least one graded report.",
      "Add at least one recommendation.",
      "Set the dissemination list.",
    ]);
    // Research summarises fact: it makes no recommendations.
    expect(submitProblems(view({ kind: "research-summary" }))).not.toContain("Add at least one recommendation.");
  });
});

describe("entity numbers", () => {
  it("are positive whole numbers", () => {
    expect(entityIdFrom(" 12 ")).toBe(12);
    expect(entityIdFrom("0")).toBeNull();
    expect(entityIdFrom("1.5")).toBeNull();
    expect(entityIdFrom("abc")).toBeNull();
  });
});
