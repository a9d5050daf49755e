// The tasking part of the end-to-end journey on the real app: an ST&CG sets
// the control strategy and approves a strategic requirement, the officer
// marks the journey's evaluated and sanitised report as answering it, an
// analyst writes a tactical assessment citing that report, a principal
// analyst peer reviews it and the manager approves it, a TT&CG records a
// decision with an action raised from it, and the manager exports the
// product as PDF (into INTEL_DESK_EXPORT_DIR) and sends a tasking package to
// peer B when the Exchange steps left one trusted. What the PDF must hold is
// written to $INTEL_E2E_WORK/tasking-e2e.json for scripts/e2e.sh to check.
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";

const work = process.env.INTEL_E2E_WORK;

export async function taskingSteps({ browser, h, step, lock, signIn, manager, officer, reference, sanitisedText }) {
  const analyst = { username: "analyst", name: "Ada Analyst", pass: "e2e passphrase for the analyst", role: "analyst" };
  const principal = { username: "principal", name: "Priya Principal", pass: "e2e passphrase for the principal analyst", role: "principal-analyst" };
  const priorityTitle = "Drugs supply in the Harbour area";
  const question = "Where is controlled drug supply happening in the Harbour area, and by whom?";
  const decisionSummary = "Task the neighbourhood team to patrol the Harbour area in the evenings";
  const actionTitle = "Evening patrols in the Harbour area for two weeks";
  let stcg = "";
  let requirement = "";
  let product = "";
  let decisionId = "";

  /** G then a letter, as a user would press it (the shortcut ignores keys typed into fields). */
  const goKeys = async (letter, want) => {
    await browser.execute(() => document.activeElement?.blur?.());
    await h.click("h1");
    await browser.keys("g");
    await browser.keys(letter);
    await h.waitForHeading(want);
  };
  const tab = async (id) => {
    await h.click(`#tasking-tab-${id}`);
    await h.el(`#tasking-panel-${id}`);
  };
  const contains = (selector, want, what) =>
    h.waitUntil(
      async () => (await browser.execute((s) => document.querySelector(s)?.textContent ?? "", selector)).includes(want),
      `${what ?? selector} never showed "${want}"`,
    );
  const state = async (want) => {
    await h.waitUntil(async () => (await h.text('[data-testid="product-state"]')).trim() === want, `the product never reached "${want}"`);
  };
  const openProduct = async () => {
    await goKeys("p", "Products");
    await h.click(`[data-product="${product}"] a`);
    await h.waitForHeading(`${product}:`);
  };

  await step("Tasking (G T): the manager records an ST&CG meeting", async () => {
    await goKeys("t", "Tasking");
    await tab("meetings");
    await h.click('[data-testid="new-meeting"]');
    await h.select("#meeting-kind", "stcg");
    await h.fill("#meeting-title", "Quarterly ST&CG");
    await h.fill("#meeting-chair", manager.name);
    await h.fill("#meeting-name-0", "DI S. Okafor");
    await h.fill("#meeting-org-0", "E2E Intelligence Unit");
    await h.click('[data-testid="create-meeting"]');
    await h.expectOrAlert('[data-testid="meeting-detail"] h3');
    const title = await h.text('[data-testid="meeting-detail"] h3');
    stcg = title.split(":")[0].trim();
    if (!/^STCG-\d{4}-\d+$/.test(stcg)) throw new Error(`the new meeting shows "${title}"`);
    await h.shot("tasking-stcg");
  });

  await step("the ST&CG sets the control strategy: one priority with its owner and delivery plan", async () => {
    await tab("strategy");
    await h.el('[data-testid="no-strategy"]');
    await h.click('[data-testid="amend-strategy"]');
    await h.el('[data-testid="strategy-form"]');
    await h.waitUntil(async () => (await browser.$("#strategy-meeting").getValue()) === stcg, `the form never offered ${stcg}`);
    await h.fill("#strategy-decision", "Adopt the control strategy: drugs supply in the Harbour area is a priority");
    await h.fill("#strategy-rationale", "Reports of street supply in the Harbour area rose this quarter.");
    await h.fill("#strategy-summary", "One priority for the year: drugs supply in the Harbour area.");
    await h.fill("#issue-title-0", priorityTitle);
    await h.fill("#issue-reason-0", "The highest harm in the unit's area this year.");
    await h.fill("#issue-owner-0", "DI S. Okafor");
    await h.fill("#issue-plan-0", "Identify the suppliers; disrupt the supply; prevention work in schools.");
    await h.check('[data-issue-row="0"] .strands input[value="intelligence"]');
    await h.check('[data-issue-row="0"] .strands input[value="enforcement"]');
    await h.shot("tasking-strategy-form");
    await h.click('[data-testid="save-strategy"]');
    await h.expectOrAlert('[data-testid="strategy-shown"]');
    await contains('[data-testid="strategy-shown"] h3', "Version 1, in force");
    await contains('[data-testid="priorities"]', "DI S. Okafor", "the priorities");
    await contains('[data-testid="priorities"]', priorityTitle, "the priorities");
    await h.shot("tasking-strategy");
  });

  await step("a strategic requirement is drafted and approved at that ST&CG", async () => {
    await tab("requirements");
    await h.click('[data-testid="draft-requirement"]');
    await h.el('[data-testid="requirement-form"]');
    await h.select("#req-kind", "strategic");
    await h.fill("#req-title", "Drugs supply, Harbour area");
    await h.fill("#req-questions", question);
    await h.click('[data-testid="save-requirement"]');
    await h.expectOrAlert('[data-testid="requirement-detail"] h3');
    const title = await h.text('[data-testid="requirement-detail"] h3');
    requirement = title.split(":")[0].trim();
    if (!/^SIR-\d{4}-\d+$/.test(requirement)) throw new Error(`the new requirement shows "${title}"`);
    await h.waitUntil(async () => (await browser.$("#approve-meeting").getValue()) === stcg, `approval never offered ${stcg}`);
    await h.fill("#approve-rationale", "The control strategy's priority needs these answers.");
    await h.click('[data-testid="approve-requirement"]');
    await h.waitUntil(
      async () => /State\s*Approved/.test(await h.text('[data-testid="requirement-detail"] .fact-row')),
      "the requirement never showed as approved",
    );
    await h.shot("tasking-requirement-approved");
  });

  await step("the officer marks the evaluated, sanitised report as answering the requirement", async () => {
    await lock();
    await signIn(officer);
    await goKeys("t", "Tasking");
    await tab("requirements");
    await h.click(`[data-testid="requirements"] [data-requirement="${requirement}"] button`);
    await h.el("#answer-report");
    await h.fill("#answer-report", reference);
    await h.fill("#answer-note", "Street supply in the Harbour area in the evenings.");
    await h.click('[data-testid="answer-requirement"]');
    await h.expectOrAlert(`[data-testid="requirement-detail"] [data-answer="${reference}"]`);
    const answer = await h.text(`[data-answer="${reference}"]`);
    if (!answer.replace(/\s/g, "").includes("2BC") || !answer.includes(sanitisedText)) throw new Error(`the answer shows: ${answer}`);
    if (answer.includes("QUILLBY") || answer.includes("Harbour Street")) throw new Error("the answer shows the original wording");
    await h.shot("tasking-requirement-answered");
  });

  await step("the manager adds an analyst and a principal analyst", async () => {
    await lock();
    await signIn(manager);
    for (const u of [analyst, principal]) {
      await h.go("admin");
      await h.waitForHeading("Administration");
      await h.fill("#new-username", u.username);
      await h.fill("#new-display-name", u.name);
      await h.select("#new-role", u.role);
      await h.fill("#new-passphrase", u.pass);
      await h.fill("#new-passphrase-confirm", u.pass);
      await h.click('[data-testid="add-user-submit"]');
      await h.expectOrAlert('[data-testid="users-result"]');
      await contains('[data-testid="users-result"]', u.username, "the users result");
    }
  });

  await step("Products (G P): the analyst writes a tactical assessment citing the report, and submits it", async () => {
    await lock();
    await signIn(analyst);
    await goKeys("p", "Products");
    await h.click('[data-testid="new-product"]');
    await h.el('[data-testid="new-product-form"]');
    await h.select("#new-product-kind", "tactical-assessment");
    await h.fill("#new-product-title", "Harbour area drugs supply, fortnight assessment");
    await h.fill("#new-product-requester", "DI S. Okafor");
    await h.fill("#new-product-scope", "Street supply of controlled drugs in the Harbour area over the last fortnight.");
    await h.fill("#new-product-questions", "Where and when is supply happening?");
    await h.click('[data-testid="create-product"]');
    await h.waitForHeading("Harbour area drugs supply, fortnight assessment");
    product = (await h.heading()).split(":")[0].trim();
    if (!/^TA-\d{4}-\d+$/.test(product)) throw new Error(`the new product's heading is "${await h.heading()}"`);
    const sections = await browser.execute(() => [...document.querySelectorAll("[data-section]")].map((s) => s.dataset.section));
    if (!sections.length) throw new Error("the product has no sections");
    for (const key of sections) {
      await h.fill(`#section-${key}`, `Assessment for ${key}: supply in the Harbour area is reported in the evenings from a vehicle.`);
      await h.click(`[data-testid="save-section-${key}"]`);
      await h.waitUntil(
        async () => (await browser.execute((k) => document.querySelector(`[data-section="${k}"] [role="status"]`)?.textContent?.trim() ?? "", key)) === "Saved.",
        `section ${key} never saved`,
      );
    }
    await h.fill("#cite-report", reference);
    await h.click('[data-testid="cite"]');
    await h.expectOrAlert(`[data-citation="${reference}"]`);
    const cited = await h.text(`[data-citation="${reference}"]`);
    if (!cited.replace(/\s/g, "").includes("2BC") || !cited.includes(sanitisedText)) throw new Error(`the citation shows: ${cited}`);
    if (cited.includes("QUILLBY")) throw new Error("the citation shows the original wording");
    await contains('[data-testid="handling-conditions"]', reference, "the handling conditions");
    await h.select("#rec-strand", "enforcement");
    await h.fill("#rec-text", "Evening patrols in the Harbour area; consider a warrant once the supplier is identified.");
    await h.click('[data-testid="add-recommendation"]');
    await contains('[data-testid="recommendations"]', "Evening patrols", "the recommendations");
    await h.fill("#details-dissemination", "TT&CG members\nDS Jones, Serious Organised Crime Unit");
    await h.click('[data-testid="save-details"]');
    await h.waitUntil(
      async () => (await browser.execute(() => document.body.textContent.includes("Details saved."))),
      "the details never saved",
    );
    await (await h.el("#sources-title")).scrollIntoView({ block: "start" });
    await h.shot("products-editor");
    await h.click('[data-testid="submit-product"]');
    await h.expectOrAlert('[data-testid="product-state"]');
    await state("In peer review");
    if (await browser.$('[data-testid="decision-panel"]').isExisting()) throw new Error("the author is offered the review");
  });

  await step("the principal analyst peer reviews it", async () => {
    await lock();
    await signIn(principal);
    await openProduct();
    await h.el('[data-testid="pass-review"]');
    await h.fill("#decision-note", "Sources graded and cited; recommendations are realistic.");
    await h.click('[data-testid="pass-review"]');
    await state("Awaiting approval");
  });

  await step("the manager approves it for release", async () => {
    await lock();
    await signIn(manager);
    await openProduct();
    await h.el('[data-testid="approve-product"]');
    await h.fill("#decision-note", "Approved for the TT&CG.");
    await h.click('[data-testid="approve-product"]');
    await state("Approved");
    const history = await h.text('[data-testid="product-history"]');
    if (!/submitted[\s\S]*peer-review-passed[\s\S]*approved/.test(history)) throw new Error(`history: ${history}`);
    await h.shot("products-approved");
  });

  await step("a TT&CG records a decision, and an action is raised from it", async () => {
    await goKeys("t", "Tasking");
    await tab("meetings");
    await h.click('[data-testid="new-meeting"]');
    await h.select("#meeting-kind", "ttcg");
    await h.fill("#meeting-title", "Fortnightly TT&CG");
    await h.fill("#meeting-chair", manager.name);
    await h.fill("#meeting-name-0", "Insp A. Rowe");
    await h.fill("#meeting-org-0", "Neighbourhood policing");
    await h.click('[data-testid="create-meeting"]');
    await h.expectOrAlert('[data-testid="meeting-detail"] h3');
    if (!/^TTCG-\d{4}-\d+:/.test(await h.text('[data-testid="meeting-detail"] h3'))) throw new Error("the TT&CG was not created");
    await h.el('[data-testid="decision-form"]');
    await h.fill("#decision-summary", decisionSummary);
    await h.fill("#decision-rationale", `The approved assessment ${product} shows evening supply in the area.`);
    await h.click('[data-testid="record-decision"]');
    await h.expectOrAlert('[data-testid="decisions"] [data-decision]');
    await contains('[data-testid="decisions"]', decisionSummary, "the decisions");
    decisionId = await browser.execute(
      (want) => [...document.querySelectorAll("[data-decision]")].find((d) => d.textContent.includes(want))?.dataset.decision ?? "",
      decisionSummary,
    );
    if (!decisionId) throw new Error("the decision has no id on screen");
    await h.shot("tasking-ttcg-decision");

    await tab("actions");
    await h.click('[data-testid="raise-action"]');
    await h.el('[data-testid="raise-form"]');
    await h.waitUntil(
      async () => (await browser.execute((id) => !!document.querySelector(`#raise-decision option[value="${id}"]`), decisionId)),
      `decision #${decisionId} was never offered`,
    );
    await h.select("#raise-decision", decisionId);
    await h.fill("#raise-title", actionTitle);
    await h.select("#raise-strand", "enforcement");
    await h.fill("#raise-owner", "Insp A. Rowe");
    await h.click('[data-testid="save-action"]');
    await h.expectOrAlert('[data-testid="actions"]');
    await contains('[data-testid="actions"]', actionTitle, "the actions");
    await h.shot("tasking-action");
  });

  await step("the manager exports the product as PDF and sends a tasking package to peer B", async () => {
    await openProduct();
    await h.click('[data-testid="release-panel"] [data-testid="export-pdf"]');
    await h.expectOrAlert('[data-testid="export-result"]');
    const said = await h.text('[data-testid="export-result"]');
    if (!said.includes("Exported PDF to")) throw new Error(`export: ${said}`);
    const pdf = await h.text('[data-testid="export-result"] .mono');
    if (!existsSync(pdf)) throw new Error(`the PDF ${pdf} does not exist`);
    const exportDir = process.env.INTEL_DESK_EXPORT_DIR;
    if (exportDir && path.dirname(pdf) !== path.resolve(exportDir)) throw new Error(`the PDF went to ${pdf}, not ${exportDir}`);
    if (work) {
      writeFileSync(path.join(work, "tasking-e2e.json"), JSON.stringify({ pdf, product, reference, grade: "2BC", sanitisedText }));
    }
    await h.shot("products-exported");

    const peer = await browser.execute(() => document.querySelector('[data-testid="release-panel"] [data-peer]')?.dataset.peer ?? "");
    if (!peer) {
      console.log("     skipped the tasking package: the Exchange steps left no trusted peer workstation");
      return;
    }
    await h.check(`[data-testid="release-panel"] [data-peer="${peer}"]`);
    await h.check(`[data-testid="release-panel"] [data-requirement="${requirement}"]`);
    const action = await browser.execute(() => document.querySelector('[data-testid="release-panel"] [data-action]')?.dataset.action ?? "");
    if (action) await h.check(`[data-testid="release-panel"] [data-action="${action}"]`);
    await h.click('[data-testid="send-package"]');
    await h.expectOrAlert('[data-testid="package-result"]', 60000);
    const sent = await h.text('[data-testid="package-result"]');
    if (!sent.includes("Bundle") || !sent.includes(product) || !sent.includes(requirement)) throw new Error(`package: ${sent}`);
    console.log(`     package: ${sent.replace(/\s+/g, " ")}`);
    await (await h.el('[data-testid="package-result"]')).scrollIntoView({ block: "center" });
    await h.shot("products-package");
  });
}
