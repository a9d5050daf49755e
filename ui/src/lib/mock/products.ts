// Browser-mock handlers for intelligence products (issue 5): drafting from
// terms of reference with the doctrine's sections, citations of evaluated and
// sanitised reports only (code C flagged), embeds, gaps, recommendations,
// submit / peer review / approval (never by the author), export of approved
// products and tasking packages. Rules and refusals are the core's
// (crates/intel-core/src/products/*.rs); nothing is written to disk here.

import type { Handlers, MockContext } from "./context";
import { chooseDestination, failWith, fileStamp, withExtension } from "./context";
import { authorise, type Me } from "./records";
import { taskingStateOf, isoDay } from "./tasking";
import { isIsoDate } from "../tasking";
import type { Marking, ReportView } from "../ipc";
import type {
  Citation,
  Embed,
  EmbedKind,
  NewEmbed,
  NewProduct,
  ProductExport,
  ProductFormat,
  ProductItem,
  ProductKind,
  ProductState,
  ProductStep,
  ProductSummary,
  ProductView,
  Strand,
  TaskingPackageExport,
  TaskingPackageRequest,
  TermsOfReference,
} from "../tasking-types";

// Reports carry their marking as plain text, so the rank is looked up by string.
const RANK: Record<string, number> = { OFFICIAL: 0, "OFFICIAL-SENSITIVE": 1 };
const KIND_TITLE: Record<ProductKind, string> = {
  "strategic-assessment": "Strategic assessment",
  "tactical-assessment": "Tactical assessment",
  "problem-profile": "Problem profile",
  "subject-profile": "Subject profile",
  "research-summary": "Research summary",
};
const KIND_PREFIX: Record<ProductKind, string> = {
  "strategic-assessment": "SA",
  "tactical-assessment": "TA",
  "problem-profile": "PP",
  "subject-profile": "SP",
  "research-summary": "RS",
};

type Template = [key: string, title: string, guidance: string][];
/** `products/template.rs`: each kind's sections and the guidance shown beside them. */
export const TEMPLATES: Record<ProductKind, Template> = {
  "strategic-assessment": [
    ["summary", "Executive summary", "The main threats, harm and risk, and what the ST&CG is asked to decide."],
    ["threats", "Threats, harm and risk by issue", "Each issue's threat, harm and risk, with the graded intelligence behind it."],
    ["horizon", "Horizon scanning", "Emerging issues and changes expected over the coming year."],
    ["performance", "Performance", "Progress against the current control strategy and its delivery plans."],
    ["requirement", "Strategic intelligence requirement", "What the force needs to know next: proposed questions for the requirement."],
  ],
  "tactical-assessment": [
    ["summary", "Summary", "What the TT&CG needs to know and decide this period."],
    ["priorities", "Progress on priorities", "Progress on each control strategy priority since the last TT&CG."],
    ["emerging", "Emerging series, hotspots and offenders", "New or growing series, places and people of concern."],
    ["tasking", "Review of current tasking", "Whether current plans and interventions still meet their objectives."],
  ],
  "problem-profile": [
    ["problem", "The problem", "The crime or disorder problem: what, where and when."],
    ["data", "Data and its evaluation", "The data and intelligence used, and how reliable it is."],
    ["analysis", "Analysis", "What the data shows."],
    ["inferences", "Inferences", "What the analysis leads the analyst to believe, and how confidently."],
  ],
  "subject-profile": [
    ["history", "History and offending", "The subject's history and offending."],
    ["lifestyle", "Lifestyle", "Geography, communications and finance."],
    ["associates", "Associates", "Known and suspected associates, with the strength of each link."],
    ["strengths", "Strengths and weaknesses", "Of the subject, and of the police position."],
    ["risks", "Risks posed", "To the public, to partners, to officers."],
    ["options", "Options for deployment", "Tactical options open to the TT&CG."],
    ["prioritisation", "Prioritisation", "Where the subject stands against other subjects and the control strategy."],
  ],
  "research-summary": [
    ["summary", "Summary of fact", "What the records show, without inference: research gives facts, analysis gives assessment."],
    ["sources", "Sources consulted", "The systems and records searched, and what each held."],
  ],
};

