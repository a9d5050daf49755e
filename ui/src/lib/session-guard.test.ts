import { describe, expect, it, vi } from "vitest";
import { IpcFailure } from "./ipc";
import { failureText, onSessionLost, reportIfSessionLost, sentence, sessionLossOf } from "./session-guard";

describe("session guard", () => {
  it("recognises the two ways a session is lost", () => {
    expect(sessionLossOf(new IpcFailure("session-locked", "x"))).toBe("session-locked");
    expect(sessionLossOf(new IpcFailure("user-locked", "x"))).toBe("user-locked");
    expect(sessionLossOf(new IpcFailure("invalid-input", "x"))).toBeNull();
    expect(sessionLossOf(new Error("boom"))).toBeNull();
  });

  it("tells listeners, and only about session loss", () => {
    const seen = vi.fn();
    const stop = onSessionLost(seen);
    expect(reportIfSessionLost(new IpcFailure("invalid-input", "x"))).toBe(false);
    expect(reportIfSessionLost(new IpcFailure("user-locked", "x"))).toBe(true);
    expect(seen).toHaveBeenCalledExactlyOnceWith("user-locked");
    stop();
    expect(reportIfSessionLost(new IpcFailure("session-locked", "x"))).toBe(true);
    expect(seen).toHaveBeenCalledOnce();
  });

  it("turns core clauses into sentences", () => {
    expect(sentence("the report's text is required")).toBe("The report's text is required.");
    expect(sentence("Already a sentence.")).toBe("Already a sentence.");
    expect(sentence("  ")).toBe("");
    expect(failureText(new IpcFailure("invalid-input", "an evaluation needs a rationale: say why"))).toBe(
      "An evaluation needs a rationale: say why.",
    );
    expect(failureText(new Error("ipc broke"))).toMatch(/could not reach its core/);
  });
  it("keeps the fixed texts for known codes", () => {
    expect(failureText(new IpcFailure("not-found", "No such report."))).toBe("No such report.");
    expect(failureText(new IpcFailure("session-locked", "x"))).toMatch(/Unlock again/);
  });
});
