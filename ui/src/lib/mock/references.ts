// Browser-mock handlers for other systems' references and link-chart exports.
// They follow crates/intel-core/src/references/{mod,systems,formats}.rs,
// src/interchange/charts.rs and src-tauri/commands/references.rs: the same
// permission checks in the same order, the same messages, a removal recorded
// (never a deletion), lookups within clearance with the rest counted, and an
// audit entry wherever the core writes one. Never loaded inside Tauri.
//
// The unit's formats are checked with JavaScript's RegExp, anchored as the
// core anchors them (^(?:pattern)$); the core uses Rust's regex crate, whose
// syntax is close but not the same (see `anchoredPattern`).

import type {
  ChartExport,
  ChartFormat,
  Entity,
  ExternalReference,
  ExternalSystem,
  Marking,
  OcgmScoring,
  ReferenceFormat,
  ReferenceHolder,
  ReferenceHolders,
  ReferenceMatch,
  ReportHolding,
  ReportView,
} from "../ipc";
import type { Handlers, MockContext, StoredReference } from "./context";
import { chooseDestination, fileStamp } from "./context";
import { authorise, type Me } from "./records";
import { canonical, family, fetchEntity } from "./search";
import {
  anchoredPattern, DEFAULT_PATTERNS, formatExample, holderTarget, normaliseReference, SYSTEM_TITLES, SYSTEMS, utcToday,
} from "../references";
import { isIsoDate } from "../tasking";

/** How many suggestions the lookup box offers (SUGGESTIONS in src-tauri/commands/references.rs). */
export const SUGGESTIONS = 20;
/** `MAX_CHART_ENTITIES` in charts.rs. */
export const MAX_CHART_ENTITIES = 5_000;

const RANK: Record<string, number> = { OFFICIAL: 0, "OFFICIAL-SENSITIVE": 1 };

function visibleTo(me: Me, marking: string): boolean {
  return (RANK[marking] ?? 9) <= RANK[me.clearance];
}

