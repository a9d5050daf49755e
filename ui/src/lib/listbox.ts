// The keys of a search-as-you-type box (APG combobox with a listbox popup,
// aria-activedescendant on the text field): ArrowDown opens the list or moves
// down it, ArrowUp moves up, Enter chooses the active option, Escape closes
// the list (and goes no further, so a dialog around it stays open), Tab
// closes it and moves on. Other keys are the text field's. Pure, so the
// pickers share one answer and it is tested once.

export interface ListboxState {
  /** Whether the list is showing. */
  open: boolean;
  /** The active option's index, -1 for none. */
  active: number;
  /** How many options there are. */
  count: number;
  /**
   * Whether ArrowDown is taken with no options: true for a box that has
   * something to show only once it has looked (the caller looks up on "open").
   * False: with no options, ArrowDown is left to the text field.
   */
  openWhenEmpty?: boolean;
}

export interface ListboxKey {
  /**
   * none: the key is not the list's. open: show the list. move: a new active
   * option. choose: the option at `active` is chosen (the caller closes the
   * list). close: hide the list.
   */
  action: "none" | "open" | "move" | "choose" | "close";
  /** Whether the list is open after the key ("choose" leaves it to the caller). */
  open: boolean;
  /** The active option after the key (for "choose", the one chosen). */
  active: number;
  preventDefault: boolean;
  stopPropagation: boolean;
}

/** What a key pressed in the text field does to its list. */
export function listboxKey(key: string, s: ListboxState): ListboxKey {
  const same = { open: s.open, active: s.active, preventDefault: false, stopPropagation: false };
  switch (key) {
    case "ArrowDown":
      if (s.count === 0 && !s.openWhenEmpty) break;
      if (!s.open) return { ...same, action: "open", open: true, active: 0, preventDefault: true };
      return { ...same, action: "move", active: Math.min(s.count - 1, s.active + 1), preventDefault: true };
    case "ArrowUp":
      if (!s.open) break;
      return { ...same, action: "move", active: Math.max(0, s.active - 1), preventDefault: true };
    case "Enter":
      if (!s.open || s.active < 0 || s.active >= s.count) break;
      return { ...same, action: "choose", preventDefault: true };
    case "Escape":
      if (!s.open) break;
      return { action: "close", open: false, active: -1, preventDefault: true, stopPropagation: true };
    case "Tab":
      // The focus moves on as usual; the list closes behind it.
      return { ...same, action: "close", open: false };
  }
  return { ...same, action: "none" };
}
