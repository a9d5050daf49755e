import { describe, expect, it } from "vitest";
import { byStrand, commissionProblems, findingsProblems, objectivesProblem, reviewControls, reviewStage, reviewStageLabel } from "./review";
import type { OperationalReview } from "./tasking-types";

function review(over: Partial<OperationalReview> = {}): OperationalReview {
  return {
    reference: "OR-2026-0001", operation: "Operation KESTREL", scope: "All aspects", planned_start: "2026-12-20", objectives: [],
    meeting: "TTCG-2026-0001", decision_id: 5, started_at: null, findings: null, completed_at: null, completed_by: null, ...over,
  };
}
const started = { objectives: ["Close the line"], started_at: "2026-12-20T06:00:00Z" };
const completed = {
  ...started,
  completed_at: "2027-01-30T10:00:00Z",
  completed_by: "manager",
  findings: { impact: "i", lessons: "l", good_practice: "g", recommendations: [{ strand: "prevention" as const, text: "r" }] },
};
const manager = (a: string) => a === "manage-operational-review";
const reader = () => false;

describe("where a review stands", () => {
  it("needs objectives, then the start, then findings", () => {
    expect(reviewStage(review())).toBe("objectives-needed");
    expect(reviewStage(review({ objectives: ["Close the line"] }))).toBe("awaiting-start");
    expect(reviewStage(review(started))).toBe("under-way");
    expect(reviewStage(review(completed))).toBe("complete");
    expect(reviewStageLabel("under-way")).toBe("Under way: findings due");
  });
});

describe("the review panel's controls (reviewControls)", () => {
  it("before the start: objectives can change; the start waits for objectives; no findings yet", () => {
    const none = reviewControls(review(), manager);
    expect(none).toEqual({
      objectivesEditor: true,
      objectivesLocked: null,
      recordStart: true,
      startBlocked: "State at least one objective first: they cannot be added once the operation has begun.",
      recordFindings: false,
    });
    expect(reviewControls(review({ objectives: ["Close the line"] }), manager)).toMatchObject({ recordStart: true, startBlocked: null, recordFindings: false });
  });
  it("after the start: the objectives editor is disabled with the reason, findings are offered", () => {
    const c = reviewControls(review(started), manager);
    expect(c.objectivesEditor).toBe(true);
    expect(c.objectivesLocked).toBe("The operation started on 20 Dec 2026: its objectives were fixed before it began and cannot change.");
    expect([c.recordStart, c.recordFindings]).toEqual([false, true]);
  });
  it("once complete: nothing more to record", () => {
    expect(reviewControls(review(completed), manager)).toMatchObject({ recordStart: false, recordFindings: false });
  });
  it("offers a role without manage-operational-review no controls at all", () => {
    for (const r of [review(), review(started), review(completed)]) {
      expect(reviewControls(r, reader)).toMatchObject({ objectivesEditor: false, recordStart: false, recordFindings: false });
    }
  });
});

describe("the forms' checks", () => {
  const draft = {
    meeting: "TTCG-2026-0001", summary: "Commission a review", rationale: "Costly operation", maker: "DI S. Okafor",
    operation: "Operation KESTREL", scope: "All aspects", plannedStart: "2026-12-20",
  };
  it("commissioning needs the meeting, the decision with its rationale and maker, the operation, scope and a planned start", () => {
    expect(commissionProblems(draft)).toEqual({});
    expect(commissionProblems({ ...draft, meeting: "", rationale: " ", plannedStart: "20/12/2026" })).toEqual({
      meeting: "Choose the TT&CG meeting that commissions the review.",
      rationale: "Enter the rationale for the decision.",
      plannedStart: "The operation's planned start must be a date written YYYY-MM-DD.",
    });
  });
  it("objectives: one per line, at least one", () => {
    expect(objectivesProblem("\n  \n")).toBe("State at least one objective (one per line).");
    expect(objectivesProblem("Close the line\n")).toBeNull();
  });
  it("findings: impact, lessons, good practice and at least one recommendation", () => {
    expect(findingsProblems({ impact: "i", lessons: "l", goodPractice: "g", recommendations: [{ strand: "prevention", text: "r" }] })).toEqual({});
    expect(findingsProblems({ impact: " ", lessons: "l", goodPractice: "", recommendations: [] })).toEqual({
      impact: "Enter the impact of the tactical activity.",
      goodPractice: "Enter the good practice identified.",
      recommendations: "A review draws conclusions and makes recommendations: add at least one.",
    });
  });
});

describe("byStrand", () => {
  it("groups in the doctrine's order and leaves empty strands out", () => {
    const groups = byStrand([
      { strand: "reassurance" as const, text: "a" },
      { strand: "prevention" as const, text: "b" },
      { strand: "reassurance" as const, text: "c" },
    ]);
    expect(groups.map((g) => [g.label, g.items.map((i) => i.text)])).toEqual([["Prevention", ["b"]], ["Reassurance", ["a", "c"]]]);
  });
  it("leaves out items under no strand (a product's gaps share the item type)", () => {
    const groups = byStrand([{ strand: null, text: "gap" }, { strand: "enforcement" as const, text: "warrant" }]);
    expect(groups.map((g) => [g.strand, g.items.map((i) => i.text)])).toEqual([["enforcement", ["warrant"]]]);
    expect(byStrand([{ strand: null, text: "gap" }])).toEqual([]);
  });
});
