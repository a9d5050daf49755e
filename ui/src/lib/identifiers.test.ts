import { describe, expect, it } from "vitest";
import {
  distinctIdentifiers,
  findIdentifiers,
  identifierKey,
  nationalPhoneDigits,
  replaceIdentifiers,
  segmentText,
  stillPresent,
  type IdentifierKind,
} from "./identifiers";

const found = (text: string) => findIdentifiers(text).map((i) => [i.kind, i.text] as [IdentifierKind, string]);
const ofKind = (text: string, kind: IdentifierKind) => findIdentifiers(text).filter((i) => i.kind === kind).map((i) => i.text);

describe("phone numbers", () => {
  it.each([
    ["Call 07700 900123 now", "07700 900123"],
    ["mobile 07700900123.", "07700900123"],
    ["on 07700 900 123", "07700 900 123"],
    ["ring +44 7700 900123", "+44 7700 900123"],
    ["ring +44 (0)7700 900123", "+44 (0)7700 900123"],
    ["landline 020 7946 0958", "020 7946 0958"],
    ["landline (020) 7946 0958", "(020) 7946 0958"],
    ["tel 01632 960001", "01632 960001"],
    ["tel 0161-496-0000", "0161-496-0000"],
  ])("finds %s", (text, phone) => {
    expect(ofKind(text, "phone")).toEqual([phone]);
  });

  it.each([
    "reference IR-2026-000001",
    "00123 456 789 is not a UK number",
    "PC 4471 stopped him",
    "1234 5678 9012 3456",
    "paid 123456789",
    "at 02:10 on three nights",
  ])("ignores %s", (text) => {
    expect(ofKind(text, "phone")).toEqual([]);
  });

  it("normalises to national digits", () => {
    expect(nationalPhoneDigits("+44 (0)7700 900123")).toBe("07700900123");
    expect(nationalPhoneDigits("07700 900 123")).toBe("07700900123");
    expect(nationalPhoneDigits("0012 345 6789")).toBeNull();
  });
});

describe("postcodes", () => {
  it.each(["SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "EC1A 1BB", "W1A 0AX", "LS11AB"])("finds %s", (pc) => {
    expect(ofKind(`lives at ${pc} now`, "postcode")).toEqual([pc]);
  });
  it.each(["sw1a 1aa lower case", "DE12 MOX", "ABC 123", "Q1 1AA", "SW1A 1CA"])("ignores %s", (text) => {
    expect(ofKind(text, "postcode")).toEqual([]);
  });
});

describe("vehicle registrations", () => {
  it.each([
    ["A silver VW Golf, DE12 MOX, seen", "DE12 MOX"],
    ["reg AB51ABC", "AB51ABC"],
    ["an old Escort P123 ABC", "P123 ABC"],
    ["classic ABC 123D parked", "ABC 123D"],
    ["an NI car AIZ 1234", "AIZ 1234"],
  ])("finds %s", (text, reg) => {
    expect(ofKind(text, "vehicle")).toEqual([reg]);
  });
  it.each([
    "the VW Golf was silver",
    "OFFICIAL-SENSITIVE material",
    "IR-2026-000001",
    "ANPR hit at junction 12",
    "lowercase de12 mox",
  ])("ignores %s", (text) => {
    expect(ofKind(text, "vehicle")).toEqual([]);
  });
});

describe("street addresses", () => {
  it.each([
    ["seen outside 14 Harbour Row at 02:10", "14 Harbour Row"],
    ["a tenancy at 22 Ropewalk Close taken in cash", "22 Ropewalk Close"],
    ["Flat 3, 22a King Street is used", "Flat 3, 22a King Street"],
    ["from 101 Upper Richmond Road daily", "101 Upper Richmond Road"],
    ["at 7 High St. yesterday", "7 High St."],
  ])("finds %s", (text, address) => {
    expect(ofKind(text, "address")).toEqual([address]);
  });
  it.each(["seen 3 times on the road", "twenty visits a night", "at 14 harbour row (lower case)", "stopped on Quay Street"])(
    "ignores %s",
    (text) => {
      expect(ofKind(text, "address")).toEqual([]);
    },
  );
});

describe("dates", () => {
  it("labels a date after 'born' or 'DOB' as a date of birth", () => {
    expect(found("Kes (born 03/04/1990) drives")).toContainEqual(["dob", "03/04/1990"]);
    expect(found("DOB: 3.4.90")).toContainEqual(["dob", "3.4.90"]);
    expect(found("date of birth 3rd April 1990")).toContainEqual(["dob", "3rd April 1990"]);
  });
  it.each([
    ["seen on 12/11/2026", "12/11/2026"],
    ["meeting 2026-11-20 at noon", "2026-11-20"],
    ["on 5 Nov 2026 he", "5 Nov 2026"],
    ["on November 5th, 2026 he", "November 5th, 2026"],
  ])("finds other dates: %s", (text, date) => {
    expect(ofKind(text, "date")).toEqual([date]);
  });
  it.each(["at 02:10", "version 1.2.3", "scored 45/60", "on 35/13/2020", "2026-13-40"])("ignores %s", (text) => {
    expect(ofKind(text, "date").concat(ofKind(text, "dob"))).toEqual([]);
  });
});

