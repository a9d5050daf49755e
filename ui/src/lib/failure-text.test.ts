import { describe, expect, it } from "vitest";
import { IpcFailure } from "./ipc";
import { failureText } from "./failure-text";

describe("failureText", () => {
  it("makes the core's message a sentence", () => {
    expect(failureText(new IpcFailure("invalid-input", "a name for the search is required"))).toBe("A name for the search is required.");
    expect(failureText(new IpcFailure("not-found", "No such report."))).toBe("No such report.");
  });
  it("uses the fixed texts for known codes and a generic one for broken IPC", () => {
    expect(failureText(new IpcFailure("session-locked", "x"))).toMatch(/Unlock again/);
    expect(failureText(new Error("boom"))).toMatch(/could not reach its core \(boom\)/);
  });
});