/** Rust's `str::len`: the UTF-8 length in bytes. */
function byteLength(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** The closest SQLite comparison (BINARY collation) for the ORDER BYs. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function required(ctx: MockContext, what: string, value: unknown): string {
  const v = typeof value === "string" ? value : "";
  if (v.trim() === "") ctx.fail("invalid-input", `${what} is required`);
  return v;
}

/** `ExternalSystem::from_str` (the vocabulary's words). */
function parseSystem(ctx: MockContext, value: unknown): ExternalSystem {
  const wanted = String(value ?? "").trim().toLowerCase();
  const hit = SYSTEMS.find((s) => s === wanted);
  if (!hit) ctx.fail("invalid-input", `'${String(value ?? "")}' is not a known other system; use one of: ${SYSTEMS.join(", ")}`);
  return hit;
}

function parseHolder(ctx: MockContext, value: unknown): ReferenceHolder {
  const h = (value ?? {}) as Partial<{ kind: string; reference: unknown; id: unknown }>;
  if (h.kind === "report" && typeof h.reference === "string") return { kind: "report", reference: h.reference };
  if (h.kind === "entity" && Number.isInteger(h.id)) return { kind: "entity", id: Number(h.id) };
  return ctx.fail("invalid-input", "a reference is held on a report (its reference) or an entity (its number)");
}

/** `holder_ids`: the report must be within the person's clearance; the entity must exist. */
function holderIds(ctx: MockContext, me: Me, holder: ReferenceHolder): { report: string | null; entityId: number | null } {
  if (holder.kind === "report") {
    const r = ctx.data.reports.find((x) => x.reference === holder.reference);
    if (!r || !visibleTo(me, r.marking)) ctx.fail("not-found", `no report with reference '${holder.reference}'`);
    return { report: r.reference, entityId: null };
  }
  fetchEntity(ctx, holder.id);
  return { report: null, entityId: holder.id };
}

function holderOf(row: StoredReference): ReferenceHolder {
  return row.report !== null ? { kind: "report", reference: row.report } : { kind: "entity", id: row.entityId! };
}

function view(row: StoredReference): ExternalReference {
  return {
    id: row.id,
    system: row.system,
    value: row.value,
    holder: holderOf(row),
    ocgm: row.ocgm ? { ...row.ocgm } : null,
    note: row.note,
    added_by: row.addedBy,
    added_at: row.addedAt,
  };
}

const active = (row: StoredReference) => row.removedAt === null;
const bySystemValue = (a: StoredReference, b: StoredReference) => cmp(a.system, b.system) || cmp(a.value, b.value);

/** `check_ocgm`: an OCGM reference needs band, score and date; no other system carries them. */
function checkOcgm(ctx: MockContext, system: ExternalSystem, ocgm: OcgmScoring | null | undefined): void {
  if (system !== "ocgm") {
    if (ocgm != null) ctx.fail("invalid-input", "only an OCGM reference carries a band and score");
    return;
  }
  if (ocgm == null) ctx.fail("invalid-input", "an OCGM reference needs the group's band, score and the date it was scored");
  const band = String(ocgm.band ?? "").trim();
  if (band === "" || band.length > 8 || !/^[A-Za-z0-9]+$/.test(band)) {
    ctx.fail("invalid-input", "the OCGM band is letters and digits, up to 8 (e.g. 1A)");
  }
  const score = Number(ocgm.score);
  if (!Number.isInteger(score) || score < 0 || score > 100_000) ctx.fail("invalid-input", "the OCGM score must be between 0 and 100000");
  const on = String(ocgm.scored_on ?? "").trim();
  if (!isIsoDate(on)) ctx.fail("invalid-input", "the OCGM scoring date must be YYYY-MM-DD");
  if (on > utcToday(new Date(ctx.now()))) ctx.fail("invalid-input", "the OCGM scoring date is in the future");
}

/** `formats::compile`: a pattern is checked anchored; empty, over-long or broken ones are refused with the reason. */
function compile(ctx: MockContext, pattern: string): RegExp {
  if (pattern.trim() === "") {
    ctx.fail("invalid-input", "the format is empty; give a regular expression, e.g. [0-9]{2}/[0-9]{1,7}[A-Z]");
  }
  if (byteLength(pattern) > 500) ctx.fail("invalid-input", "the format is longer than 500 characters");
  try {
    return anchoredPattern(pattern);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return ctx.fail("invalid-input", `the format is not a valid regular expression: ${why}`);
  }
}

function patternFor(ctx: MockContext, system: ExternalSystem): string {
  return ctx.data.referenceFormats[system]?.pattern ?? DEFAULT_PATTERNS[system];
}

/** `formats::check_value`: the whole normalised value must match the unit's format. */
function checkValue(ctx: MockContext, system: ExternalSystem, value: string): void {
  const title = SYSTEM_TITLES[system];
  if (value === "") ctx.fail("invalid-input", `the ${title} reference is empty`);
  const pattern = patternFor(ctx, system);
  let re: RegExp;
  try {
    re = anchoredPattern(pattern);
  } catch {
    return ctx.fail("store-damaged", `the stored ${title} format does not compile`);
  }
  if (!re.test(value)) {
    ctx.fail(
      "invalid-input",
      `'${value}' is not a ${title} reference in this unit's format (for example ${formatExample(system, pattern)}); ` +
        "check it, or ask an administrator to change the format",
    );
  }
}

function auditWithReason(ctx: MockContext, action: string, target: string, reason: string, details: unknown): void {
  ctx.audit(action, target, details);
  const entry = ctx.data.audit[ctx.data.audit.length - 1];
  if (entry) entry.reason = reason;
}

// ---- link charts (charts.rs) ----------------------------------------------------

interface ChartEntity {
  id: number;
  label: string;
  kind: string;
  objectType: string | null;
  references: string[];
}
interface ChartLink {
  from: number;
  to: number;
  label: string;
  confirmed: boolean;
  supporting: string | null;
}
interface LinkChart {
  title: string;
  marking: Marking;
  entities: ChartEntity[];
  links: ChartLink[];
}

function referencesOfEntity(ctx: MockContext, id: number): StoredReference[] {
  const fam = family(ctx, [id]);
  return ctx.data.references.filter((x) => active(x) && x.entityId !== null && fam.has(x.entityId)).sort(bySystemValue);
}

/** `Session::link_chart`: rebuilt from the store, never taken from the screen. */
function linkChart(ctx: MockContext, me: Me, title: string, entities: unknown): LinkChart {
  const asked = Array.isArray(entities) ? entities.map(Number) : [];
  if (asked.length === 0) ctx.fail("invalid-input", "the chart has no entities");
  if (asked.length > MAX_CHART_ENTITIES) ctx.fail("invalid-input", `a chart holds at most ${MAX_CHART_ENTITIES} entities`);
  const ids: number[] = [];
  for (const id of asked) {
    const survivor = canonical(ctx, id).id;
    if (!ids.includes(survivor)) ids.push(survivor);
  }
  const chartEntities = ids.map((id) => {
    const e = fetchEntity(ctx, id);
    const references = referencesOfEntity(ctx, id).map((x) => `${x.system.toUpperCase()} ${x.value}`);
    return { id, label: e.label, kind: e.kind, objectType: e.object_type, references };
  });
  const fam = family(ctx, ids);
  let marking: Marking = "OFFICIAL";
  const links: ChartLink[] = [];
  for (const a of [...ctx.data.associations].sort((x, y) => x.id - y.id)) {
    if (!fam.has(a.from_entity) || !fam.has(a.to_entity)) continue;
    const from = canonical(ctx, a.from_entity).id;
    const to = canonical(ctx, a.to_entity).id;
    if (from === to || !ids.includes(from) || !ids.includes(to)) continue;
    // A supporting report above the person's clearance is not named.
    const r = a.supporting_reference ? ctx.data.reports.find((x) => x.reference === a.supporting_reference) : undefined;
    const visible = r && visibleTo(me, r.marking) ? r : null;
    if (visible && RANK[visible.marking] > RANK[marking]) marking = visible.marking as Marking;
    links.push({ from, to, label: a.kind, confirmed: a.confirmed, supporting: visible ? visible.reference : null });
  }
  return { title: title.trim(), marking, entities: chartEntities, links };
}

function xml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The GraphML the core writes (intel-interchange's graph.rs), in outline. */
export function chartGraphml(c: LinkChart): string {
  const data = (key: string, v: string) => `<data key="${key}">${xml(v)}</data>`;
  const keys = [
    ["marking", "graph", "string"], ["title", "graph", "string"], ["label", "node", "string"], ["kind", "node", "string"],
    ["object_type", "node", "string"], ["references", "node", "string"], ["association", "edge", "string"],
    ["confirmed", "edge", "boolean"], ["supporting_report", "edge", "string"],
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    ...keys.map(([id, target, ty]) => `<key id="${id}" for="${target}" attr.name="${id}" attr.type="${ty}"/>`),
    '<graph id="chart" edgedefault="directed">',
    data("marking", c.marking),
    data("title", c.title),
    ...c.entities.map(
      (e) =>
        `<node id="e${e.id}">${data("label", e.label)}${data("kind", e.kind)}${e.objectType ? data("object_type", e.objectType) : ""}` +
        `${e.references.length ? data("references", e.references.join("; ")) : ""}</node>`,
    ),
    ...c.links.map(
      (l, i) =>
        `<edge id="l${i}" source="e${l.from}" target="e${l.to}">${data("association", l.label)}${data("confirmed", String(l.confirmed))}` +
        `${l.supporting ? data("supporting_report", l.supporting) : ""}</edge>`,
    ),
    "</graph>",
    "</graphml>",
  ].join("\n");
}

/** The i2 Analyst's Notebook exchange (ANX) file the core writes, in outline. */
export function chartAnx(c: LinkChart): string {
  const items = c.entities.map((e, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, c.entities.length);
    const [x, y] = [Math.round(400 + 300 * Math.cos(angle)), Math.round(400 + 300 * Math.sin(angle))];
    return (
      `<ChartItem Label="${xml(e.label)}" DateSet="false" XPosition="${x}"><End Y="${y}"><Entity EntityId="e${e.id}" Identity="${xml(e.label)}">` +
      `<Icon><IconStyle Type="${xml(e.kind)}"/></Icon></Entity></End></ChartItem>`
    );
  });
  const links = c.links.map(
    (l) =>
      `<ChartItem Label="${xml(l.label)}" DateSet="false"><Link End1Id="e${l.from}" End2Id="e${l.to}">` +
      `<LinkStyle Strength="${l.confirmed ? "Confirmed" : "Unconfirmed"}" Type="Link" ArrowStyle="ArrowOnHead"/></Link></ChartItem>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Chart IdReferenceLinking="false">',
    '<StrengthCollection><Strength Name="Confirmed" DotStyle="DotStyleSolid"/><Strength Name="Unconfirmed" DotStyle="DotStyleDashed"/></StrengthCollection>',
    `<ChartItemCollection>${[...items, ...links].join("")}</ChartItemCollection>`,
    `<Summary><Title>${xml(c.title)}</Title><Marking>${c.marking}</Marking></Summary>`,
    "</Chart>",
  ].join("\n");
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

// ---- handlers ----------------------------------------------------------------------

/** Explicit parameter types let TypeScript see that `ctx.fail` never returns. */
type Args = Record<string, unknown>;

export const referencesHandlers: Handlers = {
  add_external_reference(a: Args, ctx: MockContext): ExternalReference {
    const me = authorise(ctx, "develop");
    const holder = parseHolder(ctx, a.holder);
    const input = (a.reference ?? {}) as { system?: unknown; value?: unknown; ocgm?: OcgmScoring | null; note?: unknown };
    const system = parseSystem(ctx, input.system);
    const value = normaliseReference(typeof input.value === "string" ? input.value : "");
    checkOcgm(ctx, system, input.ocgm);
    const note = typeof input.note === "string" ? input.note.trim() : "";
    if (byteLength(note) > 2000) ctx.fail("invalid-input", "the note is longer than 2000 characters");
    checkValue(ctx, system, value);
    const { report, entityId } = holderIds(ctx, me, holder);
    const held = ctx.data.references.some(
      (x) => active(x) && x.system === system && x.value === value && x.report === report && x.entityId === entityId,
    );
    if (held) ctx.fail("conflict", `${value} is already recorded here`);
    const o = input.ocgm;
    const row: StoredReference = {
      id: ctx.data.nextId++,
      system,
      value,
      report,
      entityId,
      ocgm: o ? { band: o.band.trim().toUpperCase(), score: Number(o.score), scored_on: o.scored_on.trim() } : null,
      note,
      addedBy: me.username,
      addedAt: ctx.now(),
      removedBy: null,
      removedAt: null,
      removedReason: null,
    };
    ctx.data.references.push(row);
    ctx.audit("reference.add", holderTarget(holder), { reference: row.id, system, value });
    return view(row);
  },

  remove_external_reference(a: Args, ctx: MockContext): null {
    const me = authorise(ctx, "develop");
    const reason = required(ctx, "a reason for removing the reference", a.reason).trim();
    const row = ctx.data.references.find((x) => x.id === Number(a.id));
    if (!row) ctx.fail("not-found", `no external reference ${String(a.id)}`);
    holderIds(ctx, me, holderOf(row));
    if (!active(row)) ctx.fail("conflict", "that reference has already been removed");
    row.removedBy = me.username;
    row.removedAt = ctx.now();
    row.removedReason = reason;
    auditWithReason(ctx, "reference.remove", holderTarget(holderOf(row)), reason, { reference: row.id, system: row.system, value: row.value });
    return null;
  },

  external_references_of(a: Args, ctx: MockContext): ExternalReference[] {
    const me = authorise(ctx, "record-read");
    const holder = parseHolder(ctx, a.holder);
    const { report, entityId } = holderIds(ctx, me, holder);
    const rows =
      report !== null
        ? ctx.data.references.filter((x) => active(x) && x.report === report).sort(bySystemValue)
        : referencesOfEntity(ctx, entityId!);
    return rows.map(view);
  },

  holders_of_reference(a: Args, ctx: MockContext): ReferenceHolders {
    const me = authorise(ctx, "record-read");
    const system = parseSystem(ctx, a.system);
    const value = normaliseReference(typeof a.value === "string" ? a.value : "");
    const rows = ctx.data.references.filter((x) => active(x) && x.system === system && x.value === value);
    const held = new Map<string, ReportView>();
    for (const x of rows) {
      const r = x.report !== null ? ctx.data.reports.find((y) => y.reference === x.report) : undefined;
      if (r) held.set(r.reference, r);
    }
    const shown = [...held.values()].filter((r) => visibleTo(me, r.marking));
    const reports: ReportHolding[] = shown
      .sort((x, y) => cmp(y.recorded_at, x.recorded_at))
      .map((r) => ({ reference: r.reference, marking: r.marking, status: r.status, recorded_at: r.recorded_at }));
    const withheld = held.size - shown.length;
    const entities: Entity[] = [];
    for (const x of rows) {
      if (x.entityId === null) continue;
      const survivor = canonical(ctx, x.entityId).id;
      if (!entities.some((e) => e.id === survivor)) entities.push({ ...fetchEntity(ctx, survivor) });
    }
    const scored =
      system === "ocgm"
        ? rows.filter((x) => x.ocgm !== null).sort((x, y) => cmp(y.ocgm!.scored_on, x.ocgm!.scored_on) || y.id - x.id)[0]
        : undefined;
    ctx.audit("reference.lookup", `${system}:${value}`, { reports: reports.length, entities: entities.length, withheld });
    return { system, value, reports, entities, ocgm: scored?.ocgm ? { ...scored.ocgm } : null, withheld_reports: withheld };
  },

  // As the core: only holders the user may see are counted, and a value held
  // only on reports above their clearance is not offered.
  find_external_references(a: Args, ctx: MockContext): ReferenceMatch[] {
    const me = authorise(ctx, "record-read");
    const prefix = normaliseReference(typeof a.prefix === "string" ? a.prefix : "");
    if (prefix === "") return [];
    const system = a.system == null ? null : parseSystem(ctx, a.system);
    const counts = new Map<string, ReferenceMatch>();
    for (const x of ctx.data.references) {
      if (!active(x) || !x.value.startsWith(prefix) || (system !== null && x.system !== system)) continue;
      if (x.report !== null) {
        const r = ctx.data.reports.find((y) => y.reference === x.report);
        if (!r || !visibleTo(me, r.marking)) continue;
      }
      const key = `${x.system}\u0000${x.value}`;
      const m = counts.get(key) ?? { system: x.system, value: x.value, holders: 0 };
      m.holders += 1;
      counts.set(key, m);
    }
    return [...counts.values()].sort((x, y) => cmp(x.value, y.value) || cmp(x.system, y.system)).slice(0, SUGGESTIONS);
  },

  reference_formats(_a: Args, ctx: MockContext): ReferenceFormat[] {
    authorise(ctx, "record-read");
    return SYSTEMS.map((system) => {
      const pattern = patternFor(ctx, system);
      return {
        system,
        title: SYSTEM_TITLES[system],
        customised: pattern !== DEFAULT_PATTERNS[system],
        example: formatExample(system, pattern),
        default_pattern: DEFAULT_PATTERNS[system],
        pattern,
      };
    });
  },

  set_external_reference_format(a: Args, ctx: MockContext): null {
    const me = authorise(ctx, "manage-configuration");
    const reason = required(ctx, "a reason for the change", a.reason).trim();
    const system = parseSystem(ctx, a.system);
    const pattern = a.pattern == null ? null : String(a.pattern);
    if (pattern !== null) {
      compile(ctx, pattern);
      ctx.data.referenceFormats[system] = { pattern: pattern.trim(), changedBy: me.username, changedAt: ctx.now() };
    } else {
      delete ctx.data.referenceFormats[system];
    }
    auditWithReason(ctx, "config.external-reference-format", `system:${system}`, reason, { pattern: pattern?.trim() ?? null });
    return null;
  },

  // The shell asks where to save first: a cancelled dialog answers null before the core is asked.
  async export_link_chart(a: Args, ctx: MockContext): Promise<ChartExport | null> {
    const format: ChartFormat = a.format === "anx" ? "anx" : "graphml";
    if (a.format !== "anx" && a.format !== "graphml") ctx.fail("invalid-input", `'${String(a.format)}' is not a chart format; use graphml or anx`);
    const path = chooseDestination(ctx, `intel-desk-chart-${fileStamp(ctx.now())}.${format}`);
    if (path === null) return null;
    const title = required(ctx, "the chart's title", a.title);
    const me = authorise(ctx, "record-read");
    const chart = linkChart(ctx, me, title, a.entities);
    const text = format === "anx" ? chartAnx(chart) : chartGraphml(chart);
    const sha256 = await sha256Hex(text);
    ctx.audit("export.link-chart", "entities", {
      format, path, sha256, marking: chart.marking, entities: chart.entities.map((e) => e.id), links: chart.links.length,
    });
    return { path, format, entities: chart.entities.length, links: chart.links.length, marking: chart.marking, sha256 };
  },
};

