// The working screens of the intake and evaluation stage: My work, intake,
// evaluate, sanitise. The seed (src/lib/mock/seed.ts) holds IR-2026-000001
// (1BC, not sanitised), IR-2026-000002 (2CP, sanitised) and IR-2026-000003
// (received, not graded).
import { check } from "./harness.mjs";

export default [
  {
    name: "my-work",
    title: "my work: the role's queues, most urgent first, each with its action",
    async run(t) {
      const { page } = t;
      await t.signIn("role=intelligence-manager&admin=1");
      await t.heading("My work");
      await t.sees(page.getByRole("heading", { name: /Awaiting evaluation/ }), /Awaiting evaluation/);
      const evaluate = page.getByRole("button", { name: "Evaluate IR-2026-000003" });
      await evaluate.waitFor();
      await page.getByRole("button", { name: "Sanitise IR-2026-000001" }).waitFor();
      // IR-2026-000001 is OFFICIAL-SENSITIVE: both banners carry the highest marking listed.
      const banners = page.getByRole("note", { name: "Security marking" });
      await t.sees(banners.first(), /^OFFICIAL-SENSITIVE$/);
      await t.sees(banners.last(), /^OFFICIAL-SENSITIVE$/);
      await t.checkScreen("my-work");
      // The queue's action opens its screen.
      await evaluate.focus();
      await page.keyboard.press("Enter");
      await t.heading("Evaluate IR-2026-000003");
    },
  },
  {
    name: "intake",
    title: "intake: validates as you type, records, shows the new reference",
    async run(t) {
      const { page } = t;
      await t.signIn("role=intelligence-officer");
      await t.go("Record a report");
      // A covert source needs a reference number, never a name: said while typing.
      await page.locator("#report-source-type").selectOption("covert-source");
      await page.locator("#report-source-ref").click();
      await page.keyboard.type("John Smith");
      await t.sees(page.locator("#report-sourceRef-problem"), /reference number only/i);
      await page.locator("#report-source-ref").fill("CHIS-0042");
      await page.locator("#report-text").click();
      await page.keyboard.type("x");
      await page.keyboard.press("Backspace");
      await t.sees(page.locator("#report-text-problem"), /./);
      await page.getByTestId("record-submit").click();
      await t.sees(page.locator("#report-marking-problem"), /./);
      check(await page.locator("#report-marking").evaluate((el) => el === document.activeElement), "focus should go to the first problem");
      await t.axe("intake (problems shown)");
      await page.locator("#report-marking").selectOption("OFFICIAL-SENSITIVE");
      await page.locator("#report-priority").selectOption("high");
      await page.locator("#report-text").fill("A blue van, KX19 ABC, seen at the Ropewalk Close garages at 23:00 with boxes unloaded.");
      await t.checkScreen("intake");
      await page.getByTestId("record-submit").click();
      await t.sees(page.getByTestId("new-reference"), /^IR-2026-\d{6}$/);
      await t.axe("intake (recorded)");
    },
  },
  {
    name: "evaluate",
    title: "evaluate: 3x5x2 grades; handling code C requires conditions",
    async run(t) {
      const { page } = t;
      await t.signIn("role=intelligence-manager&admin=1");
      await page.getByRole("button", { name: "Evaluate IR-2026-000003" }).click();
      await t.heading("Evaluate IR-2026-000003");
      await page.locator('input[name="source"][value="2"]').check();
      await page.locator('input[name="intelligence"][value="B"]').check();
      await page.locator('input[name="handling"][value="C"]').check();
      await page.locator("#eval-conditions").waitFor();
      await page.locator("#eval-rationale").fill("Housing officer's direct report; corroborated by the tenancy record.");
      await page.getByTestId("evaluate-submit").click();
      await t.sees(page.locator("#eval-conditions-problem"), /conditions/i);
      check((await page.getByTestId("evaluated-grade").count()) === 0, "code C must not be saved without conditions");
      await t.checkScreen("evaluate");
      await page.locator("#eval-conditions").fill("Not to be shared outside the housing fraud team.");
      await page.getByTestId("evaluate-submit").click();
      await t.sees(page.getByTestId("evaluated-grade"), /^2BC$/);
      await t.axe("evaluate (saved)");
    },
  },
  {
    name: "sanitise",
    title: "sanitise: likely identifiers in the original are highlighted",
    async run(t) {
      const { page } = t;
      await t.signIn("role=intelligence-manager&admin=1");
      await page.getByRole("button", { name: "Sanitise IR-2026-000001" }).click();
      await t.heading("Sanitise IR-2026-000001");
      const marked = page.getByTestId("original-marked");
      await marked.waitFor();
      const marks = await marked.locator("mark").allTextContents();
      check(marks.some((m) => m.includes("DE12 MOX")), `the vehicle registration should be marked (marks: ${marks.join(" | ")})`);
      check(marks.some((m) => m.includes("07700 900123")), "the phone number should be marked");
      await t.checkScreen("sanitise");
    },
  },
];
