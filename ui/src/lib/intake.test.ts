import { describe, expect, it } from "vitest";
import {
  attachmentProblem,
  dataUrlBase64,
  emptyIntake,
  intakeProblems,
  localToRfc3339,
  MAX_ATTACHMENT_BYTES,
  receivedAtProblem,
  sourceRefProblem,
  toLocalInput,
  toNewReportInput,
  type IntakeFields,
} from "./intake";

const NOW = Date.parse("2026-11-25T12:00:00Z");
const valid = (): IntakeFields => ({
  ...emptyIntake(),
  marking: "OFFICIAL",
  priority: "medium",
  sourceType: "officer",
  text: "Seen at the address.",
});

describe("intakeProblems", () => {
  it("asks for every required choice on an empty form", () => {
    expect(Object.keys(intakeProblems(emptyIntake(), NOW)).sort()).toEqual(["marking", "priority", "sourceType", "text"]);
  });
  it("accepts a minimal valid form", () => {
    expect(intakeProblems(valid(), NOW)).toEqual({});
  });
  it("treats whitespace-only text as empty", () => {
    expect(intakeProblems({ ...valid(), text: "  \n " }, NOW).text).toMatch(/Enter the report's text/);
  });
  it("checks the review group", () => {
    expect(intakeProblems({ ...valid(), reviewGroup: "5" }, NOW).reviewGroup).toBeDefined();
    expect(intakeProblems({ ...valid(), reviewGroup: "2" }, NOW).reviewGroup).toBeUndefined();
  });
});

describe("sourceRefProblem", () => {
  it("needs a reference number for a covert source", () => {
    expect(sourceRefProblem("covert-source", "")).toMatch(/reference number/);
    expect(sourceRefProblem("covert-source", "Jane Smith")).toMatch(/Never a name/);
    expect(sourceRefProblem("covert-source", "SOURCE")).toMatch(/at least one digit/);
    expect(sourceRefProblem("covert-source", "CHIS-0042")).toBeNull();
    expect(sourceRefProblem("covert-source", "NR/2026/17")).toBeNull();
    expect(sourceRefProblem("covert-source", "A" + "1".repeat(32))).not.toBeNull();
  });
  it("lets other sources go without one, within 64 characters", () => {
    expect(sourceRefProblem("officer", "")).toBeNull();
    expect(sourceRefProblem("partner-agency", "Housing ref 99")).toBeNull();
    expect(sourceRefProblem("public", "x".repeat(65))).toMatch(/too long/);
  });
});

describe("received time", () => {
  it("converts a local datetime to RFC 3339 UTC and back", () => {
    const local = toLocalInput(NOW);
    expect(local).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(localToRfc3339(local)).toBe(new Date(NOW).toISOString());
  });
  it("refuses what is not a datetime-local value", () => {
    expect(localToRfc3339("")).toBeNull();
    expect(localToRfc3339("25/11/2026 09:30")).toBeNull();
    expect(localToRfc3339("2026-13-45T99:99")).toBeNull();
  });
  it("accepts empty (now) and the recent past, refuses the future", () => {
    expect(receivedAtProblem("", NOW)).toBeNull();
    expect(receivedAtProblem(toLocalInput(NOW - 3600_000), NOW)).toBeNull();
    expect(receivedAtProblem(toLocalInput(NOW + 2 * 60_000), NOW)).toBeNull();
    expect(receivedAtProblem(toLocalInput(NOW + 3600_000), NOW)).toMatch(/future/);
    expect(receivedAtProblem("nonsense", NOW)).toMatch(/Enter the date/);
  });
});

describe("toNewReportInput", () => {
  it("trims, turns blanks into null and converts types", () => {
    const input = toNewReportInput(
      { ...valid(), sourceRef: "  ", submittingOfficer: " PC 1 Example ", reviewGroup: "3", receivedAt: toLocalInput(NOW) },
      [],
    );
    expect(input).toEqual({
      marking: "OFFICIAL",
      priority: "medium",
      sourceType: "officer",
      sourceRef: null,
      submittingOfficer: "PC 1 Example",
      receivedAt: new Date(NOW).toISOString(),
      text: "Seen at the address.",
      reviewGroup: 3,
      attachments: [],
    });
  });
  it("keeps the text exactly as typed", () => {
    expect(toNewReportInput({ ...valid(), text: "  line 1\nline 2  " }, []).text).toBe("  line 1\nline 2  ");
  });
  it("refuses an incomplete form", () => {
    expect(() => toNewReportInput(emptyIntake(), [])).toThrow();
  });
});

describe("attachments", () => {
  it("takes the base64 body of a data URL", () => {
    expect(dataUrlBase64("data:text/plain;base64,aGVsbG8=")).toBe("aGVsbG8=");
    expect(dataUrlBase64("data:;base64,")).toBe("");
    expect(() => dataUrlBase64("data:text/plain,hello")).toThrow();
  });
  it("refuses files over 64 MB", () => {
    expect(attachmentProblem({ name: "a.jpg", size: MAX_ATTACHMENT_BYTES })).toBeNull();
    expect(attachmentProblem({ name: "big.mov", size: MAX_ATTACHMENT_BYTES + 1 })).toMatch(/big\.mov is too large.*64 MB/);
  });
});
