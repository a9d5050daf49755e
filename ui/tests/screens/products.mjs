// Products (issue 5): the list, "New product" from terms of reference, the
// draft editor (sections with guidance, citations of graded sanitised reports
// with code C flagged, the marking floor, recommendations, submit), peer
// review and approval by someone other than the author, and release.
import { check } from "./harness.mjs";
import { mockCommand } from "./dissemination.mjs";

const year = new Date().getUTCFullYear();
const TA = `TA-${year}-0001`;
const SP = `SP-${year}-0001`;
const PP = `PP-${year}-0001`;
const banners = (page) => page.getByRole("note", { name: "Security marking" });

export default [
  {
    name: "products-list",
    title: "products: G P, the list, New product checks the terms of reference, then opens the draft",
    async run(t) {
      const { page } = t;
      await t.signIn("role=analyst");
      await page.locator("h1").first().click();
      await page.keyboard.press("g");
      await page.keyboard.press("p");
      await t.heading("Products");
      const table = page.getByTestId("products");
      check((await table.locator("tbody tr").count()) === 3, "three products are seeded");
      await t.sees(table.locator(`tr[data-product="${TA}"]`), /Tactical assessment.*OFFICIAL.*Draft.*analyst/);
      await t.sees(table.locator(`tr[data-product="SP-${year}-0001"]`), /In peer review/);
      await t.checkScreen("products");

      await page.getByTestId("new-product").click();
      check(await page.locator("#new-product-kind").evaluate((el) => el === document.activeElement), "the form starts at its first field");
      await page.getByTestId("create-product").click();
      await t.sees(page.locator("#new-product-title-problem"), /Enter the product's title/);
      await t.sees(page.locator("#new-product-questions-problem"), /at least one question/);
      check(await page.locator("#new-product-title").evaluate((el) => el === document.activeElement), "focus goes to the first problem");
      await page.locator("#new-product-kind").selectOption("research-summary");
      await page.locator("#new-product-title").fill("Cash tenancies, Ropewalk");
      await page.locator("#new-product-requester").fill("DI S. Okafor");
      await page.locator("#new-product-deadline").fill("2026-13-01");
      await page.locator("#new-product-scope").fill("Residential tenancies taken in cash since September.");
      await page.locator("#new-product-questions").fill("Which letting agents take cash?\n\nHow many tenancies?");
      await page.getByTestId("create-product").click();
      await t.sees(page.locator("#new-product-deadline-problem"), /YYYY-MM-DD/);
      await t.checkScreen("products-new");
      await page.locator("#new-product-deadline").fill(`${year + 1}-01-15`);
      await page.getByTestId("create-product").click();
      await t.heading(`RS-${year}-0001: Cash tenancies, Ropewalk`);
      await t.sees(page.getByTestId("product-state"), /^Draft$/);
      await t.sees(page.locator("ol.questions"), /Which letting agents take cash\?How many tenancies\?/);
      check((await page.locator("[data-section]").count()) === 2, "a research summary has two sections");
    },
  },
  {
    name: "products-editor",
    title: "products: draft editor: sections, citing (refusals, code C, marking floor), recommendations, submit",
    async run(t) {
      const { page } = t;
      // A manager drafts too (and may sanitise, which the set-up below needs); the draft is theirs.
      await t.signIn("role=intelligence-manager");
      await t.go("Products");
      await page.getByRole("link", { name: TA }).click();
      await t.heading(`${TA}: Tactical assessment`);
      await t.sees(page.locator("#section-priorities-hint"), /Progress on each control strategy priority/);
      await t.sees(page.getByTestId("submit-blockers"), /still empty: Progress on priorities, Emerging series/);

      // Each section saves on its own.
      for (const key of ["priorities", "emerging", "tasking"]) {
        await page.locator(`#section-${key}`).fill(`Text for ${key}.`);
        await page.getByTestId(`save-section-${key}`).click();
        await t.sees(page.locator(`[data-section="${key}"] [role="status"]`), /^Saved\.$/);
      }

      // Citing: the core refuses ungraded or unsanitised reports.
      await page.locator("#cite-report").fill("IR-2026-000003");
      await page.getByTestId("cite").click();
      await t.sees(page.getByTestId("cite-failure"), /IR-2026-000003 has not been evaluated with 3x5x2; a product cites graded intelligence only\./);
      await page.locator("#cite-report").fill("IR-2026-000001");
      await page.getByTestId("cite").click();
      await t.sees(page.getByTestId("cite-failure"), /has no sanitised wording yet/);
      // Once sanitised (set-up through the mock), it is cited: code C flagged, the marking raised.
      await mockCommand(page, "sanitise", { reference: "IR-2026-000001", sanitisedText: "A silver car seen at an address in the Harbour area at night." });
      await page.getByTestId("cite").click();
      const row = page.locator('[data-citation="IR-2026-000001"]');
      await t.sees(row, /1BC.*OFFICIAL-SENSITIVE.*A silver car seen.*Code C — Not to be shared outside the investigation team\./);
      await t.sees(page.getByTestId("handling-conditions"), /IR-2026-000001 \(code C\)/);
      await t.sees(page.getByTestId("product-marking"), /^OFFICIAL-SENSITIVE$/);
      await t.sees(banners(page).first(), /^OFFICIAL-SENSITIVE$/);
      await t.sees(page.locator("#details-marking-hint"), /cannot go below OFFICIAL-SENSITIVE/);
      check((await page.locator("#details-marking option").allTextContents()).join() === "OFFICIAL-SENSITIVE", "no marking below the floor is offered");
      await page.locator("#sources-title").scrollIntoViewIfNeeded();
      await t.shot("products-editor-sources");

      // Recommendations by strand, a gap, the dissemination list, then submit.
      await page.locator("#rec-strand").selectOption("enforcement");
      await page.locator("#rec-text").fill("Apply for a warrant at the supply address.");
      await page.getByTestId("add-recommendation").click();
      await t.sees(page.getByTestId("recommendations"), /Enforcement\s*Apply for a warrant/);
      await page.locator("#details-dissemination").fill("TT&CG members\nDS Patel, Harbour CID");
      await page.getByTestId("save-details").click();
      await t.sees(page.locator(".panel [role=status]").filter({ hasText: "Details saved." }), /Details saved\./);
      await page.locator("#embed-entity").fill("1");
      await page.locator("#embed-caption").fill("Kestrel Example and associates");
      await page.getByTestId("add-embed").click();
      await t.sees(page.getByTestId("embeds"), /Link chart around an entity \(entity 1\) in Summary: Kestrel Example and associates/);
      await page.locator("h1").scrollIntoViewIfNeeded();
      await t.checkScreen("products-editor");
      await page.getByTestId("submit-product").click();
      await t.sees(page.getByTestId("product-state"), /^In peer review$/);
      check((await page.locator("#section-summary").count()) === 0, "a submitted product has no editors");
      // The author cannot review their own product.
      check((await page.getByTestId("decision-panel").count()) === 0, "no review panel for the author");
    },
  },
  {
    name: "products-approve",
    title: "products: peer review and approval by others, export PDF/HTML, send as tasking package",
    async run(t) {
      const { page } = t;
      await t.signIn("role=intelligence-manager");
      await t.go("Products");
      await page.getByRole("link", { name: SP }).click();
      await t.heading(`${SP}: Subject profile`);
      const panel = page.getByTestId("decision-panel");
      await t.sees(panel.locator("h2"), /^Peer review$/);
      await page.getByTestId("pass-review").click();
      await t.sees(page.locator("#decision-note-problem"), /Enter your review note/);
      await page.locator("#decision-note").fill("Links graded; options are realistic.");
      await page.getByTestId("pass-review").click();
      await t.sees(page.getByTestId("product-state"), /^Awaiting approval$/);
      await t.sees(panel.locator("h2"), /^Approval for release$/);
      await page.locator("#decision-note").fill("Approved for the TT&CG.");
      await page.getByTestId("approve-product").click();
      await t.sees(page.getByTestId("product-state"), /^Approved$/);
      await t.sees(page.getByTestId("product-history"), /submitted.*peer-review-passed.*approved/);

      const release = page.getByTestId("release-panel");
      await release.getByTestId("export-pdf").click();
      await t.sees(page.getByTestId("export-result"), new RegExp(`Exported PDF to /home/analyst/Documents/${SP}\\.pdf`));
      check(await page.getByTestId("export-result").evaluate((el) => el === document.activeElement), "focus moves to the result");
      await release.getByTestId("send-package").click();
      await t.sees(page.locator("#package-peers-problem"), /Choose at least one workstation/);
      await release.locator('[data-peer="ws-south-02"]').check();
      await release.locator(`[data-requirement="SIR-${year}-0001"]`).check();
      await release.getByTestId("send-package").click();
      await t.sees(page.getByTestId("package-result"), new RegExp(`Bundle \\d+ \\(${SP}, SIR-${year}-0001, marked OFFICIAL\\)`));
      await release.scrollIntoViewIfNeeded();
      await t.checkScreen("products-release");
      // Back to the list (Alt+Left), which shows the new state.
      await page.locator("h1").first().click();
      await page.keyboard.press("Alt+ArrowLeft");
      await t.heading("Products");
      await t.sees(page.locator(`tr[data-product="${SP}"]`), /Approved/);
    },
  },
  {
    name: "products-withdraw",
    title: "products: withdraw (managers only): a reason and confirmation, then the withdrawn state and reason, no release",
    async run(t) {
      const { page } = t;
      await t.signIn("role=intelligence-manager");
      await t.go("Products");
      await page.getByRole("link", { name: PP }).click();
      await t.heading(`${PP}: Night-time economy violence, Quayside`);
      await page.getByTestId("withdraw-product").click();
      const dialog = page.getByTestId("withdraw-dialog");
      await dialog.waitFor({ state: "visible" });
      await t.sees(dialog, /cannot be exported, sent or reinstated/);
      await page.getByTestId("withdraw-confirm").click();
      await t.sees(page.locator("#withdraw-reason-problem"), /Enter the reason for withdrawal: it is kept in the audit log\./);
      check(await page.locator("#withdraw-reason").evaluate((el) => el === document.activeElement), "focus goes to the reason");
      await t.checkScreen("products-withdraw-dialog");
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });
      check(await page.getByTestId("withdraw-product").evaluate((el) => el === document.activeElement), "focus returns to Withdraw");
      check((await page.getByTestId("product-state").textContent()).trim() === "Approved", "cancelling withdraws nothing");

      await page.getByTestId("withdraw-product").click();
      await page.locator("#withdraw-reason").fill("Superseded: the licensing hours changed in November.");
      await page.getByTestId("withdraw-confirm").click();
      await t.sees(page.getByTestId("product-state"), /^Withdrawn$/);
      const notice = page.getByTestId("withdrawn");
      await t.sees(notice, /Withdrawn by analyst on .*: Superseded: the licensing hours changed in November\. It is kept on record only/);
      check(await notice.evaluate((el) => el === document.activeElement), "focus moves to the withdrawn notice");
      for (const id of ["withdraw-panel", "release-panel", "decision-panel"]) {
        check((await page.getByTestId(id).count()) === 0, `a withdrawn product shows no ${id}`);
      }
      await t.sees(page.getByTestId("product-history"), /withdrawn\s*analyst.*Superseded: the licensing hours changed/);
      await t.checkScreen("products-withdrawn");
      await page.locator("h1").first().click();
      await page.keyboard.press("Alt+ArrowLeft");
      await t.heading("Products");
      await t.sees(page.locator(`tr[data-product="${PP}"]`), /Withdrawn/);
    },
  },
  {
    name: "products-withdraw-denied",
    title: "products: an analyst (who cannot approve) is offered no Withdraw",
    async run(t) {
      const { page } = t;
      await t.signIn("role=analyst");
      await t.go("Products");
      await page.getByRole("link", { name: PP }).click();
      await t.sees(page.getByTestId("product-state"), /^Approved$/);
      await page.getByTestId("release-panel").waitFor();
      check((await page.getByTestId("withdraw-product").count()) === 0, "no Withdraw for an analyst");
      await t.axe("products-withdraw-denied");
    },
  },
  {
    name: "products-save-cancelled",
    title: "products: a cancelled save dialog is no error: nothing exported, nothing sent, nothing audited",
    async run(t) {
      const { page } = t;
      await t.signIn("role=intelligence-manager&save=cancel");
      await t.go("Products");
      await page.getByRole("link", { name: PP }).click();
      const release = page.getByTestId("release-panel");
      await release.getByTestId("export-pdf").click();
      await t.sees(page.getByTestId("export-result"), /^Export cancelled: nothing was written\.$/);
      check(await page.getByTestId("export-result").evaluate((el) => el === document.activeElement), "focus moves to the result");
      await release.locator('[data-peer="ws-south-02"]').check();
      await release.getByTestId("send-package").click();
      await t.sees(page.getByTestId("package-result"), /^Cancelled: no package was written\.$/);
      check((await release.getByRole("alert").count()) === 0, "a cancelled save shows no error");
      const trail = await mockCommand(page, "audit_entries", { target: null, limit: 500 });
      const exports = trail.filter((e) => e.action === "product.export" || e.action === "tasking-package.export");
      check(exports.length === 0, `nothing audited as exported: ${JSON.stringify(exports)}`);
      await release.scrollIntoViewIfNeeded();
      await t.checkScreen("products-save-cancelled");
    },
  },
];
