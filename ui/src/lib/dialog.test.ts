import { describe, expect, it } from "vitest";
import { wrapTarget } from "./dialog";

describe("wrapTarget", () => {
  const controls = ["current", "new", "confirm", "cancel", "save"];
  it("wraps from the last control to the first and back", () => {
    expect(wrapTarget(controls, "save", false)).toBe("current");
    expect(wrapTarget(controls, "current", true)).toBe("save");
  });
  it("leaves Tab alone elsewhere and in an empty dialog", () => {
    expect(wrapTarget(controls, "new", false)).toBeNull();
    expect(wrapTarget(controls, "new", true)).toBeNull();
    expect(wrapTarget(controls, "save", true)).toBeNull();
    expect(wrapTarget([], "x", false)).toBeNull();
  });
  it("wraps a single control onto itself", () => {
    expect(wrapTarget(["close"], "close", false)).toBe("close");
    expect(wrapTarget(["close"], "close", true)).toBe("close");
  });
});
