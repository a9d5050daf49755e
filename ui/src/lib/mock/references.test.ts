import { describe, expect, it } from "vitest";
import { createMockBackend, MOCK_USER, mockOptionsFromSearch, type MockOptions } from "../mock-backend";
import type {
  AuditRecord, ChartExport, ExternalReference, ReferenceFormat, ReferenceHolders, ReferenceMatch, SearchPage,
} from "../ipc";
import { SYSTEMS } from "../references";

async function signedIn(o: Partial<MockOptions> = {}) {
  // An administrator by default, so the tests can read the audit trail.
  const b = createMockBackend({ ...mockOptionsFromSearch("?state=ready"), delayMs: 0, role: "intelligence-officer", isAdmin: true, ...o });
  await b.handle("unlock", { username: MOCK_USER.username, passphrase: MOCK_USER.passphrase });
  return b;
}

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error("expected a failure");
}

const onReport = (reference: string) => ({ kind: "report", reference });
const onEntity = (id: number) => ({ kind: "entity", id });
const xref = (system: string, value: string, more: object = {}) => ({ system, value, ocgm: null, note: null, ...more });

type Backend = Awaited<ReturnType<typeof signedIn>>;
const add = (b: Backend, holder: object, reference: object) =>
  b.handle("add_external_reference", { holder, reference }) as Promise<ExternalReference>;
const refsOf = (b: Backend, holder: object) => b.handle("external_references_of", { holder }) as Promise<ExternalReference[]>;
const holders = (b: Backend, system: string, value: string) =>
  b.handle("holders_of_reference", { system, value }) as Promise<ReferenceHolders>;
/** The audit trail, oldest first. */
const trail = async (b: Backend) => ((await b.handle("audit_entries", { target: null, limit: 500 })) as AuditRecord[]).reverse();

describe("references mock: adding", () => {
  it("holds a value normalised, with who added it; the same one twice on a holder is a conflict", async () => {
    const b = await signedIn();
    const held = await add(b, onReport("IR-2026-000003"), xref("crime", "  cr/0012345/26 ", { note: " seen on CRIMES " }));
    expect(held).toMatchObject({
      system: "crime", value: "CR/0012345/26", holder: onReport("IR-2026-000003"), ocgm: null, note: "seen on CRIMES", added_by: "analyst",
    });
    expect(await failure(add(b, onReport("IR-2026-000003"), xref("crime", "CR/0012345/26")))).toEqual({
      code: "conflict", message: "CR/0012345/26 is already recorded here",
    });
    // On another holder it is no conflict.
    await add(b, onEntity(2), xref("crime", "CR/0012345/26"));
    expect((await trail(b)).filter((e) => e.action === "reference.add").map((e) => e.target)).toEqual(["report:IR-2026-000003", "entity:2"]);
  });

  it("refuses a value outside the unit's format with the example, and an empty one", async () => {
    const b = await signedIn();
    expect(await failure(add(b, onReport("IR-2026-000003"), xref("pnc", "123456X")))).toEqual({
      code: "invalid-input",
      message:
        "'123456X' is not a PNC ID reference in this unit's format (for example 01/123456X); check it, or ask an administrator to change the format",
    });
    expect((await failure(add(b, onReport("IR-2026-000003"), xref("pnd", "   ")))).message).toBe("the Police National Database reference is empty");
    expect((await failure(add(b, onReport("IR-2026-000003"), xref("interpol", "X")))).message).toBe(
      "'interpol' is not a known other system; use one of: pnd, ocgm, crime, cad, visor, nabis, pnc, custody",
    );
    // The whole value must match: the pattern is anchored.
    expect((await failure(add(b, onReport("IR-2026-000003"), xref("pnc", "01/123456XY")))).code).toBe("invalid-input");
    expect((await failure(add(b, onReport("IR-2026-000003"), xref("crime", "x".repeat(3), { note: "n".repeat(2001) })))).message).toBe(
      "the note is longer than 2000 characters",
    );
  });

  it("needs an OCGM reference's band, score and scoring date, and refuses them on any other", async () => {
    const b = await signedIn();
    const group = onEntity(4);
    const scored = (over: object) => xref("ocgm", "OCG-00999", { ocgm: { band: "2b", score: 150, scored_on: "2026-09-30", ...over } });
    expect((await failure(add(b, group, xref("ocgm", "OCG-00999")))).message).toBe(
      "an OCGM reference needs the group's band, score and the date it was scored",
    );
    expect((await failure(add(b, group, scored({ band: "1 A" })))).message).toBe("the OCGM band is letters and digits, up to 8 (e.g. 1A)");
    expect((await failure(add(b, group, scored({ band: "" })))).message).toMatch(/OCGM band/);
    expect((await failure(add(b, group, scored({ score: 100_001 })))).message).toBe("the OCGM score must be between 0 and 100000");
    expect((await failure(add(b, group, scored({ scored_on: "30/09/2026" })))).message).toBe("the OCGM scoring date must be YYYY-MM-DD");
    expect((await failure(add(b, group, scored({ scored_on: "2999-01-01" })))).message).toBe("the OCGM scoring date is in the future");
    const ok = await add(b, group, scored({}));
    expect(ok.ocgm).toEqual({ band: "2B", score: 150, scored_on: "2026-09-30" });
    expect(
      (await failure(add(b, onEntity(1), xref("pnc", "02/1234567A", { ocgm: { band: "1A", score: 1, scored_on: "2026-01-01" } })))).message,
    ).toBe("only an OCGM reference carries a band and score");
  });

  it("is for those who develop, on reports they may see and entities that exist", async () => {
    const director = await signedIn({ role: "director-of-intelligence", isAdmin: false });
    expect(await failure(add(director, onReport("IR-2026-000002"), xref("crime", "CR/1/26")))).toEqual({
      code: "permission-denied", message: "a director of intelligence may not create entities, link them to reports, record associations",
    });
    const limited = await signedIn({ role: "researcher", clearance: "OFFICIAL" });
    expect(await failure(add(limited, onReport("IR-2026-000001"), xref("crime", "CR/99/26")))).toEqual({
      code: "not-found", message: "no report with reference 'IR-2026-000001'",
    });
    expect(await failure(add(limited, onEntity(999), xref("crime", "CR/99/26")))).toEqual({ code: "not-found", message: "no entity 999" });
  });
});

