import { describe, expect, it } from "vitest";
import { productsHandlers } from "./products";
import { failWith, type MockContext } from "./context";
import { seedData } from "./seed";
import { mockPermits } from "./permissions";
import type { IpcError, Role, SessionInfo } from "../ipc";
import type { ProductExport, ProductSummary, ProductView, TaskingPackageExport } from "../tasking-types";

function context(role: Role = "intelligence-manager", username = "analyst") {
  const data = seedData();
  let session: SessionInfo = { username, displayName: "A. Analyst", role, isAdmin: false, unitName: "Unit", idleLockSeconds: 900 };
  const ctx: MockContext = {
    data,
    session: () => session,
    can: (a) => mockPermits(session.role, session.isAdmin, a),
    audit: (action, target) => {
      data.audit.push({ seq: data.audit.length + 1, at: "", actor: session.username, action, target, reason: "", details: "{}", prev_hash: "", hash: "" });
    },
    fail: failWith,
    now: () => new Date().toISOString(),
    saveAs: (name) => (saveCancelled ? null : `/home/${session.username}/Documents/${name}`),
  };
  let saveCancelled = false;
  const cancelSaves = (v = true) => (saveCancelled = v);
  const call = <T>(cmd: string, args: Record<string, unknown> = {}) => productsHandlers[cmd](args, ctx) as T;
  const failure = (cmd: string, args: Record<string, unknown> = {}): IpcError => {
    try {
      productsHandlers[cmd](args, ctx);
    } catch (e) {
      return e as IpcError;
    }
    throw new Error(`${cmd} did not fail`);
  };
  const become = (s: Partial<SessionInfo>) => (session = { ...session, ...s });
  return { data, call, failure, become, cancelSaves };
}

const year = new Date().getUTCFullYear();
const TA = `TA-${year}-0001`;
const PP = `PP-${year}-0001`;
const SP = `SP-${year}-0001`;
const newProduct = {
  kind: "research-summary", title: "Ropewalk tenancies", marking: "OFFICIAL", commissioned_by: null,
  terms: { requester: "DI Okafor", scope: "Cash tenancies", questions: [" Who lets them? ", ""], deadline: "2026-12-20" },
};

describe("products mock: seed", () => {
  it("holds a draft tactical assessment, an approved problem profile and a subject profile in review", () => {
    const { call } = context();
    const list = call<ProductSummary[]>("list_products");
    expect(list.map((p) => [p.reference, p.state]).sort()).toEqual([[PP, "approved"], [SP, "in-review"], [TA, "draft"]]);
    const pp = call<ProductView>("product", { reference: PP });
    expect(pp.citations[0]).toMatchObject({ reference: "IR-2026-000002", source_grade: "2", intelligence_grade: "C", handling_code: "P" });
    expect(pp.cited_marking).toBe("OFFICIAL");
  });
});

