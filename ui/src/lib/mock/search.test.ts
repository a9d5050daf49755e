import { describe, expect, it } from "vitest";
import { createMockBackend, MOCK_USER, mockOptionsFromSearch, type MockOptions } from "../mock-backend";
import { bulkReports, ftsTerms, tokenize } from "./search";
import type { CsvExport, Entity, EntityView, SavedSearch, SearchPage, SearchQuery } from "../ipc";

async function signedIn(o: Partial<MockOptions> = {}) {
  const b = createMockBackend({ ...mockOptionsFromSearch("?state=ready"), delayMs: 0, role: "intelligence-manager", ...o });
  await b.handle("unlock", { username: MOCK_USER.username, passphrase: MOCK_USER.passphrase });
  return b;
}

const q = (over: Partial<SearchQuery> = {}): SearchQuery => ({ limit: 200, offset: 0, ...over }) as SearchQuery;

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error("expected a failure");
}

describe("FTS emulation", () => {
  it("tokenises like unicode61 and quotes words like the core", () => {
    expect(tokenize("Café DE12-MOX, 07700 900123")).toEqual(["cafe", "de12", "mox", "07700", "900123"]);
    expect(ftsTerms("NEAR( \"x\" OR smi*")).toEqual([
      { phrase: ["near"], prefix: false },
      { phrase: ["x"], prefix: false },
      { phrase: ["or"], prefix: false },
      { phrase: ["smi"], prefix: true },
    ]);
    expect(ftsTerms(" ** ")).toEqual([]);
  });
});

describe("search", () => {
  it("matches whole words, prefixes with *, references and linked entity labels", async () => {
    const b = await signedIn();
    const refs = async (text: string) =>
      ((await b.handle("search", { query: q({ text }) })) as SearchPage).rows.map((r) => r.reference);
    expect(await refs("Harbour")).toEqual(["IR-2026-000002", "IR-2026-000001"]);
    expect(await refs("harb")).toEqual([]);
    expect(await refs("harb*")).toEqual(["IR-2026-000002", "IR-2026-000001"]);
    expect(await refs("IR-2026-000003")).toEqual(["IR-2026-000003"]);
    expect(await refs("Kestrel")).toEqual(["IR-2026-000001"]); // linked entity label
    expect(await refs("silver golf")).toEqual(["IR-2026-000001"]);
    expect(await refs("silver ropewalk")).toEqual([]);
  });

  it("searches the original wording only for those entitled to it", async () => {
    const analyst = await signedIn({ role: "analyst" });
    const page = (await analyst.handle("search", { query: q({ text: "Golf" }) })) as SearchPage;
    expect(page.total).toBe(0);
    const all = (await analyst.handle("search", { query: q() })) as SearchPage;
    expect(all.rows.find((r) => r.reference === "IR-2026-000003")?.summary).toBe("(awaiting sanitisation)");
    expect(all.rows.find((r) => r.reference === "IR-2026-000002")?.summary).toMatch(/Harbour area/);
  });

  it("filters, sorts and pages, auditing only a query's first window", async () => {
    const b = await signedIn({ reports: 1003 });
    const first = (await b.handle("search", { query: q({ limit: 10, sort: "priority", descending: true }) })) as SearchPage;
    expect(first.total).toBe(1003);
    expect(first.rows).toHaveLength(10);
    expect(first.rows.every((r) => r.priority === "high")).toBe(true);
    const second = (await b.handle("search", { query: q({ limit: 10, offset: 10, sort: "priority", descending: true }) })) as SearchPage;
    expect(second.offset).toBe(10);
    expect(second.rows.map((r) => r.reference)).not.toContain(first.rows[0].reference);
    const graded = (await b.handle("search", { query: q({ source_grade: "1", intelligence_grade: "b", handling_code: "c", limit: 5 }) })) as SearchPage;
    expect(graded.total).toBeGreaterThan(0);
    expect(graded.rows.every((r) => r.grade === "1BC")).toBe(true);
    const byStatus = (await b.handle("search", { query: q({ status: "received", marking: "OFFICIAL-SENSITIVE" }) })) as SearchPage;
    expect(byStatus.rows.every((r) => r.status === "received" && r.marking === "OFFICIAL-SENSITIVE")).toBe(true);
    const oldestFirst = (await b.handle("search", { query: q({ sort: "recorded-at", descending: false, limit: 2 }) })) as SearchPage;
    expect(oldestFirst.rows[0].reference).toBe("IR-2026-000001");
    const newest = (await b.handle("search", { query: q({ limit: 1 }) })) as SearchPage;
    expect(newest.rows[0].reference).toBe("IR-2026-001003");
    const range = (await b.handle("search", {
      query: q({ recorded_from: "2026-11-20T09:31:00.000000Z", recorded_to: "2026-11-20T09:35:00.000000Z" }),
    })) as SearchPage;
    expect(range.total).toBe(5);
  });

  it("filters by an entity and everything merged into it", async () => {
    const b = await signedIn();
    const dup = (await b.handle("create_entity", { input: { kind: "person", objectType: null, label: "Kes", ocgmBand: null } })) as number;
    await b.handle("link_entity", { reference: "IR-2026-000003", entityId: dup, role: "tenant" });
    await b.handle("merge_entities", { survivor: 1, duplicate: dup, reason: "same person" });
    const page = (await b.handle("search", { query: q({ entity_id: 1 }) })) as SearchPage;
    expect(page.rows.map((r) => r.reference)).toEqual(["IR-2026-000003", "IR-2026-000001"]);
  });

  it("stays quick at 100,000 reports", async () => {
    const b = await signedIn({ reports: 100_000 });
    const t0 = performance.now();
    const page = (await b.handle("search", { query: q({ text: "harbour", sort: "grade" }) })) as SearchPage;
    const t1 = performance.now();
    await b.handle("search", { query: q({ text: "harbour", sort: "grade", offset: 5000 }) });
    const t2 = performance.now();
    expect(page.total).toBeGreaterThan(10_000);
    expect(t1 - t0).toBeLessThan(3000);
    expect(t2 - t1).toBeLessThan(50); // next window of the same query is not recomputed
  });
});

