// End-to-end on the real app: tauri-driver + WebKitWebDriver under Xvfb, a
// real encrypted store and (when run through scripts/with-keyring.sh) a real
// Secret Service. Run by scripts/e2e.sh; writes a screenshot of each screen.
import { remote } from "webdriverio";
import { mkdirSync } from "node:fs";
import path from "node:path";

const app = process.env.INTEL_E2E_APP;
const shots = process.env.INTEL_E2E_SHOTS ?? "target/screenshots";
mkdirSync(shots, { recursive: true });

const results = [];
async function step(name, fn) {
  try {
    await fn();
    results.push([name, true]);
    console.log(`ok   ${name}`);
  } catch (e) {
    results.push([name, false]);
    console.log(`FAIL ${name}: ${e?.message ?? e}`);
    throw e;
  }
}

const browser = await remote({
  hostname: "127.0.0.1",
  port: 4444,
  logLevel: "error",
  capabilities: { "tauri:options": { application: app } },
});

async function shot(name) {
  await browser.pause(500);
  await browser.saveScreenshot(path.join(shots, `e2e-${name}.png`));
}
async function type(selector, text) {
  const el = await browser.$(selector);
  await el.waitForDisplayed({ timeout: 10000 });
  await el.setValue(text);
}
async function heading() {
  const h = await browser.$("h1");
  await h.waitForDisplayed({ timeout: 20000 });
  return h.getText();
}
async function waitForHeading(text, timeout = 30000) {
  await browser.waitUntil(async () => (await heading()).includes(text), { timeout, timeoutMsg: `never showed "${text}"` });
}

const pass = "e2e passphrase for the manager";
let failed = false;
try {
  await step("first run shows the set-up screen", async () => {
    await waitForHeading("Set up Intel Desk");
    await shot("first-run");
  });
  await step("create the store and its first user", async () => {
    await type("#unit-name", "E2E Intelligence Unit");
    await type("#admin-username", "manager");
    await type("#admin-display-name", "Morgan Manager");
    await type("#passphrase", pass);
    await type("#passphrase-confirm", pass);
    await (await browser.$("button[type=submit]")).click();
    await waitForHeading("record the recovery key");
    const key = await (await browser.$("p.key")).getText();
    if (!key.replace(/\s/g, "").startsWith("AGE-SECRET-KEY-1")) throw new Error(`recovery key looks wrong: ${key}`);
    await shot("recovery-key");
  });
  await step("confirm the recovery key was recorded", async () => {
    await (await browser.$("#recorded")).click();
    await (await browser.$("button[type=submit]")).click();
    await waitForHeading("Signed in");
    const body = await (await browser.$("body")).getText();
    if (!body.includes("Morgan Manager") || !body.includes("E2E Intelligence Unit")) throw new Error(`signed-in screen: ${body}`);
    await shot("signed-in");
  });
  await step("lock returns to the unlock screen", async () => {
    await browser.keys(["Control", "l"]);
    await waitForHeading("Unlock Intel Desk");
    await shot("unlock");
  });
  await step("a wrong passphrase is refused with what to do", async () => {
    await type("#unlock-username", "manager");
    await type("#unlock-passphrase", "not the right passphrase");
    await (await browser.$("button[type=submit]")).click();
    const alert = await browser.$("[role=alert]");
    await alert.waitForDisplayed({ timeout: 20000 });
    const text = await alert.getText();
    if (!/passphrase/i.test(text)) throw new Error(`unexpected message: ${text}`);
    await shot("wrong-passphrase");
  });
  await step("the right passphrase signs in again", async () => {
    await type("#unlock-passphrase", pass);
    await (await browser.$("button[type=submit]")).click();
    await waitForHeading("Signed in");
  });
} catch {
  failed = true;
} finally {
  await browser.deleteSession().catch(() => {});
}
const ok = results.filter(([, r]) => r).length;
console.log(`e2e: ${ok} passed, ${results.length - ok + (failed && ok === results.length ? 1 : 0)} failed`);
process.exit(failed ? 1 : 0);