describe("products mock: drafting", () => {
  it("opens a draft with the kind's sections from its terms of reference", () => {
    const { call, failure } = context("analyst");
    const p = call<ProductView>("create_product", { product: newProduct });
    expect(p.reference).toBe(`RS-${year}-0001`);
    expect(p.sections.map((s) => s.key)).toEqual(["summary", "sources"]);
    expect(p.sections[0].guidance).toMatch(/without inference/);
    expect(p.terms.questions).toEqual(["Who lets them?"]);
    expect(failure("create_product", { product: { ...newProduct, terms: { ...newProduct.terms, questions: [" "] } } }).message).toBe(
      "the terms of reference need at least one question the product must answer",
    );
  });

  it("cites only evaluated and sanitised reports; citing flags code C and raises the marking", () => {
    const { call, failure, data } = context("analyst");
    expect(failure("cite_report", { reference: TA, report: "IR-2026-000003", section: "summary", note: "" })).toEqual({
      code: "illegal-transition", message: "IR-2026-000003 has not been evaluated with 3x5x2; a product cites graded intelligence only",
    });
    expect(failure("cite_report", { reference: TA, report: "IR-2026-000001", section: "summary", note: "" }).message).toBe(
      "IR-2026-000001 has no sanitised wording yet; a product carries sanitised text only, so sanitise it first",
    );
    data.reports[0].sanitised_text = "A vehicle seen at an address in the Harbour area at night.";
    const p = call<ProductView>("cite_report", { reference: TA, report: "IR-2026-000001", section: "summary", note: "n" });
    expect(p.marking).toBe("OFFICIAL-SENSITIVE");
    expect(p.cited_marking).toBe("OFFICIAL-SENSITIVE");
    expect(p.handling_conditions).toEqual(["IR-2026-000001 (code C): Not to be shared outside the investigation team."]);
    expect(p.citations[0].sanitised_text).toBe("A vehicle seen at an address in the Harbour area at night.");
    expect(failure("cite_report", { reference: TA, report: "IR-2026-000001", section: "summary", note: "" }).code).toBe("conflict");
    // The marking floor.
    expect(failure("set_product_details", { reference: TA, title: "T", marking: "OFFICIAL", dissemination: [] })).toEqual({
      code: "invalid-input", message: "the product cites OFFICIAL-SENSITIVE reports, so its marking must be at least OFFICIAL-SENSITIVE",
    });
  });

  it("submits only a complete draft, then edits are refused", () => {
    const { call, failure } = context("analyst");
    expect(failure("submit_product", { reference: TA, note: "" }).message).toMatch(/^write every section before review; still empty: Progress on priorities/);
    for (const key of ["priorities", "emerging", "tasking"]) call("update_product_section", { reference: TA, key, body: "Text" });
    expect(failure("submit_product", { reference: TA, note: "" }).message).toBe(
      "a product references the graded source intelligence: cite at least one report",
    );
    call("cite_report", { reference: TA, report: "IR-2026-000002", section: "summary", note: "" });
    expect(failure("submit_product", { reference: TA, note: "" }).message).toBe("a tactical assessment makes recommendations: add at least one");
    call("add_recommendation", { reference: TA, strand: "enforcement", text: "Warrant at the address" });
    expect(failure("submit_product", { reference: TA, note: "" }).message).toBe("set the dissemination list: who the product goes to");
    call("set_product_details", { reference: TA, title: "TA", marking: "OFFICIAL", dissemination: ["TT&CG members", " "] });
    expect(call<ProductView>("submit_product", { reference: TA, note: "Ready" }).state).toBe("in-review");
    expect(failure("add_gap", { reference: TA, gap: "g" })).toEqual({
      code: "illegal-transition", message: `${TA} is in-review; only a draft can be edited (a returned product is a draft again)`,
    });
  });

  it("checks embeds: an entity for charts, search words for tables", () => {
    const { call, failure } = context("analyst");
    expect(failure("add_embed", { reference: TA, embed: { section: "summary", kind: "link-chart", entity_id: null, query: null, caption: "c" } }).message).toBe(
      "a link chart or timeline is drawn around an entity: choose one",
    );
    expect(failure("add_embed", { reference: TA, embed: { section: "summary", kind: "table", entity_id: null, query: " ", caption: "c" } }).message).toBe(
      "a table lists the results of a search: give the search words",
    );
    const p = call<ProductView>("add_embed", { reference: TA, embed: { section: "summary", kind: "timeline", entity_id: 1, query: "x", caption: "Kestrel" } });
    expect(p.embeds.at(-1)).toMatchObject({ kind: "timeline", entity_id: 1, query: null });
    expect(call<ProductView>("remove_embed", { reference: TA, id: p.embeds.at(-1)!.id }).embeds).toHaveLength(0);
  });
});

