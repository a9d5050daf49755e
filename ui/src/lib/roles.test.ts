import { describe, expect, it } from "vitest";
import { roleLabel } from "./roles";

describe("roleLabel", () => {
  it("turns role codes into titles", () => {
    expect(roleLabel("director-of-intelligence")).toBe("Director of Intelligence");
    expect(roleLabel("intelligence-manager")).toBe("Intelligence Manager");
    expect(roleLabel("principal-analyst")).toBe("Principal Analyst");
    expect(roleLabel("researcher")).toBe("Researcher");
  });
});
