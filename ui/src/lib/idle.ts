// Client-side idle lock. The core enforces idle lock too; this only brings the
// UI back to the unlock screen. Activity just records a timestamp (cheap on
// mousemove); a single timer checks the elapsed time when it fires, so a
// suspended machine that wakes late still locks at once.

export interface IdleTimerOptions {
  /** Inactivity allowed before `onIdle`, in milliseconds (> 0). */
  timeoutMs: number;
  onIdle: () => void;
  now?: () => number;
}

export interface IdleTimer {
  /** Record user activity (resets the countdown). */
  activity(): void;
  /** Check now (e.g. when the window becomes visible again). */
  check(): void;
  /** Stop without firing. Idempotent. */
  stop(): void;
  readonly running: boolean;
}

export function startIdleTimer({ timeoutMs, onIdle, now = Date.now }: IdleTimerOptions): IdleTimer {
  if (!(timeoutMs > 0)) throw new RangeError("idle timeout must be positive");
  let last = now();
  let handle: ReturnType<typeof setTimeout> | null = null;
  let running = true;

  const schedule = (delay: number) => {
    if (handle !== null) clearTimeout(handle);
    handle = setTimeout(check, Math.max(0, delay));
  };

  function check() {
    if (!running) return;
    const remaining = last + timeoutMs - now();
    if (remaining <= 0) {
      stop();
      onIdle();
    } else {
      schedule(remaining);
    }
  }

  function stop() {
    running = false;
    if (handle !== null) clearTimeout(handle);
    handle = null;
  }

  schedule(timeoutMs);

  return {
    activity() {
      if (running) last = now();
    },
    check,
    stop,
    get running() {
      return running;
    },
  };
}

/** DOM events that count as activity. */
export const ACTIVITY_EVENTS = ["keydown", "pointerdown", "pointermove", "wheel", "touchstart"] as const;

/** Ctrl+L (or Cmd+L on macOS) locks the session. */
export function isLockShortcut(e: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey">): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "l";
}

/** "15 minutes", "1 minute", "45 seconds", "1 minute 30 seconds". */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const m = Math.floor(s / 60);
  const r = s % 60;
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (m === 0) return plural(r, "second");
  if (r === 0) return plural(m, "minute");
  return `${plural(m, "minute")} ${plural(r, "second")}`;
}
