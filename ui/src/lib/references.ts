// Other systems' references (PND, OCGM, crime numbers, …): the systems'
// titles, how a typed value is held, and the checks the add form makes
// before asking the core. They mirror crates/intel-core/src/references/
// {systems,formats,mod}.rs; the core checks everything again and its message
// (e.g. a value outside the unit's format, with its example) wins.

import type { ExternalSystem, OcgmScoring, ReferenceHolder } from "./ipc";
import { isIsoDate } from "./tasking";

/** In the core's order (`ExternalSystem::ALL`). */
export const SYSTEMS: readonly ExternalSystem[] = ["pnd", "ocgm", "crime", "cad", "visor", "nabis", "pnc", "custody"];

/** `ExternalSystem::title`. */
export const SYSTEM_TITLES: Record<ExternalSystem, string> = {
  pnd: "Police National Database",
  ocgm: "Organised crime group mapping",
  crime: "Crime recording",
  cad: "Command and control",
  visor: "Violent and sex offender register",
  nabis: "National Ballistics Intelligence Service",
  pnc: "PNC ID",
  custody: "Custody record",
};

/** `ExternalSystem::default_pattern`: a starting point each unit's administrator replaces. */
export const DEFAULT_PATTERNS: Record<ExternalSystem, string> = {
  pnd: "PND[/-]?[0-9]{6,12}",
  ocgm: "OCG[/-]?[0-9]{3,8}",
  crime: "([A-Z]{2,4}/)?[0-9]{2,9}/[0-9]{2}",
  cad: "[0-9]{1,5}-[0-9]{6}",
  visor: "VIS[/-]?[0-9]{6,10}",
  nabis: "NABIS[/-][0-9]{4}[/-][0-9]{3,8}",
  pnc: "[0-9]{2}/[0-9]{1,7}[A-Z]",
  custody: "[A-Z]{2,4}/[0-9]{4,8}/[0-9]{2}",
};

/** `ExternalSystem::example`: matches the default pattern. */
export const EXAMPLES: Record<ExternalSystem, string> = {
  pnd: "PND/004512377",
  ocgm: "OCG-00417",
  crime: "CR/0012345/26",
  cad: "0457-041226",
  visor: "VIS-00123456",
  nabis: "NABIS/2026/00123",
  pnc: "01/123456X",
  custody: "CU/01234/26",
};

/** A short name beside a value where the title would be long ("PNC", "OCGM"). */
export const SYSTEM_SHORT: Record<ExternalSystem, string> = {
  pnd: "PND",
  ocgm: "OCGM",
  crime: "Crime",
  cad: "C&C",
  visor: "ViSOR",
  nabis: "NABIS",
  pnc: "PNC",
  custody: "Custody",
};

export function isSystem(s: unknown): s is ExternalSystem {
  return typeof s === "string" && (SYSTEMS as readonly string[]).includes(s);
}

/** The system's title; a system this UI does not know (a newer core) as sent. */
export function systemTitle(s: string): string {
  return isSystem(s) ? SYSTEM_TITLES[s] : s;
}

export const SYSTEM_OPTIONS: readonly { value: ExternalSystem; label: string }[] = SYSTEMS.map((s) => ({ value: s, label: SYSTEM_TITLES[s] }));

/**
 * `normalise_value`: trimmed, runs of white space as one space, upper case.
 * "cr/0012345/26 " and "CR/0012345/26" are one reference.
 */
export function normaliseReference(value: string): string {
  return value.split(/\s+/u).filter(Boolean).join(" ").toUpperCase();
}

/**
 * The unit's pattern as the core compiles it: trimmed, and anchored so the
 * whole value must match (an alternation cannot escape the anchors). Throws
 * a SyntaxError for a pattern that is not a regular expression.
 */
export function anchoredPattern(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern.trim()})$`);
}

/** Whether a (normalised) value is in the format; false for a pattern that does not compile. */
export function matchesFormat(value: string, pattern: string): boolean {
  try {
    return anchoredPattern(pattern).test(value);
  } catch {
    return false;
  }
}

/** The example the core quotes: the system's own for the default format, else the pattern itself. */
export function formatExample(system: ExternalSystem, pattern: string): string {
  return pattern === DEFAULT_PATTERNS[system] ? EXAMPLES[system] : `one matching ${pattern}`;
}

/** How the audit log names a holder (`holder_target`). */
export function holderTarget(h: ReferenceHolder): string {
  return h.kind === "report" ? `report:${h.reference}` : `entity:${h.id}`;
}

export function sameHolder(a: ReferenceHolder, b: ReferenceHolder): boolean {
  return a.kind === "report" ? b.kind === "report" && a.reference === b.reference : b.kind === "entity" && a.id === b.id;
}

/** Today as the core sees it (UTC), YYYY-MM-DD: an OCGM scoring date may not be after it. */
export function utcToday(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export interface OcgmFields {
  band: string;
  score: string;
  scoredOn: string;
}

export type OcgmProblems = Partial<Record<keyof OcgmFields, string>>;

/** What the add form says about the OCGM fields before asking the core (`check_ocgm`'s rules). */
export function ocgmProblems(f: OcgmFields, today: string = utcToday()): OcgmProblems {
  const out: OcgmProblems = {};
  const band = f.band.trim();
  if (band === "") out.band = "Enter the group's band, e.g. 1A.";
  else if (band.length > 8 || !/^[A-Za-z0-9]+$/.test(band)) out.band = "The band is letters and digits, up to 8 (e.g. 1A).";
  const score = f.score.trim();
  if (score === "") out.score = "Enter the group's score.";
  else if (!/^\d+$/.test(score) || Number(score) > 100_000) out.score = "The score is a whole number from 0 to 100000.";
  const on = f.scoredOn.trim();
  if (on === "") out.scoredOn = "Enter the date the group was scored (YYYY-MM-DD).";
  else if (!isIsoDate(on)) out.scoredOn = "The scoring date must be a date written YYYY-MM-DD.";
  else if (on > today) out.scoredOn = "The scoring date is in the future.";
  return out;
}

/** The scoring the core is sent, from fields that passed `ocgmProblems`. */
export function ocgmScoring(f: OcgmFields): OcgmScoring {
  return { band: f.band.trim().toUpperCase(), score: Number(f.score.trim()), scored_on: f.scoredOn.trim() };
}

/** "Band 1A, score 212, scored 1 Oct 2026" (the date as written when it is not one). */
export function ocgmText(o: OcgmScoring): string {
  return `Band ${o.band}, score ${o.score}, scored ${longDay(o.scored_on)}`;
}

const DAY = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** A YYYY-MM-DD day as "1 Oct 2026", without moving it across midnight. */
export function longDay(day: string): string {
  return isIsoDate(day) ? DAY.format(new Date(`${day}T00:00:00Z`)) : day;
}

/** "1 more report above your clearance", "3 more reports above your clearance". */
export function withheldText(n: number): string {
  return `${n} more ${n === 1 ? "report" : "reports"} above your clearance`;
}
