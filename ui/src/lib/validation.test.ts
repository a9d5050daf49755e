import { describe, expect, it } from "vitest";
import {
  charCount,
  confirmProblem,
  firstRunProblems,
  MIN_PASSPHRASE_CHARS,
  passphraseProblem,
  usernameProblem,
} from "./validation";

describe("passphraseProblem", () => {
  it("asks for a passphrase when empty", () => {
    expect(passphraseProblem("")).toMatch(/at least 12 characters/);
  });

  it("says how many characters are missing", () => {
    expect(passphraseProblem("abc")).toBe(
      "Too short: 3 of at least 12 characters (9 more). A few unrelated words are easy to remember.",
    );
    expect(passphraseProblem("x".repeat(11))).toMatch(/11 of at least 12 .*\(1 more\)/);
  });

  it("accepts exactly the minimum and more", () => {
    expect(MIN_PASSPHRASE_CHARS).toBe(12);
    expect(passphraseProblem("x".repeat(12))).toBeNull();
    expect(passphraseProblem("correct horse battery staple")).toBeNull();
  });

  it("counts code points like Rust chars().count(), not UTF-16 units", () => {
    const emoji = "🔒".repeat(6); // 6 code points, 12 UTF-16 units
    expect(emoji.length).toBe(12);
    expect(charCount(emoji)).toBe(6);
    expect(passphraseProblem(emoji)).toMatch(/6 of at least 12/);
    expect(passphraseProblem("ééééééééééé")).toMatch(/11 of/);
  });
});

describe("confirmProblem", () => {
  it("asks to retype, then compares exactly", () => {
    expect(confirmProblem("a long passphrase", "")).toBe("Type the passphrase again.");
    expect(confirmProblem("a long passphrase", "a long passphrasE")).toBe("The two passphrases differ.");
    expect(confirmProblem("a long passphrase", "a long passphrase")).toBeNull();
  });
});

describe("usernameProblem", () => {
  it("requires a username without spaces", () => {
    expect(usernameProblem("   ")).toBe("Enter a username.");
    expect(usernameProblem("j smith")).toBe("A username cannot contain spaces.");
    expect(usernameProblem(" jsmith ")).toBeNull();
  });
});

describe("firstRunProblems", () => {
  const ok = {
    unitName: "North Region Intelligence Unit",
    adminUsername: "jsmith",
    adminDisplayName: "Jo Smith",
    passphrase: "correct horse battery",
    confirm: "correct horse battery",
  };

  it("is empty for a complete form", () => {
    expect(firstRunProblems(ok)).toEqual({});
  });

  it("lists every problem in form order", () => {
    const p = firstRunProblems({ unitName: "", adminUsername: "", adminDisplayName: " ", passphrase: "short", confirm: "" });
    expect(Object.keys(p)).toEqual(["unitName", "adminUsername", "adminDisplayName", "passphrase", "confirm"]);
  });

  it("flags only the mismatching confirmation", () => {
    expect(firstRunProblems({ ...ok, confirm: "correct horse batter" })).toEqual({
      confirm: "The two passphrases differ.",
    });
  });
});
