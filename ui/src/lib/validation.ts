// Form rules shown as you type. The core checks the same rules again; its
// `invalid-input` message wins if the two ever disagree.

/** Same value as `MIN_PASSPHRASE_CHARS` in intel-core (counted in Unicode code points). */
export const MIN_PASSPHRASE_CHARS = 12;

/** Length in Unicode code points, like Rust's `str::chars().count()`. */
export function charCount(s: string): number {
  return [...s].length;
}

/** `null` when acceptable, otherwise a message saying what to do. */
export function passphraseProblem(passphrase: string): string | null {
  const n = charCount(passphrase);
  if (n === 0) return `Choose a passphrase of at least ${MIN_PASSPHRASE_CHARS} characters.`;
  if (n < MIN_PASSPHRASE_CHARS) {
    const missing = MIN_PASSPHRASE_CHARS - n;
    return `Too short: ${n} of at least ${MIN_PASSPHRASE_CHARS} characters (${missing} more). A few unrelated words are easy to remember.`;
  }
  return null;
}

export function confirmProblem(passphrase: string, confirm: string): string | null {
  if (confirm === "") return "Type the passphrase again.";
  if (confirm !== passphrase) return "The two passphrases differ.";
  return null;
}

export function requiredProblem(value: string, what: string): string | null {
  return value.trim() === "" ? `Enter ${what}.` : null;
}

export function usernameProblem(username: string): string | null {
  if (username.trim() === "") return "Enter a username.";
  if (/\s/.test(username.trim())) return "A username cannot contain spaces.";
  return null;
}

export interface FirstRunFields {
  unitName: string;
  adminUsername: string;
  adminDisplayName: string;
  passphrase: string;
  confirm: string;
}

export type FirstRunProblems = Partial<Record<keyof FirstRunFields, string>>;

/** All problems of the first-run form; empty object when it can be sent. */
export function firstRunProblems(f: FirstRunFields): FirstRunProblems {
  const out: FirstRunProblems = {};
  const set = (k: keyof FirstRunFields, p: string | null) => {
    if (p) out[k] = p;
  };
  set("unitName", requiredProblem(f.unitName, "the unit's name"));
  set("adminUsername", usernameProblem(f.adminUsername));
  set("adminDisplayName", requiredProblem(f.adminDisplayName, "the administrator's display name"));
  set("passphrase", passphraseProblem(f.passphrase));
  set("confirm", confirmProblem(f.passphrase, f.confirm));
  return out;
}
