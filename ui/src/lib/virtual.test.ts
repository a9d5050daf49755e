import { describe, expect, it } from "vitest";
import { WindowCache, countLabel, geometry, moveActive, rowTop, scrollTopToShow, visibleRange, windowsFor } from "./virtual";

describe("geometry and visible range", () => {
  it("sizes the spacer to every row when it fits", () => {
    const g = geometry(100_000, 36, 540);
    expect(g.contentHeight).toBe(3_600_000);
    expect(g.ratio).toBe(1);
    expect(visibleRange(g, 0)).toEqual({ first: 0, end: 15 });
    expect(visibleRange(g, 36 * 50_000, 5)).toEqual({ first: 49_995, end: 50_020 });
    expect(rowTop(g, 50_000, 123)).toBe(1_800_000);
  });

  it("handles empty and short lists", () => {
    expect(visibleRange(geometry(0, 36, 540), 0)).toEqual({ first: 0, end: 0 });
    expect(visibleRange(geometry(3, 36, 540), 0, 10)).toEqual({ first: 0, end: 3 });
    expect(geometry(3, 36, 540).ratio).toBe(1);
  });

  it("scales very long lists so the last row is reachable", () => {
    const g = geometry(1_000_000, 36, 540, 1_000_000);
    expect(g.contentHeight).toBe(1_000_000);
    expect(g.ratio).toBeGreaterThan(1);
    const bottom = g.contentHeight - g.viewport;
    const r = visibleRange(g, bottom);
    expect(r.end).toBe(1_000_000);
    // The last row ends exactly at the bottom of the viewport.
    expect(rowTop(g, 999_999, bottom) + 36).toBeCloseTo(bottom + 540, 6);
    // The first visible row is drawn at (or just above) the real scroll position.
    const mid = 400_000;
    const first = visibleRange(g, mid).first;
    expect(rowTop(g, first, mid)).toBeLessThanOrEqual(mid);
    expect(rowTop(g, first, mid)).toBeGreaterThan(mid - 36);
  });

  it("scrolls the least needed to show a row", () => {
    const g = geometry(1000, 36, 360);
    expect(scrollTopToShow(g, 3, 0)).toBe(0); // already visible
    expect(scrollTopToShow(g, 10, 0)).toBe(11 * 36 - 360); // below: align bottom
    expect(scrollTopToShow(g, 5, 1000)).toBe(180); // above: align top
    expect(scrollTopToShow(g, 999, 0)).toBe(1000 * 36 - 360);
    const big = geometry(1_000_000, 36, 540, 1_000_000);
    const st = scrollTopToShow(big, 500_000, 0);
    const r = visibleRange(big, st);
    expect(r.first).toBeLessThanOrEqual(500_000);
    expect(r.end).toBeGreaterThan(500_000);
  });
});

describe("windowsFor", () => {
  it("covers a range with aligned windows", () => {
    expect(windowsFor(0, 15, 200)).toEqual([0]);
    expect(windowsFor(190, 215, 200)).toEqual([0, 200]);
    expect(windowsFor(49_995, 50_020, 200)).toEqual([49_800, 50_000]);
    expect(windowsFor(5, 5, 200)).toEqual([]);
  });
});

describe("moveActive", () => {
  it("moves within bounds", () => {
    expect(moveActive(-1, "ArrowDown", 10, 5)).toBe(0);
    expect(moveActive(-1, "ArrowUp", 10, 5)).toBe(0);
    expect(moveActive(9, "ArrowDown", 10, 5)).toBe(9);
    expect(moveActive(0, "ArrowUp", 10, 5)).toBe(0);
    expect(moveActive(2, "PageDown", 10, 5)).toBe(6);
    expect(moveActive(2, "PageUp", 10, 5)).toBe(0);
    expect(moveActive(4, "End", 10, 5)).toBe(9);
    expect(moveActive(4, "Home", 10, 5)).toBe(0);
    expect(moveActive(4, "x", 10, 5)).toBeNull();
    expect(moveActive(0, "ArrowDown", 0, 5)).toBeNull();
    // An active row past a shrunken result set comes back inside it.
    expect(moveActive(50, "ArrowUp", 10, 5)).toBe(8);
  });
});

describe("WindowCache", () => {
  it("claims each missing window once and serves rows", () => {
    const c = new WindowCache<number>(10, 3);
    const gen = c.reset();
    expect(c.claim(0, 25)).toEqual([0, 10, 20]);
    expect(c.claim(5, 15)).toEqual([]); // pending
    expect(c.put(gen, 10, [10, 11, 12, 13, 14, 15, 16, 17, 18, 19])).toBe(true);
    expect(c.row(13)).toBe(13);
    expect(c.row(3)).toBeUndefined();
    c.release(gen, 0);
    expect(c.claim(0, 5)).toEqual([0]);
  });

  it("drops answers to an older query", () => {
    const c = new WindowCache<string>(2, 10);
    const old = c.reset();
    c.claim(0, 2);
    const now = c.reset();
    expect(c.put(old, 0, ["stale", "stale"])).toBe(false);
    expect(c.row(0)).toBeUndefined();
    expect(c.claim(0, 2)).toEqual([0]);
    expect(c.put(now, 0, ["a", "b"])).toBe(true);
    expect([...c.loaded()]).toEqual(["a", "b"]);
  });

  it("forgets the least recently used window beyond its limit", () => {
    const c = new WindowCache<number>(1, 2);
    const g = c.reset();
    c.put(g, 0, [0]);
    c.put(g, 1, [1]);
    c.touch(0, 1); // window 0 used again
    c.put(g, 2, [2]);
    expect(c.windowCount).toBe(2);
    expect(c.row(0)).toBe(0);
    expect(c.row(1)).toBeUndefined();
    expect(c.row(2)).toBe(2);
  });
});

describe("countLabel", () => {
  it("says how many in words people read", () => {
    expect(countLabel(0)).toBe("No reports");
    expect(countLabel(1)).toBe("1 report");
    expect(countLabel(1234)).toBe("1,234 reports");
    expect(countLabel(100_000)).toBe("100,000 reports");
  });
});
