// Browser-mock handlers for search, saved searches, CSV export and
// development (entities, links, associations, merges). They follow
// crates/intel-core/src/cycle/{search,saved,export,entities}.rs: same
// validation, same error codes and wording, audit entries where the core
// writes them. Never loaded inside Tauri.

import type {
  Action,
  Association,
  CsvExport,
  Entity,
  EntityView,
  ExportColumn,
  LinkedReport,
  Marking,
  ReportView,
  SavedSearch,
  SearchHit,
  SearchPage,
  SearchQuery,
} from "../ipc";
import type { Handlers, MockContext } from "./context";
import { chooseDestination, fileStamp, grade } from "./context";

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100_000;
const SUGGESTIONS = 20;
const MAX_NAME = 80;

const ACTION_WORDS: Partial<Record<Action, string>> = {
  search: "search the store",
  "record-read": "read a report (sanitised text, grades, history)",
  develop: "create entities, link them to reports, record associations",
  "merge-entities": "merge duplicate entities and undo merges",
};

function authorise(ctx: MockContext, action: Action): void {
  if (!ctx.can(action)) {
    const role = ctx.session().role.replace(/-/g, " ");
    ctx.fail("permission-denied", `a ${role} may not ${ACTION_WORDS[action] ?? action}`);
  }
}

function required(ctx: MockContext, what: string, value: unknown): string {
  const v = typeof value === "string" ? value.trim() : "";
  if (!v) ctx.fail("invalid-input", `${what} is required`);
  return v;
}

const MARKING_RANK: Record<string, number> = { OFFICIAL: 1, "OFFICIAL-SENSITIVE": 2 };

/** The signed-in person's clearance; the mock's people are cleared to OFFICIAL-SENSITIVE unless listed lower (or ?clearance=). */
function clearance(ctx: MockContext): number {
  const me = ctx.data.users.find((u) => u.username === ctx.session().username);
  return MARKING_RANK[me?.clearance ?? ctx.clearance ?? "OFFICIAL-SENSITIVE"] ?? 2;
}

function visible(ctx: MockContext, r: ReportView): boolean {
  return (MARKING_RANK[r.marking] ?? 3) <= clearance(ctx);
}

function visibleReport(ctx: MockContext, reference: unknown): ReportView {
  const ref = String(reference ?? "");
  const r = ctx.data.reports.find((x) => x.reference === ref);
  if (!r || !visible(ctx, r)) ctx.fail("not-found", `no report with reference '${ref}'`);
  return r;
}

// ---- full-text matching (FTS5 unicode61, as the core configures it) --------

