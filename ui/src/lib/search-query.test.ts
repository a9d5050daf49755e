import { describe, expect, it } from "vitest";
import {
  activeFilterCount, ariaSort, DEFAULT_SORT, emptyFilters, fromQuery, localDateBound, localDateOf, nextSort,
  orderedColumns, queryKey, toQuery, typedText,
} from "./search-query";

describe("typedText", () => {
  it("lets the last word match longer words while typing", () => {
    expect(typedText("harb")).toBe("harb*");
    expect(typedText("silver gol")).toBe("silver gol*");
    expect(typedText("silver golf ")).toBe("silver golf");
    expect(typedText("smi*")).toBe("smi*");
    expect(typedText("  ")).toBeNull();
    expect(typedText("")).toBeNull();
    expect(typedText("07700 900123")).toBe("07700 900123*");
    expect(typedText("\"x\"")).toBe("\"x\"");
  });
});

describe("dates", () => {
  it("turns local calendar days into the core's UTC text, inclusive at both ends", () => {
    const from = localDateBound("2026-11-20", false)!;
    const to = localDateBound("2026-11-20", true)!;
    expect(from).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000000Z$/);
    expect(to).toMatch(/\.999999Z$/);
    expect(new Date(from).getTime()).toBe(new Date(2026, 10, 20).getTime());
    expect(new Date(to).getTime()).toBe(new Date(2026, 10, 20, 23, 59, 59, 999).getTime());
    // Text comparison, as the core does it.
    const midday = new Date(2026, 10, 20, 12).toISOString().replace("Z", "000Z");
    expect(from <= midday && midday <= to).toBe(true);
    expect(localDateBound("", false)).toBeNull();
    expect(localDateBound("20/11/2026", false)).toBeNull();
    expect(localDateOf(from)).toBe("2026-11-20");
    expect(localDateOf(to)).toBe("2026-11-20");
    expect(localDateOf(null)).toBe("");
  });
});

describe("toQuery / fromQuery", () => {
  it("maps every filter and round-trips", () => {
    const f = {
      ...emptyFilters(),
      text: "harbour ",
      status: "evaluated" as const,
      marking: "OFFICIAL" as const,
      priority: "high" as const,
      sourceGrade: "1" as const,
      intelligenceGrade: "B" as const,
      handlingCode: "C" as const,
      recordedFrom: "2026-01-01",
      recordedTo: "2026-12-31",
      entity: { id: 7, label: "Kestrel" },
    };
    const q = toQuery(f, { key: "priority", descending: true });
    expect(q).toMatchObject({
      text: "harbour", status: "evaluated", marking: "OFFICIAL", priority: "high", source_grade: "1",
      intelligence_grade: "B", handling_code: "C", entity_id: 7, sort: "priority", descending: true, limit: null, offset: null,
    });
    const back = fromQuery(q);
    expect(back.sort).toEqual({ key: "priority", descending: true });
    expect(back.filters).toEqual({ ...f, text: "harbour", entity: { id: 7, label: "Entity #7" } });
  });

  it("leaves unset filters null and reads old saved queries", () => {
    const q = toQuery(emptyFilters(), DEFAULT_SORT);
    expect(q.text).toBeNull();
    expect(q.status).toBeNull();
    expect(q.recorded_from).toBeNull();
    expect(fromQuery({ text: null } as never).sort).toEqual(DEFAULT_SORT);
    expect(fromQuery({ intelligence_grade: "b", handling_code: "x" } as never).filters).toMatchObject({
      intelligenceGrade: "B",
      handlingCode: "",
    });
  });

  it("keys a query without its paging", () => {
    const q = toQuery(emptyFilters(), DEFAULT_SORT);
    expect(queryKey({ ...q, offset: 400, limit: 200 })).toBe(queryKey(q));
    expect(queryKey({ ...q, status: "received" })).not.toBe(queryKey(q));
  });

  it("counts the filters in use", () => {
    expect(activeFilterCount(emptyFilters())).toBe(0);
    expect(activeFilterCount({ ...emptyFilters(), text: "x", status: "received", entity: { id: 1, label: "a" } })).toBe(2);
  });
});

describe("sorting", () => {
  it("flips the same column and starts new ones in a useful direction", () => {
    expect(nextSort(DEFAULT_SORT, "recorded-at")).toEqual({ key: "recorded-at", descending: false });
    expect(nextSort(DEFAULT_SORT, "status")).toEqual({ key: "status", descending: false });
    expect(nextSort(DEFAULT_SORT, "priority")).toEqual({ key: "priority", descending: true });
    expect(ariaSort(DEFAULT_SORT, "recorded-at")).toBe("descending");
    expect(ariaSort({ key: "status", descending: false }, "status")).toBe("ascending");
    expect(ariaSort(DEFAULT_SORT, "status")).toBe("none");
    expect(ariaSort(DEFAULT_SORT, null)).toBe("none");
  });

  it("keeps the table's column order", () => {
    expect(orderedColumns(["summary", "reference", "grade"])).toEqual(["reference", "grade", "summary"]);
  });
});