describe("saved searches and export", () => {
  it("saves (replacing by name), lists by name, deletes", async () => {
    const b = await signedIn();
    expect(await failure(b.handle("save_search", { name: "  ", query: q() }))).toEqual({
      code: "invalid-input",
      message: "a name for the search is required",
    });
    expect((await failure(b.handle("save_search", { name: "x".repeat(81), query: q() }))).code).toBe("invalid-input");
    const a = (await b.handle("save_search", { name: "harbour", query: q({ text: "harbour", offset: 200 }) })) as SavedSearch;
    expect(a.query.offset).toBeNull();
    expect(a.query.limit).toBeNull();
    await b.handle("save_search", { name: "Alpha", query: q() });
    const again = (await b.handle("save_search", { name: "harbour", query: q({ text: "row" }) })) as SavedSearch;
    expect(again.id).toBe(a.id);
    const list = (await b.handle("saved_searches", {})) as SavedSearch[];
    expect(list.map((s) => s.name)).toEqual(["Alpha", "harbour"]);
    expect(list[1].query.text).toBe("row");
    await b.handle("delete_saved_search", { id: a.id });
    expect(await failure(b.handle("delete_saved_search", { id: a.id }))).toMatchObject({ code: "not-found" });
  });

  it("exports the chosen columns and says how to handle the file", async () => {
    const b = await signedIn();
    expect(await failure(b.handle("export_search_csv", { query: q(), columns: [] }))).toEqual({
      code: "invalid-input",
      message: "choose at least one column to export",
    });
    const all = (await b.handle("export_search_csv", { query: q({ limit: 1 }), columns: ["reference"] })) as CsvExport;
    expect(all).toMatchObject({ rows: 3, marking: "OFFICIAL-SENSITIVE" });
    expect(all.path).toMatch(/\.csv$/);
    const low = (await b.handle("export_search_csv", { query: q({ priority: "low" }), columns: ["reference", "summary"] })) as CsvExport;
    expect(low).toMatchObject({ rows: 1, marking: "OFFICIAL" });
  });
});

