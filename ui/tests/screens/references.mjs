// Other systems' references (issue 6): "Other systems" on a record and an
// entity (add with the unit's format and its example, OCGM scoring, remove
// with a reason), the Reference screen (every holder within clearance, the
// rest counted; the lookup box), the administrators' reference formats, and
// the link chart's export as GraphML or i2 ANX (and its cancelled dialog).
import { check } from "./harness.mjs";
import { mockCommand } from "./dissemination.mjs";

const CRIME = "CR/0012345/26";

async function openRecord(t, reference) {
  const { page } = t;
  await page.getByRole("link", { name: reference }).first().click();
  await t.heading(new RegExp(reference));
}

async function auditActions(page) {
  return (await mockCommand(page, "audit_entries", { target: null, limit: 500 })).map((e) => e.action);
}

export default [
  {
    name: "references-record",
    title: "references: add one on a record (the unit's format refused with its example, OCGM fields), see it, remove it with a reason",
    async run(t) {
      const { page } = t;
      await t.signIn("role=intelligence-manager&admin=1");
      await openRecord(t, "IR-2026-000003");
      const panel = page.getByTestId("other-systems");
      await t.sees(panel, /No references to other systems/);
      await panel.getByTestId("add-reference").click();
      check(await page.locator("#new-reference-system").evaluate((el) => el === document.activeElement), "the form starts at the system");
      await page.locator("#new-reference-system").selectOption("crime");
      await t.sees(page.locator("#new-reference-value-hint"), /This unit's format, for example CR\/0012345\/26/);

      // Nothing typed: the form says so; outside the format: the core's refusal with the example.
      await page.getByTestId("save-reference").click();
      await t.sees(page.locator("#new-reference-value-problem"), /Enter the Crime recording reference/);
      await page.locator("#new-reference-value").fill("12345");
      await page.getByTestId("save-reference").click();
      await t.sees(page.getByTestId("add-reference-failure"), /'12345' is not a Crime recording reference in this unit's format \(for example CR\/0012345\/26\)/);
      await page.getByTestId("add-reference-form").scrollIntoViewIfNeeded();
      await t.shot("references-add-refused");
      await t.axe("references (add form, refused)");

      // OCGM asks for the group's scoring, and only OCGM does.
      await page.locator("#new-reference-system").selectOption("ocgm");
      await page.locator("#new-reference-value").fill("OCG-00999");
      await page.getByTestId("save-reference").click();
      await t.sees(page.locator("#new-reference-band-problem"), /Enter the group's band/);
      await t.sees(page.locator("#new-reference-scored-on-problem"), /YYYY-MM-DD/);
      await page.locator("#new-reference-system").selectOption("crime");
      check((await page.locator("#new-reference-band").count()) === 0, "no OCGM fields for a crime number");

      // Typed as the other system shows it: held normalised, a link to everything that carries it.
      await page.locator("#new-reference-value").fill(" cr/0099999/26 ");
      await page.locator("#new-reference-note").fill("Linked burglary on CRIMES");
      await page.getByTestId("save-reference").click();
      await t.sees(page.getByTestId("references-result"), /Added Crime recording CR\/0099999\/26\./);
      const row = panel.locator('tr[data-reference="CR/0099999/26"]');
      await t.sees(row, /Crime recording\s*CR\/0099999\/26\s*Linked burglary on CRIMES\s*analyst/);
      check(await panel.getByTestId("add-reference").evaluate((el) => el === document.activeElement), "focus returns to Add a reference");
      check((await auditActions(page)).includes("reference.add"), "the addition is audited");
      await panel.scrollIntoViewIfNeeded();
      await t.checkScreen("references-record");

      // Removal: a reason, after a confirmation; recorded, and gone from the list.
      await row.getByTestId("remove-reference").click();
      const dialog = page.getByTestId("remove-reference-dialog");
      await t.sees(dialog, /will no longer show on this report.*nothing is deleted/);
      await page.getByTestId("remove-reference-confirm").click();
      await t.sees(page.locator("#remove-reference-reason-problem"), /Enter the reason for removing the reference/);
      await page.locator("#remove-reference-reason").fill("Keyed against the wrong report");
      await t.shot("references-remove");
      await t.axe("references (remove dialog)");
      await page.getByTestId("remove-reference-confirm").click();
      await t.sees(page.getByTestId("references-result"), /Removed Crime recording CR\/0099999\/26; the removal is recorded/);
      await t.sees(panel, /No references to other systems/);
      const trail = await mockCommand(page, "audit_entries", { target: "report:IR-2026-000003", limit: 50 });
      check(trail.some((e) => e.action === "reference.remove" && e.reason === "Keyed against the wrong report"), "the removal is audited with its reason");
    },
  },
  {
    name: "references-lookup",
    title: "references: a crime number opens both reports holding it; the lookup box finds a PNC ID as it is typed; G R",
    async run(t) {
      const { page } = t;
      await t.signIn("role=intelligence-manager&admin=1");
      await openRecord(t, "IR-2026-000001");
      const panel = page.getByTestId("other-systems");
      await panel.getByRole("link", { name: new RegExp(CRIME) }).click();
      await t.heading(/Reference CR\/0012345\/26/);
      const reports = page.getByTestId("holding-reports");
      await t.sees(reports, /IR-2026-000001/);
      check((await reports.locator("tbody tr").count()) === 2, "both reports carrying the crime number are listed");
      await t.sees(reports.locator('tr[data-report="IR-2026-000001"]'), /OFFICIAL-SENSITIVE\s*Evaluated/);
      await t.sees(reports.locator('tr[data-report="IR-2026-000002"]'), /OFFICIAL\s*Evaluated/);
      check((await page.getByTestId("withheld").count()) === 0, "nothing is withheld from a manager cleared to OFFICIAL-SENSITIVE");
      const banner = page.getByRole("note", { name: "Security marking" }).first();
      await t.sees(banner, /OFFICIAL-SENSITIVE/);
      await t.checkScreen("references-lookup");

      // The lookup box: type the start of a PNC ID, choose it with the keyboard.
      await page.locator("#reference-lookup").click();
      await page.keyboard.type("01/12");
      await page.getByRole("option", { name: /01\/123456X.*PNC ID.*1 holder/ }).waitFor();
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("Enter");
      await t.heading(/Reference 01\/123456X/);
      await t.sees(page.getByTestId("holding-entities"), /Kestrel Example\s*Person/);
      check((await auditActions(page)).filter((a) => a === "reference.lookup").length === 2, "each lookup is audited");

      // G R: the References screen, its lookup box alone; Look up with a system and a value nobody holds.
      await page.locator("h1").first().click();
      await page.keyboard.press("g");
      await page.keyboard.press("r");
      await t.heading(/^References$/);
      await page.locator("#reference-lookup").fill("zz/1");
      await page.getByRole("button", { name: "Look up" }).click();
      await t.sees(page.locator("#reference-lookup-problem"), /Nothing in this store starts with ZZ\/1\. Choose its system/);
      await page.locator("#reference-lookup-system").selectOption("custody");
      await page.locator("#reference-lookup").fill("cu/01234/26");
      await page.getByRole("button", { name: "Look up" }).click();
      await t.heading(/Reference CU\/01234\/26/);
      await t.sees(page.getByTestId("no-holders"), /Nothing in this store carries Custody record CU\/01234\/26/);
      await t.axe("references (nothing holds it)");
    },
  },
  {
    name: "references-withheld",
    title: "references: a researcher cleared to OFFICIAL sees one report and is told of the one above their clearance; an OCGM group's scoring",
    async run(t) {
      const { page } = t;
      await t.signIn("role=researcher&clearance=OFFICIAL");
      await t.go("References");
      await page.locator("#reference-lookup").click();
      await page.keyboard.type("cr/00");
      await page.getByRole("option", { name: /CR\/0012345\/26.*Crime recording.*1 holder\b/ }).click();
      await t.heading(/Reference CR\/0012345\/26/);
      const reports = page.getByTestId("holding-reports");
      await t.sees(reports, /IR-2026-000002/);
      check((await reports.locator("tbody tr").count()) === 1, "only the OFFICIAL report is shown");
      check((await reports.getByText("IR-2026-000001").count()) === 0, "the report above the researcher's clearance is not named");
      await t.sees(page.getByTestId("withheld"), /^1 more report above your clearance\./);
      await t.checkScreen("references-withheld");

      await page.locator("#reference-lookup-system").selectOption("ocgm");
      await page.locator("#reference-lookup").fill("OCG-00417");
      await page.getByRole("button", { name: "Look up" }).click();
      await t.heading(/Reference OCG-00417/);
      await t.sees(page.getByTestId("ocgm-scoring"), /Band\s*1A\s*Score\s*212\s*Scored on\s*1 Oct 2026/);
      await t.sees(page.getByTestId("holding-entities"), /Harbour Row group\s*Organisation\s*1A/);
      await t.axe("references (OCGM group)");
    },
  },
  {
    name: "references-formats",
    title: "administration: reference formats, a broken regular expression refused with the core's reason, a change and a reset with reasons",
    async run(t) {
      const { page } = t;
      await t.signIn("role=intelligence-manager&admin=1");
      await t.go("Administration");
      await page.getByRole("tab", { name: "Reference formats" }).click();
      const table = page.getByTestId("reference-formats");
      check((await table.locator("tbody tr").count()) === 8, "one row per system");
      await t.sees(table.locator('tr[data-system="pnc"]'), /PNC ID\s*\[0-9\]\{2\}\/\[0-9\]\{1,7\}\[A-Z\]\s*Default\s*01\/123456X/);

      await page.getByRole("button", { name: "Change the Crime recording format" }).click();
      check(await page.locator("#format-pattern").evaluate((el) => el === document.activeElement), "the pattern takes focus");
      await page.locator("#format-pattern").fill("[0-9");
      await page.getByTestId("format-save").click();
      await t.sees(page.locator("#format-reason-problem"), /Enter the reason for the change/);
      await page.locator("#format-reason").fill("Our force's crime numbers");
      await page.getByTestId("format-save").click();
      await t.sees(page.getByTestId("format-failure"), /^The format is not a valid regular expression: /);

      await page.locator("#format-pattern").fill("[0-9]{2}-[0-9]{5}-[0-9]{2}");
      await page.getByTestId("format-save").click();
      await t.sees(page.getByTestId("formats-result"), /Crime recording references must now match \[0-9\]\{2\}-\[0-9\]\{5\}-\[0-9\]\{2\}\./);
      const crime = table.locator('tr[data-system="crime"]');
      await t.sees(crime, /^Crime recording\s*\[0-9\]\{2\}-\[0-9\]\{5\}-\[0-9\]\{2\}\s*Default: .*This unit\s*Any reference matching the format/);
      check(await page.locator('[data-change-format="crime"]').evaluate((el) => el === document.activeElement), "focus returns to Change");
      await t.checkScreen("references-formats");

      await page.getByRole("button", { name: "Change the Crime recording format" }).click();
      await page.locator("#format-reason").fill("Back to the national default");
      await page.getByTestId("format-reset").click();
      await t.sees(page.getByTestId("formats-result"), /Crime recording is back to the default format\./);
      await t.sees(crime, /Default\s*CR\/0012345\/26/);
      const changes = (await mockCommand(page, "audit_entries", { target: "system:crime", limit: 10 })).map((e) => e.reason);
      check(changes.length === 2 && changes.includes("Back to the national default"), `both changes are audited with their reasons: ${JSON.stringify(changes)}`);
    },
  },
  {
    name: "chart-export",
    title: "entity view: other systems' references, and the link chart exported as i2 ANX with its path, counts, marking and hash",
    async run(t) {
      const { page } = t;
      await t.signIn("role=intelligence-manager&admin=1");
      await openRecord(t, "IR-2026-000001");
      await page.getByRole("link", { name: /Kestrel Example/ }).first().click();
      await t.heading(/Kestrel Example/);
      await t.sees(page.getByTestId("other-systems").locator('tr[data-reference="01/123456X"]'), /PNC ID\s*01\/123456X\s*PNC check/);

      await page.getByTestId("export-chart").click();
      check(await page.locator("#chart-title").evaluate((el) => el === document.activeElement), "the title takes focus");
      check((await page.locator("#chart-title").inputValue()) === "Link chart of Kestrel Example", "the title is offered");
      await page.getByTestId("chart-format-anx").check();
      await page.getByTestId("chart-export-save").click();
      const result = page.getByTestId("chart-export-result");
      await t.sees(
        result,
        /^Exported i2 ANX to \/home\/analyst\/Documents\/intel-desk-chart-\d{8}-\d{6}\.anx: 4 entities, 3 links, marked OFFICIAL-SENSITIVE\. SHA-256 [0-9a-f]{64}$/,
      );
      check(await result.evaluate((el) => el === document.activeElement), "focus moves to the result");
      const entry = (await mockCommand(page, "audit_entries", { target: "entities", limit: 10 })).find((e) => e.action === "export.link-chart");
      check(entry && JSON.parse(entry.details).entities.length === 4, "the export is audited with the chart's entities");
      await result.scrollIntoViewIfNeeded();
      await t.checkScreen("chart-export");
    },
  },
  {
    name: "chart-export-cancelled",
    title: "entity view: a cancelled save dialog exports nothing, shows no error and audits nothing",
    async run(t) {
      const { page } = t;
      await t.signIn("role=intelligence-manager&admin=1&save=cancel");
      await openRecord(t, "IR-2026-000001");
      await page.getByRole("link", { name: /Kestrel Example/ }).first().click();
      await t.heading(/Kestrel Example/);
      await page.getByTestId("export-chart").click();
      await page.getByTestId("chart-export-save").click();
      await t.sees(page.getByTestId("chart-export-result"), /^Export cancelled: nothing was written\.$/);
      check((await page.getByTestId("chart-export-failure").count()) === 0, "a cancelled save shows no error");
      check(!(await auditActions(page)).includes("export.link-chart"), "nothing is audited as exported");
      await t.checkScreen("chart-export-cancelled");
    },
  },
];
