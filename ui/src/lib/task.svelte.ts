// One piece of work a form or button starts: whether it is running and, when
// it failed, the core's message in the app's words. Forms keep one each so a
// failure shows next to what failed; a lost session is left to the shell.

import { failureText, reportIfSessionLost } from "./session-guard";

export class Task {
  busy = $state(false);
  failure = $state<string | null>(null);

  /** Runs `fn` unless already running; answers its value, or undefined when it failed. */
  async run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    if (this.busy) return undefined;
    this.busy = true;
    this.failure = null;
    try {
      return await fn();
    } catch (e) {
      if (!reportIfSessionLost(e)) this.failure = failureText(e);
      return undefined;
    } finally {
      this.busy = false;
    }
  }
}