/** Lower-cased words with diacritics removed, as FTS5's unicode61 tokenizer makes them. */
export function tokenize(text: string): string[] {
  return (
    text
      .normalize("NFD")
      .replace(/\p{M}+/gu, "")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

interface Term {
  phrase: string[];
  prefix: boolean;
}

/** The core's fts_query: each word a quoted phrase, a trailing "*" keeps prefix search. */
export function ftsTerms(text: string): Term[] {
  const terms: Term[] = [];
  for (const w of text.split(/\s+/)) {
    if (!w) continue;
    const prefix = w.endsWith("*");
    const core = [...w].filter((c) => /[\p{L}\p{N}]/u.test(c) || "-'/.".includes(c)).join("");
    const trimmed = core.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
    const phrase = tokenize(trimmed);
    if (phrase.length) terms.push({ phrase, prefix });
  }
  return terms;
}

function phraseIn(tokens: string[], t: Term): boolean {
  const n = t.phrase.length;
  outer: for (let i = 0; i + n <= tokens.length; i++) {
    for (let j = 0; j < n; j++) {
      const tok = tokens[i + j];
      const want = t.phrase[j];
      const ok = t.prefix && j === n - 1 ? tok.startsWith(want) : tok === want;
      if (!ok) continue outer;
    }
    return true;
  }
  return false;
}

interface Indexed {
  source: string;
  tokens: string[];
}
const tokenCache = new WeakMap<ReportView, { sanitised?: Indexed; original?: Indexed; reference?: Indexed }>();

function tokensOf(r: ReportView, field: "sanitised" | "original" | "reference"): string[] {
  const text = field === "sanitised" ? (r.sanitised_text ?? "") : field === "original" ? (r.original_text ?? "") : r.reference;
  let entry = tokenCache.get(r);
  if (!entry) tokenCache.set(r, (entry = {}));
  const hit = entry[field];
  if (hit && hit.source === text) return hit.tokens;
  const tokens = tokenize(text);
  entry[field] = { source: text, tokens };
  return tokens;
}

// ---- search -------------------------------------------------------------

const PRIORITY_RANK: Record<string, number> = { high: 3, medium: 2, low: 1 };

function hitOf(r: ReportView, sees: boolean): SearchHit {
  const summary = sees
    ? (r.sanitised_text ?? r.original_text ?? "").slice(0, 200)
    : r.sanitised_text != null
      ? r.sanitised_text.slice(0, 200)
      : "(awaiting sanitisation)";
  const g = r.current_grade && r.current_grade.scheme === "3x5x2" ? r.current_grade : null;
  return {
    reference: r.reference,
    recorded_at: r.recorded_at,
    status: r.status,
    marking: r.marking,
    priority: r.priority,
    source_type: r.source_type,
    grade: g && g.handling_code ? grade(g) : null,
    summary,
  };
}

/** Entity ids of the entities and everything merged into them (down the merges, as the core's `family`). */
export function family(ctx: MockContext, ids: Iterable<number>): Set<number> {
  const fam = new Set(ids);
  let grew = true;
  while (grew) {
    grew = false;
    for (const e of ctx.data.entities) {
      if (e.merged_into != null && fam.has(e.merged_into) && !fam.has(e.id)) {
        fam.add(e.id);
        grew = true;
      }
    }
  }
  return fam;
}

function matching(ctx: MockContext, q: SearchQuery, sees: boolean): { r: ReportView; id: number }[] {
  const terms = q.text ? ftsTerms(q.text) : [];
  const labels = new Map<string, string[]>();
  if (terms.length) {
    const byId = new Map(ctx.data.entities.map((e) => [e.id, e]));
    for (const l of ctx.data.links) {
      const e = byId.get(l.entityId);
      if (!e) continue;
      const list = labels.get(l.reference) ?? [];
      list.push(...tokenize(e.label), "\u0000"); // a phrase never spans two labels
      labels.set(l.reference, list);
    }
    // The other systems' references the report and its linked entities carry (`reindex_report`):
    // a crime or PNC number finds the report.
    const linked = new Map<number, string[]>();
    for (const l of ctx.data.links) linked.set(l.entityId, [...(linked.get(l.entityId) ?? []), l.reference]);
    for (const x of ctx.data.references) {
      if (x.removedAt !== null) continue;
      const holders = x.report !== null ? [x.report] : (linked.get(x.entityId ?? -1) ?? []);
      for (const reference of new Set(holders)) {
        const list = labels.get(reference) ?? [];
        list.push(...tokenize(x.value), "\u0000");
        labels.set(reference, list);
      }
    }
  }
  const fam = q.entity_id != null ? family(ctx, [q.entity_id]) : null;
  const withEntity = fam ? new Set(ctx.data.links.filter((l) => fam.has(l.entityId)).map((l) => l.reference)) : null;
  const ig = q.intelligence_grade?.toUpperCase();
  const hc = q.handling_code?.toUpperCase();
  const out: { r: ReportView; id: number }[] = [];
  const reports = ctx.data.reports;
  const cleared = clearance(ctx);
  for (let i = 0; i < reports.length; i++) {
    const r = reports[i];
    if ((MARKING_RANK[r.marking] ?? 3) > cleared) continue;
    if (q.status && r.status !== q.status) continue;
    if (q.marking && r.marking !== q.marking) continue;
    if (q.priority && r.priority !== q.priority) continue;
    if (q.source_grade || ig || hc) {
      const g = r.current_grade && r.current_grade.scheme === "3x5x2" ? r.current_grade : null;
      if (!g) continue;
      if (q.source_grade && g.source_grade !== q.source_grade) continue;
      if (ig && g.intelligence_grade !== ig) continue;
      if (hc && g.handling_code !== hc) continue;
    }
    if (q.recorded_from && r.recorded_at < q.recorded_from) continue;
    if (q.recorded_to && r.recorded_at > q.recorded_to) continue;
    if (withEntity && !withEntity.has(r.reference)) continue;
    if (terms.length) {
      const columns = [tokensOf(r, "reference"), tokensOf(r, "sanitised"), labels.get(r.reference) ?? []];
      if (sees) columns.push(tokensOf(r, "original"));
      if (!terms.every((t) => columns.some((c) => phraseIn(c, t)))) continue;
    }
    out.push({ r, id: i });
  }
  return out;
}

function sortValue(r: ReportView, id: number, key: SearchQuery["sort"]): string | number | null {
  switch (key) {
    case "status":
      return r.status;
    case "marking":
      return r.marking;
    case "priority":
      return PRIORITY_RANK[r.priority] ?? 1;
    case "source-type":
      return r.source_type;
    case "grade": {
      const g = r.current_grade && r.current_grade.scheme === "3x5x2" ? r.current_grade : null;
      return g && g.handling_code ? grade(g) : null;
    }
    default:
      return id;
  }
}

function ordered(rows: { r: ReportView; id: number }[], q: SearchQuery): { r: ReportView; id: number }[] {
  const desc = q.descending ?? true;
  if (!q.sort) return rows.slice().sort((a, b) => b.id - a.id);
  const dir = desc ? -1 : 1;
  const keyed = rows.map((x) => ({ x, v: sortValue(x.r, x.id, q.sort) }));
  keyed.sort((a, b) => {
    // SQLite orders NULL before any value.
    if (a.v !== b.v) {
      if (a.v === null) return -dir;
      if (b.v === null) return dir;
      return (a.v < b.v ? -1 : 1) * dir;
    }
    return (a.x.id - b.x.id) * dir;
  });
  return keyed.map((k) => k.x);
}

// Scrolling asks for the next window of the same query: keep its ordered
// result instead of filtering 100,000 reports again. A first window
// (offset 0) is a new search and always recomputed.
let lastRun: { data: unknown; key: string; rows: { r: ReportView; id: number }[] } | null = null;

function run(ctx: MockContext, q: SearchQuery, sees: boolean, reuse: boolean): { r: ReportView; id: number }[] {
  const key = JSON.stringify({ ...q, limit: null, offset: null, sees });
  if (reuse && lastRun && lastRun.data === ctx.data && lastRun.key === key) return lastRun.rows;
  const rows = ordered(matching(ctx, q, sees), q);
  lastRun = { data: ctx.data, key, rows };
  return rows;
}

function search(args: Record<string, unknown>, ctx: MockContext): SearchPage {
  authorise(ctx, "search");
  const q = (args.query ?? {}) as SearchQuery;
  const sees = ctx.can("view-original-text");
  const offset = Math.max(0, Math.trunc(q.offset ?? 0));
  const limit = Math.min(MAX_LIMIT, Math.max(1, Math.trunc(q.limit ?? DEFAULT_LIMIT)));
  const all = run(ctx, q, sees, offset > 0);
  if (offset === 0) ctx.audit("search", "reports", { query: q, hits: all.length });
  return { total: all.length, offset, rows: all.slice(offset, offset + limit).map((x) => hitOf(x.r, sees)) };
}

// ---- saved searches -----------------------------------------------------

/** A query as the core stores it: every field present (serde fills defaults). */
function fullQuery(q: unknown): SavedSearch["query"] {
  const x = (q ?? {}) as Partial<SearchQuery>;
  return {
    text: x.text ?? null, status: x.status ?? null, marking: x.marking ?? null, priority: x.priority ?? null,
    source_grade: x.source_grade ?? null, intelligence_grade: x.intelligence_grade ?? null,
    handling_code: x.handling_code ?? null, recorded_from: x.recorded_from ?? null, recorded_to: x.recorded_to ?? null,
    entity_id: x.entity_id ?? null, limit: x.limit ?? null, offset: x.offset ?? null, sort: x.sort ?? null,
    descending: x.descending ?? null,
  };
}

function savedSearches(_args: Record<string, unknown>, ctx: MockContext): SavedSearch[] {
  authorise(ctx, "search");
  return ctx.data.savedSearches
    .slice()
    .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
}

function saveSearch(args: Record<string, unknown>, ctx: MockContext): SavedSearch {
  authorise(ctx, "search");
  const name = required(ctx, "a name for the search", args.name);
  if ([...name].length > MAX_NAME) ctx.fail("invalid-input", `a saved search name is at most ${MAX_NAME} characters`);
  // Paging belongs to the table, not the saved question.
  const query = { ...fullQuery(args.query), offset: null, limit: null };
  const at = ctx.now();
  const existing = ctx.data.savedSearches.find((s) => s.name === name);
  let saved: SavedSearch;
  if (existing) {
    existing.query = query;
    existing.created_at = at;
    saved = existing;
  } else {
    saved = { id: ctx.data.nextId++, name, query, created_at: at };
    ctx.data.savedSearches.push(saved);
  }
  ctx.audit("search.save", `saved-search:${saved.id}`, { name, query });
  return { ...saved };
}

function deleteSavedSearch(args: Record<string, unknown>, ctx: MockContext): null {
  authorise(ctx, "search");
  const id = Number(args.id);
  const i = ctx.data.savedSearches.findIndex((s) => s.id === id);
  if (i < 0) ctx.fail("not-found", `you have no saved search ${args.id}`);
  ctx.data.savedSearches.splice(i, 1);
  ctx.audit("search.delete", `saved-search:${id}`);
  return null;
}

// ---- CSV export ---------------------------------------------------------

const EXPORT_COLUMNS: readonly ExportColumn[] = [
  "reference", "recorded-at", "status", "marking", "priority", "source-type", "grade", "summary",
];

function exportSearchCsv(args: Record<string, unknown>, ctx: MockContext): CsvExport | null {
  // The shell asks where to save before anything else; cancelled, nothing is written or audited.
  const path = chooseDestination(ctx, `intel-desk-search-${fileStamp(ctx.now())}.csv`);
  if (path === null) return null;
  authorise(ctx, "search");
  const columns = (Array.isArray(args.columns) ? args.columns : []) as ExportColumn[];
  if (columns.length === 0) ctx.fail("invalid-input", "choose at least one column to export");
  const bad = columns.find((c) => !EXPORT_COLUMNS.includes(c));
  if (bad) ctx.fail("invalid-input", `unknown export column '${bad}'`);
  const q = { ...((args.query ?? {}) as SearchQuery), offset: null, limit: MAX_LIMIT };
  const sees = ctx.can("view-original-text");
  const rows = run(ctx, q, sees, false).slice(0, MAX_LIMIT);
  const marking: Marking = rows.some((x) => x.r.marking === "OFFICIAL-SENSITIVE") ? "OFFICIAL-SENSITIVE" : "OFFICIAL";
  ctx.audit("export.csv", "reports", { query: q, columns, rows: rows.length, path, marking });
  return { path, rows: rows.length, marking };
}

// ---- entities -------------------------------------------------------------

export function fetchEntity(ctx: MockContext, id: unknown): Entity {
  const e = ctx.data.entities.find((x) => x.id === Number(id));
  if (!e) ctx.fail("not-found", `no entity ${id}`);
  return e;
}

/** `canonical`: follows merges to the surviving entity. */
export function canonical(ctx: MockContext, id: number): Entity {
  let e = fetchEntity(ctx, id);
  for (let i = 0; i < 64; i++) {
    if (e.merged_into == null) return e;
    e = fetchEntity(ctx, e.merged_into);
  }
  return ctx.fail("store-damaged", "entity merges form a loop");
}

function findEntities(args: Record<string, unknown>, ctx: MockContext): Entity[] {
  authorise(ctx, "record-read");
  const prefix = String(args.prefix ?? "").trim().toLowerCase();
  return ctx.data.entities
    .filter((e) => e.merged_into == null && e.label.toLowerCase().startsWith(prefix))
    .sort((a, b) => a.label.toLowerCase().localeCompare(b.label.toLowerCase()))
    .slice(0, SUGGESTIONS)
    .map((e) => ({ ...e }));
}

const KINDS = ["person", "object", "location", "event", "organisation"];
const OBJECT_TYPES = ["vehicle", "phone", "email", "weapon", "other"];

function createEntity(args: Record<string, unknown>, ctx: MockContext): number {
  authorise(ctx, "develop");
  const input = (args.input ?? {}) as { kind?: string; objectType?: string | null; label?: string; ocgmBand?: string | null };
  if (!KINDS.includes(input.kind ?? "")) ctx.fail("invalid-input", `'${input.kind}' is not an entity kind`);
  if (input.objectType != null && !OBJECT_TYPES.includes(input.objectType)) {
    ctx.fail("invalid-input", `'${input.objectType}' is not an object type`);
  }
  const label = required(ctx, "the entity's label", input.label);
  if (input.kind === "object" && input.objectType == null) {
    ctx.fail("invalid-input", "an object needs a type: vehicle, phone, email, weapon or other");
  }
  if (input.kind !== "object" && input.objectType != null) ctx.fail("invalid-input", "only objects have an object type");
  if (input.ocgmBand != null && input.kind !== "organisation") ctx.fail("invalid-input", "only organisations carry an OCGM band");
  const id = ctx.data.nextId++;
  ctx.data.entities.push({
    id,
    kind: input.kind!,
    object_type: input.objectType ?? null,
    label,
    details: "{}",
    ocgm_band: input.ocgmBand ?? null,
    merged_into: null,
  });
  ctx.audit("entity.create", `entity:${id}`, { kind: input.kind, object_type: input.objectType ?? null });
  return id;
}

function linkEntity(args: Record<string, unknown>, ctx: MockContext): null {
  authorise(ctx, "develop");
  const role = required(ctx, "the entity's role in the report (e.g. subject, witness, vehicle used)", args.role);
  const report = visibleReport(ctx, args.reference);
  const entity = fetchEntity(ctx, args.entityId);
  if (ctx.data.links.some((l) => l.reference === report.reference && l.entityId === entity.id && l.role === role)) {
    ctx.fail("conflict", "that entity is already linked to this report in that role");
  }
  ctx.data.links.push({ reference: report.reference, entityId: entity.id, role });
  ctx.audit("report.link-entity", `report:${report.reference}`, { entity: entity.id, role });
  return null;
}

function associate(args: Record<string, unknown>, ctx: MockContext): number {
  authorise(ctx, "develop");
  const input = (args.input ?? {}) as { from?: number; to?: number; kind?: string; confirmed?: boolean; supportingReference?: string | null };
  const kind = required(ctx, "the kind of association (e.g. associate of, uses, lives at)", input.kind);
  if (input.from === input.to) ctx.fail("invalid-input", "an entity cannot be associated with itself");
  fetchEntity(ctx, input.from);
  fetchEntity(ctx, input.to);
  const supporting = input.supportingReference != null ? visibleReport(ctx, input.supportingReference).reference : null;
  const confirmed = input.confirmed === true;
  if (confirmed && supporting == null) ctx.fail("invalid-input", "a confirmed association needs the report that supports it");
  const id = ctx.data.nextId++;
  const a: Association = {
    id, from_entity: Number(input.from), to_entity: Number(input.to), kind, confirmed, supporting_reference: supporting,
  };
  ctx.data.associations.push(a);
  ctx.audit("entity.associate", `entity:${input.from}`, { to: input.to, kind, confirmed, supporting: input.supportingReference ?? null });
  return id;
}

function mergeEntities(args: Record<string, unknown>, ctx: MockContext): number {
  authorise(ctx, "merge-entities");
  const reason = required(ctx, "a reason for the merge", args.reason);
  const s = fetchEntity(ctx, args.survivor);
  const d = fetchEntity(ctx, args.duplicate);
  if (s.merged_into != null || d.merged_into != null) {
    ctx.fail("conflict", "one of these entities is already merged; merge into the surviving entity instead");
  }
  if (s.kind !== d.kind) ctx.fail("invalid-input", `cannot merge a ${d.kind} into a ${s.kind}`);
  if (s.id === d.id || canonical(ctx, s.id).id === d.id) ctx.fail("invalid-input", "an entity cannot be merged into itself");
  d.merged_into = s.id;
  const mid = ctx.data.nextId++;
  ctx.audit("entity.merge", `entity:${s.id}`, { merged: d.id, merge: mid, reason });
  return mid;
}

function entityView(args: Record<string, unknown>, ctx: MockContext): EntityView {
  authorise(ctx, "record-read");
  const entity = canonical(ctx, Number(args.id));
  const fam = family(ctx, [entity.id]);
  const merged = ctx.data.entities.filter((e) => fam.has(e.id) && e.id !== entity.id).sort((a, b) => a.id - b.id);
  const byRef = new Map(ctx.data.reports.map((r) => [r.reference, r]));
  const reports: LinkedReport[] = ctx.data.links
    .filter((l) => fam.has(l.entityId))
    .map((l) => ({ l, r: byRef.get(l.reference) }))
    .filter((x): x is { l: (typeof x)["l"]; r: ReportView } => !!x.r && visible(ctx, x.r))
    .sort((a, b) => (a.r.recorded_at < b.r.recorded_at ? 1 : a.r.recorded_at > b.r.recorded_at ? -1 : 0))
    .map(({ l, r }) => ({ reference: r.reference, role: l.role, recorded_at: r.recorded_at, status: r.status }));
  const associations = ctx.data.associations
    .filter((a) => fam.has(a.from_entity) || fam.has(a.to_entity))
    .sort((a, b) => a.id - b.id)
    .map((a) => ({ ...a }));
  const neighbours: Entity[] = [];
  for (const a of associations) {
    const other = canonical(ctx, fam.has(a.from_entity) ? a.to_entity : a.from_entity);
    if (other.id !== entity.id && !neighbours.some((n) => n.id === other.id)) neighbours.push({ ...other });
  }
  ctx.audit("entity.read", `entity:${entity.id}`);
  return { entity: { ...entity }, merged: merged.map((m) => ({ ...m })), reports, associations, neighbours };
}

export const searchHandlers: Handlers = {
  search,
  saved_searches: savedSearches,
  save_search: saveSearch,
  delete_saved_search: deleteSavedSearch,
  export_search_csv: exportSearchCsv,
  find_entities: findEntities,
  create_entity: createEntity,
  link_entity: linkEntity,
  associate,
  merge_entities: mergeEntities,
  entity_view: entityView,
};

// ---- a large data set for performance checks ------------------------------

const PLACES = ["Harbour Row", "Ropewalk Close", "Mill Lane", "Station Road", "Quay Street", "Chapel Yard", "Tanner's Walk"];
const THINGS = [
  "a silver hatchback", "a blue transit van", "two men on mopeds", "a woman with a dog", "cash handed over",
  "a parcel left in a bin", "a burner phone", "repeated short visits",
];
const SOURCES = ["officer", "public", "partner-agency", "crimestoppers", "prison", "open-source"] as const;
const STATUS_CYCLE = ["received", "evaluated", "in-development", "analysed", "disseminated", "no-further-action"] as const;

/**
 * `n` fictitious reports, deterministic, numbered from `startAt` and recorded
 * one a minute after `after`: enough rows to check that search stays smooth
 * at 100,000 (`?reports=100000` in the browser mock).
 */
export function bulkReports(n: number, startAt = 1000, after = Date.UTC(2026, 10, 20, 9, 30)): ReportView[] {
  const out: ReportView[] = [];
  for (let k = 0; k < n; k++) {
    const seq = startAt + k;
    const at = new Date(after + (k + 1) * 60_000).toISOString().replace("Z", "000Z");
    const status = STATUS_CYCLE[seq % STATUS_CYCLE.length];
    const graded = status !== "received";
    const g = graded
      ? {
          scheme: "3x5x2", source_grade: String((seq % 3) + 1), intelligence_grade: "ABCDE"[seq % 5],
          handling_code: seq % 4 === 0 ? "C" : "P", conditions: seq % 4 === 0 ? "Not to be shared outside the unit." : null,
          rationale: "Bulk test data.", evaluated_by: "officer", evaluated_at: at, current: true,
        }
      : null;
    const text = `${THINGS[seq % THINGS.length]} seen near ${(seq % 90) + 1} ${PLACES[seq % PLACES.length]} (report ${seq}).`;
    out.push({
      reference: `IR-2026-${String(seq).padStart(6, "0")}`,
      marking: seq % 9 === 0 ? "OFFICIAL-SENSITIVE" : "OFFICIAL",
      priority: seq % 11 === 0 ? "high" : seq % 3 === 0 ? "medium" : "low",
      status,
      source_type: SOURCES[seq % SOURCES.length],
      source_ref: null,
      submitting_officer: "PC 1234 Example",
      received_at: at,
      recorded_at: at,
      recorded_by: "officer",
      sanitised_text: graded && seq % 2 === 0 ? `Activity reported near an address in the ${PLACES[seq % PLACES.length].split(" ")[0]} area.` : null,
      original_text: text,
      original_visible: true,
      current_grade: g,
      grades: g ? [g] : [],
      status_history: [{ from_status: null, to_status: "received", changed_by: "officer", changed_at: at, reason: "recorded" }],
      entities: [],
      attachments: [],
      disseminations: [],
      reviews: [],
      review_group: 3,
      review_due: "2032-11-20T09:15:00Z",
      disposed_at: null,
    });
  }
  return out;
}

/** `?reports=<n>`: the mock option that grows the data set (see mock-backend.ts). */
export function bulkReportsOption(q: URLSearchParams): { reports?: number } {
  const n = Number(q.get("reports"));
  return q.has("reports") && Number.isInteger(n) && n > 0 ? { reports: Math.min(n, 1_000_000) } : {};
}

/** Appends bulk reports so the data set holds `total` reports in all (newer than the seed's: row order is recording order). */
export function growReports(data: { reports: ReportView[]; nextReport: number }, total: number): void {
  const extra = total - data.reports.length;
  if (extra <= 0) return;
  const last = data.reports[data.reports.length - 1];
  const after = last ? new Date(last.recorded_at).getTime() : Date.UTC(2026, 10, 20, 9, 30);
  // Not push(...rows): 100,000 arguments would overflow the call stack.
  data.reports = data.reports.concat(bulkReports(extra, data.nextReport, after));
  data.nextReport += extra;
}
