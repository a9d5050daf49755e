import { describe, expect, it } from "vitest";
import { describeFailure, describeUnexpected } from "./errors";
import type { ErrorCode } from "./ipc";

const f = (code: ErrorCode, message = "core message: do X") => ({ code, message });

describe("describeFailure on the unlock screen", () => {
  it("wrong-credentials gives fixed guidance, never the core's detail", () => {
    expect(describeFailure(f("wrong-credentials", "user jsmith unknown"), "unlock")).toBe(
      "Check the username and passphrase. Repeated failures make you wait longer.",
    );
  });

  it("backed-off shows the core's message (it knows the wait)", () => {
    expect(describeFailure(f("backed-off", "Wait 40 seconds, then try again."), "unlock")).toBe(
      "Wait 40 seconds, then try again.",
    );
    expect(describeFailure(f("backed-off", "  "), "unlock")).toMatch(/Too many failed attempts/);
  });

  it("keychain-secret-missing points to the recovery key", () => {
    expect(describeFailure(f("keychain-secret-missing"), "unlock")).toBe(
      "This workstation's keychain no longer holds the store's secret. Ask the intelligence manager for the recovery key (intel recover).",
    );
  });

  it("user-locked says who can help", () => {
    expect(describeFailure(f("user-locked"), "unlock")).toMatch(/account is locked.*intelligence manager/);
  });

  it("store-damaged shows the core's instructions, or a safe default", () => {
    expect(describeFailure(f("store-damaged", "Restore backup B."), "unlock")).toBe("Restore backup B.");
    expect(describeFailure(f("store-damaged", ""), "unlock")).toMatch(/Do not set up a new store/);
  });

  it("other codes fall back to the core's message, then to a generic text with the code", () => {
    expect(describeFailure(f("storage", "Disk full: free space."), "unlock")).toBe("Disk full: free space.");
    expect(describeFailure(f("internal", ""), "unlock")).toMatch(/\(internal\)/);
  });
});

describe("describeFailure on the set-up screen", () => {
  it("keychain-unavailable keeps the core's reason and mentions passphrase-only mode", () => {
    const text = describeFailure(f("keychain-unavailable", "No Secret Service is running."), "setup");
    expect(text).toMatch(/^No Secret Service is running\./);
    expect(text).toMatch(/passphrase-only mode below/);
  });

  it("keychain-unavailable elsewhere does not offer passphrase-only mode", () => {
    expect(describeFailure(f("keychain-unavailable", ""), "unlock")).not.toMatch(/passphrase-only/);
  });

  it("invalid-input shows the core's words", () => {
    expect(describeFailure(f("invalid-input", "the passphrase must be at least 12 characters"), "setup")).toBe(
      "the passphrase must be at least 12 characters",
    );
  });
});

describe("describeUnexpected", () => {
  it("includes the error text and what to do", () => {
    expect(describeUnexpected(new Error("boom"))).toMatch(/\(boom\).*Restart/);
    expect(describeUnexpected("plain")).toMatch(/\(plain\)/);
  });
});