interface StoredProduct {
  reference: string;
  kind: ProductKind;
  title: string;
  marking: Marking;
  state: ProductState;
  terms: TermsOfReference;
  commissioned_by: number | null;
  bodies: Record<string, string>;
  citations: { reference: string; section: string; note: string }[];
  embeds: Embed[];
  gaps: ProductItem[];
  recommendations: ProductItem[];
  dissemination: string[];
  author: string;
  reviewer: string | null;
  reviewed_at: string | null;
  approver: string | null;
  approved_at: string | null;
  history: ProductStep[];
  updated_at: string;
}

interface ProductsState {
  products: StoredProduct[];
  seq: Map<string, number>;
  nextItem: number;
  nextBundle: number;
}

function product(over: Partial<StoredProduct> & Pick<StoredProduct, "reference" | "kind" | "title" | "author">, now: string): StoredProduct {
  return {
    marking: "OFFICIAL", state: "draft", commissioned_by: null, bodies: {}, citations: [], embeds: [], gaps: [], recommendations: [],
    dissemination: [], reviewer: null, reviewed_at: null, approver: null, approved_at: null, history: [], updated_at: now,
    terms: { requester: "DI S. Okafor (TT&CG chair)", scope: "", questions: [], deadline: isoDay(14) },
    ...over,
  };
}

function seedProducts(now: string): ProductsState {
  const year = new Date().getUTCFullYear();
  const ref = (p: string, n: number) => `${p}-${year}-${String(n).padStart(4, "0")}`;
  const ppBodies = {
    problem: "Violence in the night-time economy around the Quayside between 23:00 and 03:00 at weekends.",
    data: "Recorded crime, licensing reports and graded intelligence reports for the last twelve months.",
    analysis: "Three premises account for half of the assaults; incidents peak after 01:00 on Saturdays.",
    inferences: "It is likely (high confidence) that later closing at the three premises drives the peak.",
  };
  const products = [
    product({
      reference: ref("TA", 1), kind: "tactical-assessment", title: "Tactical assessment: Harbour area, fortnight 23", author: "analyst",
      terms: {
        requester: "DI S. Okafor (TT&CG chair)", scope: "Drug supply and related violence in the Harbour area over the last fortnight.",
        questions: ["Which addresses are active supply points?", "Has the pattern of visits changed?"], deadline: isoDay(6),
      },
      bodies: { summary: "Supply activity continues at an address in the Harbour area." },
      gaps: [{ id: 1, strand: null, text: "Who runs the line is not known." }],
    }, now),
    product({
      reference: ref("PP", 1), kind: "problem-profile", title: "Night-time economy violence, Quayside", author: "pa.lewis", state: "approved",
      terms: {
        requester: "Supt K. Marsh (serious violence priority owner)", scope: "Assaults in the night-time economy, Quayside, last 12 months.",
        questions: ["Where and when does the violence happen?", "What drives it?"], deadline: isoDay(-5),
      },
      commissioned_by: 4, bodies: ppBodies, dissemination: ["TT&CG members", "Licensing team"],
      citations: [{ reference: "IR-2026-000002", section: "data", note: "Pattern of visits near licensed premises." }],
      recommendations: [
        { id: 2, strand: "enforcement", text: "Licensing visits to the three premises on Saturday nights." },
        { id: 3, strand: "reassurance", text: "Visible patrols on the Quayside between 00:30 and 03:00." },
      ],
      reviewer: "j.patel", reviewed_at: now, approver: "manager", approved_at: now,
      history: [
        { step: "submitted", note: "Ready for review.", by: "pa.lewis", at: now },
        { step: "peer-review-passed", note: "Inferences follow from the analysis.", by: "j.patel", at: now },
        { step: "approved", note: "Approved for the TT&CG.", by: "manager", at: now },
      ],
    }, now),
    product({
      reference: ref("SP", 1), kind: "subject-profile", title: "Subject profile: Kestrel Example", author: "j.patel", state: "in-review",
      terms: {
        requester: "DI S. Okafor (TT&CG chair)", scope: "The subject's role in drug supply into the Harbour area.",
        questions: ["What is the subject's role?", "What options are open to the TT&CG?"], deadline: isoDay(9),
      },
      bodies: Object.fromEntries(TEMPLATES["subject-profile"].map(([k, t]) => [k, `${t}: see the cited reports.`])),
      dissemination: ["TT&CG members"],
      citations: [{ reference: "IR-2026-000002", section: "associates", note: "Visits at the address the subject frequents." }],
      recommendations: [{ id: 4, strand: "intelligence", text: "Task the neighbourhood team to confirm the vehicle's use." }],
      history: [{ step: "submitted", note: "For peer review, please.", by: "j.patel", at: now }],
    }, now),
  ];
  return { products, seq: new Map([[`TA:${year}`, 1], [`PP:${year}`, 1], [`SP:${year}`, 1]]), nextItem: 5, nextBundle: 60 };
}