describe("references mock: removing", () => {
  it("needs a reason, is recorded rather than deleted, and a second removal is a conflict", async () => {
    const b = await signedIn();
    const [pnc] = await refsOf(b, onEntity(1));
    expect(pnc).toMatchObject({ system: "pnc", value: "01/123456X" });
    expect(await failure(b.handle("remove_external_reference", { id: pnc.id, reason: "  " }))).toEqual({
      code: "invalid-input", message: "a reason for removing the reference is required",
    });
    await b.handle("remove_external_reference", { id: pnc.id, reason: "keyed against the wrong person" });
    expect(await failure(b.handle("remove_external_reference", { id: pnc.id, reason: "again" }))).toEqual({
      code: "conflict", message: "that reference has already been removed",
    });
    expect(await failure(b.handle("remove_external_reference", { id: 4242, reason: "x" }))).toEqual({
      code: "not-found", message: "no external reference 4242",
    });
    expect(await refsOf(b, onEntity(1))).toEqual([]);
    const removal = (await trail(b)).find((e) => e.action === "reference.remove");
    expect(removal).toMatchObject({ target: "entity:1", reason: "keyed against the wrong person" });
    expect(JSON.parse(removal!.details)).toEqual({ reference: pnc.id, system: "pnc", value: "01/123456X" });
    // Added back: only a held reference counts as a duplicate.
    await add(b, onEntity(1), xref("pnc", "01/123456X"));
    expect((await refsOf(b, onEntity(1))).map((r) => r.value)).toEqual(["01/123456X"]);
  });
});

