import { describe, expect, it } from "vitest";
import { tabTarget } from "./tabs";

describe("tabTarget", () => {
  it("moves with the arrows and wraps", () => {
    expect(tabTarget("ArrowRight", 0, 3)).toBe(1);
    expect(tabTarget("ArrowRight", 2, 3)).toBe(0);
    expect(tabTarget("ArrowLeft", 0, 3)).toBe(2);
  });

  it("jumps to the ends", () => {
    expect(tabTarget("Home", 2, 3)).toBe(0);
    expect(tabTarget("End", 0, 3)).toBe(2);
  });

  it("ignores other keys and empty lists", () => {
    expect(tabTarget("Enter", 0, 3)).toBeNull();
    expect(tabTarget("ArrowRight", 0, 0)).toBeNull();
  });
});