describe("names", () => {
  it.each([
    ["The driver, Kestrel DEMO, carried bags", "Kestrel DEMO"],
    ["seen with John Smith outside", "John Smith"],
    ["met Mr Smith", "Mr Smith"],
    ["met Mrs. Jane O'Neill-Brown", "Mrs. Jane O'Neill-Brown"],
    ["Dr Anwar Patel attended", "Dr Anwar Patel"],
    ["spoke to Sean McDonald today", "Sean McDonald"],
    ["a man known as 'Kes' was there", "Kes"],
    ["On Monday John Smith called", "John Smith"],
  ])("finds %s", (text, name) => {
    expect(ofKind(text, "name")).toEqual([name]);
  });
  it.each([
    "A silver VW Golf was seen",
    "OFFICIAL SENSITIVE",
    "DEMONSTRATION DATA (fictitious): text",
    "The Police Station on Quay Street",
    "Northgate Logistics DEMO said",
    "North Region Intelligence Unit",
    "Member of the public reports",
    "In March the council acted",
  ])("ignores %s", (text) => {
    expect(ofKind(text, "name")).toEqual([]);
  });
});

describe("findIdentifiers", () => {
  const report =
    "A silver VW Golf, DE12 MOX, seen outside 14 Harbour Row at 02:10 on three nights. Driver known as Kes (born 03/04/1990), phone 07700 900123.";

  it("finds every identifier of a typical report, in order, without overlaps", () => {
    expect(found(report)).toEqual([
      ["vehicle", "DE12 MOX"],
      ["address", "14 Harbour Row"],
      ["name", "Kes"],
      ["dob", "03/04/1990"],
      ["phone", "07700 900123"],
    ]);
  });

  it("keeps offsets that point at the text", () => {
    for (const id of findIdentifiers(report)) expect(report.slice(id.start, id.end)).toBe(id.text);
  });

  it("prefers the address over a capitalised pair inside it", () => {
    expect(found("at 5 Mill Lane")).toEqual([["address", "5 Mill Lane"]]);
  });

  it("finds nothing in a sanitised text", () => {
    expect(found("Frequent short visits are reported at an address in the Harbour area, consistent with drug supply.")).toEqual([]);
    expect(found("")).toEqual([]);
  });
});

describe("segmentText", () => {
  it("cuts the text into plain and marked pieces that join back to the text", () => {
    const text = "Call 07700 900123 or visit 2 Mill Lane.";
    const segs = segmentText(text, findIdentifiers(text));
    expect(segs.map((s) => s.text).join("")).toBe(text);
    expect(segs.map((s) => s.identifier?.kind ?? null)).toEqual([null, "phone", null, "address", null]);
  });
});

describe("identifierKey and distinctIdentifiers", () => {
  it("gives one key to differently written forms", () => {
    expect(identifierKey({ kind: "phone", text: "07700 900123" })).toBe(identifierKey({ kind: "phone", text: "+44 7700 900 123" }));
    expect(identifierKey({ kind: "vehicle", text: "DE12 MOX" })).toBe(identifierKey({ kind: "vehicle", text: "de12mox" }));
    expect(identifierKey({ kind: "name", text: "John  Smith" })).toBe(identifierKey({ kind: "name", text: "john smith" }));
  });
  it("counts repeats", () => {
    const d = distinctIdentifiers(findIdentifiers("DE12 MOX then DE12MOX and 07700 900123"));
    expect(d.map((e) => [e.identifier.text, e.count])).toEqual([
      ["DE12 MOX", 2],
      ["07700 900123", 1],
    ]);
  });
});

describe("stillPresent", () => {
  const original = findIdentifiers(
    "Kestrel DEMO (born 03/04/1990) drives DE12 MOX to 14 Harbour Row; phone 07700 900123; postcode M1 1AE.",
  );
  const left = (sanitised: string) =>
    stillPresent(original, sanitised).map((r) => (r.part ? `${r.identifier.text} (part: ${r.part})` : r.identifier.text));

  it("reports nothing when everything was removed", () => {
    expect(left("A man drives a car to an address in the Harbour area.")).toEqual([]);
  });
  it("reports identifiers left as they were", () => {
    expect(left("A man drives DE12 MOX to 14 Harbour Row.")).toEqual(["DE12 MOX", "14 Harbour Row"]);
  });
  it("reports identifiers written differently", () => {
    expect(left("car de12mox, phone +44 7700 900 123, M11AE")).toEqual(["DE12 MOX", "07700 900123", "M1 1AE"]);
  });
  it("reports part of a name", () => {
    expect(left("A man called Kestrel drives a car.")).toEqual(["Kestrel DEMO (part: Kestrel)"]);
  });
  it("does not match inside longer words", () => {
    expect(left("DEMONSTRATION DATA: a man drives a car.")).toEqual([]);
  });
  it("reports a date of birth", () => {
    expect(left("born 03/04/1990")).toEqual(["03/04/1990"]);
  });
});

describe("recurring names", () => {
  it("marks later mentions of a name found once, whole or in part", () => {
    expect(ofKind("a man known as 'Kes' (Kestrel DEMO). Phone used by Kes. Kestrel's car; Kesh and DEMONSTRATION are other words", "name")).toEqual([
      "Kes",
      "Kestrel DEMO",
      "Kes",
      "Kestrel",
    ]);
  });
});

describe("replaceIdentifiers", () => {
  it("replaces what it finds with placeholders", () => {
    expect(replaceIdentifiers("Call 07700 900123 about DE12 MOX.")).toBe("Call [phone number] about [vehicle registration].");
  });
  it("also replaces mentions of the original's identifiers it would not find on their own", () => {
    const original = findIdentifiers("a man known as 'Kes' (Kestrel DEMO) drives");
    expect(replaceIdentifiers("Kes was seen; Kestrel left.", original)).toBe("[name] was seen; [name] left.");
  });
  it("leaves clean text alone", () => {
    expect(replaceIdentifiers("A car was seen at an address.", [])).toBe("A car was seen at an address.");
  });
});