const states = new WeakMap<object, ProductsState>();
function stateOf(ctx: MockContext): ProductsState {
  let st = states.get(ctx.data);
  if (!st) {
    st = seedProducts(ctx.now());
    states.set(ctx.data, st);
  }
  return st;
}

/** The core's `tasking::text`, which the products workflow shares: required, and 20,000 characters at most. */
function text(ctx: MockContext, what: string, value: unknown): string {
  const v = typeof value === "string" ? value.trim() : "";
  if (!v) failWith("invalid-input", `${what} is required`);
  if ([...v].length > 20_000) failWith("invalid-input", `${what} is too long (20,000 characters at most)`);
  return v;
}

function citationOf(ctx: MockContext, c: StoredProduct["citations"][number]): Citation | null {
  const r = ctx.data.reports.find((x) => x.reference === c.reference);
  if (!r) return null;
  const g = r.current_grade;
  return {
    reference: r.reference, section: c.section, note: c.note, marking: r.marking as Marking, recorded_at: r.recorded_at,
    source_grade: g?.source_grade ?? "", intelligence_grade: g?.intelligence_grade ?? "", handling_code: g?.handling_code ?? "",
    conditions: g?.conditions ?? null, sanitised_text: r.sanitised_text ?? "",
  };
}

function highest(markings: Marking[]): Marking | null {
  return markings.reduce<Marking | null>((m, x) => (m === null || RANK[x] > RANK[m] ? x : m), null);
}

export function productView(ctx: MockContext, p: StoredProduct): ProductView {
  const citations = p.citations.map((c) => citationOf(ctx, c)).filter((c): c is Citation => c !== null);
  const handling: string[] = [];
  for (const c of citations.filter((c) => c.handling_code === "C")) {
    const line = `${c.reference} (code C): ${c.conditions ?? "conditions not recorded"}`;
    if (!handling.includes(line)) handling.push(line);
  }
  return structuredClone({
    reference: p.reference, kind: p.kind, kind_title: KIND_TITLE[p.kind], title: p.title, marking: p.marking,
    cited_marking: highest(citations.map((c) => c.marking)), state: p.state, terms: p.terms, commissioned_by: p.commissioned_by,
    sections: TEMPLATES[p.kind].map(([key, title, guidance]) => ({ key, title, guidance, body: p.bodies[key] ?? "" })),
    citations, embeds: p.embeds, gaps: p.gaps, recommendations: p.recommendations, dissemination: p.dissemination,
    handling_conditions: handling, author: p.author, reviewer: p.reviewer, reviewed_at: p.reviewed_at, approver: p.approver,
    approved_at: p.approved_at, history: p.history,
  });
}

