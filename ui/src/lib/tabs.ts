// Keyboard model of a tab list (WAI-ARIA Authoring Practices, automatic
// activation): arrows move and wrap, Home/End jump to the ends.

/** The tab to select after a key press, or null when the key is not for the tab list. */
export function tabTarget(key: string, current: number, count: number): number | null {
  if (count <= 0) return null;
  switch (key) {
    case "ArrowRight":
      return (current + 1) % count;
    case "ArrowLeft":
      return (current - 1 + count) % count;
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return null;
  }
}