describe("references mock: lookups", () => {
  it("lists every holder, newest report first; an entity's references include those merged into it", async () => {
    const b = await signedIn();
    const all = await holders(b, "crime", " cr/0012345/26");
    expect(all.value).toBe("CR/0012345/26");
    expect(all.reports.map((r) => r.reference).sort()).toEqual(["IR-2026-000001", "IR-2026-000002"]);
    expect(all.reports[0]).toMatchObject({ status: "evaluated" });
    expect(all).toMatchObject({ withheld_reports: 0, entities: [], ocgm: null });
    const dup = (await b.handle("create_entity", { input: { kind: "person", label: "Kes E.", objectType: null, ocgmBand: null } })) as number;
    await add(b, onEntity(dup), xref("custody", "CU/01234/26"));
    await b.handle("merge_entities", { survivor: 1, duplicate: dup, reason: "same man" });
    expect((await refsOf(b, onEntity(1))).map((r) => [r.system, r.value])).toEqual([["custody", "CU/01234/26"], ["pnc", "01/123456X"]]);
    const custody = await holders(b, "custody", "CU/01234/26");
    expect(custody.entities.map((e) => e.id)).toEqual([1]);
    expect((await trail(b)).filter((e) => e.action === "reference.lookup").map((e) => e.target)).toEqual([
      "crime:CR/0012345/26", "custody:CU/01234/26",
    ]);
  });

  it("withholds reports above the person's clearance and counts them", async () => {
    const res = await signedIn({ role: "researcher", clearance: "OFFICIAL" });
    const limited = await holders(res, "crime", "CR/0012345/26");
    expect(limited.reports.map((r) => r.reference)).toEqual(["IR-2026-000002"]);
    expect(limited.withheld_reports).toBe(1);
    expect(JSON.parse((await trail(res)).at(-1)!.details)).toEqual({ reports: 1, entities: 0, withheld: 1 });
    expect(await failure(refsOf(res, onReport("IR-2026-000001")))).toEqual({ code: "not-found", message: "no report with reference 'IR-2026-000001'" });
    const group = await holders(res, "ocgm", "OCG-00417");
    expect(group.entities.map((e) => e.label)).toEqual(["Harbour Row group"]);
    expect(group.ocgm).toEqual({ band: "1A", score: 212, scored_on: "2026-10-01" });
  });

  it("finds references by prefix, any system or one, counting only what the person may see", async () => {
    const b = await signedIn({ role: "researcher", clearance: "OFFICIAL" });
    const find = (prefix: string, system: string | null = null) =>
      b.handle("find_external_references", { prefix, system }) as Promise<ReferenceMatch[]>;
    expect(await find("cr/00")).toEqual([{ system: "crime", value: "CR/0012345/26", holders: 1 }]);
    const officer = await signedIn();
    expect(await officer.handle("find_external_references", { prefix: "cr/00", system: null })).toEqual([
      { system: "crime", value: "CR/0012345/26", holders: 2 },
    ]);
    expect(await find("0")).toEqual([{ system: "pnc", value: "01/123456X", holders: 1 }]);
    expect(await find("  ")).toEqual([]);
    expect(await find("OCG", "crime")).toEqual([]);
    expect((await find("OCG", "ocgm")).map((m) => m.value)).toEqual(["OCG-00417"]);
  });

  it("puts a report's references and its entities' in its search row", async () => {
    const b = await signedIn();
    const hits = async (text: string) =>
      ((await b.handle("search", { query: { text, limit: 50, offset: 0 } })) as SearchPage).rows.map((r) => r.reference).sort();
    expect(await hits("CR/0012345/26")).toEqual(["IR-2026-000001", "IR-2026-000002"]);
    expect(await hits("01/123456X")).toEqual(["IR-2026-000001"]);
  });
});

describe("references mock: formats", () => {
  it("lists each system's format; only an administrator changes one, with a reason; a broken pattern is refused", async () => {
    const io = await signedIn({ isAdmin: false });
    const formats = (await io.handle("reference_formats", {})) as ReferenceFormat[];
    expect(formats.map((f) => f.system)).toEqual([...SYSTEMS]);
    expect(formats.find((f) => f.system === "pnc")).toEqual({
      system: "pnc", title: "PNC ID", pattern: "[0-9]{2}/[0-9]{1,7}[A-Z]", default_pattern: "[0-9]{2}/[0-9]{1,7}[A-Z]",
      example: "01/123456X", customised: false,
    });
    expect(await failure(io.handle("set_external_reference_format", { system: "crime", pattern: "[0-9]{2}-[0-9]{5}-[0-9]{2}", reason: "force" }))).toEqual({
      code: "permission-denied",
      message: "a intelligence officer may not change unit settings (reference format, retention schedule, idle lock) (administrators only)",
    });

    const admin = await signedIn({ role: "intelligence-manager" });
    const set = (pattern: string | null, reason = "our force's crime numbers") =>
      admin.handle("set_external_reference_format", { system: "crime", pattern, reason });
    expect((await failure(set("[0-9"))).message).toMatch(/^the format is not a valid regular expression: /);
    expect((await failure(set("  "))).message).toBe("the format is empty; give a regular expression, e.g. [0-9]{2}/[0-9]{1,7}[A-Z]");
    expect((await failure(set("1".repeat(501)))).message).toBe("the format is longer than 500 characters");
    expect(await failure(set("[0-9]{2}", "  "))).toEqual({ code: "invalid-input", message: "a reason for the change is required" });

    await set(" [0-9]{2}-[0-9]{5}-[0-9]{2} ");
    const crime = ((await admin.handle("reference_formats", {})) as ReferenceFormat[]).find((f) => f.system === "crime")!;
    expect(crime).toMatchObject({ pattern: "[0-9]{2}-[0-9]{5}-[0-9]{2}", customised: true, example: "one matching [0-9]{2}-[0-9]{5}-[0-9]{2}" });
    await add(admin, onReport("IR-2026-000003"), xref("crime", "42-12345-26"));
    expect((await failure(add(admin, onReport("IR-2026-000003"), xref("crime", "CR/7654321/26")))).message).toBe(
      "'CR/7654321/26' is not a Crime recording reference in this unit's format (for example one matching [0-9]{2}-[0-9]{5}-[0-9]{2}); check it, or ask an administrator to change the format",
    );
    // An alternation stays inside the anchors.
    await set("A|B");
    expect((await failure(add(admin, onReport("IR-2026-000003"), xref("crime", "AB")))).code).toBe("invalid-input");

    // Back to the default; what is held stays held.
    await set(null, "back to the default");
    expect(((await admin.handle("reference_formats", {})) as ReferenceFormat[]).find((f) => f.system === "crime")!.customised).toBe(false);
    expect((await refsOf(admin, onReport("IR-2026-000003"))).map((r) => r.value)).toEqual(["42-12345-26"]);
    const changes = (await trail(admin)).filter((e) => e.action === "config.external-reference-format");
    expect(changes.map((e) => [e.target, e.reason, JSON.parse(e.details).pattern])).toEqual([
      ["system:crime", "our force's crime numbers", "[0-9]{2}-[0-9]{5}-[0-9]{2}"],
      ["system:crime", "our force's crime numbers", "A|B"],
      ["system:crime", "back to the default", null],
    ]);
  });
});

