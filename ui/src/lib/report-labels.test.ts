import { describe, expect, it } from "vitest";
import {
  canDisseminateFrom, canMoveTo, entityKindLabel, manualMoves, priorityLabel, sourceTypeLabel, STATUSES, statusLabel,
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

describe("labels", () => {
  it("words codes and passes unknown ones through", () => {
    expect(statusLabel("no-further-action")).toBe("No further action");
    expect(statusLabel("something-new")).toBe("something-new");
    expect(statusLabel(null)).toBe("—");
    expect(priorityLabel("high")).toBe("High");
    expect(sourceTypeLabel("covert-source")).toBe("Covert source (CHIS)");
    expect(entityKindLabel("object", "vehicle")).toBe("Vehicle");
    expect(entityKindLabel("organisation", null)).toBe("Organisation");
  });
});
