// One sentence for a failed call on the working screens. The core's own
// message says what to do, but it starts in lower case and may lack a full
// stop (it is also printed by the CLI); this makes it read as a sentence.

import { IpcFailure } from "./ipc";
import { describeFailure, describeUnexpected } from "./errors";

export function failureText(e: unknown): string {
  if (!(e instanceof IpcFailure)) return describeUnexpected(e);
  const text = describeFailure(e, "lock").trim();
  if (!text) return text;
  const sentence = text[0].toUpperCase() + text.slice(1);
  return /[.!?)]$/.test(sentence) ? sentence : `${sentence}.`;
}
