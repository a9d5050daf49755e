// Exchange (issue 4): sync with the force gateway, export and import bundle
// files, taskings received, trust (administrators).
import { check } from "./harness.mjs";

async function selectedTab(page) {
  return (await page.getByRole("tab", { selected: true }).textContent()).trim();
}

async function openExchange(t, query = "role=intelligence-manager&admin=1") {
  await t.signIn(query);
  await t.go("Exchange");
}

export default [
  {
    name: "exchange-sync",
    title: "exchange: keyboard tabs, G X, sync now with progress, queue records for the force",
    async run(t) {
      const { page } = t;
      await t.signIn("role=intelligence-manager&admin=1");
      // G then X goes to Exchange.
      await page.keyboard.press("g");
      await page.keyboard.press("x");
      await t.heading("Exchange");

      const names = await page.getByRole("tab").allTextContents();
      check(JSON.stringify(names.map((n) => n.trim())) === JSON.stringify(["Sync", "Export to file", "Import from file", "Taskings received", "Trust"]), `tabs: ${names}`);
      check((await selectedTab(page)) === "Sync", "Sync should be the first tab");
      await page.getByRole("tab", { name: "Sync" }).focus();
      await page.keyboard.press("ArrowRight");
      check((await selectedTab(page)) === "Export to file", "ArrowRight should select Export to file");
      await page.keyboard.press("ArrowLeft");
      await page.keyboard.press("ArrowLeft");
      check((await selectedTab(page)) === "Trust", "ArrowLeft should wrap round to Trust");
      await page.keyboard.press("Home");
      check((await selectedTab(page)) === "Sync", "Home should go back to Sync");
      check(await page.getByRole("tab", { name: "Sync" }).evaluate((el) => el === document.activeElement), "focus follows the tab");

      const status = page.getByTestId("sync-status");
      await t.sees(status, /Online/);
      await t.sees(status, /gateway\.intel\.force\.example/);
      await t.sees(page.getByTestId("pending-count"), /^2 bundles$/);
      const outbox = page.getByTestId("outbox");
      check((await outbox.locator('tbody tr[data-state="pending"]').count()) === 2, "two bundles should wait in the outbox");
      await t.sees(outbox, /b7e1c0a4/);
      await t.sees(outbox, /timed out after 30 s/);
      await t.checkScreen("exchange-sync");

      // Sync now: progress while it runs (polled), then the outcome.
      await page.getByTestId("sync-now").click();
      // The status is polled while the sync runs: the count moves, then the phase.
      await t.sees(page.getByTestId("sync-progress"), /Sending bundles to the gateway: 1 of 2/);
      await t.shot("exchange-sync-progress");
      await t.sees(page.getByTestId("sync-progress"), /Receiving bundles from the gateway: 0 of 1/);
      await t.sees(page.getByTestId("sync-result"), /Sync finished: 2 bundles sent, 1 bundle received \(1 tasking\)\./);
      check((await page.getByTestId("sync-progress").count()) === 0, "the progress goes when the sync is over");
      await t.sees(page.getByTestId("pending-count"), /^0 bundles$/);
      check((await outbox.locator('tbody tr[data-state="sent"]').count()) === 2, "both bundles should be sent");

      // Queue records for the force: the preview in a dialog, then the outbox.
      await page.getByTestId("queue-records").click();
      const dialog = page.getByTestId("queue-dialog");
      await dialog.waitFor({ state: "visible" });
      await t.sees(dialog, /IR-2026-000002/);
      await t.sees(page.getByTestId("queue-preview-held-back"), /IR-2026-000001: no sanitised wording/);
      await t.checkScreen("exchange-queue-dialog");
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });
      check(await page.getByTestId("queue-records").evaluate((el) => el === document.activeElement), "focus returns to the button");
      await page.getByTestId("queue-records").click();
      await page.getByTestId("queue-confirm").click();
      await t.sees(page.getByTestId("sync-result"), /Bundle 43 \(1 report\) is queued for the force/);
      await t.sees(page.getByTestId("pending-count"), /^1 bundle$/);
    },
  },
  {
    name: "exchange-offline",
    title: "exchange: sync when the gateway does not answer says what to do; bundles stay queued",
    async run(t) {
      const { page } = t;
      await openExchange(t, "role=intelligence-officer&sync=offline");
      // An officer syncs and imports; exporting and trust are not offered.
      const names = (await page.getByRole("tab").allTextContents()).map((n) => n.trim());
      check(JSON.stringify(names) === JSON.stringify(["Sync", "Import from file", "Taskings received"]), `officer tabs: ${names}`);
      check((await page.getByTestId("queue-records").count()) === 0, "an officer cannot queue records");
      await page.getByTestId("sync-now").click();
      const alert = page.getByRole("alert").filter({ has: page.getByText("Sync failed.") });
      await t.sees(
        alert,
        /The force gateway at https:\/\/gateway\.intel\.force\.example\/exchange did not answer\. Check the network cable or Wi-Fi, then choose Sync now again; your 2 bundles stay queued\./,
      );
      await t.sees(page.getByTestId("sync-status"), /Offline/);
      await t.sees(page.getByTestId("pending-count"), /^2 bundles$/);
      await t.checkScreen("exchange-offline");
    },
  },
  {
    name: "exchange-connect",
    title: "exchange: no gateway yet: the connect form checks the address, then connects",
    async run(t) {
      const { page } = t;
      await openExchange(t, "role=intelligence-manager&admin=1&gateway=none");
      await t.sees(page.getByTestId("sync-status"), /Not connected to a gateway/);
      check((await page.getByTestId("sync-now").count()) === 0, "no Sync now without a gateway");
      await page.getByTestId("choose-gateway-file").click();
      await t.sees(page.locator("#gateway-url-problem"), /Enter the gateway's address/);
      await page.locator("#gateway-url").fill("http://gw.example");
      await t.sees(page.locator("#gateway-url-problem"), /must start with https:\/\//);
      await t.checkScreen("exchange-connect");
      await page.locator("#gateway-url").fill("https://gateway.force.example/exchange");
      await page.getByTestId("choose-gateway-file").click();
      await t.sees(page.getByTestId("sync-result"), /Connected to the force gateway at https:\/\/gateway\.force\.example\/exchange/);
      await page.getByTestId("sync-now").waitFor();
    },
  },
  {
    name: "exchange-export",
    title: "exchange: export preview (recipients, held back), full needs a reason, export to file",
    async run(t) {
      const { page } = t;
      await openExchange(t);
      await page.getByRole("tab", { name: "Export to file" }).click();
      const preview = page.getByTestId("export-preview-contents");
      await t.sees(page.getByTestId("export-recipients"), /^To: Force gateway$/);
      await t.sees(page.getByTestId("export-preview-reports"), /IR-2026-000002\s*2CP\s*OFFICIAL/);
      await t.sees(page.getByTestId("export-preview-held-back"), /IR-2026-000003: not yet evaluated/);
      await t.sees(preview, /Highest marking: OFFICIAL/);
      await page.getByTestId("recipient-ws-south-02").check();
      await t.sees(page.getByTestId("export-recipients"), /^To: Force gateway, South Region IU, workstation 2$/);
      await t.checkScreen("exchange-export");

      // Full: original wording too, only with a reason.
      await page.getByTestId("kind-full").check();
      await t.sees(page.getByTestId("export-preview-reports"), /IR-2026-000001/);
      await t.sees(preview, /Highest marking: OFFICIAL-SENSITIVE/);
      await page.getByTestId("export-to-file").click();
      await t.sees(page.locator("#export-reason-problem"), /Enter the reason/);
      check(await page.locator("#export-reason").evaluate((el) => el === document.activeElement), "the reason takes focus");
      await page.keyboard.type("Joint operation KESTREL with South Region, ref. OP-2026-17");
      await page.getByTestId("export-to-file").click();
      const result = page.getByTestId("export-result");
      await t.sees(result, /Bundle 43 saved with 2 reports\./);
      await t.sees(result, /intel-desk-full-43\.idbundle/);
      await t.checkScreen("exchange-export-done");
    },
  },
  {
    name: "exchange-import",
    title: "exchange: import preview (verified sender, reports new/updated), import, history",
    async run(t) {
      const { page } = t;
      await openExchange(t, "role=intelligence-officer");
      await page.getByRole("tab", { name: "Import from file" }).click();
      const history = page.getByTestId("imports");
      check((await history.locator("tbody tr").count()) === 1, "one import in the history");

      // Preview, then cancel: nothing imported.
      await page.getByTestId("choose-bundle").click();
      const preview = page.getByTestId("import-preview");
      await t.sees(preview, /Bundle 18 from South Region IU, workstation 2/);
      await page.getByTestId("import-cancel").click();
      await t.sees(page.getByTestId("import-note"), /discarded; nothing was imported/);
      check((await history.locator("tbody tr").count()) === 1, "cancel imports nothing");

      await page.getByTestId("choose-bundle").click();
      await t.sees(preview, /ws-south-02, South Region Intelligence Unit/);
      await t.sees(page.getByTestId("import-preview-reports"), /SR-2026-000187\s*2CP\s*OFFICIAL\s*Updated/);
      await t.sees(preview, /Taskings\s*1/);
      check(await page.locator("#import-preview-title").evaluate((el) => el === document.activeElement), "focus moves to the preview");
      await t.checkScreen("exchange-import-preview");
      await page.getByTestId("import-confirm").click();
      await t.sees(page.getByTestId("import-result"), /Imported bundle 18 from South Region IU, workstation 2: 2 new reports, 1 updated report, 1 tasking\./);
      check((await history.locator("tbody tr").count()) === 2, "the import is in the history");
      await t.checkScreen("exchange-import-done");
    },
  },
  {
    name: "exchange-rejected",
    title: "exchange: a rejected bundle is an alert saying why",
    async run(t) {
      const { page } = t;
      await openExchange(t, "role=intelligence-manager&bundle=rejected");
      await page.getByRole("tab", { name: "Import from file" }).click();
      await page.getByTestId("choose-bundle").click();
      const alert = page.getByTestId("import-rejected");
      await t.sees(alert, /The bundle was rejected\. This bundle was signed by an unknown key/);
      check((await alert.getAttribute("role")) === "alert", "the rejection is an alert");
      check((await page.getByTestId("import-preview").count()) === 0, "no preview of a rejected bundle");
      await t.checkScreen("exchange-rejected");
    },
  },
  {
    name: "exchange-taskings",
    title: "exchange: taskings received, with the chosen one's text",
    async run(t) {
      const { page } = t;
      await openExchange(t, "role=intelligence-officer");
      await page.getByRole("tab", { name: "Taskings received" }).click();
      const table = page.getByTestId("taskings");
      check((await table.locator("tbody tr").count()) === 2, "two taskings");
      await t.sees(table, /TSK-2026-0031\s*Vehicles seen at Harbour Row addresses/);
      await page.getByRole("button", { name: "TSK-2026-0034" }).click();
      const detail = page.getByTestId("tasking-detail");
      await t.sees(detail, /Cash tenancies in the Ropewalk area/);
      await t.sees(detail, /Do not approach tenants/);
      check(await page.locator("#tasking-detail-title").evaluate((el) => el === document.activeElement), "focus moves to the tasking");
      // An OFFICIAL-SENSITIVE tasking is listed: the banners say so.
      await t.sees(page.locator("body"), /OFFICIAL-SENSITIVE/);
      await t.checkScreen("exchange-taskings");
    },
  },
  {
    name: "exchange-trust",
    title: "exchange: trust (admin): identity, enrolment file, rotate keys and revoke a peer with reasons",
    async run(t) {
      const { page } = t;
      await openExchange(t, "role=analyst&admin=1");
      // An administrator with no exchange role sees only Trust.
      check((await page.getByRole("tab").count()) === 1 && (await selectedTab(page)) === "Trust", "only Trust for an admin analyst");
      await t.sees(page.getByTestId("identity"), /ws-north-01/);
      const oldKey = (await page.getByTestId("current-key-id").textContent()).trim();
      check((await page.getByTestId("previous-keys").locator("tbody tr").count()) === 1, "one previous key");
      await page.getByTestId("export-enrolment").click();
      await t.sees(page.getByTestId("trust-result"), /Enrolment file saved to .*ws-north-01\.enrolment/);
      await t.checkScreen("exchange-trust");

      // Rotate: a reason is required.
      await page.getByTestId("rotate-keys").click();
      const rotate = page.getByTestId("rotate-dialog");
      await rotate.waitFor({ state: "visible" });
      check(await page.locator("#rotate-reason").evaluate((el) => el === document.activeElement), "the reason takes focus");
      await page.getByTestId("rotate-confirm").click();
      await t.sees(page.locator("#rotate-reason-problem"), /Enter the reason for rotating the keys/);
      await t.shot("exchange-rotate-dialog");
      await t.axe("exchange (rotate dialog)");
      await page.keyboard.type("Annual key rotation");
      await page.getByTestId("rotate-confirm").click();
      await rotate.waitFor({ state: "hidden" });
      await t.sees(page.getByTestId("trust-result"), /New keys made/);
      const newKey = (await page.getByTestId("current-key-id").textContent()).trim();
      check(newKey !== oldKey, "the key id changes");
      check((await page.getByTestId("previous-keys").locator("tbody tr").count()) === 2, "the old key is listed as previous");

      // Add a peer, then revoke the South Region workstation.
      await page.getByTestId("add-peer").click();
      await t.sees(page.getByTestId("trust-result"), /East Region IU, workstation 1 \(East Region Intelligence Unit\) is now trusted/);
      await page.getByRole("button", { name: "Revoke South Region IU, workstation 2" }).click();
      const revoke = page.getByTestId("revoke-dialog");
      await revoke.waitFor({ state: "visible" });
      await page.keyboard.type("Workstation reported stolen, ref. INC-2026-881");
      await page.getByTestId("revoke-confirm").click();
      await revoke.waitFor({ state: "hidden" });
      await t.sees(page.getByTestId("trust-result"), /South Region IU, workstation 2 is revoked/);
      await t.sees(page.locator('tr[data-peer="ws-south-02"]'), /Revoked\s*Workstation reported stolen/);
      check((await page.getByRole("button", { name: "Revoke South Region IU, workstation 2" }).count()) === 0, "no revoke for a revoked peer");
      await t.checkScreen("exchange-trust-done");
    },
  },
];