function load(ctx: MockContext, me: Me, reference: unknown): StoredProduct {
  const r = String(reference ?? "").trim();
  const p = stateOf(ctx).products.find((x) => x.reference === r);
  if (!p || RANK[p.marking] > RANK[me.clearance]) failWith("not-found", `no product '${r}'`);
  return p;
}

function mustBe(ctx: MockContext, p: StoredProduct, state: ProductState, doing: string): void {
  if (p.state !== state) failWith("illegal-transition", `${p.reference} is ${p.state}; ${doing}`);
}

/** `Session::edit`: one change to a draft, audited. */
function edit(ctx: MockContext, a: Record<string, unknown>, action: string, change: (p: StoredProduct, me: Me) => void): ProductView {
  const me = authorise(ctx, "draft-product");
  const p = load(ctx, me, a.reference);
  mustBe(ctx, p, "draft", "only a draft can be edited (a returned product is a draft again)");
  change(p, me);
  p.updated_at = ctx.now();
  ctx.audit(action, `product:${p.reference}`);
  return productView(ctx, p);
}

function sectionExists(ctx: MockContext, p: StoredProduct, key: unknown): string {
  const k = String(key ?? "");
  if (!TEMPLATES[p.kind].some(([s]) => s === k)) failWith("not-found", `the product has no section '${k}'`);
  return k;
}

function step(ctx: MockContext, me: Me, p: StoredProduct, to: ProductState, name: string, note: string, action: string): ProductView {
  p.state = to;
  p.updated_at = ctx.now();
  p.history.push({ step: name, note: note.trim(), by: me.username, at: p.updated_at });
  ctx.audit(action, `product:${p.reference}`, { to });
  return productView(ctx, p);
}

function removeItem(ctx: MockContext, list: "embeds" | "gaps" | "recommendations", a: Record<string, unknown>, action: string): ProductView {
  return edit(ctx, a, action, (p) => {
    const id = Number(a.id);
    const at = p[list].findIndex((x) => x.id === id);
    if (at < 0) failWith("not-found", `the product has no such item (${id})`);
    p[list].splice(at, 1);
  });
}

function graded(r: ReportView): boolean {
  return r.current_grade?.scheme === "3x5x2";
}

