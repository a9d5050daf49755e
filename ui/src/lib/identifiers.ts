// Finds wording that may identify a source or a data subject, so the person
// sanitising a report sees it at a glance. It is a prompt, not a guarantee:
// it errs towards flagging too much, and what it misses the person still
// has to catch. Pure and synchronous so it can run on every keystroke.

export type IdentifierKind = "name" | "phone" | "postcode" | "address" | "vehicle" | "dob" | "date";

export interface Identifier {
  kind: IdentifierKind;
  text: string;
  start: number;
  end: number;
}

export const KIND_LABELS: Record<IdentifierKind, string> = {
  name: "name",
  phone: "phone number",
  postcode: "postcode",
  address: "street address",
  vehicle: "vehicle registration",
  dob: "date of birth",
  date: "date",
};

/** Order used by legends and lists. */
export const KINDS: readonly IdentifierKind[] = ["name", "address", "postcode", "phone", "vehicle", "dob", "date"];

// When two candidates overlap, the more specific pattern wins (a street
// address beats the "capitalised pair" inside it).
const PRIORITY: Record<IdentifierKind, number> = {
  address: 6,
  postcode: 6,
  phone: 6,
  dob: 5,
  date: 4,
  vehicle: 4,
  name: 2,
};

// ---- phone numbers ----------------------------------------------------------

// +44 or a leading 0 (optionally bracketed area code), then groups of digits.
const PHONE = /(?<![\w+])(?:\+44[\s-]?(?:\(0\)[\s-]?)?|\(0|0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\d])/g;

/** The number in national form (0 + 9 or 10 digits), or null if it cannot be a UK number. */
export function nationalPhoneDigits(candidate: string): string | null {
  let digits = candidate.replace(/\(0\)/, "").replace(/\D/g, "");
  if (candidate.trim().startsWith("+44")) digits = "0" + digits.slice(2);
  if (!/^0[1-9]\d{8,9}$/.test(digits)) return null;
  // 07 mobiles and 01/02/03/05/08/09 numbers are 11 digits; a few old 01 areas have 10.
  if (digits.length === 10 && !digits.startsWith("01")) return null;
  return digits;
}

// ---- postcodes ----------------------------------------------------------------

// Outward code (area letters + district) and inward code (digit + two letters,
// never C, I, K, M, O or V). Upper case only: a lower-case match is far more
// likely to be ordinary words.
const POSTCODE = /\b(?:GIR ?0AA|[A-PR-UWYZ](?:[A-HK-Y]\d[A-Z\d]?|\d[A-HJKPSTUW\d]?) ?\d[ABD-HJLNP-UW-Z]{2})\b/g;

// ---- vehicle registrations ------------------------------------------------------

const VEHICLE_PATTERNS: RegExp[] = [
  // Current (2001 on): two memory-tag letters, two age digits, three random letters. AB12 CDE
  /\b[A-HJ-PR-Y][A-HJ-PR-Y]\d{2} ?[A-HJ-PR-Z]{3}\b/g,
  // Prefix (1983-2001): age letter, 1-3 digits, three letters. A123 BCD
  /\b[A-HJ-NP-Y]\d{1,3} ?[A-HJ-PR-Y]{3}\b/g,
  // Suffix (1963-1983): three letters, 1-3 digits, age letter. ABC 123D
  /\b[A-HJ-PR-Y]{3} ?\d{1,3}[A-HJ-NP-Y]\b/g,
  // Northern Ireland: three letters including I or Z, then up to four digits. AIZ 1234
  /\b[A-Z](?:[IZ][A-Z]|[A-Z][IZ]) ?\d{1,4}\b/g,
];

// ---- dates --------------------------------------------------------------------

const MONTHS =
  "Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?";
