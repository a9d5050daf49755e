import { describe, expect, it } from "vitest";
import { listboxKey, type ListboxState } from "./listbox";

const st = (over: Partial<ListboxState> = {}): ListboxState => ({ open: true, active: -1, count: 3, ...over });
const untouched = { preventDefault: false, stopPropagation: false };
const taken = { preventDefault: true, stopPropagation: false };

describe("listboxKey: ArrowDown", () => {
  it("opens a closed list on its first option", () => {
    expect(listboxKey("ArrowDown", st({ open: false }))).toEqual({ action: "open", open: true, active: 0, ...taken });
    expect(listboxKey("ArrowDown", st({ open: false, active: 2 }))).toEqual({ action: "open", open: true, active: 0, ...taken });
  });
  it("moves from no option to the first, then down", () => {
    expect(listboxKey("ArrowDown", st({ active: -1 }))).toEqual({ action: "move", open: true, active: 0, ...taken });
    expect(listboxKey("ArrowDown", st({ active: 0 }))).toEqual({ action: "move", open: true, active: 1, ...taken });
  });
  it("stays on the last option", () => {
    expect(listboxKey("ArrowDown", st({ active: 2 }))).toEqual({ action: "move", open: true, active: 2, ...taken });
  });
  it("with a single option, stays on it", () => {
    expect(listboxKey("ArrowDown", st({ count: 1, active: 0 }))).toEqual({ action: "move", open: true, active: 0, ...taken });
  });
  it("with no options, is left to the text field, open or closed", () => {
    expect(listboxKey("ArrowDown", st({ count: 0, open: false }))).toEqual({ action: "none", open: false, active: -1, ...untouched });
    expect(listboxKey("ArrowDown", st({ count: 0, open: true }))).toEqual({ action: "none", open: true, active: -1, ...untouched });
  });
  it("with no options but openWhenEmpty, still opens a closed list (the caller looks up)", () => {
    expect(listboxKey("ArrowDown", st({ count: 0, open: false, openWhenEmpty: true }))).toEqual({ action: "open", open: true, active: 0, ...taken });
  });
  it("with no options but openWhenEmpty, an open list has no option to move to", () => {
    expect(listboxKey("ArrowDown", st({ count: 0, open: true, active: -1, openWhenEmpty: true }))).toEqual({
      action: "move",
      open: true,
      active: -1,
      ...taken,
    });
  });
  it("openWhenEmpty changes nothing when there are options", () => {
    expect(listboxKey("ArrowDown", st({ active: 1, openWhenEmpty: true }))).toEqual(listboxKey("ArrowDown", st({ active: 1 })));
    expect(listboxKey("ArrowDown", st({ open: false, openWhenEmpty: true }))).toEqual(listboxKey("ArrowDown", st({ open: false })));
  });
});

describe("listboxKey: ArrowUp", () => {
  it("moves up and stays on the first option", () => {
    expect(listboxKey("ArrowUp", st({ active: 2 }))).toEqual({ action: "move", open: true, active: 1, ...taken });
    expect(listboxKey("ArrowUp", st({ active: 1 }))).toEqual({ action: "move", open: true, active: 0, ...taken });
    expect(listboxKey("ArrowUp", st({ active: 0 }))).toEqual({ action: "move", open: true, active: 0, ...taken });
  });
  it("from no option, goes to the first", () => {
    expect(listboxKey("ArrowUp", st({ active: -1 }))).toEqual({ action: "move", open: true, active: 0, ...taken });
  });
  it("on a closed list, is left to the text field", () => {
    expect(listboxKey("ArrowUp", st({ open: false, active: 1 }))).toEqual({ action: "none", open: false, active: 1, ...untouched });
    expect(listboxKey("ArrowUp", st({ open: false, count: 0 }))).toEqual({ action: "none", open: false, active: -1, ...untouched });
  });
});

describe("listboxKey: Enter", () => {
  it("chooses the active option, first and last included", () => {
    expect(listboxKey("Enter", st({ active: 0 }))).toEqual({ action: "choose", open: true, active: 0, ...taken });
    expect(listboxKey("Enter", st({ active: 2 }))).toEqual({ action: "choose", open: true, active: 2, ...taken });
  });
  it("with no active option, is left to the form (it submits)", () => {
    expect(listboxKey("Enter", st({ active: -1 }))).toEqual({ action: "none", open: true, active: -1, ...untouched });
  });
  it("with an active index past the options (they changed), is left to the form", () => {
    expect(listboxKey("Enter", st({ active: 3 }))).toEqual({ action: "none", open: true, active: 3, ...untouched });
    expect(listboxKey("Enter", st({ count: 0, active: 0 }))).toEqual({ action: "none", open: true, active: 0, ...untouched });
  });
  it("on a closed list, is left to the form", () => {
    expect(listboxKey("Enter", st({ open: false, active: 1 }))).toEqual({ action: "none", open: false, active: 1, ...untouched });
  });
});

describe("listboxKey: Escape", () => {
  it("closes an open list, forgets the active option and goes no further (a dialog around it stays open)", () => {
    expect(listboxKey("Escape", st({ active: 1 }))).toEqual({ action: "close", open: false, active: -1, preventDefault: true, stopPropagation: true });
    expect(listboxKey("Escape", st({ count: 0 }))).toEqual({ action: "close", open: false, active: -1, preventDefault: true, stopPropagation: true });
  });
  it("on a closed list, is left alone (it reaches the dialog or screen)", () => {
    expect(listboxKey("Escape", st({ open: false, active: 1 }))).toEqual({ action: "none", open: false, active: 1, ...untouched });
  });
});

describe("listboxKey: Tab", () => {
  it("closes the list and lets the focus move on, keeping the active index", () => {
    expect(listboxKey("Tab", st({ active: 1 }))).toEqual({ action: "close", open: false, active: 1, ...untouched });
    expect(listboxKey("Tab", st({ open: false, active: -1 }))).toEqual({ action: "close", open: false, active: -1, ...untouched });
  });
});

describe("listboxKey: other keys", () => {
  it("are the text field's", () => {
    for (const key of ["a", "Home", "End", "PageDown", "ArrowLeft", "ArrowRight", " ", "Backspace"]) {
      expect(listboxKey(key, st({ active: 1 }))).toEqual({ action: "none", open: true, active: 1, ...untouched });
    }
  });
});
