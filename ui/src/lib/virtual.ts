// Windowing maths for a results table that shows a slice of a paged result
// set: which rows are on screen, which windows of rows to fetch, where each
// row sits, and a small cache of fetched windows. Pure: no DOM, no Svelte.

/**
 * Browsers cap an element's height (Chromium ~33.5M px, Firefox ~17.9M px,
 * WebKit similar). Past this the spacer is shortened and the scroll position
 * is scaled, so a million rows still scroll end to end.
 */
export const MAX_SCROLL_PX = 8_000_000;

export interface Geometry {
  total: number;
  rowHeight: number;
  viewport: number;
  /** Height of the spacer actually laid out. */
  contentHeight: number;
  /** Virtual pixels per real scrolled pixel (1 unless the list is very long). */
  ratio: number;
}

export function geometry(total: number, rowHeight: number, viewport: number, maxPx = MAX_SCROLL_PX): Geometry {
  const full = Math.max(0, total) * rowHeight;
  const contentHeight = Math.min(full, maxPx);
  const realRange = contentHeight - viewport;
  const fullRange = full - viewport;
  const ratio = realRange > 0 && fullRange > realRange ? fullRange / realRange : 1;
  return { total: Math.max(0, total), rowHeight, viewport, contentHeight, ratio };
}

/** The virtual (unscaled) scroll offset for a real scrollTop. */
function virtualTop(g: Geometry, scrollTop: number): number {
  return Math.max(0, scrollTop) * g.ratio;
}

/** Rows [first, end) that intersect the viewport, widened by `overscan` rows each side. */
export function visibleRange(g: Geometry, scrollTop: number, overscan = 0): { first: number; end: number } {
  if (g.total === 0 || g.rowHeight <= 0) return { first: 0, end: 0 };
  const top = virtualTop(g, scrollTop);
  const first = Math.min(g.total, Math.max(0, Math.floor(top / g.rowHeight) - overscan));
  const end = Math.max(first, Math.min(g.total, Math.ceil((top + g.viewport) / g.rowHeight) + overscan));
  return { first, end };
}

/** Where row `index` is drawn inside the spacer, in real pixels. */
export function rowTop(g: Geometry, index: number, scrollTop: number): number {
  if (g.ratio === 1) return index * g.rowHeight;
  // Scaled: rows are placed relative to the real scroll position.
  return Math.max(0, scrollTop) + index * g.rowHeight - virtualTop(g, scrollTop);
}

/**
 * The scrollTop that brings row `index` fully into view with the least
 * movement (unchanged when it is already visible).
 */
export function scrollTopToShow(g: Geometry, index: number, scrollTop: number): number {
  const top = virtualTop(g, scrollTop);
  const rowStart = index * g.rowHeight;
  const rowEnd = rowStart + g.rowHeight;
  let target = top;
  if (rowStart < top) target = rowStart;
  else if (rowEnd > top + g.viewport) target = rowEnd - g.viewport;
  else return scrollTop;
  return Math.max(0, Math.min(g.contentHeight - g.viewport, target / g.ratio));
}

/** The offsets of the fixed-size windows that cover rows [first, end). */
export function windowsFor(first: number, end: number, windowSize: number): number[] {
  if (end <= first || windowSize <= 0) return [];
  const out: number[] = [];
  for (let o = Math.floor(first / windowSize) * windowSize; o < end; o += windowSize) out.push(o);
  return out;
}

/** Keys that move the active row in a grid, and where they take it. */
export function moveActive(active: number, key: string, total: number, pageRows: number): number | null {
  if (total <= 0) return null;
  const page = Math.max(1, pageRows - 1);
  const cur = Math.min(Math.max(active, -1), total - 1);
  let next: number;
  switch (key) {
    case "ArrowDown":
      next = cur + 1;
      break;
    case "ArrowUp":
      next = cur < 0 ? 0 : cur - 1;
      break;
    case "PageDown":
      next = cur + page;
      break;
    case "PageUp":
      next = cur - page;
      break;
    case "Home":
      next = 0;
      break;
    case "End":
      next = total - 1;
      break;
    default:
      return null;
  }
  return Math.min(total - 1, Math.max(0, next));
}

/**
 * Fetched windows of one query. A new query gets a new generation: answers
 * for an older generation are dropped, so a slow reply to an old query can
 * never fill the table of a new one. Holds at most `maxWindows` windows,
 * forgetting the least recently used.
 */
export class WindowCache<T> {
  readonly windowSize: number;
  readonly maxWindows: number;
  #generation = 0;
  #windows = new Map<number, T[]>();
  #pending = new Set<number>();

  constructor(windowSize = 200, maxWindows = 50) {
    this.windowSize = windowSize;
    this.maxWindows = maxWindows;
  }

  get generation(): number {
    return this.#generation;
  }

  /** Forget everything: a new query. Returns the new generation. */
  reset(): number {
    this.#generation += 1;
    this.#windows.clear();
    this.#pending.clear();
    return this.#generation;
  }

  /** Windows covering [first, end) that are neither cached nor being fetched; marks them pending. */
  claim(first: number, end: number): number[] {
    const wanted = windowsFor(first, end, this.windowSize).filter((o) => !this.#windows.has(o) && !this.#pending.has(o));
    for (const o of wanted) this.#pending.add(o);
    return wanted;
  }

  /** Stores a fetched window; false (and nothing stored) when it answers an older query. */
  put(generation: number, offset: number, rows: T[]): boolean {
    if (generation !== this.#generation) return false;
    this.#pending.delete(offset);
    this.#windows.delete(offset);
    this.#windows.set(offset, rows);
    while (this.#windows.size > this.maxWindows) {
      const oldest = this.#windows.keys().next().value as number;
      this.#windows.delete(oldest);
    }
    return true;
  }

  /** A fetch failed: let the window be claimed again later. */
  release(generation: number, offset: number): void {
    if (generation === this.#generation) this.#pending.delete(offset);
  }

  /** The row at `index`, or undefined while its window is not loaded. */
  row(index: number): T | undefined {
    const offset = Math.floor(index / this.windowSize) * this.windowSize;
    const w = this.#windows.get(offset);
    return w?.[index - offset];
  }

  /** Marks the windows of [first, end) as recently used. */
  touch(first: number, end: number): void {
    for (const o of windowsFor(first, end, this.windowSize)) {
      const w = this.#windows.get(o);
      if (w) {
        this.#windows.delete(o);
        this.#windows.set(o, w);
      }
    }
  }

  /** Every loaded row (for e.g. the highest marking on screen). */
  *loaded(): Iterable<T> {
    for (const w of this.#windows.values()) yield* w;
  }

  get windowCount(): number {
    return this.#windows.size;
  }
}

/** "No reports", "1 report", "1,234 reports". */
export function countLabel(n: number, noun = "report", plural = `${noun}s`): string {
  if (n === 0) return `No ${plural}`;
  return `${n.toLocaleString("en-GB")} ${n === 1 ? noun : plural}`;
}
