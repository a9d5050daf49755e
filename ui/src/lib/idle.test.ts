import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { formatDuration, isLockShortcut, startIdleTimer } from "./idle";

describe("startIdleTimer", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("fires once after the timeout without activity", () => {
    const onIdle = vi.fn();
    const t = startIdleTimer({ timeoutMs: 60_000, onIdle });
    vi.advanceTimersByTime(59_999);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    expect(t.running).toBe(false);
    vi.advanceTimersByTime(600_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("activity pushes the deadline back", () => {
    const onIdle = vi.fn();
    const t = startIdleTimer({ timeoutMs: 60_000, onIdle });
    vi.advanceTimersByTime(50_000);
    t.activity();
    vi.advanceTimersByTime(50_000); // 100 s since start, 50 s since activity
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("keeps a single pending timer however much activity there is", () => {
    const onIdle = vi.fn();
    const t = startIdleTimer({ timeoutMs: 1_000, onIdle });
    for (let i = 0; i < 500; i++) {
      vi.advanceTimersByTime(1);
      t.activity();
    }
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(1_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("stop() cancels without firing", () => {
    const onIdle = vi.fn();
    const t = startIdleTimer({ timeoutMs: 1_000, onIdle });
    t.stop();
    t.stop();
    vi.advanceTimersByTime(5_000);
    expect(onIdle).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("check() locks at once when the clock jumped (machine asleep)", () => {
    const onIdle = vi.fn();
    const t = startIdleTimer({ timeoutMs: 60_000, onIdle });
    vi.setSystemTime(Date.now() + 3_600_000); // wall clock moves, timers do not
    expect(onIdle).not.toHaveBeenCalled();
    t.check();
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("rejects a non-positive timeout", () => {
    expect(() => startIdleTimer({ timeoutMs: 0, onIdle: () => {} })).toThrow(RangeError);
    expect(() => startIdleTimer({ timeoutMs: Number.NaN, onIdle: () => {} })).toThrow(RangeError);
  });
});

describe("isLockShortcut", () => {
  const k = (key: string, mods: Partial<Record<"ctrlKey" | "metaKey" | "altKey" | "shiftKey", boolean>> = {}) => ({
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...mods,
  });

  it("is Ctrl+L or Cmd+L only", () => {
    expect(isLockShortcut(k("l", { ctrlKey: true }))).toBe(true);
    expect(isLockShortcut(k("L", { ctrlKey: true }))).toBe(true);
    expect(isLockShortcut(k("l", { metaKey: true }))).toBe(true);
    expect(isLockShortcut(k("l"))).toBe(false);
    expect(isLockShortcut(k("l", { ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(isLockShortcut(k("l", { ctrlKey: true, altKey: true }))).toBe(false);
    expect(isLockShortcut(k("k", { ctrlKey: true }))).toBe(false);
  });
});

describe("formatDuration", () => {
  it("reads naturally", () => {
    expect(formatDuration(900)).toBe("15 minutes");
    expect(formatDuration(60)).toBe("1 minute");
    expect(formatDuration(45)).toBe("45 seconds");
    expect(formatDuration(1)).toBe("1 second");
    expect(formatDuration(90)).toBe("1 minute 30 seconds");
  });
});
