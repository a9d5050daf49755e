// The browser mock mirrors the core's permission matrix; this keeps the two
// from drifting: docs/permissions.md is generated from the core's table (and
// drift-tested on the Rust side), so every cell here must match it.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Action, Role } from "../ipc";
import { ALL_ACTIONS, mockPermits } from "./permissions";

const ROLES: Role[] = [
  "director-of-intelligence", "intelligence-manager", "intelligence-officer", "principal-analyst", "analyst", "researcher",
];

function matrix(): Map<string, boolean[]> {
  const doc = readFileSync(fileURLToPath(new URL("../../../../docs/permissions.md", import.meta.url)), "utf8");
  const rows = new Map<string, boolean[]>();
  for (const line of doc.split("\n")) {
    const m = /^\| `([a-z-]+)` \|/.exec(line);
    if (!m) continue;
    const cells = line.split("|").slice(3, 3 + ROLES.length + 1).map((c) => c.trim() === "✔");
    rows.set(m[1], cells);
  }
  return rows;
}

describe("the mock's permission matrix", () => {
  const doc = matrix();
  it("lists the same actions as the core", () => {
    expect([...doc.keys()].sort()).toEqual([...ALL_ACTIONS].sort());
  });
  it.each(ALL_ACTIONS)("%s matches the core for every role", (action: Action) => {
    const cells = doc.get(action);
    expect(cells, action).toBeDefined();
    ROLES.forEach((role, i) => expect(mockPermits(role, false, action), `${role} ${action}`).toBe(cells![i]));
  });
});