describe("development", () => {
  it("finds entities by label prefix, case-insensitively, survivors only", async () => {
    const b = await signedIn();
    expect(((await b.handle("find_entities", { prefix: "de1" })) as Entity[]).map((e) => e.label)).toEqual(["DE12 MOX"]);
    expect(((await b.handle("find_entities", { prefix: "" })) as Entity[]).map((e) => e.label)).toEqual([
      "14 Harbour Row", "DE12 MOX", "Harbour Row group", "Kestrel Example",
    ]);
    expect(await b.handle("find_entities", { prefix: "%" })).toEqual([]);
  });

  it("creates entities with the core's rules", async () => {
    const b = await signedIn();
    const make = (input: object) => b.handle("create_entity", { input: { objectType: null, ocgmBand: null, ...input } });
    expect(await failure(make({ kind: "person", label: " " }))).toEqual({ code: "invalid-input", message: "the entity's label is required" });
    expect((await failure(make({ kind: "object", label: "AB12 CDE" }))).message).toMatch(/an object needs a type/);
    expect((await failure(make({ kind: "person", objectType: "phone", label: "x" }))).message).toBe("only objects have an object type");
    expect((await failure(make({ kind: "person", label: "x", ocgmBand: "1A" }))).message).toBe("only organisations carry an OCGM band");
    const id = (await make({ kind: "organisation", label: "Harbour Crew", ocgmBand: "2B" })) as number;
    expect(((await b.handle("find_entities", { prefix: "harbour c" })) as Entity[])[0]).toMatchObject({ id, ocgm_band: "2B", details: "{}" });
    const researcher = await signedIn({ role: "director-of-intelligence" });
    expect((await failure(researcher.handle("create_entity", { input: { kind: "person", label: "x" } }))).code).toBe("permission-denied");
  });

  it("links once per role, and refuses unknown reports and entities", async () => {
    const b = await signedIn();
    expect(await failure(b.handle("link_entity", { reference: "IR-2026-000003", entityId: 1, role: "" }))).toMatchObject({ code: "invalid-input" });
    await b.handle("link_entity", { reference: "IR-2026-000003", entityId: 1, role: "tenant" });
    expect(await failure(b.handle("link_entity", { reference: "IR-2026-000003", entityId: 1, role: "tenant" }))).toEqual({
      code: "conflict",
      message: "that entity is already linked to this report in that role",
    });
    expect((await failure(b.handle("link_entity", { reference: "IR-9", entityId: 1, role: "x" }))).code).toBe("not-found");
    expect((await failure(b.handle("link_entity", { reference: "IR-2026-000003", entityId: 999, role: "x" }))).message).toBe("no entity 999");
  });

  it("records associations: confirmed ones need a supporting report", async () => {
    const b = await signedIn();
    const assoc = (input: object) => b.handle("associate", { input: { supportingReference: null, ...input } });
    expect((await failure(assoc({ from: 1, to: 1, kind: "knows", confirmed: false }))).message).toBe("an entity cannot be associated with itself");
    expect((await failure(assoc({ from: 2, to: 3, kind: "parked at", confirmed: true }))).message).toBe(
      "a confirmed association needs the report that supports it",
    );
    const id = (await assoc({ from: 2, to: 3, kind: "parked at", confirmed: true, supportingReference: "IR-2026-000001" })) as number;
    const v = (await b.handle("entity_view", { id: 3 })) as EntityView;
    expect(v.associations.find((a) => a.id === id)).toMatchObject({ confirmed: true, supporting_reference: "IR-2026-000001" });
    expect(v.neighbours.map((n) => n.id).sort()).toEqual([1, 2]);
  });

  it("merges duplicates (same kind, not twice) and shows them in the survivor's view", async () => {
    const b = await signedIn();
    const dup = (await b.handle("create_entity", { input: { kind: "person", label: "Kes E." } })) as number;
    expect((await failure(b.handle("merge_entities", { survivor: 1, duplicate: dup, reason: "" }))).code).toBe("invalid-input");
    expect((await failure(b.handle("merge_entities", { survivor: 2, duplicate: dup, reason: "x" }))).message).toBe(
      "cannot merge a person into a object",
    );
    await b.handle("associate", { input: { from: dup, to: 3, kind: "lives at", confirmed: false } });
    await b.handle("merge_entities", { survivor: 1, duplicate: dup, reason: "same DOB" });
    expect((await failure(b.handle("merge_entities", { survivor: 1, duplicate: dup, reason: "x" }))).code).toBe("conflict");
    const v = (await b.handle("entity_view", { id: dup })) as EntityView;
    expect(v.entity.id).toBe(1);
    expect(v.merged.map((m) => m.id)).toEqual([dup]);
    expect(v.associations).toHaveLength(4);
    expect(v.neighbours.map((n) => n.id)).toEqual([2, 3, 4]);
    expect(v.reports.map((r) => r.reference)).toEqual(["IR-2026-000001"]);
    const analyst = await signedIn({ role: "analyst" });
    expect((await failure(analyst.handle("merge_entities", { survivor: 1, duplicate: 2, reason: "x" }))).code).toBe("permission-denied");
  });
});

describe("bulk reports", () => {
  it("is deterministic and shaped like the core's reports", () => {
    const a = bulkReports(3, 10);
    expect(a.map((r) => r.reference)).toEqual(["IR-2026-000010", "IR-2026-000011", "IR-2026-000012"]);
    expect(a[0].recorded_at < a[1].recorded_at).toBe(true);
    expect(bulkReports(3, 10)).toEqual(a);
  });
  it("grows the mock through ?reports=", async () => {
    expect(mockOptionsFromSearch("?reports=5000").reports).toBe(5000);
    expect(mockOptionsFromSearch("?reports=abc").reports).toBeUndefined();
    const b = await signedIn({ reports: 5000 });
    expect(((await b.handle("search", { query: q({ limit: 1 }) })) as SearchPage).total).toBe(5000);
  });
});