describe("link chart export mock", () => {
  it("rebuilds the chart from the store, merged duplicates as their survivor, audited with its hash", async () => {
    const b = await signedIn({ role: "intelligence-manager" });
    const dup = (await b.handle("create_entity", { input: { kind: "person", label: "Kes E.", objectType: null, ocgmBand: null } })) as number;
    await b.handle("merge_entities", { survivor: 1, duplicate: dup, reason: "same man" });
    const out = (await b.handle("export_link_chart", { title: "Op Harbour", entities: [1, dup, 2, 4], format: "graphml" })) as ChartExport;
    expect(out).toMatchObject({ format: "graphml", entities: 3, links: 2, marking: "OFFICIAL-SENSITIVE" });
    expect(out.path).toMatch(/^\/home\/analyst\/Documents\/intel-desk-chart-\d{8}-\d{6}\.graphml$/);
    expect(out.sha256).toMatch(/^[0-9a-f]{64}$/);
    const entry = (await trail(b)).find((e) => e.action === "export.link-chart")!;
    expect(entry.target).toBe("entities");
    expect(JSON.parse(entry.details)).toMatchObject({ format: "graphml", entities: [1, 2, 4], links: 2, sha256: out.sha256, path: out.path });
    const anx = (await b.handle("export_link_chart", { title: "Op Harbour", entities: [1, 3], format: "anx" })) as ChartExport;
    expect(anx).toMatchObject({ format: "anx", entities: 2, links: 1 });
    expect(anx.path).toMatch(/\.anx$/);
  });

  it("names only supporting reports within clearance, and checks the title and entities after the save dialog", async () => {
    const res = await signedIn({ role: "researcher", clearance: "OFFICIAL" });
    const limited = (await res.handle("export_link_chart", { title: "Op Harbour", entities: [1, 2, 4], format: "graphml" })) as ChartExport;
    expect(limited).toMatchObject({ entities: 3, links: 2, marking: "OFFICIAL" });
    expect(await failure(res.handle("export_link_chart", { title: " ", entities: [1], format: "anx" }))).toEqual({
      code: "invalid-input", message: "the chart's title is required",
    });
    expect((await failure(res.handle("export_link_chart", { title: "x", entities: [], format: "anx" }))).message).toBe("the chart has no entities");
    expect((await failure(res.handle("export_link_chart", { title: "x", entities: [77], format: "anx" }))).message).toBe("no entity 77");
  });

  it("answers null when the save dialog is cancelled, and writes and audits nothing", async () => {
    const b = await signedIn({ role: "intelligence-manager", saveCancelled: true });
    expect(await b.handle("export_link_chart", { title: " ", entities: [], format: "graphml" })).toBeNull();
    expect((await trail(b)).some((e) => e.action === "export.link-chart")).toBe(false);
  });
});
