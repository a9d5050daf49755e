// Search, record view, entity view and develop.
import { check } from "./harness.mjs";

export default [
  {
    name: "search",
    title: "search: 100,000 reports, total shown, only a window of rows in the DOM",
    async run(t) {
      const { page } = t;
      await t.signIn("role=analyst&reports=100000");
      await t.go("Search");
      const text = page.locator("#search-text");
      await text.waitFor();
      // Everything, then narrow by text; the total is announced, rows are virtual.
      await page.keyboard.press("Enter");
      await t.sees(page.locator("p.count"), /^100,000 reports$/, 20_000);
      const rows = await page.locator('[role="grid"] [role="row"]').count();
      check(rows > 1, "some result rows should be drawn");
      check(rows < 200, `only a window of the 100,000 results should be in the DOM (found ${rows} rows)`);
      await t.checkScreen("search");
      await text.fill("harbour");
      await page.keyboard.press("Enter");
      await t.sees(page.locator("p.count"), /^[\d,]+ reports?$/);
    },
  },
  {
    name: "record",
    title: "record view: the report, its grade, history and linked entities",
    async run(t) {
      const { page } = t;
      await t.signIn("role=intelligence-manager&admin=1");
      await page.getByRole("link", { name: "IR-2026-000001" }).first().click();
      await t.heading(/IR-2026-000001/);
      await t.sees(page.locator("main"), /1BC/);
      await t.sees(page.locator("main"), /Kestrel Example/);
      await t.checkScreen("record");
    },
  },
  {
    name: "entity",
    title: "entity view: the entity, its reports and associations",
    async run(t) {
      const { page } = t;
      await t.signIn("role=intelligence-manager&admin=1");
      await page.getByRole("link", { name: "IR-2026-000001" }).first().click();
      await t.heading(/IR-2026-000001/);
      await page.getByRole("link", { name: /Kestrel Example/ }).first().click();
      await t.heading(/Kestrel Example/);
      await t.sees(page.locator("main"), /DE12 MOX/);
      await t.checkScreen("entity");
    },
  },
  {
    name: "develop",
    title: "develop: find an entity with the keyboard and link it to the report",
    async run(t) {
      const { page } = t;
      await t.signIn("role=intelligence-manager&admin=1");
      await page.getByRole("link", { name: "IR-2026-000001" }).first().click();
      await t.heading(/IR-2026-000001/);
      await page.getByRole("button", { name: /^Develop/ }).first().click();
      await t.heading(/Develop IR-2026-000001/);
      await page.locator("#entity-search").click();
      await page.keyboard.type("14 Harb");
      await page.getByRole("option", { name: /14 Harbour Row/ }).first().waitFor();
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("Enter");
      await page.locator("#link-role").fill("address visited");
      await page.getByTestId("entity-link").click();
      await t.sees(page.getByRole("complementary", { name: "Linked to this report" }), /14 Harbour Row\s*as address visited/);
      await t.checkScreen("develop");
    },
  },
];
