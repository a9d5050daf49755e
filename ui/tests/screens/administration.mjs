// Administration: keyboard tabs, users (add, lock), retention, idle lock, audit viewer and chain check.
import { check } from "./harness.mjs";

async function selectedTab(page) {
  return (await page.getByRole("tab", { selected: true }).textContent()).trim();
}

export default [
  {
    name: "administration",
    title: "administration: users, retention, idle lock, audit trail and chain check",
    async run(t) {
      const { page } = t;
      await t.signIn("role=intelligence-manager&admin=1");
      await t.go("Administration");

      // Tabs follow the WAI-ARIA pattern: arrows move, Home/End jump.
      check((await selectedTab(page)) === "Users", "Users should be the first tab");
      await page.getByRole("tab", { name: "Users" }).focus();
      await page.keyboard.press("ArrowRight");
      check((await selectedTab(page)) === "Retention", "ArrowRight should select Retention");
      await page.keyboard.press("End");
      check((await selectedTab(page)) === "Audit trail", "End should select the audit trail");
      await page.keyboard.press("Home");
      check((await selectedTab(page)) === "Users", "Home should go back to Users");

      // Users: the table, then add a user (validated) and lock them with a reason.
      const table = page.locator("table").first();
      await t.sees(table, /analyst \(you\)/);
      await t.sees(table, /officer/);
      await page.getByTestId("add-user-submit").click();
      await t.sees(page.locator("#new-username-problem"), /Enter a username/);
      await t.sees(page.locator("#new-role-problem"), /Choose a role/);
      await page.locator("#new-username").fill("jsmith");
      await page.locator("#new-display-name").fill("J. Smith");
      await page.locator("#new-role").selectOption("analyst");
      await page.locator("#new-passphrase").fill("too short");
      await t.sees(page.locator("#new-passphrase-problem"), /Too short: 9 of at least 12/);
      await page.locator("#new-passphrase").fill("harbour lights at dawn");
      await page.locator("#new-passphrase-confirm").fill("harbour lights at dawn");
      await page.getByTestId("add-user-submit").click();
      await t.sees(page.getByTestId("users-result"), /Added jsmith \(Analyst, cleared to OFFICIAL\)/);
      const row = page.locator('tr[data-username="jsmith"]');
      await t.sees(row, /Active/);
      await page.getByRole("button", { name: "Lock jsmith" }).click();
      check(await page.locator("#lock-reason").evaluate((el) => el === document.activeElement), "the reason should take focus");
      await page.getByTestId("lock-user-submit").click();
      await t.sees(page.locator("#lock-reason-problem"), /Enter the reason for locking/);
      await page.keyboard.type("Left the unit on transfer");
      await page.getByTestId("lock-user-submit").click();
      await t.sees(page.getByTestId("users-result"), /jsmith is locked/);
      await t.sees(row, /Locked/);
      check((await page.getByRole("button", { name: "Lock analyst" }).count()) === 0, "nobody is offered to lock themself");
      await t.checkScreen("administration");

      // Retention: months per group, with a reason.
      await page.getByRole("tab", { name: "Retention" }).click();
      await page.locator("#retention-months-3").fill("0");
      await page.getByRole("button", { name: "Save group 3" }).click();
      await t.sees(page.locator("#retention-months-3-problem"), /between 1 and 1200/);
      await page.locator("#retention-months-3").fill("84");
      await page.locator("#retention-reason-3").fill("Force policy change, ref. IM-2026-14");
      await page.getByRole("button", { name: "Save group 3" }).click();
      await t.sees(page.getByTestId("retention-result"), /Group 3 .* is now reviewed after 84 months \(7 years\)/);
      await t.shot("administration-retention");
      await t.axe("administration (retention)");

      // Idle lock: minutes within the core's 1 minute to 4 hours.
      await page.getByRole("tab", { name: "Idle lock" }).click();
      await page.locator("#idle-minutes").fill("300");
      await page.getByTestId("idle-submit").click();
      await t.sees(page.locator("#idle-minutes-problem"), /between 1 and 240/);
      await page.locator("#idle-minutes").fill("10");
      await page.locator("#idle-reason").fill("Shared office");
      await page.getByTestId("idle-submit").click();
      await t.sees(page.getByTestId("idle-result"), /Idle lock set to 10 minutes/);
      await t.shot("administration-idle-lock");
      await t.axe("administration (idle lock)");

      // Audit trail: every change above is there, filterable; the chain verifies.
      await page.getByRole("tab", { name: "Audit trail" }).click();
      for (const action of ["user.create", "user.lock", "config.retention", "config.idle-lock"]) {
        await page.locator(`tr[data-action="${action}"]`).first().waitFor();
      }
      await t.sees(page.locator('tr[data-action="user.lock"]'), /Left the unit on transfer/);
      await page.locator("#audit-target").fill("user:jsmith");
      await page.keyboard.press("Enter");
      await t.sees(page.locator(".summary"), /2 entries for user:jsmith/);
      check((await page.locator("tbody tr[data-action]").count()) === 2, "the filter should leave jsmith's two entries");
      await page.getByTestId("audit-verify").click();
      await t.sees(page.getByTestId("audit-result"), /Chain verified\. \d+ entries checked, up to entry \d+; the checkpoint kept outside the database is at entry \d+\./);
      check((await page.getByTestId("audit-result").getAttribute("data-ok")) === "true", "the chain should verify");
      await t.checkScreen("administration-audit");
    },
  },
  {
    name: "audit-tampered",
    title: "audit check: a broken chain is an alert listing the problems",
    async run(t) {
      const { page } = t;
      await t.signIn("role=director-of-intelligence&audit=tampered");
      await t.go("Administration");
      // The director reads the audit trail but is no administrator: only that tab.
      check((await page.getByRole("tab").count()) === 1, "only the audit tab should be offered");
      await page.getByTestId("audit-verify").click();
      const alert = page.getByRole("alert").filter({ has: page.getByTestId("audit-result") }).or(page.getByTestId("audit-result"));
      await t.sees(alert, /tampered with or damaged.*has been altered/);
      check((await page.getByTestId("audit-result").getAttribute("role")) === "alert", "a broken chain should be announced as an alert");
      check(await page.getByTestId("audit-result").evaluate((el) => el === document.activeElement), "focus should move to the problems");
      await t.checkScreen("audit-tampered");
    },
  },
];
