// What the search screen's form means as a core SearchQuery, and back (for
// saved searches); the result columns and how sorting by them toggles.

import type { ExportColumn, Marking, Priority, SearchQuery, SortKey, Status } from "./ipc";

export interface SearchFilters {
  text: string;
  status: Status | "";
  marking: Marking | "";
  priority: Priority | "";
  sourceGrade: "" | "1" | "2" | "3";
  intelligenceGrade: "" | "A" | "B" | "C" | "D" | "E";
  handlingCode: "" | "P" | "C";
  /** Local calendar dates (YYYY-MM-DD) from date inputs; "" for open-ended. */
  recordedFrom: string;
  recordedTo: string;
  entity: { id: number; label: string } | null;
}

export interface SortState {
  key: SortKey;
  descending: boolean;
}

export const DEFAULT_SORT: SortState = { key: "recorded-at", descending: true };

export function emptyFilters(): SearchFilters {
  return {
    text: "", status: "", marking: "", priority: "", sourceGrade: "", intelligenceGrade: "", handlingCode: "",
    recordedFrom: "", recordedTo: "", entity: null,
  };
}

export interface ColumnDef {
  id: ExportColumn;
  label: string;
  sort: SortKey | null;
  /** CSS grid track. */
  width: string;
}

export const COLUMNS: readonly ColumnDef[] = [
  { id: "reference", label: "Reference", sort: "reference", width: "8.25rem" },
  { id: "recorded-at", label: "Recorded", sort: "recorded-at", width: "10rem" },
  { id: "status", label: "Status", sort: "status", width: "8.75rem" },
  { id: "marking", label: "Marking", sort: "marking", width: "11rem" },
  { id: "priority", label: "Priority", sort: "priority", width: "5.75rem" },
  { id: "source-type", label: "Source type", sort: "source-type", width: "9.5rem" },
  { id: "grade", label: "Grade", sort: "grade", width: "5rem" },
  { id: "summary", label: "Summary", sort: null, width: "minmax(11.5rem, 1fr)" },
];

/** Columns shown (and exported) unless the person chooses otherwise. */
export const DEFAULT_COLUMNS: readonly ExportColumn[] = [
  "reference", "recorded-at", "status", "marking", "priority", "grade", "summary",
];

/** Column order is always the table's, whatever order they were chosen in. */
export function orderedColumns(chosen: Iterable<ExportColumn>): ExportColumn[] {
  const set = new Set(chosen);
  return COLUMNS.map((c) => c.id).filter((id) => set.has(id));
}

/**
 * Clicking a column header: the same column flips direction; a new column
 * starts in its most useful direction (newest, highest priority first;
 * otherwise A to Z).
 */
export function nextSort(current: SortState, key: SortKey): SortState {
  if (current.key === key) return { key, descending: !current.descending };
  return { key, descending: key === "recorded-at" || key === "reference" || key === "priority" };
}

export function ariaSort(sort: SortState, key: SortKey | null): "ascending" | "descending" | "none" {
  if (!key || sort.key !== key) return "none";
  return sort.descending ? "descending" : "ascending";
}

/**
 * While typing, the last word also matches longer words ("harb" finds
 * Harbour), since the core matches whole words unless a word ends in "*".
 * A trailing space means the last word is complete.
 */
export function typedText(text: string): string | null {
  const t = text.replace(/^\s+/, "");
  if (t.trim() === "") return null;
  if (/\s$/.test(t)) return t.trim();
  const last = t.split(/\s+/).pop() ?? "";
  // Only a word ending in a letter or digit can take a prefix star.
  if (last.endsWith("*") || !/[\p{L}\p{N}]$/u.test(last)) return t;
  return `${t}*`;
}

/** A local calendar date's start (or end) as the core's UTC timestamp text. */
export function localDateBound(date: string, end: boolean): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const d = end
    ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59, 999)
    : new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 0, 0, 0, 0);
  if (Number.isNaN(d.getTime())) return null;
  // The core stores microseconds ("…00.000000Z") and compares text, so match its width.
  return d.toISOString().replace(/\.(\d{3})Z$/, end ? ".$1999Z" : ".$1000Z");
}

/** The inverse of localDateBound: the local calendar date of a timestamp. */
export function localDateOf(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The core query for the form (no paging). */
export function toQuery(f: SearchFilters, sort: SortState): SearchQuery {
  return {
    text: typedText(f.text),
    status: f.status || null,
    marking: f.marking || null,
    priority: f.priority || null,
    source_grade: f.sourceGrade || null,
    intelligence_grade: f.intelligenceGrade || null,
    handling_code: f.handlingCode || null,
    recorded_from: localDateBound(f.recordedFrom, false),
    recorded_to: localDateBound(f.recordedTo, true),
    entity_id: f.entity?.id ?? null,
    limit: null,
    offset: null,
    sort: sort.key,
    descending: sort.descending,
  };
}

/** A saved query back into the form. The entity's label is not saved, so a placeholder names it. */
export function fromQuery(q: SearchQuery): { filters: SearchFilters; sort: SortState } {
  const pick = <T extends string>(v: string | null | undefined, allowed: readonly T[]): T | "" =>
    v && (allowed as readonly string[]).includes(v) ? (v as T) : "";
  return {
    filters: {
      text: q.text ?? "",
      status: q.status ?? "",
      marking: q.marking ?? "",
      priority: q.priority ?? "",
      sourceGrade: pick(q.source_grade, ["1", "2", "3"] as const),
      intelligenceGrade: pick(q.intelligence_grade?.toUpperCase(), ["A", "B", "C", "D", "E"] as const),
      handlingCode: pick(q.handling_code?.toUpperCase(), ["P", "C"] as const),
      recordedFrom: localDateOf(q.recorded_from),
      recordedTo: localDateOf(q.recorded_to),
      entity: q.entity_id != null ? { id: q.entity_id, label: `Entity #${q.entity_id}` } : null,
    },
    sort: q.sort ? { key: q.sort, descending: q.descending ?? true } : DEFAULT_SORT,
  };
}

/** Identifies a query for the results cache: same key, same rows. */
export function queryKey(q: SearchQuery): string {
  return JSON.stringify({ ...q, limit: null, offset: null });
}

/** How many filters (besides the text) narrow the search: shown on the filters toggle. */
export function activeFilterCount(f: SearchFilters): number {
  return [f.status, f.marking, f.priority, f.sourceGrade, f.intelligenceGrade, f.handlingCode, f.recordedFrom, f.recordedTo]
    .filter((v) => v !== "").length + (f.entity ? 1 : 0);
}
