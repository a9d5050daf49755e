// Dissemination: preview exactly what leaves, release code P, request code C
// (acknowledgement required), and the authorisation queue.
import { check } from "./harness.mjs";

/** Calls the browser mock's command directly (test set-up only, never the thing under test). */
export function mockCommand(page, cmd, args) {
  return page.evaluate(([c, a]) => window.__TAURI_INTERNALS__.invoke(c, a), [cmd, args]);
}

export default [
  {
    name: "dissemination",
    title: "dissemination: preview, code P release, code C acknowledgement, authorisation queue",
    async run(t) {
      const { page } = t;
      await t.signIn("role=intelligence-manager&admin=1");

      // From a record: a report that is not sanitised gives the core's reason and a way to fix it.
      await page.getByRole("link", { name: "IR-2026-000001" }).first().click();
      await t.heading(/IR-2026-000001/);
      await page.getByRole("button", { name: "Disseminate", exact: true }).click();
      await t.heading("Dissemination");
      check((await page.locator("#diss-reference").inputValue()) === "IR-2026-000001", "the reference should come from the record");
      await t.sees(page.getByRole("alert"), /IR-2026-000001 has no sanitised text; sanitise it before dissemination/);
      await page.getByRole("button", { name: "Sanitise IR-2026-000001" }).click();
      await t.heading("Sanitise IR-2026-000001");
      await t.go("Dissemination");

      // Code P: released at once; the preview is exactly the sanitised text.
      await page.locator("#diss-reference").fill("IR-2026-000002");
      await page.keyboard.press("Enter");
      await t.sees(page.getByTestId("diss-preview"), /^Frequent short visits reported at an address in the Harbour area\.$/);
      check(await page.locator("#diss-recipient").evaluate((el) => el === document.activeElement), "the recipient should be next after the preview");
      check((await page.locator("#diss-ack").count()) === 0, "code P needs no acknowledgement");
      await page.getByTestId("diss-submit").click();
      await t.sees(page.locator("#diss-recipient-problem"), /Enter the recipient/);
      await t.sees(page.locator("#diss-purpose-problem"), /Enter the purpose/);
      await page.locator("#diss-recipient").fill("DS Patel, Harbour CID");
      await page.keyboard.press("Tab");
      await page.keyboard.type("Supports the Harbour Row drugs supply investigation");
      await page.getByTestId("diss-submit").click();
      await t.sees(page.getByTestId("diss-result"), /Released: IR-2026-000002 to DS Patel, Harbour CID/);

      // Code C: conditions shown verbatim; nothing is sent without the acknowledgement.
      await mockCommand(page, "sanitise", {
        reference: "IR-2026-000001",
        sanitisedText: "A silver car has been seen at an address in the Harbour area at night.",
      });
      await page.getByRole("button", { name: "Disseminate another report" }).click();
      await page.locator("#diss-reference").fill("IR-2026-000001");
      await page.keyboard.press("Enter");
      await t.sees(page.getByTestId("diss-preview"), /^A silver car has been seen at an address in the Harbour area at night\.$/);
      await t.sees(page.getByTestId("diss-preview-conditions"), /^Not to be shared outside the investigation team\.$/);
      await page.locator("#diss-recipient").fill("DI Khan, Operation Kestrel");
      await page.locator("#diss-purpose").fill("Briefing for the Operation Kestrel arrest phase");
      await page.getByTestId("diss-submit").click();
      await t.sees(page.locator("#diss-ack-problem"), /Handling code C: confirm that you have read the conditions/);
      check(await page.locator("#diss-ack").evaluate((el) => el === document.activeElement), "focus should move to the acknowledgement");
      check((await page.getByTestId("diss-result").count()) === 0, "nothing may be requested without the acknowledgement");
      await t.axe("dissemination (code C, acknowledgement missing)");
      await page.keyboard.press("Space");
      await page.getByTestId("diss-submit").click();
      await t.sees(page.getByTestId("diss-result"), /Awaiting authorisation: IR-2026-000001 to DI Khan/);

      // The request joins the queue; its requester cannot authorise it (the core's message).
      const row = page.locator("[data-dissemination-id]").filter({ hasText: "IR-2026-000001 to DI Khan" });
      await row.waitFor();
      await t.sees(row.getByTestId("diss-queue-preview"), /A silver car has been seen/);
      const id = await row.getAttribute("data-dissemination-id");
      await row.getByTestId("diss-authorise").click();
      await t.sees(row.locator(`#diss-note-${id}-problem`), /Write a note on the decision/);
      await page.locator(`#diss-note-${id}`).fill("Proportionate and necessary for the arrest phase.");
      await row.getByTestId("diss-authorise").click();
      await t.sees(row.getByRole("alert"), /^You requested this dissemination; another manager must authorise it\.$/);
      await page.getByRole("heading", { name: "Release a report" }).scrollIntoViewIfNeeded();
      await t.checkScreen("dissemination");

      // My work lists the request; its action brings the request into view, focused.
      await t.go("My work");
      await page.getByRole("button", { name: "Authorise the dissemination of IR-2026-000001 to DI Khan, Operation Kestrel" }).click();
      await t.heading("Dissemination");
      const title = page.locator(`#diss-item-${id}-title`);
      await page.waitForFunction((el) => el === document.activeElement, await title.elementHandle());
      await t.checkScreen("dissemination-queue");
    },
  },
];
