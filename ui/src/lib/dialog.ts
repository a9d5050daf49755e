// What the app's modal dialogs share: Tab wraps round inside the dialog
// instead of leaving it, and focus goes back where it was when it closes.

const FOCUSABLE = "input, button, select, textarea, [href], [tabindex]:not([tabindex='-1'])";

/** Where Tab (backwards: Shift+Tab) should go to wrap round, or null to let it move as usual. */
export function wrapTarget<T>(focusable: readonly T[], active: unknown, backwards: boolean): T | null {
  if (focusable.length === 0) return null;
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (backwards && active === first) return last;
  if (!backwards && active === last) return first;
  return null;
}

/** A modal dialog's keydown handler: keeps Tab among the dialog's enabled controls. */
export function keepTabInside(dialog: HTMLElement, e: KeyboardEvent): void {
  if (e.key !== "Tab") return;
  const focusable = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.hasAttribute("disabled"));
  const target = wrapTarget(focusable, document.activeElement, e.shiftKey);
  if (target) {
    e.preventDefault();
    target.focus();
  }
}

/** Remembers what has focus now; the function returned gives focus back to it (if it is still on the page). */
export function focusReturner(): () => void {
  const el = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  return () => {
    if (el && el.isConnected) el.focus();
  };
}
