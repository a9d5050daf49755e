// A command can fail because the session is gone: the core locked it (idle,
// or locked elsewhere) or an administrator locked the account. Whatever
// screen sees that must not carry on showing data; it reports the failure
// here and the workspace returns to the unlock screen.

import { IpcFailure, onCommandFailure } from "./ipc";
import { describeFailure, describeUnexpected } from "./errors";

export type SessionLoss = "session-locked" | "user-locked";

type Listener = (why: SessionLoss) => void;
const listeners = new Set<Listener>();

/** The kind of session loss a failure means, or null for other failures. */
export function sessionLossOf(e: unknown): SessionLoss | null {
  if (e instanceof IpcFailure && (e.code === "session-locked" || e.code === "user-locked")) return e.code;
  return null;
}

/** Called with the reason whenever a screen reports a lost session. Returns an unsubscribe function. */
export function onSessionLost(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Reports a failure. Returns true when it meant the session is gone (the
 * workspace is then leaving; the caller should show nothing more).
 */
export function reportIfSessionLost(e: unknown): boolean {
  const why = sessionLossOf(e);
  if (!why) return false;
  // Every failure is already reported as it leaves ipc.ts; screens that
  // report it again only learn that they should stop.
  if (typeof e === "object" && e !== null && !reported.has(e)) {
    reported.add(e);
    for (const l of [...listeners]) l(why);
  }
  return true;
}

const reported = new WeakSet<object>();
onCommandFailure((f) => {
  reportIfSessionLost(f);
});

/** A failure as a sentence for a workspace screen: what happened and what to do. */
export function failureText(e: unknown): string {
  if (!(e instanceof IpcFailure)) return describeUnexpected(e);
  return sentence(describeFailure(e, "lock"));
}

/** The core's messages are clauses ("the report's text is required"); show them as sentences. */
export function sentence(s: string): string {
  const t = s.trim();
  if (t === "") return t;
  const first = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?)]$/.test(first) ? first : `${first}.`;
}
