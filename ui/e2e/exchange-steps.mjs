// The Exchange part of the end-to-end journey, on real parts: the app (this
// workstation, "A"), a real intel-gateway process on loopback TLS started by
// scripts/e2e.sh, and a second real store ("B") driven through the intel
// CLI. Native dialogs are replaced by folders: saves land in
// INTEL_DESK_EXPORT_DIR, opens return the newest matching file in
// INTEL_DESK_OPEN_DIR (so each step empties it and copies in one file).
import { execFileSync } from "node:child_process";
import { copyFileSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const env = process.env;
const gatewayBin = env.INTEL_E2E_GATEWAY_BIN;
const gatewayDir = env.INTEL_E2E_GATEWAY_DIR;
const gatewayUrl = env.INTEL_E2E_GATEWAY_URL;
const cli = env.INTEL_E2E_CLI;
const work = env.INTEL_E2E_WORK;
const exportDir = env.INTEL_DESK_EXPORT_DIR;
const openDir = env.INTEL_DESK_OPEN_DIR;

/** Whether scripts/e2e.sh set up the gateway and folders these steps need. */
export const exchangeReady = [gatewayBin, gatewayDir, gatewayUrl, cli, work, exportDir, openDir].every(Boolean);

function run(bin, args, extraEnv = {}) {
  try {
    return execFileSync(bin, args, { env: { ...env, ...extraEnv }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    throw new Error(`${path.basename(bin)} ${args.join(" ")} failed (${e.status}): ${e.stderr || e.stdout || e.message}`);
  }
}

const gateway = (...args) => run(gatewayBin, ["--data-dir", gatewayDir, ...args]);

// Store B: another unit's workstation, passphrase-only (no keychain).
const storeB = { INTEL_STORE: `${work}/store-b`, INTEL_USER: "badmin", INTEL_PASSPHRASE: "e2e passphrase for store B's admin" };
const intelB = (...args) => run(cli, args, storeB);

/** Puts `file` alone in the folder the open dialog reads. */
function offer(file, name = path.basename(file)) {
  for (const f of readdirSync(openDir)) rmSync(path.join(openDir, f), { force: true });
  copyFileSync(file, path.join(openDir, name));
}

function newest(dir, suffix) {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(suffix))
    .map((f) => path.join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (!files.length) throw new Error(`no *${suffix} file in ${dir}`);
  return files[0];
}

/** Every file under `dir`, recursively, as one string. */
function readTree(dir) {
  let all = "";
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    all += entry.isDirectory() ? readTree(p) : readFileSync(p, "latin1");
  }
  return all;
}

/** The id inside an enrolment file (a signed wrapper around the enrolment's JSON text). */
const enrolmentId = (file) => JSON.parse(JSON.parse(readFileSync(file, "utf8")).enrolment).id;

export async function exchangeSteps({ browser, h, step, reference, reportText, sanitisedText }) {
  let workstationA = "";
  let workstationB = "";
  const tab = async (id) => {
    await h.click(`#exchange-tab-${id}`);
    await h.el(`#exchange-panel-${id}`);
  };
  const syncNow = async () => {
    await h.click('[data-testid="sync-now"]');
    await h.expectOrAlert('[data-testid="sync-result"]', 60000);
    return h.text('[data-testid="sync-result"]');
  };

  await step("Exchange: connect to the force gateway with its file", async () => {
    await h.go("exchange");
    await h.waitForHeading("Exchange");
    await h.el("#exchange-panel-sync");
    offer(path.join(gatewayDir, "gateway-enrolment.json"));
    await h.fill("#gateway-url", gatewayUrl);
    await h.click('[data-testid="choose-gateway-file"]');
    await h.expectOrAlert('[data-testid="sync-result"]');
    const said = await h.text('[data-testid="sync-result"]');
    if (!said.includes(`Connected to the force gateway at ${gatewayUrl}`)) throw new Error(`after connecting: ${said}`);
    const shown = await h.text('[data-testid="sync-status"]');
    if (!shown.includes(gatewayUrl)) throw new Error(`the status does not show the gateway: ${shown}`);
    await h.el('[data-testid="sync-now"]');
    // No sync has been tried yet: that is not "offline".
    const conn = await browser.$(".conn").getAttribute("data-connection");
    if (conn !== "unchecked") throw new Error(`just connected, the connection shows ${conn}`);
    await h.shot("exchange-connected");
  });

  await step("Trust: export the enrolment file; the force administrator approves it", async () => {
    await tab("trust");
    await h.el('[data-testid="identity"]');
    await h.click('[data-testid="export-enrolment"]');
    await h.expectOrAlert('[data-testid="trust-result"]');
    const file = newest(exportDir, "-enrolment.json");
    workstationA = enrolmentId(file);
    const shownId = await h.text('[data-testid="identity"] dd.mono');
    if (shownId.trim() !== workstationA) throw new Error(`the screen shows ${shownId}, the file holds ${workstationA}`);
    if (!(await h.text('[data-testid="trust-result"]')).includes(file)) throw new Error("the notice does not say where the file went");
    const approved = gateway("enrol", "add", "--file", file);
    if (!approved.includes(`Approved workstation ${workstationA}`)) throw new Error(`gateway: ${approved}`);
    const gw = await h.text('[data-testid="peers"] tbody');
    if (!gw.includes("Gateway") || !gw.includes("WMP")) throw new Error(`the peers table lacks the gateway: ${gw}`);
    await h.shot("exchange-trust");
  });

  await step("queue the records for the force; Sync now sends them", async () => {
    await tab("sync");
    await h.click('[data-testid="queue-records"]');
    await h.el('[data-testid="queue-dialog"]');
    const listed = await h.text('[data-testid="queue-preview-reports"]');
    if (!listed.includes(reference)) throw new Error(`the preview lists: ${listed}`);
    await h.shot("exchange-queue-preview");
    await h.click('[data-testid="queue-confirm"]');
    await h.el('[data-testid="outbox"] tr[data-state="pending"]');
    const said = await syncNow();
    if (!said.includes("1 bundle sent")) throw new Error(`after Sync now: ${said}`);
    await h.el('[data-testid="outbox"] tr[data-state="sent"]');
    const conn = await browser.$(".conn").getAttribute("data-connection");
    if (conn !== "online") throw new Error(`connection shows ${conn} after a good sync`);
    await h.shot("exchange-sent");
  });

  await step("the gateway's drop folder holds the sanitised wording, not the original", async () => {
    const drop = path.join(gatewayDir, "drop", workstationA);
    const dropped = readTree(drop);
    if (!dropped.includes(sanitisedText)) throw new Error(`the drop folder ${drop} lacks the sanitised wording`);
    for (const original of [reportText, "blue Ford Transit", "14 Harbour Street"]) {
      if (dropped.includes(original)) throw new Error(`the drop folder holds the original wording ("${original}")`);
    }
  });

  await step("a tasking package from the gateway arrives with Sync now", async () => {
    const taskings = path.join(work, "taskings.json");
    writeFileSync(
      taskings,
      JSON.stringify([
        {
          reference: "TSK-E2E-1",
          title: "Vans parked overnight near the harbour",
          body: "Report sightings of vans parked overnight in the Harbour area, with times and registrations where seen.",
          issued_by: "Force Intelligence Bureau",
          due_at: "2026-12-31T17:00:00Z",
          marking: "OFFICIAL",
        },
      ]),
    );
    const queued = gateway("package", "--to", workstationA, "--taskings", taskings);
    if (!queued.includes(`queued for ${workstationA}`)) throw new Error(`gateway: ${queued}`);
    const said = await syncNow();
    if (!said.includes("1 bundle received") || !said.includes("1 tasking")) throw new Error(`after Sync now: ${said}`);
    await tab("taskings");
    await h.click('[data-tasking="TSK-E2E-1"] button');
    const detail = await h.text('[data-testid="tasking-detail"]');
    if (!detail.includes("Report sightings of vans") || !detail.includes("Force Intelligence Bureau")) throw new Error(`detail: ${detail}`);
    await h.shot("exchange-taskings");
  });

  await step("Trust: add peer B from its enrolment file", async () => {
    intelB("init", "--unit", "Eastbay Intelligence Unit", "--admin", "badmin", "--keychain", "none");
    const fileB = path.join(work, "b-enrolment.json");
    intelB("identity", "enrolment", "--out", fileB);
    workstationB = enrolmentId(fileB);
    intelB("peer", "add", path.join(gatewayDir, "gateway-enrolment.json"));
    await tab("trust");
    offer(fileB);
    await h.click('[data-testid="add-peer"]');
    await h.expectOrAlert('[data-testid="trust-result"]');
    const said = await h.text('[data-testid="trust-result"]');
    if (!said.includes("is now trusted")) throw new Error(`after adding B: ${said}`);
    const row = await h.text(`[data-peer="${workstationB}"]`);
    if (!row.includes("Eastbay Intelligence Unit") || !row.includes("Active")) throw new Error(`B's row: ${row}`);
    await (await h.el(`[data-peer="${workstationB}"]`)).scrollIntoView({ block: "center" });
    await h.shot("exchange-peer-added");
  });

  await step("Export to file for B (records already sent to the force, sent again); B imports it with the intel CLI", async () => {
    await tab("export");
    await h.check(`[data-testid="recipient-${workstationB}"]`);
    // The records were sent to the force already and have not changed since,
    // so a records bundle has nothing new to carry until asked to resend.
    await h.waitUntil(
      async () => (await browser.execute(() => document.querySelector('[data-testid="export-recipients"]')?.textContent ?? "")).includes("Eastbay"),
      "the preview never listed B as a recipient",
    );
    if (await browser.$('[data-testid="export-to-file"]').isEnabled()) throw new Error("a records bundle with nothing new could be exported");
    const none = await h.text('[data-testid="export-preview-none"]');
    if (!none.includes("sent already")) throw new Error(`an empty records preview says: ${none}`);
    await h.shot("exchange-export-nothing-new");
    await h.check('[data-testid="export-all"]');
    await h.waitUntil(
      async () => (await browser.execute(() => document.querySelector('[data-testid="export-preview-reports"]')?.textContent ?? "")).includes(
        reference,
      ),
      "the preview with records already sent never listed the report",
    );
    await h.shot("exchange-export-resend");
    await h.click('[data-testid="export-to-file"]');
    await h.expectOrAlert('[data-testid="export-result"]');
    const file = newest(exportDir, ".idb");
    if (!(await h.text('[data-testid="export-result"]')).includes(file)) throw new Error("the result does not name the file");
    await h.shot("exchange-exported");

    intelB("peer", "add", newest(exportDir, "-enrolment.json"));
    const imported = JSON.parse(intelB("bundle", "import", file, "--json"));
    if (imported.reportsAdded !== 1) throw new Error(`B imported: ${JSON.stringify(imported)}`);
    const shown = intelB("record", "show", reference, "--json");
    if (!shown.includes(sanitisedText)) throw new Error(`B's copy lacks the sanitised wording: ${shown}`);
    if (shown.includes("14 Harbour Street")) throw new Error("the original wording reached B in a records bundle");
  });

  await step("Import from file: B's tampered bundle and one not for us are rejected; the genuine one imports", async () => {
    const textFile = path.join(work, "b-report.txt");
    writeFileSync(textFile, "Eastbay caller reports a white van meeting a blue Ford Transit at the Harbour car park at night.");
    const refB = intelB("record", "add", "--marking", "OFFICIAL", "--priority", "medium", "--source-type", "public", "--text-file", textFile).trim();
    intelB("record", "evaluate", refB, "--source", "2", "--intel", "B", "--handling", "P", "--rationale", "Caller known to Eastbay.");
    writeFileSync(textFile, "Two vans are believed to meet in the Harbour area at night.");
    intelB("record", "sanitise", refB, "--text-file", textFile);
    const genuine = path.join(work, "b-to-a.idb");
    intelB("bundle", "export", "--to", workstationA, "--out", genuine);
    const bytes = readFileSync(genuine);
    bytes[bytes.length >> 1] ^= 0x01;
    const tampered = path.join(work, "b-to-a-tampered.idb");
    writeFileSync(tampered, bytes);

    await tab("import");
    // The tasking package pulled from the gateway is in the history already.
    const importedRows = () => browser.execute(() => document.querySelectorAll('[data-testid="imports"] tbody tr').length);
    await h.el('[data-testid="imports"] tbody tr');
    const before = await importedRows();
    offer(tampered);
    await h.click('[data-testid="choose-bundle"]');
    await h.el('[data-testid="import-rejected"], [data-testid="import-preview"], [data-testid="import-failure"]');
    if (!(await browser.$('[data-testid="import-rejected"]').isExisting())) {
      throw new Error(`a tampered bundle was not rejected: ${await h.text("#exchange-panel-import")}`);
    }
    const why = await h.text('[data-testid="import-rejected"]');
    console.log(`     rejected: ${why}`);
    if (why.trim() === "The bundle was rejected.") throw new Error("the rejection does not say why");
    if ((await importedRows()) !== before || (await browser.$('[data-testid="import-preview"]').isExisting())) {
      throw new Error("the tampered bundle was offered for import or imported");
    }
    await h.shot("exchange-import-rejected");

    // Signed by B, whom A trusts, but addressed to the gateway only.
    const notForUs = path.join(work, "b-to-gateway.idb");
    intelB("bundle", "export", "--all", "--out", notForUs);
    offer(notForUs);
    await h.click('[data-testid="choose-bundle"]');
    await h.el('[data-testid="import-rejected"], [data-testid="import-preview"], [data-testid="import-failure"]');
    const whyNot = await h.text('[data-testid="import-rejected"]').catch(async () => `not rejected: ${await h.text("#exchange-panel-import")}`);
    console.log(`     rejected: ${whyNot}`);
    if (!/not (addressed|meant|encrypted) (to|for) this workstation/i.test(whyNot)) throw new Error(`a bundle for the gateway only: ${whyNot}`);
    if ((await importedRows()) !== before) throw new Error("the bundle for the gateway was imported");

    offer(genuine);
    await h.click('[data-testid="choose-bundle"]');
    await h.expectOrAlert('[data-testid="import-preview"]');
    const listed = await h.text('[data-testid="import-preview"]');
    if (!listed.includes("Eastbay")) throw new Error(`the preview shows: ${listed}`);
    await h.shot("exchange-import-preview");
    await h.click('[data-testid="import-confirm"]');
    await h.expectOrAlert('[data-testid="import-result"]');
    const said = await h.text('[data-testid="import-result"]');
    if (!said.includes("1 new report")) throw new Error(`after importing: ${said}`);
    await h.waitUntil(async () => (await importedRows()) === before + 1, "the import never appeared in the history");
    await h.shot("exchange-imported");
  });
}
