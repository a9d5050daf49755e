// Tasking (issue 5): the control strategy (set only by an ST&CG decision),
// meetings with decisions and sign-off, requirements with coverage and
// acknowledgement, the action manager, operational reviews and the daily briefing.
import { check } from "./harness.mjs";
import { mockCommand } from "./dissemination.mjs";

const year = new Date().getUTCFullYear();
const STCG = `STCG-${year}-0001`;
const TTCG = `TTCG-${year}-0001`;
const SIR = `SIR-${year}-0001`;
const ACT1 = `ACT-${year}-0001`;
const OR1 = `OR-${year}-0001`;
const LANTERN = `OR-${year - 1}-0004`;
const KESTREL1 = `OR-${year - 1}-0005`;

async function selectedTab(page) {
  return (await page.getByRole("tab", { selected: true }).textContent()).trim();
}

export default [
  {
    name: "tasking-strategy",
    title: "tasking: G T, tabs by keyboard, the strategy in force, amend it as an ST&CG decision, earlier versions",
    async run(t) {
      const { page } = t;
      await t.signIn("role=intelligence-manager");
      await page.locator("h1").first().click();
      await page.keyboard.press("g");
      await page.keyboard.press("t");
      await t.heading("Tasking");
      const names = (await page.getByRole("tab").allTextContents()).map((n) => n.trim());
      check(JSON.stringify(names) === JSON.stringify(["Control strategy", "Meetings", "Requirements", "Actions", "Operational reviews", "Daily briefing"]), `tabs: ${names}`);
      await page.getByRole("tab", { name: "Control strategy" }).focus();
      await page.keyboard.press("End");
      check((await selectedTab(page)) === "Daily briefing", "End selects the last tab");
      await page.keyboard.press("Home");
      check((await selectedTab(page)) === "Control strategy", "Home selects the first tab");

      const shown = page.getByTestId("strategy-shown");
      await t.sees(shown.locator("h3"), /^Version 1, in force$/);
      await t.sees(page.locator('[data-issue="county-lines"]'), /County lines.*DI S\. Okafor.*Identify and disrupt.*Prevention, Intelligence, Enforcement/);
      await t.sees(page.getByTestId("not-priorities"), /Metal theft: Volumes are low and falling/);
      await t.checkScreen("tasking-strategy");

      await page.getByTestId("amend-strategy").click();
      const form = page.getByTestId("strategy-form");
      await t.sees(form.locator("h3"), /version 2/);
      check((await page.locator("#strategy-meeting option").allTextContents()).every((o) => o.startsWith("STCG-")), "only ST&CG meetings are offered");
      await page.getByTestId("save-strategy").click();
      await t.sees(page.getByTestId("strategy-problems"), /Enter the decision/);
      await page.locator("#strategy-decision").fill("Adopt version 2: metal theft becomes a priority");
      await page.locator("#strategy-rationale").fill("Thefts from the rail network doubled this quarter.");
      // Make metal theft a priority: it then needs an owner, a plan and a strand.
      await page.locator('[data-issue-row="2"] input[type="checkbox"]').first().check();
      await page.locator("#issue-reason-2").fill("Thefts from the rail network doubled this quarter.");
      await page.getByTestId("save-strategy").click();
      await t.sees(page.getByTestId("strategy-problems"), /The priority Metal theft needs an owner/);
      await page.locator("#issue-owner-2").fill("Insp L. Byrne");
      await page.locator("#issue-plan-2").fill("Patrols at the depots; scrap dealer visits.");
      await page.locator('[data-issue-row="2"] .strands input[value="enforcement"]').check();
      await t.shot("tasking-strategy-form");
      await page.getByTestId("save-strategy").click();
      await t.sees(shown.locator("h3"), /^Version 2, in force$/);
      await t.sees(page.locator('[data-issue="metal-theft"]'), /Metal theft.*Insp L\. Byrne/);
      await page.getByTestId("strategy-version").selectOption("1");
      await t.sees(shown.locator("h3"), /^Version 1, superseded$/);
      await t.axe("tasking-strategy-history");
    },
  },
  {
    name: "tasking-meetings",
    title: "tasking: meetings: new meeting (partner consent), decisions with rationale, agenda, sign off locks the record",
    async run(t) {
      const { page } = t;
      await t.signIn("role=intelligence-manager");
      await t.go("Tasking");
      await page.getByRole("tab", { name: "Meetings" }).click();
      const list = page.getByTestId("meetings");
      await t.sees(list.locator(`tr[data-meeting="${TTCG}"]`), /TT&CG.*Fortnightly TT&CG.*2.*No/);

      // New meeting: a partner needs consent recorded.
      await page.getByTestId("new-meeting").click();
      await page.locator("#meeting-kind").selectOption("dmm");
      await page.locator("#meeting-title").fill("Daily management meeting");
      await page.locator("#meeting-chair").fill("Insp A. Rowe");
      await page.locator("#meeting-name-0").fill("M. Brennan");
      await page.locator("#meeting-org-0").fill("Harbourside Community Safety Partnership");
      await page.getByTestId("meeting-partner-0").check();
      await page.getByTestId("create-meeting").click();
      await t.sees(page.locator("#meeting-attendees-problem"), /M\. Brennan attends for a partner agency: record that they consented/);
      await page.getByTestId("meeting-consent-0").check();
      await page.getByTestId("create-meeting").click();
      const detail = page.getByTestId("meeting-detail");
      await t.sees(detail.locator("h3"), new RegExp(`^DMM-${year}-0001: Daily management meeting$`));
      await t.sees(detail.getByTestId("attendees"), /M\. Brennan, Harbourside Community Safety Partnership partner, consent recorded/);
      check(await detail.locator("h3").evaluate((el) => el === document.activeElement), "focus moves to the new meeting");
      // A DMM cannot commission a product: the form does not offer it.
      check(!(await page.locator("#decision-kind option").allTextContents()).includes("Commission a product"), "no commission at a DMM");

      // The TT&CG: its decisions, a new one that supersedes an old one, the agenda, then sign-off.
      await list.getByRole("button", { name: TTCG }).click();
      await t.sees(detail.locator("h3"), /Fortnightly TT&CG/);
      await t.sees(detail.getByTestId("decisions"), /#3 Task the neighbourhood team.*Rationale: Two reports show a pattern.*Decision maker DI S\. Okafor/);
      await page.locator("#decision-kind").selectOption("escalation");
      await page.locator("#decision-summary").fill("Escalate the Harbour Row line to the regional organised crime unit");
      await page.locator("#decision-rationale").fill("The line crosses force borders.");
      await page.getByTestId("record-decision").click();
      await t.sees(page.locator("#decision-escalated-problem"), /Enter to whom the issue is escalated/);
      await page.locator("#decision-escalated").fill("Regional organised crime unit");
      await page.locator("#decision-supersedes").selectOption("3");
      await page.getByTestId("record-decision").click();
      await t.sees(detail.getByTestId("superseded-3"), /Superseded by #\d+/);
      await t.sees(detail.getByTestId("decisions"), /escalated to Regional organised crime unit; supersedes #3/);
      await page.getByTestId("propose-agenda").click();
      await t.sees(page.getByTestId("proposed-agenda"), /Priority: County lines — progress against the delivery plan/);
      await page.getByTestId("save-agenda").click();
      await t.sees(detail.getByTestId("agenda"), /Priority: County lines.*Priority: Serious violence/);
      await t.checkScreen("tasking-meeting");

      await page.getByTestId("sign-off").click();
      const dialog = page.getByTestId("sign-off-dialog");
      await dialog.waitFor({ state: "visible" });
      await t.sees(dialog, /cannot change/);
      await t.checkScreen("tasking-sign-off");
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });
      check(await page.getByTestId("sign-off").evaluate((el) => el === document.activeElement), "focus returns to Sign off");
      await page.getByTestId("sign-off").click();
      await page.getByTestId("sign-off-confirm").click();
      await t.sees(detail.getByTestId("signed-off"), /Signed off by analyst.*cannot change/);
      for (const id of ["decision-form", "sign-off", "propose-agenda", "edit-attendees"]) {
        check((await page.getByTestId(id).count()) === 0, `a signed-off meeting shows no ${id}`);
      }
      await t.sees(list.locator(`tr[data-meeting="${TTCG}"]`), /3\s*Yes$/);
    },
  },
  {
    name: "tasking-requirements",
    title: "tasking: requirements: coverage, answers (sanitised only), I have read this, draft and approve at a meeting",
    async run(t) {
      const { page } = t;
      await t.signIn("role=intelligence-manager");
      await t.go("Tasking");
      await page.getByRole("tab", { name: "Requirements" }).click();
      await t.sees(page.getByTestId(`coverage-${SIR}`), /^1 of 2 answered$/);
      await page.getByRole("button", { name: SIR }).click();
      const detail = page.getByTestId("requirement-detail");
      await t.sees(detail.locator('[data-answer="IR-2026-000002"]'), /2CP — Frequent short visits reported at an address in the Harbour area/);
      await t.sees(detail.getByTestId("requirement-gaps"), /Who runs the line/);
      await t.sees(detail.getByTestId("not-acknowledged"), /Not yet: analyst/);
      await page.getByTestId("acknowledge").click();
      await t.sees(detail.getByTestId("acknowledged"), /You have read this requirement/);
      // Mark a report as answering question 2: an unsanitised one shows no wording.
      await page.locator("#answer-question").selectOption({ index: 1 });
      await page.locator("#answer-report").fill("IR-2026-000001");
      await page.getByTestId("answer-requirement").click();
      await t.sees(detail.locator('[data-answer="IR-2026-000001"]'), /1BC — awaiting sanitisation/);
      await t.sees(page.getByTestId(`coverage-${SIR}`), /^2 of 2 answered$/);
      await t.checkScreen("tasking-requirements");

      // Draft a tactical requirement, then approve it at the TT&CG.
      await page.getByTestId("draft-requirement").click();
      await page.getByTestId("save-requirement").click();
      await t.sees(page.locator("#req-operation-problem"), /Enter the investigation or operation/);
      await page.locator("#req-title").fill("Harbour Row supply address");
      await page.locator("#req-operation").fill("Operation KESTREL");
      await page.locator("#req-questions").fill("Who lives at the address?\nWhen are deliveries made?");
      await page.getByTestId("save-requirement").click();
      await t.sees(detail.locator("h3"), new RegExp(`^TIR-${year}-0001: Harbour Row supply address$`));
      await page.locator("#approve-meeting").selectOption(TTCG);
      await page.locator("#approve-rationale").fill("Operation KESTREL needs these answers for its next phase.");
      await page.getByTestId("approve-requirement").click();
      await t.sees(detail.locator(".fact-row"), /State\s*Approved/);
      await t.sees(page.getByTestId(`coverage-TIR-${year}-0001`), /^0 of 2 answered$/);
    },
  },
  {
    name: "tasking-actions",
    title: "tasking: actions: filters, overdue flag, done needs a result, results analysis; the daily briefing",
    async run(t) {
      const { page } = t;
      await t.signIn("role=intelligence-manager");
      await t.go("Tasking");
      await page.getByRole("tab", { name: "Actions" }).click();
      const table = page.getByTestId("actions");
      check((await table.locator("tbody tr").count()) === 2, "two open actions");
      await t.sees(page.getByTestId(`overdue-${ACT1}`), /^Overdue$/);
      await page.getByTestId("filter-overdue").check();
      await t.sees(table, new RegExp(ACT1));
      check((await table.locator("tbody tr").count()) === 1, "one overdue action");

      await page.getByRole("button", { name: `Update ${ACT1}` }).click();
      await page.locator("#update-status").selectOption("done");
      await page.locator("#update-note").fill("Residents visited on three evenings.");
      await page.getByTestId("save-update").click();
      await t.sees(page.locator("#update-result-problem"), /Enter the result of the completed action/);
      await page.locator("#update-result").fill("Two supply addresses identified.");
      await page.getByTestId("save-update").click();
      await t.sees(page.getByTestId("no-actions"), /No actions match/);
      await page.getByTestId("filter-all").check();
      await t.sees(table.locator(`tr[data-action-row="${ACT1}"]`), /Done/);
      await t.sees(page.getByTestId("results"), /County lines\s*Intelligence\s*DI S\. Okafor\s*1\s*1\s*0\s*0.*Two supply addresses identified/);

      // Raise an action from a decision.
      await page.getByTestId("raise-action").click();
      await page.locator("#raise-title").fill("Check the depots' CCTV");
      await page.locator("#raise-owner").fill("PC D. Shaw");
      await page.getByTestId("save-action").click();
      await t.sees(table, new RegExp(`ACT-${year}-0003.*Check the depots' CCTV.*PC D\\. Shaw`));
      await t.checkScreen("tasking-actions");

      await page.getByRole("tab", { name: "Daily briefing" }).click();
      await t.sees(page.getByTestId("briefing-intelligence"), /IR-2026-000001 1BC OFFICIAL-SENSITIVE Awaiting sanitisation/);
      await t.sees(page.getByRole("note", { name: "Security marking" }).first(), /^OFFICIAL-SENSITIVE$/);
      await t.checkScreen("tasking-briefing");
    },
  },
  {
    name: "tasking-readonly",
    title: "tasking: a researcher reads the strategy and meetings but is offered no forms",
    async run(t) {
      const { page } = t;
      await t.signIn("role=researcher");
      await t.go("Tasking");
      await page.getByTestId("strategy-shown").waitFor();
      check((await page.getByTestId("amend-strategy").count()) === 0, "no Amend for a researcher");
      await page.getByRole("tab", { name: "Meetings" }).click();
      await page.getByRole("button", { name: TTCG }).click();
      await page.getByTestId("decisions").waitFor();
      for (const id of ["new-meeting", "decision-form", "sign-off", "propose-agenda"]) {
        check((await page.getByTestId(id).count()) === 0, `no ${id} for a researcher`);
      }
      await page.getByRole("tab", { name: "Actions" }).click();
      await page.getByTestId("actions").waitFor();
      check((await page.getByTestId("raise-action").count()) === 0, "no Raise for a researcher");
      await t.checkScreen("tasking-readonly");
      // Operational reviews: read, never run.
      await page.getByRole("tab", { name: "Operational reviews" }).click();
      await page.getByTestId("reviews").waitFor();
      await page.getByRole("button", { name: `OR-${year - 1}-0005` }).click();
      await t.sees(page.getByTestId("review-stage"), /^Under way: findings due$/);
      await t.sees(page.getByTestId("review-findings").or(page.getByText("Not recorded yet.")), /Not recorded yet\./);
      for (const id of ["commission-open", "objectives-form", "record-start", "findings-form"]) {
        check((await page.getByTestId(id).count()) === 0, `no ${id} for a researcher`);
      }
      await t.axe("tasking-reviews-readonly");
    },
  },
  {
    name: "tasking-reviews",
    title: "tasking: operational review: commission at an open TT&CG, objectives, record the start (fixes them), findings, tactical options",
    async run(t) {
      const { page } = t;
      await t.signIn("role=intelligence-manager");
      await t.go("Tasking");
      await page.getByRole("tab", { name: "Operational reviews" }).click();
      const table = page.getByTestId("reviews");
      await t.sees(table.locator(`tr[data-review="${KESTREL1}"]`), /Operation KESTREL \(phase 1\).*2\s*Under way: findings due/);
      await t.sees(table.locator(`tr[data-review="${LANTERN}"]`), /Operation LANTERN.*Complete/);
      await t.sees(page.getByTestId("tactical-options"), /^Prevention Agree earlier last orders.*Enforcement Joint police and licensing patrols.*Reassurance Visible patrols/);

      // Commission: only open TT&CG meetings are offered; the decision needs its rationale.
      await page.getByTestId("commission-open").click();
      check(await page.locator("#review-meeting").evaluate((el) => el === document.activeElement), "the form starts at the meeting");
      const offered = await page.locator("#review-meeting option").allTextContents();
      check(offered.length === 1 && offered[0].startsWith(TTCG), `only the open TT&CG is offered: ${offered}`);
      check((await page.locator("#review-maker").inputValue()) === "DI S. Okafor", "the chair is the decision maker by default");
      await page.getByTestId("commission-review").click();
      await t.sees(page.locator("#review-decision-problem"), /Enter what was decided\./);
      check(await page.locator("#review-decision").evaluate((el) => el === document.activeElement), "focus goes to the first problem");
      await page.locator("#review-decision").fill("Commission an operational review of Operation KESTREL (phase 2)");
      await page.locator("#review-rationale").fill("Phase 2 moves to the supply addresses; the TT&CG wants to know what works.");
      await page.locator("#review-operation").fill("Operation KESTREL (phase 2)");
      await page.locator("#review-scope").fill("Tactical performance and the impact on drug supply in the Harbour area.");
      await t.shot("tasking-review-commission");
      await page.getByTestId("commission-review").click();
      const detail = page.getByTestId("review-detail");
      await t.sees(detail.locator("h3"), new RegExp(`^${OR1}: Operation KESTREL \\(phase 2\\)$`));
      check(await detail.locator("h3").evaluate((el) => el === document.activeElement), "focus moves to the new review");
      await t.sees(page.getByTestId("review-stage"), /^Objectives to state$/);
      check(await page.getByTestId("record-start").isDisabled(), "no start without objectives");
      await t.sees(page.locator("#review-start-blocked"), /State at least one objective first/);
      await t.sees(page.getByTestId("findings-after-start"), /Findings are recorded after the operation has started\./);
      check((await page.getByTestId("findings-form").count()) === 0, "no findings form before the start");

      // Objectives, before the start.
      await page.locator("#review-objectives-edit").fill("Close the supply addresses on Harbour Row\n\nSafeguard the young people used as runners");
      await page.getByTestId("save-objectives").click();
      await t.sees(page.getByTestId("review-objectives"), /Close the supply addresses on Harbour Row.*Safeguard the young people/);
      await t.sees(page.getByTestId("review-stage"), /^Awaiting the start$/);
      await t.sees(page.getByTestId(`stage-${OR1}`), /^Awaiting the start$/);

      // Record the start: a confirmation, then the objectives are fixed.
      await page.getByTestId("record-start").click();
      const dialog = page.getByTestId("review-start-dialog");
      await dialog.waitFor({ state: "visible" });
      await t.sees(dialog, /2 objectives cannot change.*Close the supply addresses/);
      await t.checkScreen("tasking-review-start");
      await page.getByTestId("review-start-confirm").click();
      await dialog.waitFor({ state: "hidden" });
      await t.sees(page.getByTestId("review-stage"), /^Under way: findings due$/);
      check(await page.locator("#review-started-note").evaluate((el) => el === document.activeElement), "focus moves to the recorded start");
      check(await page.locator("#review-objectives-edit").isDisabled(), "the objectives editor is disabled once started");
      check(await page.getByTestId("save-objectives").isDisabled(), "Save objectives is disabled once started");
      await t.sees(page.getByTestId("objectives-locked"), /its objectives were fixed before it began and cannot change/);

      // Findings, after the start; Enter in the recommendation adds it.
      await page.getByTestId("record-findings").click();
      await t.sees(page.locator("#findings-impact-problem"), /Enter the impact of the tactical activity\./);
      await t.sees(page.locator("#findings-recommendations-problem"), /add at least one/);
      await page.locator("#findings-impact").fill("Three supply addresses closed; calls about Harbour Row fell by half.");
      await page.locator("#findings-lessons").fill("Warrants were delayed by late briefings of the search teams.");
      await page.locator("#findings-good-practice").fill("Safeguarding officers joined every warrant.");
      await page.locator("#findings-rec-strand").selectOption("enforcement");
      await page.locator("#findings-rec-text").fill("Brief search teams the day before a warrant.");
      await page.locator("#findings-rec-text").press("Enter");
      await t.sees(page.getByTestId("findings-recommendations"), /Enforcement\s*Brief search teams the day before a warrant\./);
      check((await page.getByTestId("review-findings").count()) === 0, "Enter added a recommendation, it did not complete the review");
      await page.locator("#findings-rec-strand").selectOption("prevention");
      await page.locator("#findings-rec-text").fill("Safeguarding officers on every warrant at a supply address.");
      await page.getByTestId("add-review-recommendation").click();
      await page.locator("#findings-rec-text").scrollIntoViewIfNeeded();
      await t.checkScreen("tasking-review-findings");
      await page.getByTestId("record-findings").click();
      await t.sees(page.getByTestId("review-findings"), /Three supply addresses closed.*Prevention: Safeguarding officers.*Enforcement: Brief search teams/);
      check(await page.getByTestId("review-findings").evaluate((el) => el === document.activeElement), "focus moves to the recorded findings");
      await t.sees(page.getByTestId("review-stage"), /^Complete$/);
      await t.sees(page.getByTestId("tactical-options"), new RegExp(`Prevention Safeguarding officers on every warrant at a supply address\\. from ${OR1} \\(Operation KESTREL \\(phase 2\\)\\)`));
      await page.getByTestId("tactical-options").scrollIntoViewIfNeeded();
      await t.checkScreen("tasking-reviews");
    },
  },
  {
    name: "tasking-review-refusals",
    title: "tasking: operational review: the core's refusals are shown (a meeting signed off meanwhile, objectives after the start)",
    async run(t) {
      const { page } = t;
      await t.signIn("role=intelligence-manager");
      // A review whose objectives are still open, commissioned beforehand.
      await mockCommand(page, "commission_operational_review", {
        meeting: TTCG,
        decision: { kind: "commission", summary: "Review Operation HERON", rationale: "First joint operation with housing", decision_maker: "DI S. Okafor", escalated_to: null, supersedes: null },
        review: { operation: "Operation HERON", scope: "Partnership capability", planned_start: "2026-12-20", objectives: ["Evict the supply tenants"] },
      });
      await t.go("Tasking");
      await page.getByRole("tab", { name: "Operational reviews" }).click();
      await page.getByRole("button", { name: OR1 }).click();
      await t.sees(page.getByTestId("review-stage"), /^Awaiting the start$/);
      check((await page.getByTestId("findings-form").count()) === 0, "no findings before the start");

      // Someone else records the start while the objectives are being edited: the core refuses the change.
      await page.locator("#review-objectives-edit").fill("Evict the supply tenants\nClose the address");
      await mockCommand(page, "record_operation_start", { reference: OR1 });
      await page.getByTestId("save-objectives").click();
      await t.sees(page.getByTestId("objectives-failure"), new RegExp(`The operation under ${OR1} has started: its objectives were fixed before it began and cannot change`));

      // The TT&CG is signed off while the commission form is open: the core refuses the decision.
      await page.getByTestId("commission-open").click();
      await page.locator("#review-decision").fill("Commission a review of Operation WREN");
      await page.locator("#review-rationale").fill("Costly operation");
      await page.locator("#review-operation").fill("Operation WREN");
      await page.locator("#review-scope").fill("All aspects");
      await mockCommand(page, "sign_off_meeting", { reference: TTCG });
      await page.getByTestId("commission-review").click();
      await t.sees(page.getByTestId("commission-failure"), new RegExp(`${TTCG} is signed off and cannot change`));
      await t.checkScreen("tasking-review-refusals");
    },
  },
];
