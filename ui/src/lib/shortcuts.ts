// Workspace keyboard shortcuts. Two-key "g then letter" sequences go to the
// main screens (they cannot clash with typing because they never fire while
// a text field has focus, and they leave Alt/Ctrl combinations to the
// webview and assistive technology).

import type { ScreenName } from "./nav.svelte";

export type ShortcutCommand =
  | { kind: "go"; screen: ScreenName }
  | { kind: "help" }
  | { kind: "focus-search" }
  | { kind: "back" }
  | { kind: "lock" };

/** Second key of a "g" sequence → screen. */
export const GO_KEYS: Readonly<Record<string, ScreenName>> = {
  m: "my-work",
  i: "intake",
  s: "search",
  d: "disseminate",
  x: "exchange",
  t: "tasking",
  p: "products",
  r: "reference",
  a: "admin",
};

export interface ShortcutHelp {
  keys: string[][];
  description: string;
}

/** What the help panel lists; each inner array is keys pressed together, in order. */
export const SHORTCUT_HELP: readonly ShortcutHelp[] = [
  { keys: [["G"], ["M"]], description: "Go to My work" },
  { keys: [["G"], ["I"]], description: "Go to Record a report" },
  { keys: [["G"], ["S"]], description: "Go to Search" },
  { keys: [["G"], ["D"]], description: "Go to Dissemination" },
  { keys: [["G"], ["X"]], description: "Go to Exchange (sync, bundles, taskings)" },
  { keys: [["G"], ["T"]], description: "Go to Tasking (strategy, meetings, actions)" },
  { keys: [["G"], ["P"]], description: "Go to Products (assessments, profiles)" },
  { keys: [["G"], ["R"]], description: "Go to References (look up a reference from another system)" },
  { keys: [["G"], ["A"]], description: "Go to Administration" },
  { keys: [["/"]], description: "Search: go to the search box" },
  { keys: [["Alt", "←"]], description: "Back to the previous screen" },
  { keys: [["Ctrl", "L"]], description: "Lock Intel Desk (works anywhere)" },
  { keys: [["?"], ["F1"]], description: "Show this list of shortcuts (F1 works anywhere)" },
  { keys: [["Esc"]], description: "Close this list" },
];

export const SEQUENCE_TIMEOUT_MS = 1500;

type KeyLike = Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey">;

/** Whether keys typed now would go into a field (then only F1 and Ctrl+L act). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof target !== "object") return false;
  const el = target as { tagName?: string; type?: string; isContentEditable?: boolean };
  const tag = (el.tagName ?? "").toUpperCase();
  if (el.isContentEditable) return true;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag === "INPUT") {
    const type = (el.type ?? "text").toLowerCase();
    return !["checkbox", "radio", "button", "submit", "reset", "file", "image", "range", "color"].includes(type);
  }
  return false;
}

/**
 * Reads key presses into commands. Keeps the pending "g" of a sequence,
 * which expires after `timeoutMs`.
 */
export function createShortcutReader(timeoutMs = SEQUENCE_TIMEOUT_MS, now: () => number = Date.now) {
  let pendingSince: number | null = null;

  return {
    /** The command for this key press, or null. `typing` = focus is in a text field. */
    read(e: KeyLike, typing: boolean): ShortcutCommand | null {
      const plain = !e.ctrlKey && !e.metaKey && !e.altKey;
      if (e.key === "F1" && plain) return { kind: "help" };
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "l") return { kind: "lock" };
      if (typing) {
        pendingSince = null;
        return null;
      }
      if (e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.key === "ArrowLeft") return { kind: "back" };
      if (!plain) {
        pendingSince = null;
        return null;
      }
      if (pendingSince !== null && now() - pendingSince <= timeoutMs) {
        pendingSince = null;
        const screen = GO_KEYS[e.key.toLowerCase()];
        return screen ? { kind: "go", screen } : null;
      }
      pendingSince = null;
      if (e.key === "g" || e.key === "G") {
        pendingSince = now();
        return null;
      }
      if (e.key === "?") return { kind: "help" };
      if (e.key === "/") return { kind: "focus-search" };
      return null;
    },
    /** Whether a "g" is waiting for its second key. */
    get pending(): boolean {
      return pendingSince !== null && now() - pendingSince <= timeoutMs;
    },
  };
}
