// The screens before the workspace: first run, recovery key, unlock, store problem.
import { check } from "./harness.mjs";

/** Fills the first-run form by keyboard, field by field, in tab order. */
async function fillFirstRun(page) {
  await page.locator("#unit-name").click();
  await page.keyboard.type("North Region Intelligence Unit");
  await page.keyboard.press("Tab");
  await page.keyboard.type("jsmith");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Jo Smith");
  await page.keyboard.press("Tab");
  await page.keyboard.type("correct horse battery");
  await page.keyboard.press("Tab");
  await page.keyboard.type("correct horse battery");
}

export default [
  {
    name: "first-run",
    title: "first run: validates, then creates the store",
    async run(t) {
      const { page } = t;
      await t.open("");
      await t.heading("Set up Intel Desk");
      // Submitting the empty form shows every problem and focuses the first field.
      await page.getByRole("button", { name: "Create store" }).click();
      await t.sees(page.locator("#unit-name-problem"), /unit/i);
      check(await page.locator("#unit-name").evaluate((el) => el === document.activeElement), "focus should move to the unit name");
      check((await page.locator('[aria-invalid="true"]').count()) >= 4, "each empty field should be marked invalid");
      await t.axe("first-run (errors shown)");
      // A short passphrase is explained as you type.
      await page.locator("#passphrase").fill("short");
      await t.sees(page.locator("#passphrase-problem"), /Too short: 5 of at least 12/);
      await page.locator("#passphrase").fill("");
      await page.reload();
      await t.heading("Set up Intel Desk");
      await fillFirstRun(page);
      await t.checkScreen("first-run");
      await page.keyboard.press("Enter");
      await t.heading("record the recovery key");
    },
  },
  {
    name: "recovery-key",
    title: "recovery key: shown once, continue only when recorded",
    async run(t) {
      const { page } = t;
      await t.open("");
      await t.heading("Set up Intel Desk");
      await fillFirstRun(page);
      await page.keyboard.press("Enter");
      const h1 = await t.heading("record the recovery key");
      check(await h1.evaluate((el) => el === document.activeElement), "the heading should take focus so the key is announced");
      const key = (await page.locator(".key").textContent()).replace(/\s+/g, "");
      check(/^AGE-SECRET-KEY-1[0-9A-Z]{58}$/.test(key), `the key should look like an age identity, got ${key}`);
      const cont = page.getByRole("button", { name: "Continue" });
      check(await cont.isDisabled(), "Continue should wait for the checkbox");
      await t.checkScreen("recovery-key");
      await page.getByLabel("I have recorded the recovery key").check();
      await cont.click();
      check((await page.locator(".key").count()) === 0, "the key must be gone once the person continues");
      await t.heading(/Explore with demonstration data|My work/);
      // A new store offers fictitious demonstration data once.
      const notNow = page.getByRole("button", { name: "Not now" });
      if (await notNow.count()) {
        await t.checkScreen("demo-offer");
        await notNow.click();
      }
      await t.waitForWorkspace();
    },
  },
  {
    name: "unlock",
    title: "unlock: refuses a wrong passphrase, then signs in",
    async run(t) {
      const { page } = t;
      await t.open("state=ready");
      await t.heading("Unlock Intel Desk");
      check(await page.locator("#unlock-username").evaluate((el) => el === document.activeElement), "username should have focus");
      await t.checkScreen("unlock");
      await page.keyboard.type("analyst");
      await page.keyboard.press("Tab");
      await page.keyboard.type("wrong passphrase");
      await page.keyboard.press("Enter");
      await t.sees(page.getByRole("alert"), /Check the username and passphrase/);
      check(await page.locator("#unlock-passphrase").evaluate((el) => el === document.activeElement && el.value === ""), "the passphrase should be cleared and focused");
      await t.axe("unlock (refused)");
      await page.keyboard.type("correct horse battery");
      await page.keyboard.press("Enter");
      await t.waitForWorkspace();
    },
  },
  {
    name: "store-problem",
    title: "store problem: says what to do, offers a re-check",
    async run(t) {
      const { page } = t;
      await t.open("state=damaged");
      await t.heading("The store cannot be opened");
      await t.sees(page.getByRole("alert"), /Do not create a new store/);
      await page.getByRole("button", { name: "Check again" }).focus();
      await t.checkScreen("store-problem");
      await page.keyboard.press("Enter");
      await t.heading("The store cannot be opened");
    },
  },
];
