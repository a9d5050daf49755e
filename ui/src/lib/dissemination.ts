// Rules and words for the dissemination screen. The core checks the same
// rules again (crates/intel-core/src/cycle/dissemination.rs); its message wins.

import type { Dissemination, ErrorCode } from "./ipc";

export interface DisseminationFields {
  recipient: string;
  purpose: string;
  acknowledged: boolean;
}

export type DisseminationProblems = Partial<Record<keyof DisseminationFields, string>>;

/** Problems of the release form for a report with this handling code; empty when it can be sent. */
export function disseminationProblems(f: DisseminationFields, handlingCode: string): DisseminationProblems {
  const out: DisseminationProblems = {};
  if (f.recipient.trim() === "") out.recipient = "Enter the recipient: a named person, team or agency.";
  if (f.purpose.trim() === "") out.purpose = "Enter the purpose: the policing purpose and the need to know.";
  if (handlingCode === "C" && !f.acknowledged) {
    out.acknowledged = "Handling code C: confirm that you have read the conditions and will pass them on.";
  }
  return out;
}

export function decisionNoteProblem(note: string): string | null {
  return note.trim() === "" ? "Write a note on the decision: why it is authorised or refused." : null;
}

export const HANDLING_LABELS: Record<string, string> = {
  P: "P: lawful sharing permitted",
  C: "C: lawful sharing permitted with conditions",
};

export function handlingLabel(code: string): string {
  return HANDLING_LABELS[code] ?? code;
}

/** Where a refused preview can be put right, when the core says why. */
export interface PreviewFix {
  screen: "evaluate" | "sanitise";
  label: string;
}

export function previewFix(code: ErrorCode, message: string, reference: string): PreviewFix | null {
  if (code !== "illegal-transition") return null;
  if (/not been evaluated/i.test(message)) return { screen: "evaluate", label: `Evaluate ${reference}` };
  if (/no sanitised text/i.test(message)) return { screen: "sanitise", label: `Sanitise ${reference}` };
  return null;
}

/** One line saying what became of a dissemination. */
export function outcomeText(d: Dissemination): string {
  switch (d.state) {
    case "released":
      return `Released: ${d.reference} to ${d.recipient}. The sanitised text shown is what left the unit.`;
    case "awaiting-authorisation":
      return `Awaiting authorisation: ${d.reference} to ${d.recipient}. Handling code C needs another manager to authorise the release.`;
    case "refused":
      return `Refused: ${d.reference} to ${d.recipient} was not released.`;
    default:
      return `${d.reference} to ${d.recipient}: ${d.state}.`;
  }
}
