// What the person sees for each error code: what happened and what to do.
// The core's own message already says what to do; where the screen can say it
// better for its context, a fixed text is used instead.

import type { ErrorCode } from "./ipc";

export interface FailureLike {
  code: ErrorCode;
  message: string;
}

export type ErrorContext = "unlock" | "setup" | "lock";

const WRONG_CREDENTIALS =
  "Check the username and passphrase. Repeated failures make you wait longer.";
const KEYCHAIN_SECRET_MISSING =
  "This workstation's keychain no longer holds the store's secret. Ask the intelligence manager for the recovery key (intel recover).";
const USER_LOCKED =
  "This account is locked. Ask the intelligence manager or an administrator to unlock it.";
const STORE_DAMAGED =
  "The store could not be opened and may be damaged. Do not set up a new store: ask the intelligence manager to restore it from the latest backup.";

/** The text shown for a failed command, in the context of a screen. */
export function describeFailure(f: FailureLike, context: ErrorContext): string {
  const detail = f.message.trim();
  switch (f.code) {
    case "wrong-credentials":
      return WRONG_CREDENTIALS;
    case "backed-off":
      // The core knows how long to wait; show its words.
      return detail || "Too many failed attempts. Wait a little, then try again.";
    case "keychain-secret-missing":
      return KEYCHAIN_SECRET_MISSING;
    case "user-locked":
      return USER_LOCKED;
    case "store-damaged":
      return detail || STORE_DAMAGED;
    case "keychain-unavailable":
      return context === "setup"
        ? `${detail || "This workstation has no usable OS keychain."} If this workstation has no keychain, you can choose passphrase-only mode below.`
        : detail || "The OS keychain is not available. Start the desktop keyring, then try again.";
    case "store-exists":
      return "A store already exists on this workstation. Restart Intel Desk to unlock it.";
    case "store-not-found":
      return "There is no store on this workstation any more. Restart Intel Desk; if the store folder was moved, put it back.";
    case "session-locked":
      return "The session was already locked. Unlock again to continue.";
    default:
      return detail || `The operation failed (${f.code}). Try again; if it keeps failing, tell the intelligence manager.`;
  }
}

/** For unexpected JS errors (IPC broken, bug): a safe, generic text. */
export function describeUnexpected(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return `Intel Desk could not reach its core (${msg}). Restart the application; if it keeps happening, tell the intelligence manager.`;
}
