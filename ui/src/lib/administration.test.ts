import { describe, expect, it } from "vitest";
import {
  auditDetailsSummary,
  idleMinutesProblem,
  monthsLabel,
  monthsProblem,
  newUsernameProblem,
  newUserProblems,
  reasonProblem,
  verifySummary,
  type NewUserFields,
} from "./administration";

describe("newUsernameProblem (the core's username rule)", () => {
  it("accepts what the core accepts", () => {
    for (const u of ["jsmith", "j.smith", "ab", "A_b-9", "a".repeat(32)]) expect(newUsernameProblem(u)).toBeNull();
  });

  it("refuses what the core refuses, saying what to do", () => {
    expect(newUsernameProblem("")).toMatch(/Enter a username/);
    expect(newUsernameProblem("j")).toMatch(/2 to 32/);
    expect(newUsernameProblem("a".repeat(33))).toMatch(/2 to 32/);
    expect(newUsernameProblem("9lives")).toMatch(/letter/);
    expect(newUsernameProblem("j smith")).toMatch(/no spaces/);
    expect(newUsernameProblem("j@smith")).toMatch(/only letters/);
  });
});

describe("newUserProblems", () => {
  const good: NewUserFields = {
    username: "jsmith",
    displayName: "J. Smith",
    role: "analyst",
    isAdmin: false,
    clearance: "OFFICIAL",
    passphrase: "twelve chars long",
    confirm: "twelve chars long",
  };

  it("is empty for a complete form", () => {
    expect(newUserProblems(good)).toEqual({});
  });

  it("needs a role, a name, a passphrase of 12+ characters and a matching confirmation", () => {
    const p = newUserProblems({ ...good, role: "", displayName: " ", passphrase: "short", confirm: "other" });
    expect(Object.keys(p).sort()).toEqual(["confirm", "displayName", "passphrase", "role"]);
    expect(p.passphrase).toMatch(/12/);
  });
});

describe("numbers", () => {
  it("months: whole numbers from 1 to 1200", () => {
    expect(monthsProblem("72")).toBeNull();
    expect(monthsProblem("1200")).toBeNull();
    expect(monthsProblem("0")).toMatch(/between 1 and 1200/);
    expect(monthsProblem("1201")).toMatch(/between/);
    expect(monthsProblem("6.5")).toMatch(/whole number/);
    expect(monthsProblem("")).toMatch(/whole number/);
  });

  it("idle minutes: 1 to 240 (the core's 60 to 14 400 seconds)", () => {
    expect(idleMinutesProblem("15")).toBeNull();
    expect(idleMinutesProblem("240")).toBeNull();
    expect(idleMinutesProblem("241")).toMatch(/between 1 and 240/);
    expect(idleMinutesProblem("0")).toMatch(/between/);
    expect(idleMinutesProblem("abc")).toMatch(/whole number/);
  });

  it("months read as years where they divide", () => {
    expect(monthsLabel(72)).toBe("72 months (6 years)");
    expect(monthsLabel(12)).toBe("12 months (1 year)");
    expect(monthsLabel(7)).toBe("7 months");
    expect(monthsLabel(1)).toBe("1 month");
  });
});

describe("reasonProblem", () => {
  it("requires a reason and says it is audited", () => {
    expect(reasonProblem(" ")).toMatch(/audit log/);
    expect(reasonProblem("Left the unit")).toBeNull();
  });
});

describe("auditDetailsSummary", () => {
  it("lists the JSON fields, skipping empty ones", () => {
    expect(auditDetailsSummary('{"dissemination":3,"recipient":"DS Smith","state":"released","x":null}')).toBe(
      "dissemination: 3, recipient: DS Smith, state: released",
    );
  });

  it("copes with empty, scalar, nested and non-JSON details", () => {
    expect(auditDetailsSummary("{}")).toBe("");
    expect(auditDetailsSummary("null")).toBe("");
    expect(auditDetailsSummary('{"a":{"b":1}}')).toBe('a: {"b":1}');
    expect(auditDetailsSummary("not json")).toBe("not json");
    expect(auditDetailsSummary(JSON.stringify({ t: "x".repeat(200) }), 20)).toHaveLength(20);
  });
});

describe("verifySummary", () => {
  it("says how much was checked and where the checkpoint is", () => {
    expect(verifySummary({ entries: 7, head_seq: 7, checkpoint_seq: 7 })).toBe(
      "7 entries checked, up to entry 7; the checkpoint kept outside the database is at entry 7.",
    );
    expect(verifySummary({ entries: 1, head_seq: 1, checkpoint_seq: null })).toBe(
      "1 entry checked, up to entry 1; no checkpoint is recorded outside the database.",
    );
    expect(verifySummary({ entries: 0, head_seq: 0, checkpoint_seq: null })).toMatch(/^0 entries checked;/);
  });
});
