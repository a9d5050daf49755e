import { describe, expect, it } from "vitest";
import { activityLabel, targetEntity, targetReference } from "./activity";

describe("activity", () => {
  it("labels audit actions", () => {
    expect(activityLabel("report.re-evaluate")).toBe("Re-evaluated");
    expect(activityLabel("store.demo-data")).toBe("Loaded the demonstration data");
    expect(activityLabel("something.new")).toBe("something.new");
  });
  it("reads targets", () => {
    expect(targetReference("report:IR-2026-000001")).toBe("IR-2026-000001");
    expect(targetReference("report:")).toBeNull();
    expect(targetReference("store")).toBeNull();
    expect(targetEntity("entity:12")).toBe(12);
    expect(targetEntity("entity:x")).toBeNull();
  });
});
