import { describe, expect, it } from "vitest";
import { createShortcutReader, GO_KEYS, isTypingTarget, SHORTCUT_HELP } from "./shortcuts";

const key = (k: string, mods: Partial<Record<"ctrlKey" | "metaKey" | "altKey" | "shiftKey", boolean>> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

function reader(start = 0) {
  let t = start;
  const r = createShortcutReader(1500, () => t);
  return { r, advance: (ms: number) => (t += ms) };
}

describe("isTypingTarget", () => {
  it("treats text fields, text areas, selects and editable content as typing", () => {
    expect(isTypingTarget({ tagName: "INPUT", type: "text" } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: "INPUT", type: "search" } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: "INPUT" } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: "TEXTAREA" } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: "SELECT" } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: "DIV", isContentEditable: true } as unknown as EventTarget)).toBe(true);
  });
  it("does not treat buttons, radios, checkboxes or the page as typing", () => {
    expect(isTypingTarget({ tagName: "INPUT", type: "radio" } as unknown as EventTarget)).toBe(false);
    expect(isTypingTarget({ tagName: "INPUT", type: "checkbox" } as unknown as EventTarget)).toBe(false);
    expect(isTypingTarget({ tagName: "BUTTON" } as unknown as EventTarget)).toBe(false);
    expect(isTypingTarget({ tagName: "BODY" } as unknown as EventTarget)).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe("createShortcutReader", () => {
  it("goes to a screen with g then a letter", () => {
    const { r } = reader();
    expect(r.read(key("g"), false)).toBeNull();
    expect(r.pending).toBe(true);
    expect(r.read(key("m"), false)).toEqual({ kind: "go", screen: "my-work" });
    expect(r.pending).toBe(false);
    for (const [letter, screen] of Object.entries(GO_KEYS)) {
      r.read(key("g"), false);
      expect(r.read(key(letter), false)).toEqual({ kind: "go", screen });
    }
  });

  it("forgets the g after the timeout or an unknown second key", () => {
    const { r, advance } = reader();
    r.read(key("g"), false);
    advance(1600);
    expect(r.read(key("m"), false)).toBeNull();
    r.read(key("g"), false);
    expect(r.read(key("q"), false)).toBeNull();
    expect(r.read(key("m"), false)).toBeNull();
  });

  it("does nothing while typing, except F1 and Ctrl+L", () => {
    const { r } = reader();
    expect(r.read(key("g"), true)).toBeNull();
    expect(r.read(key("m"), true)).toBeNull();
    expect(r.read(key("?"), true)).toBeNull();
    expect(r.read(key("/"), true)).toBeNull();
    expect(r.read(key("ArrowLeft", { altKey: true }), true)).toBeNull();
    expect(r.read(key("F1"), true)).toEqual({ kind: "help" });
    expect(r.read(key("l", { ctrlKey: true }), true)).toEqual({ kind: "lock" });
  });

  it("a g typed in a field does not start a sequence", () => {
    const { r } = reader();
    r.read(key("g"), true);
    expect(r.read(key("m"), false)).toBeNull();
  });

  it("reads help, search, back and lock", () => {
    const { r } = reader();
    expect(r.read(key("?", { shiftKey: true }), false)).toEqual({ kind: "help" });
    expect(r.read(key("F1"), false)).toEqual({ kind: "help" });
    expect(r.read(key("/"), false)).toEqual({ kind: "focus-search" });
    expect(r.read(key("ArrowLeft", { altKey: true }), false)).toEqual({ kind: "back" });
    expect(r.read(key("L", { metaKey: true }), false)).toEqual({ kind: "lock" });
  });

  it("ignores modified keys that are not shortcuts", () => {
    const { r } = reader();
    expect(r.read(key("g", { ctrlKey: true }), false)).toBeNull();
    expect(r.read(key("m"), false)).toBeNull();
    expect(r.read(key("l", { ctrlKey: true, shiftKey: true }), false)).toBeNull();
    expect(r.read(key("ArrowLeft"), false)).toBeNull();
  });
});

describe("SHORTCUT_HELP", () => {
  it("lists every go-to key", () => {
    const listed = SHORTCUT_HELP.filter((s) => s.keys[0][0] === "G").map((s) => s.keys[1][0].toLowerCase());
    expect(listed.sort()).toEqual(Object.keys(GO_KEYS).sort());
  });
});