describe("products mock: review, approval, export", () => {
  it("never lets the author review or approve", () => {
    const { call, failure, become } = context("principal-analyst", "j.patel");
    expect(failure("peer_review_product", { reference: SP, passed: true, note: "ok" })).toEqual({
      code: "permission-denied", message: "you wrote this product; peer review must be done by someone else",
    });
    become({ username: "analyst" });
    expect(failure("peer_review_product", { reference: SP, passed: true, note: " " }).message).toBe("the reviewer's note is required");
    const passed = call<ProductView>("peer_review_product", { reference: SP, passed: true, note: "Sound" });
    expect([passed.state, passed.reviewer]).toEqual(["awaiting-approval", "analyst"]);
    expect(failure("approve_product", { reference: SP, approve: true, note: "ok" }).code).toBe("permission-denied"); // a principal analyst may not approve
    become({ role: "intelligence-manager", username: "j.patel" });
    expect(failure("approve_product", { reference: SP, approve: true, note: "ok" }).message).toBe("you wrote this product; another manager must approve it");
    become({ username: "manager" });
    expect(call<ProductView>("approve_product", { reference: SP, approve: true, note: "Release" }).state).toBe("approved");
  });

  it("returns to draft on a failed review", () => {
    const { call } = context("analyst");
    expect(call<ProductView>("peer_review_product", { reference: SP, passed: false, note: "Associates need grading" }).state).toBe("draft");
  });

  it("exports only approved products, and sends tasking packages", () => {
    const { call, failure, become } = context();
    expect(failure("export_product", { reference: TA, format: "pdf" })).toEqual({
      code: "illegal-transition", message: `${TA} is draft: only an approved product is exported for release`,
    });
    const out = call<ProductExport>("export_product", { reference: PP, format: "html" });
    expect(out.path).toBe(`/home/analyst/Documents/${PP}.html`);
    const pkg = call<TaskingPackageExport>("export_tasking_package", {
      request: { product: PP, requirements: [`SIR-${year}-0001`], actions: [`ACT-${year}-0001`], peers: ["ws-south-02"] },
    });
    expect(pkg.items).toEqual([PP, `SIR-${year}-0001`, `ACT-${year}-0001`]);
    // package.rs writes the briefing beside the bundle: the same name with the extension .pdf.
    expect(pkg.bundle.path).toMatch(/^\/home\/analyst\/Documents\/intel-desk-tasking-\d{8}-\d{6}\.idb$/);
    expect(pkg.briefing_path).toBe(pkg.bundle.path?.replace(/\.idb$/, ".pdf"));
    expect(failure("export_tasking_package", { request: { product: PP, requirements: [], actions: [], peers: [] } }).code).toBe("invalid-input");
    expect(failure("export_tasking_package", { request: { product: TA, requirements: [], actions: [], peers: ["x"] } }).code).toBe("illegal-transition");
    become({ role: "intelligence-officer" });
    expect(failure("export_product", { reference: PP, format: "pdf" })).toEqual({
      code: "permission-denied", message: "a intelligence officer may not export an approved product to PDF or HTML (audited)",
    });
  });
});

describe("products mock: the save dialog", () => {
  it("a cancelled dialog answers null and exports nothing, audits nothing, uses no bundle number", () => {
    const { call, data, cancelSaves } = context();
    const audited = data.audit.length;
    cancelSaves();
    expect(call("export_product", { reference: PP, format: "pdf" })).toBeNull();
    const request = { product: PP, requirements: [], actions: [], peers: ["ws-south-02"] };
    expect(call("export_tasking_package", { request })).toBeNull();
    expect(data.audit.length).toBe(audited);
    cancelSaves(false);
    const first = call<TaskingPackageExport>("export_tasking_package", { request });
    expect(first.bundle.sequence).toBe(60);
    expect(data.audit.at(-1)).toMatchObject({ action: "tasking-package.export", target: "bundle:60" });
  });

  it("is asked before the core, as the shell does: cancelling is never refused", () => {
    const { call, become, cancelSaves } = context();
    become({ role: "intelligence-officer" });
    cancelSaves();
    expect(call("export_product", { reference: PP, format: "pdf" })).toBeNull();
  });
});

describe("products mock: withdrawal (workflow.rs)", () => {
  it("is for those who approve, needs a reason, from any state but withdrawn, and is kept in the history", () => {
    const { call, failure, become, data } = context("principal-analyst");
    expect(failure("withdraw_product", { reference: PP, reason: "Out of date" })).toEqual({
      code: "permission-denied", message: "a principal analyst may not approve an intelligence product for release",
    });
    become({ role: "intelligence-manager", username: "manager" });
    expect(failure("withdraw_product", { reference: PP, reason: "  " })).toEqual({ code: "invalid-input", message: "the reason for withdrawal is required" });
    expect(failure("withdraw_product", { reference: "PP-1999-0001", reason: "x" })).toEqual({ code: "not-found", message: "no product 'PP-1999-0001'" });
    const p = call<ProductView>("withdraw_product", { reference: PP, reason: " Superseded by the new profile. " });
    expect(p.state).toBe("withdrawn");
    expect(p.history.at(-1)).toMatchObject({ step: "withdrawn", note: "Superseded by the new profile.", by: "manager" });
    expect(data.audit.at(-1)).toMatchObject({ action: "product.withdraw", target: `product:${PP}` });
    expect(failure("withdraw_product", { reference: PP, reason: "again" })).toEqual({ code: "conflict", message: `${PP} is already withdrawn` });
    // A draft can be withdrawn too, and a withdrawn product is no longer exported.
    expect(call<ProductView>("withdraw_product", { reference: TA, reason: "No longer needed" }).state).toBe("withdrawn");
    expect(failure("export_product", { reference: PP, format: "pdf" }).code).toBe("illegal-transition");
  });
});
