// A small fictitious data set for the browser mock (screen tests and preview).

import type { MockData, StoredReference } from "./context";
import type { ReportView, GradeRecord } from "../ipc";

const T0 = "2026-11-20T09:15:00.000000Z";

function report(n: number, over: Partial<ReportView>): ReportView {
  return {
    reference: `IR-2026-${String(n).padStart(6, "0")}`,
    marking: "OFFICIAL",
    priority: "medium",
    status: "received",
    source_type: "officer",
    source_ref: null,
    submitting_officer: "PC 1234 Example",
    received_at: T0,
    recorded_at: T0,
    recorded_by: "officer",
    sanitised_text: null,
    original_text: "",
    original_visible: true,
    current_grade: null,
    grades: [],
    status_history: [
      { from_status: null, to_status: "received", changed_by: "officer", changed_at: T0, reason: "recorded" },
    ],
    entities: [],
    attachments: [],
    disseminations: [],
    reviews: [],
    review_group: 3,
    review_due: "2032-11-20T09:15:00Z",
    disposed_at: null,
    ...over,
  };
}

function grade(s: string, i: string, h: string, conditions: string | null): GradeRecord {
  return {
    scheme: "3x5x2",
    source_grade: s,
    intelligence_grade: i,
    handling_code: h,
    conditions,
    rationale: "Corroborated by an earlier report.",
    evaluated_by: "officer",
    evaluated_at: "2026-11-20T10:00:00.000000Z",
    current: true,
  };
}

function reference(
  id: number,
  system: StoredReference["system"],
  value: string,
  over: Partial<StoredReference>,
): StoredReference {
  return {
    id, system, value, report: null, entityId: null, ocgm: null, note: "", addedBy: "officer",
    addedAt: "2026-11-20T11:30:00.000000Z", removedBy: null, removedAt: null, removedReason: null, ...over,
  };
}

export function seedData(): MockData {
  const g1 = grade("1", "B", "C", "Not to be shared outside the investigation team.");
  const g2 = grade("2", "C", "P", null);
  const reports = [
    report(1, {
      priority: "high",
      marking: "OFFICIAL-SENSITIVE",
      status: "evaluated",
      original_text:
        "A silver VW Golf, DE12 MOX, seen outside 14 Harbour Row at 02:10 on three nights. Driver known as Kes (born 03/04/1990), phone 07700 900123.",
      current_grade: g1,
      grades: [g1],
    }),
    report(2, {
      status: "evaluated",
      original_text: "Frequent short visits reported at 14 Harbour Row, up to twenty a night.",
      sanitised_text: "Frequent short visits reported at an address in the Harbour area.",
      current_grade: g2,
      grades: [g2],
    }),
    report(3, { priority: "low", original_text: "Housing reports a tenancy at 22 Ropewalk Close taken in cash." }),
  ];
  return {
    reports,
    entities: [
      { id: 1, kind: "person", object_type: null, label: "Kestrel Example", details: "null", ocgm_band: null, merged_into: null },
      { id: 2, kind: "object", object_type: "vehicle", label: "DE12 MOX", details: "null", ocgm_band: null, merged_into: null },
      { id: 3, kind: "location", object_type: null, label: "14 Harbour Row", details: "null", ocgm_band: null, merged_into: null },
      { id: 4, kind: "organisation", object_type: null, label: "Harbour Row group", details: "null", ocgm_band: "1A", merged_into: null },
    ],
    associations: [
      { id: 1, from_entity: 1, to_entity: 2, kind: "drives", confirmed: true, supporting_reference: "IR-2026-000001" },
      { id: 2, from_entity: 1, to_entity: 3, kind: "visits", confirmed: false, supporting_reference: "IR-2026-000001" },
      { id: 3, from_entity: 1, to_entity: 4, kind: "member of", confirmed: false, supporting_reference: "IR-2026-000002" },
    ],
    links: [
      { reference: "IR-2026-000001", entityId: 1, role: "subject" },
      { reference: "IR-2026-000001", entityId: 2, role: "vehicle used" },
      { reference: "IR-2026-000002", entityId: 3, role: "address" },
    ],
    disseminations: [],
    audit: [],
    users: [],
    savedSearches: [],
    retention: [
      { review_group: 1, label: "Certain public protection matters", review_after_months: 120 },
      { review_group: 2, label: "Other sexual, violent or serious offences", review_after_months: 120 },
      { review_group: 3, label: "All other offences", review_after_months: 72 },
      { review_group: 4, label: "Intelligence only (local rules)", review_after_months: 72 },
    ],
    // Other systems' references: one crime number on two reports (one OFFICIAL-SENSITIVE, so a
    // researcher cleared to OFFICIAL sees one and is told of the other), Kes's PNC ID and the
    // group's OCGM reference with its scoring.
    references: [
      reference(1, "crime", "CR/0012345/26", { report: "IR-2026-000001", note: "Burglary, 14 Harbour Row (CRIMES record)" }),
      reference(2, "crime", "CR/0012345/26", { report: "IR-2026-000002" }),
      reference(3, "pnc", "01/123456X", { entityId: 1, note: "PNC check 18 Nov 2026" }),
      reference(4, "ocgm", "OCG-00417", { entityId: 4, ocgm: { band: "1A", score: 212, scored_on: "2026-10-01" } }),
    ],
    referenceFormats: {},
    demoLoaded: false,
    nextId: 100,
    nextReport: 4,
  };
}
