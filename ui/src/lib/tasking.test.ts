import { describe, expect, it } from "vitest";
import {
  attendeesProblem,
  dateProblem,
  decisionAllowedAt,
  decisionOption,
  isIsoDate,
  isoToday,
  issueKeyOk,
  keyFromTitle,
  lines,
  recordableDecisionKinds,
  strategyProblem,
} from "./tasking";
import type { DecisionView, StrategyIssue } from "./tasking-types";

const priority = (over: Partial<StrategyIssue> = {}): StrategyIssue => ({
  key: "county-lines", title: "County lines", is_priority: true, reason: "Highest harm", owner: "DI Okafor",
  delivery_plan: "Disrupt the lines", strands: ["enforcement"], ...over,
});

describe("which decisions a meeting takes (DecisionKind::allowed_at)", () => {
  it("keeps the control strategy to the ST&CG and commissioning to the T&C groups", () => {
    expect(decisionAllowedAt("control-strategy", "stcg")).toBe(true);
    expect(decisionAllowedAt("control-strategy", "ttcg")).toBe(false);
    expect(decisionAllowedAt("commission", "ttcg")).toBe(true);
    expect(decisionAllowedAt("commission", "dmm")).toBe(false);
    expect(decisionAllowedAt("escalation", "dmm")).toBe(true);
  });
  it("offers only the kinds Record decision may take (strategy and approvals have their own forms)", () => {
    expect(recordableDecisionKinds("dmm").map((k) => k.value)).toEqual(["tasking", "escalation", "resource", "other"]);
    expect(recordableDecisionKinds("stcg").map((k) => k.value)).toEqual(["tasking", "commission", "escalation", "resource", "other"]);
  });
});

describe("dates", () => {
  it("accepts real calendar days written YYYY-MM-DD only", () => {
    expect(isIsoDate("2026-12-01")).toBe(true);
    expect(isIsoDate("2026-02-30")).toBe(false);
    expect(isIsoDate("1/12/2026")).toBe(false);
    expect(dateProblem("", "the deadline")).toBe("Enter the deadline (YYYY-MM-DD).");
    expect(dateProblem("tomorrow", "the deadline")).toBe("The deadline must be a date written YYYY-MM-DD.");
    expect(dateProblem("2026-12-01", "the deadline")).toBeNull();
  });
  it("writes today and days ahead in local time", () => {
    expect(isoToday(0, new Date(2026, 10, 30, 23, 30))).toBe("2026-11-30");
    expect(isoToday(2, new Date(2026, 10, 30, 23, 30))).toBe("2026-12-02");
  });
});

describe("attendees", () => {
  it("need a name and organisation, partners need consent, names are unique", () => {
    const a = { name: "M. Brennan", organisation: "CSP", is_partner: true, consent: false };
    expect(attendeesProblem([a])).toBe("M. Brennan attends for a partner agency: record that they consented to take part.");
    expect(attendeesProblem([{ ...a, consent: true }])).toBeNull();
    expect(attendeesProblem([{ ...a, name: " " }])).toBe("Enter the attendee's name.");
    expect(attendeesProblem([{ ...a, organisation: "" }])).toBe("Enter M. Brennan's organisation.");
    expect(attendeesProblem([{ ...a, consent: true }, { ...a, name: "m. brennan", consent: true }])).toBe("m. brennan is listed twice.");
  });
});

describe("control strategy drafts (check_strategy)", () => {
  it("need a summary and a priority with owner, plan and strands", () => {
    expect(strategyProblem("", [priority()])).toBe("Enter the control strategy's summary.");
    expect(strategyProblem("S", [priority({ is_priority: false })])).toBe("A control strategy needs at least one priority.");
    expect(strategyProblem("S", [priority({ owner: " " })])).toBe("The priority County lines needs an owner.");
    expect(strategyProblem("S", [priority({ delivery_plan: null })])).toBe("The priority County lines needs a delivery plan.");
    expect(strategyProblem("S", [priority({ strands: [] })])).toBe("The priority County lines needs at least one strand.");
    expect(strategyProblem("S", [priority()])).toBeNull();
  });
  it("need usable, unique keys and a reason for every issue, priority or not", () => {
    expect(strategyProblem("S", [priority({ key: "County Lines" })])).toMatch(/not a usable key/);
    expect(strategyProblem("S", [priority(), priority({ title: "Again" })])).toBe('The key "county-lines" is used twice.');
    expect(strategyProblem("S", [priority(), priority({ key: "metal", title: "Metal theft", is_priority: false, reason: "" })])).toBe(
      "Say why Metal theft is not a priority.",
    );
  });
  it("derive keys from titles", () => {
    expect(keyFromTitle("County lines & exploitation!")).toBe("county-lines-exploitation");
    expect(issueKeyOk(keyFromTitle("Serious violence"))).toBe(true);
    expect(issueKeyOk("")).toBe(false);
  });
});

describe("small helpers", () => {
  it("split text boxes into trimmed lines", () => {
    expect(lines(" a \n\n b\n")).toEqual(["a", "b"]);
  });
  it("name decisions for pickers, saying when superseded", () => {
    const d = { id: 3, meeting: "TTCG-2026-0001", summary: "Task the team", superseded_by: null } as DecisionView;
    expect(decisionOption(d)).toBe("TTCG-2026-0001 #3: Task the team");
    expect(decisionOption({ ...d, superseded_by: 7 })).toBe("TTCG-2026-0001 #3: Task the team (superseded)");
  });
});