const DATE_PATTERNS: RegExp[] = [
  // 03/04/1990, 3.4.90, 03-04-1990
  /\b(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})\b/g,
  // 1990-04-03
  /\b(\d{4})-(\d{2})-(\d{2})\b/g,
  // 3rd April 1990, 3 Apr 90
  new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)?\\s(?:${MONTHS})\\.?,?\\s(?:\\d{4}|'?\\d{2})\\b`, "g"),
  // April 3rd, 1990
  new RegExp(`\\b(?:${MONTHS})\\.?\\s\\d{1,2}(?:st|nd|rd|th)?,?\\s\\d{4}\\b`, "g"),
];
const DOB_CUE = /(?:\bborn(?:\s+on)?|\bd\.?\s?o\.?\s?b\.?|\bdate\s+of\s+birth)\s*[:\-–]?\s*(?:\(?\s*)?$/i;

function plausibleNumericDate(m: RegExpExecArray): boolean {
  if (m[0].includes("-") && m[1]?.length === 4) {
    const month = Number(m[2]);
    const day = Number(m[3]);
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
  }
  const day = Number(m[1]);
  const month = Number(m[3]);
  // UK order first; accept US order when it is the only reading that works.
  const uk = day >= 1 && day <= 31 && month >= 1 && month <= 12;
  const us = month >= 1 && month <= 31 && day >= 1 && day <= 12;
  return uk || us;
}

// ---- street addresses -------------------------------------------------------------

export const STREET_WORDS = [
  "Street", "St", "Road", "Rd", "Avenue", "Ave", "Lane", "Ln", "Close", "Drive", "Dr", "Way", "Court", "Ct",
  "Crescent", "Cres", "Place", "Pl", "Row", "Terrace", "Tce", "Gardens", "Gdns", "Grove", "Hill", "Park", "Square",
  "Sq", "Walk", "Mews", "View", "Rise", "Parade", "Green", "Vale", "Wharf", "Quay", "Yard", "Gate", "Mount",
  "Boulevard", "Embankment", "Approach", "Broadway", "Circus", "Crossing", "Heights", "Wynd", "Chase", "Fold",
];
const STREET_ABBREVIATIONS = new Set(["St", "Rd", "Ave", "Ln", "Dr", "Ct", "Cres", "Pl", "Tce", "Gdns", "Sq"]);
// Abbreviations may carry a full stop; a full word's following full stop ends the sentence.
const STREET = [
  ...STREET_WORDS.filter((w) => !STREET_ABBREVIATIONS.has(w)).map((w) => `${w}\\b`),
  ...[...STREET_ABBREVIATIONS].map((w) => `${w}\\b\\.?`),
].join("|");
// Optional flat/unit, a house number (12, 12a, 12-14), one to three capitalised words, a street word.
const ADDRESS = new RegExp(
  `(?:\\b(?:Flat|Apartment|Apt|Unit)\\s+\\d+[A-Za-z]?,?\\s+)?\\b\\d{1,4}[A-Za-z]?(?:-\\d{1,4})?,?\\s+(?:[A-Z][a-z'’]+\\s+){1,3}(?:${STREET})`,
  "g",
);

// ---- personal names -----------------------------------------------------------------

const TITLES = ["Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Rev", "Sir", "Dame", "Lady", "Lord", "Master"];
// A given name (Capitalised) followed by more name words, which may be
// Capitalised or in capitals (police reports often write SURNAMES in capitals).
const NAME_WORD = "(?:Mc|Mac|O['’])?[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*";
const SURNAME_WORD = `(?:${NAME_WORD}|[A-Z]{2,}(?:[-'’][A-Z]{2,})*)`;
// Names do not run across line breaks.
const TITLED = new RegExp(`\\b(?:${TITLES.join("|")})\\.?[ \\t]+${SURNAME_WORD}(?:[ \\t]+${SURNAME_WORD}){0,2}\\b`, "g");
const CAPITAL_RUN = new RegExp(`\\b${SURNAME_WORD}(?:[ \\t]+${SURNAME_WORD})+\\b`, "g");
const NICKNAME = /\b(?:known\s+as|aka|a\.k\.a\.|nicknamed|calls\s+himself|calls\s+herself|called)\s+['"‘“]?([A-Z][A-Za-z]+)['"’”]?/g;

// Capitalised words that start sentences or name places, organisations and
// times rather than people. A run is split at them.
const NOT_NAME_WORDS = new Set(
  [
    ...STREET_WORDS,
    ...TITLES,
    // sentence starters and function words
    "A", "An", "The", "This", "That", "These", "Those", "He", "She", "They", "We", "It", "His", "Her", "Their", "Our",
    "On", "In", "At", "By", "From", "To", "Of", "For", "With", "And", "But", "Or", "If", "When", "While", "After",
    "Before", "During", "Since", "Until", "Yesterday", "Today", "Tonight", "Tomorrow", "Last", "Next", "Both", "Each",
    "Member", "Members", "Partner", "Partners", "Driver", "Officer", "Officers", "Source", "Sources", "Report", "Reports",
    "Intelligence", "Information", "Subject", "Subjects", "Male", "Female", "Man", "Woman", "Person", "People", "Unknown",
    "Police", "Constable", "Sergeant", "Inspector", "Detective", "Council", "Housing", "Agency", "Bank", "Station",
    "Hospital", "School", "College", "University", "Church", "Centre", "Center", "Limited", "Ltd", "Plc", "Group",
    "Services", "Logistics", "Trading", "Company", "Team", "Unit", "Region", "Force", "Crimestoppers", "Prison",
    "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Upper", "Lower", "Great", "Little",
    "Old", "New", "Royal", "National", "County", "City", "Town", "Village", "Estate", "House", "Hall", "Farm", "Bridge",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    "Christmas", "Easter", "England", "Scotland", "Wales", "Ireland", "Britain", "British", "English", "UK",
    "OFFICIAL", "SENSITIVE", "SECRET", "DEMONSTRATION", "DATA", "ANPR", "CCTV", "PNC", "CHIS", "OCG", "IR", "VW", "BMW",
  ].map((w) => w.toLowerCase()),
);

function isNameWord(word: string): boolean {
  return !NOT_NAME_WORDS.has(word.replace(/[.’']/g, "").toLowerCase());
}

/** Splits a run of capitalised words at non-name words and keeps the pieces that look like names. */
function namesInRun(run: string, offset: number, out: Identifier[]): void {
  const words = [...run.matchAll(/\S+/g)];
  let group: RegExpMatchArray[] = [];
  const flush = () => {
    // A name is at least two words and starts with a Capitalised (not ALL-CAPS) given name.
    if (group.length >= 2 && /^[A-Z]+[a-z]/.test(group[0][0].replace(/^(?:Mc|Mac|O['’])/, "X"))) {
      const first = group[0];
      const last = group[group.length - 1];
      const start = offset + (first.index ?? 0);
      const end = offset + (last.index ?? 0) + last[0].length;
      out.push({ kind: "name", text: "", start, end });
    }
    group = [];
  };
  for (const w of words) {
    if (isNameWord(w[0])) group.push(w);
    else flush();
  }
  flush();
}

// ---- assembly -------------------------------------------------------------------

function collect(re: RegExp, text: string, kind: IdentifierKind, out: Identifier[], keep?: (m: RegExpExecArray) => boolean) {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex += 1;
      continue;
    }
    if (!keep || keep(m)) out.push({ kind, text: m[0], start: m.index, end: m.index + m[0].length });
  }
}

/** Likely identifiers in `text`, in order, never overlapping. */
export function findIdentifiers(text: string): Identifier[] {
  const found: Identifier[] = [];

  collect(PHONE, text, "phone", found, (m) => nationalPhoneDigits(m[0]) !== null);
  collect(POSTCODE, text, "postcode", found);
  for (const re of VEHICLE_PATTERNS) collect(re, text, "vehicle", found);
  collect(ADDRESS, text, "address", found);
  for (const re of DATE_PATTERNS) {
    collect(re, text, "date", found, (m) => (re === DATE_PATTERNS[0] || re === DATE_PATTERNS[1] ? plausibleNumericDate(m) : true));
  }
  for (const d of found) {
    if (d.kind === "date" && DOB_CUE.test(text.slice(Math.max(0, d.start - 24), d.start))) d.kind = "dob";
  }
  collect(TITLED, text, "name", found);
  CAPITAL_RUN.lastIndex = 0;
  for (let m = CAPITAL_RUN.exec(text); m; m = CAPITAL_RUN.exec(text)) namesInRun(m[0], m.index, found);
  NICKNAME.lastIndex = 0;
  for (let m = NICKNAME.exec(text); m; m = NICKNAME.exec(text)) {
    const nick = m[1];
    if (!isNameWord(nick)) continue;
    const start = m.index + m[0].lastIndexOf(nick);
    found.push({ kind: "name", text: nick, start, end: start + nick.length });
  }

  // A name found once is marked wherever it recurs, alone or in part
  // ("Kestrel DEMO ... Kestrel", "known as 'Kes' ... used by Kes").
  const nameWords = new Set<string>();
  for (const id of found) {
    if (id.kind !== "name") continue;
    const t = text.slice(id.start, id.end);
    nameWords.add(t);
    for (const w of t.split(/\s+/)) if (w.length >= 3 && isNameWord(w)) nameWords.add(w);
  }
  for (const w of nameWords) {
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(w)}(?![\\p{L}\\p{N}])`, "gu");
    for (const m of text.matchAll(re)) found.push({ kind: "name", text: w, start: m.index, end: m.index + w.length });
  }

  // Most specific first, then longest; keep what does not overlap what is kept.
  found.sort((a, b) => PRIORITY[b.kind] - PRIORITY[a.kind] || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Identifier[] = [];
  for (const c of found) {
    if (kept.every((k) => c.end <= k.start || c.start >= k.end)) kept.push({ ...c, text: text.slice(c.start, c.end) });
  }
  return kept.sort((a, b) => a.start - b.start);
}

export interface Segment {
  text: string;
  identifier: Identifier | null;
}

/** The text cut into plain and identifier pieces, for rendering highlights. */
export function segmentText(text: string, identifiers: readonly Identifier[]): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const id of identifiers) {
    if (id.start > at) out.push({ text: text.slice(at, id.start), identifier: null });
    out.push({ text: text.slice(id.start, id.end), identifier: id });
    at = id.end;
  }
  if (at < text.length) out.push({ text: text.slice(at), identifier: null });
  return out;
}

/** A comparison key: the same identifier written differently gets the same key. */
export function identifierKey(id: Pick<Identifier, "kind" | "text">): string {
  switch (id.kind) {
    case "phone": {
      const national = nationalPhoneDigits(id.text);
      return `phone:${(national ?? id.text.replace(/\D/g, "")).slice(-10)}`;
    }
    case "postcode":
    case "vehicle":
      return `${id.kind}:${id.text.replace(/[\s-]/g, "").toUpperCase()}`;
    default:
      return `${id.kind}:${id.text.replace(/\s+/g, " ").trim().toLowerCase()}`;
  }
}

/** One entry per distinct identifier (first occurrence), with how often it occurs. */
export function distinctIdentifiers(identifiers: readonly Identifier[]): { identifier: Identifier; count: number }[] {
  const byKey = new Map<string, { identifier: Identifier; count: number }>();
  for (const id of identifiers) {
    const key = identifierKey(id);
    const entry = byKey.get(key);
    if (entry) entry.count += 1;
    else byKey.set(key, { identifier: id, count: 1 });
  }
  return [...byKey.values()];
}

export interface Remaining {
  identifier: Identifier;
  /** Set when only part of a name remains (e.g. the surname). */
  part: string | null;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Which of the original's identifiers can still be found in the sanitised
 * text: written the same way, written differently (a phone number with other
 * spacing), or, for names, any one of their words.
 */
export function stillPresent(original: readonly Identifier[], sanitised: string): Remaining[] {
  const sanitisedKeys = new Set(findIdentifiers(sanitised).map(identifierKey));
  const compact = sanitised.replace(/[\s\-()]/g, "").toUpperCase();
  const out: Remaining[] = [];
  for (const { identifier } of distinctIdentifiers(original)) {
    const key = identifierKey(identifier);
    const wordRe = (w: string) => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(w)}(?![\\p{L}\\p{N}])`, "iu");
    let present = sanitisedKeys.has(key) || wordRe(identifier.text.replace(/\s+/g, " ").trim()).test(sanitised.replace(/\s+/g, " "));
    if (!present && (identifier.kind === "phone" || identifier.kind === "postcode" || identifier.kind === "vehicle")) {
      const needle = key.slice(key.indexOf(":") + 1).toUpperCase();
      present = needle.length >= 5 && compact.includes(needle);
    }
    if (present) {
      out.push({ identifier, part: null });
      continue;
    }
    if (identifier.kind === "name") {
      const words = identifier.text
        .split(/\s+/)
        .map((w) => w.replace(/[.'’]+$/, ""))
        .filter((w) => w.length >= 3 && isNameWord(w));
      const left = words.find((w) => wordRe(w).test(sanitised));
      if (left) out.push({ identifier, part: left });
    }
  }
  return out;
}

/** What a replaced identifier becomes: "[vehicle registration]". */
export function placeholder(kind: IdentifierKind): string {
  return `[${KIND_LABELS[kind]}]`;
}

/**
 * Replaces the likely identifiers in `text` with placeholders: those the
 * detector finds in `text` itself, and every mention of those found in the
 * original (which the detector may not recognise out of context).
 */
export function replaceIdentifiers(text: string, fromOriginal: readonly Identifier[] = []): string {
  const ranges: Identifier[] = findIdentifiers(text);
  const needles = new Map<string, IdentifierKind>();
  for (const id of fromOriginal) {
    needles.set(id.text, id.kind);
    if (id.kind === "name") {
      for (const w of id.text.split(/\s+/)) if (w.length >= 3 && isNameWord(w) && !needles.has(w)) needles.set(w, "name");
    }
  }
  for (const [needle, kind] of needles) {
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(needle)}(?![\\p{L}\\p{N}])`, "giu");
    for (const m of text.matchAll(re)) ranges.push({ kind, text: m[0], start: m.index, end: m.index + m[0].length });
  }
  ranges.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Identifier[] = [];
  for (const r of ranges) if (kept.every((k) => r.end <= k.start || r.start >= k.end)) kept.push(r);
  kept.sort((a, b) => b.start - a.start);
  let out = text;
  for (const r of kept) out = out.slice(0, r.start) + placeholder(r.kind) + out.slice(r.end);
  return out;
}