export const productsHandlers: Handlers = {
  list_products(_a, ctx): ProductSummary[] {
    const me = authorise(ctx, "record-read");
    return stateOf(ctx)
      .products.filter((p) => RANK[p.marking] <= RANK[me.clearance])
      .sort((x, y) => y.updated_at.localeCompare(x.updated_at))
      .map((p) => ({
        reference: p.reference, kind: p.kind, title: p.title, marking: p.marking, state: p.state, author: p.author,
        deadline: p.terms.deadline, updated_at: p.updated_at,
      }));
  },

  product(a, ctx): ProductView {
    const me = authorise(ctx, "record-read");
    return productView(ctx, load(ctx, me, a.reference));
  },

  create_product(a, ctx): ProductView {
    const me = authorise(ctx, "draft-product");
    const n = (a.product ?? {}) as NewProduct;
    const title = text(ctx, "the product's title", n.title);
    const requester = text(ctx, "the requester (terms of reference)", n.terms?.requester);
    const scope = text(ctx, "the scope (terms of reference)", n.terms?.scope);
    const questions = (n.terms?.questions ?? []).map((q) => q.trim()).filter((q) => q);
    if (questions.length === 0) failWith("invalid-input", "the terms of reference need at least one question the product must answer");
    const deadline = String(n.terms?.deadline ?? "").trim();
    if (!isIsoDate(deadline)) {
      failWith("invalid-input", `the deadline (terms of reference) must be a date written YYYY-MM-DD, not '${String(n.terms?.deadline ?? "")}'`);
    }
    if (RANK[n.marking] > RANK[me.clearance]) failWith("permission-denied", `you are cleared to ${me.clearance} and cannot write a ${n.marking} product`);
    const commissioned = n.commissioned_by ?? null;
    if (commissioned !== null) {
      const d = taskingStateOf(ctx).decisions.find((x) => x.id === commissioned);
      if (!d) failWith("not-found", `no decision ${commissioned}`);
      if (d.kind !== "commission") failWith("invalid-input", `decision ${commissioned} is a ${d.kind} decision, not a commission`);
    }
    const st = stateOf(ctx);
    const year = new Date().getUTCFullYear();
    const key = `${KIND_PREFIX[n.kind]}:${year}`;
    const seq = (st.seq.get(key) ?? 0) + 1;
    st.seq.set(key, seq);
    const p = product({
      reference: `${KIND_PREFIX[n.kind]}-${year}-${String(seq).padStart(4, "0")}`, kind: n.kind, title, author: me.username,
      marking: n.marking, terms: { requester, scope, questions, deadline }, commissioned_by: commissioned,
    }, ctx.now());
    st.products.push(p);
    ctx.audit("product.create", `product:${p.reference}`, { kind: n.kind });
    return productView(ctx, p);
  },

  update_product_section(a, ctx): ProductView {
    return edit(ctx, a, "product.edit", (p) => {
      const k = sectionExists(ctx, p, a.key);
      p.bodies[k] = String(a.body ?? "").trim();
    });
  },

  set_product_details(a, ctx): ProductView {
    const title = text(ctx, "the product's title", a.title);
    const marking = a.marking as Marking;
    const list = ((a.dissemination ?? []) as string[]).map((d) => d.trim()).filter((d) => d);
    return edit(ctx, a, "product.details", (p, me) => {
      if (RANK[marking] > RANK[me.clearance]) failWith("permission-denied", `you are cleared to ${me.clearance} and cannot mark a product ${marking}`);
      const floor = productView(ctx, p).cited_marking;
      if (floor && RANK[marking] < RANK[floor]) {
        failWith("invalid-input", `the product cites ${floor} reports, so its marking must be at least ${floor}`);
      }
      p.title = title;
      p.marking = marking;
      p.dissemination = list;
    });
  },

  cite_report(a, ctx): ProductView {
    return edit(ctx, a, "product.cite", (p, me) => {
      const reportRef = String(a.report ?? "").trim();
      const r = ctx.data.reports.find((x) => x.reference === reportRef);
      if (!r || RANK[r.marking] > RANK[me.clearance]) failWith("not-found", `no report with reference '${reportRef}'`);
      const section = sectionExists(ctx, p, a.section);
      if (!graded(r)) {
        failWith("illegal-transition", `${reportRef} has not been evaluated with 3x5x2; a product cites graded intelligence only`);
      }
      if (r.sanitised_text === null) {
        failWith("illegal-transition", `${reportRef} has no sanitised wording yet; a product carries sanitised text only, so sanitise it first`);
      }
      if (p.citations.some((c) => c.reference === reportRef)) failWith("conflict", `${reportRef} is already cited`);
      p.citations.push({ reference: reportRef, section, note: String(a.note ?? "").trim() });
      // Citing a report marked above the product raises the product's marking.
      if (RANK[r.marking] > RANK[p.marking]) p.marking = r.marking as Marking;
    });
  },

  uncite_report(a, ctx): ProductView {
    return edit(ctx, a, "product.uncite", (p) => {
      const reportRef = String(a.report ?? "").trim();
      const at = p.citations.findIndex((c) => c.reference === reportRef);
      if (at < 0) failWith("not-found", `${reportRef} is not cited`);
      p.citations.splice(at, 1);
    });
  },

  add_embed(a, ctx): ProductView {
    const e = (a.embed ?? {}) as NewEmbed;
    const caption = text(ctx, "the embed's caption", e.caption);
    return edit(ctx, a, "product.embed", (p) => {
      const section = sectionExists(ctx, p, e.section);
      const query = typeof e.query === "string" && e.query.trim() ? e.query.trim() : null;
      const kind: EmbedKind = e.kind;
      if (kind === "link-chart" || kind === "timeline") {
        if (e.entity_id === null || e.entity_id === undefined) {
          failWith("invalid-input", "a link chart or timeline is drawn around an entity: choose one");
        }
        if (!ctx.data.entities.some((x) => x.id === e.entity_id)) failWith("not-found", `no entity ${e.entity_id}`);
      } else if (!query) {
        failWith("invalid-input", "a table lists the results of a search: give the search words");
      }
      const st = stateOf(ctx);
      p.embeds.push({
        id: st.nextItem++, section, kind, entity_id: kind === "table" ? null : (e.entity_id ?? null), query: kind === "table" ? query : null, caption,
      });
    });
  },

  remove_embed(a, ctx): ProductView {
    return removeItem(ctx, "embeds", a, "product.unembed");
  },

  add_gap(a, ctx): ProductView {
    const gap = text(ctx, "the intelligence gap", a.gap);
    return edit(ctx, a, "product.gap", (p) => {
      p.gaps.push({ id: stateOf(ctx).nextItem++, strand: null, text: gap });
    });
  },

  remove_gap(a, ctx): ProductView {
    return removeItem(ctx, "gaps", a, "product.ungap");
  },

  add_recommendation(a, ctx): ProductView {
    const rec = text(ctx, "the recommendation", a.text);
    return edit(ctx, a, "product.recommend", (p) => {
      p.recommendations.push({ id: stateOf(ctx).nextItem++, strand: a.strand as Strand, text: rec });
    });
  },

  remove_recommendation(a, ctx): ProductView {
    return removeItem(ctx, "recommendations", a, "product.unrecommend");
  },

  submit_product(a, ctx): ProductView {
    const me = authorise(ctx, "draft-product");
    const p = load(ctx, me, a.reference);
    mustBe(ctx, p, "draft", "only a draft can be edited (a returned product is a draft again)");
    const view = productView(ctx, p);
    const empty = view.sections.filter((s) => !s.body.trim()).map((s) => s.title);
    if (empty.length) failWith("invalid-input", `write every section before review; still empty: ${empty.join(", ")}`);
    if (view.citations.length === 0) failWith("invalid-input", "a product references the graded source intelligence: cite at least one report");
    if (p.kind !== "research-summary" && view.recommendations.length === 0) {
      failWith("invalid-input", `a ${view.kind_title.toLowerCase()} makes recommendations: add at least one`);
    }
    if (view.dissemination.length === 0) failWith("invalid-input", "set the dissemination list: who the product goes to");
    return step(ctx, me, p, "in-review", "submitted", String(a.note ?? ""), "product.submit");
  },

  peer_review_product(a, ctx): ProductView {
    const me = authorise(ctx, "review-product");
    const note = text(ctx, "the reviewer's note", a.note);
    const p = load(ctx, me, a.reference);
    mustBe(ctx, p, "in-review", "only a submitted product can be peer reviewed");
    if (p.author === me.username) failWith("permission-denied", "you wrote this product; peer review must be done by someone else");
    if (a.passed === true) {
      p.reviewer = me.username;
      p.reviewed_at = ctx.now();
      return step(ctx, me, p, "awaiting-approval", "peer-review-passed", note, "product.peer-review");
    }
    return step(ctx, me, p, "draft", "returned", note, "product.return");
  },

  approve_product(a, ctx): ProductView {
    const me = authorise(ctx, "approve-product");
    const note = text(ctx, "a note on the decision", a.note);
    const p = load(ctx, me, a.reference);
    mustBe(ctx, p, "awaiting-approval", "only a peer-reviewed product can be approved");
    if (p.author === me.username) failWith("permission-denied", "you wrote this product; another manager must approve it");
    if (a.approve !== true) return step(ctx, me, p, "draft", "returned", note, "product.return");
    const floor = productView(ctx, p).cited_marking;
    if (floor && RANK[floor] > RANK[p.marking]) {
      failWith("store-damaged", "the product is marked below a report it cites; return it so the marking can be corrected");
    }
    p.approver = me.username;
    p.approved_at = ctx.now();
    return step(ctx, me, p, "approved", "approved", note, "product.approve");
  },

  withdraw_product(a, ctx): ProductView {
    const me = authorise(ctx, "approve-product");
    const reason = text(ctx, "the reason for withdrawal", a.reason);
    const p = load(ctx, me, a.reference);
    if (p.state === "withdrawn") failWith("conflict", `${p.reference} is already withdrawn`);
    return step(ctx, me, p, "withdrawn", "withdrawn", reason, "product.withdraw");
  },

  // Both exports ask where to save first, as the shell does: a cancelled dialog answers null before the core is asked.
  export_product(a, ctx): ProductExport | null {
    const format = a.format as ProductFormat;
    const ext = format === "pdf" ? "pdf" : "html";
    const path = chooseDestination(ctx, `${String(a.reference ?? "")}.${ext}`);
    if (path === null) return null;
    const me = authorise(ctx, "export-product");
    const p = load(ctx, me, a.reference);
    if (p.state !== "approved") {
      failWith("illegal-transition", `${p.reference} is ${p.state}: only an approved product is exported for release`);
    }
    ctx.audit("product.export", `product:${p.reference}`, { format, path });
    return {
      reference: p.reference, path, format, marking: p.marking, sha256: "3f".repeat(32), bytes: format === "pdf" ? 48_213 : 21_377,
    };
  },

  export_tasking_package(a, ctx): TaskingPackageExport | null {
    const path = chooseDestination(ctx, `intel-desk-tasking-${fileStamp(ctx.now())}.idb`);
    if (path === null) return null;
    const me = authorise(ctx, "export-bundle");
    const req = (a.request ?? { product: null, requirements: [], actions: [], peers: [] }) as TaskingPackageRequest;
    const tasking = taskingStateOf(ctx);
    const items: string[] = [];
    let marking: Marking = "OFFICIAL";
    if (req.product) {
      const p = load(ctx, me, req.product);
      if (p.state !== "approved") failWith("illegal-transition", `${p.reference} is ${p.state}: only an approved product goes into a tasking package`);
      items.push(p.reference);
      if (RANK[p.marking] > RANK[marking]) marking = p.marking;
    }
    for (const r of req.requirements) {
      const found = tasking.requirements.find((x) => x.reference === r);
      if (!found) failWith("not-found", `no requirement '${r}'`);
      if (found.state !== "approved") failWith("illegal-transition", `${r} is ${found.state}: only approved requirements are sent`);
      items.push(r);
    }
    for (const x of req.actions) {
      const found = tasking.actions.find((y) => y.reference === x);
      if (!found) failWith("not-found", `no action '${x}'`);
      if (found.status === "done" || found.status === "cancelled") failWith("illegal-transition", `${x} is ${found.status}: only open actions are sent`);
      items.push(x);
    }
    if (items.length === 0) failWith("invalid-input", "choose what the package carries: an approved product, requirements or actions");
    if (req.peers.length === 0) failWith("invalid-input", "choose at least one trusted workstation to send the package to");
    // package.rs: the briefing is the bundle's path with the extension .pdf, so a .pdf name would overwrite it.
    const briefing = withExtension(path, "pdf");
    if (briefing === path) {
      failWith("invalid-input", "save the package with its bundle extension (.idb); the PDF briefing is written beside it");
    }
    const st = stateOf(ctx);
    const sequence = st.nextBundle++;
    ctx.audit("tasking-package.export", `bundle:${sequence}`, { items, briefing });
    return {
      bundle: { path, bundleId: `6d0c${String(sequence).padStart(4, "0")}-1e2f-4a3b-9c8d-7e6f5a4b3c2d`, sequence, reportCount: 0 },
      briefing_path: briefing, briefing_sha256: "a1".repeat(32), items, marking,
    };
  },
};
