// The shell's dialogs: the keyboard-shortcuts help panel (opened with "?",
// closed with Escape, focus returned) and "Change passphrase".
import { check, USER } from "./harness.mjs";

const inDialog = (dialog) => dialog.evaluate((d) => d.contains(document.activeElement));
const focused = (locator) => locator.evaluate((el) => el === document.activeElement);

export default [
  {
    name: "help",
    title: "help panel: ? opens the shortcuts dialog, Escape closes it",
    async run(t) {
      const { page } = t;
      await t.signIn("role=intelligence-officer");
      await t.heading("My work");
      // Shortcuts never fire while typing; from the page body "?" opens help.
      await page.locator("h1").first().click();
      await page.keyboard.press("Shift+Slash");
      const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
      await dialog.waitFor();
      check(
        await dialog.evaluate((d) => d.contains(document.activeElement)),
        "focus should move into the help dialog",
      );
      await t.checkScreen("help");
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });
    },
  },
  {
    name: "change-passphrase",
    title: "change passphrase: current one required, progress while it works, then only the new one unlocks",
    async run(t) {
      const { page } = t;
      const next = "plum kettle harbour lamp";
      // Some latency, so the busy state can be seen (the mock stretches this command like the core's key derivation).
      await t.signIn("role=analyst&delay=150");
      await t.heading("My work");
      const opener = page.getByRole("button", { name: "Change passphrase" });
      const dialog = page.getByRole("dialog", { name: "Change your passphrase" });

      // Escape closes it and focus returns to the opener.
      await opener.click();
      await dialog.waitFor();
      check(await focused(page.locator("#change-current")), "focus should start in the current passphrase");
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });
      check(await focused(opener), "focus should return to Change passphrase");

      // Focus stays inside: Shift+Tab from the first field wraps to the last button.
      await opener.press("Enter");
      await dialog.waitFor();
      await page.locator("#change-current").waitFor();
      check(await focused(page.locator("#change-current")), "focus should start in the current passphrase");
      await page.keyboard.press("Shift+Tab");
      check(await inDialog(dialog), "Shift+Tab should stay inside the dialog");

      // Problems first, on the fields.
      await page.getByTestId("change-passphrase-submit").click();
      await t.sees(page.locator("#change-current-problem"), /Enter the passphrase you unlocked with/);
      check(await focused(page.locator("#change-current")), "focus should go to the first problem");
      await page.locator("#change-new").fill("short");
      await t.sees(page.locator("#change-new-problem"), /Too short: 5 of at least 12/);
      await page.locator("#change-confirm").fill("shorter");
      await t.sees(page.locator("#change-confirm-problem"), /differ/);
      await t.axe("change-passphrase (problems shown)");

      // A wrong current passphrase: said in the dialog, the field cleared and focused.
      await page.locator("#change-current").fill("not my passphrase");
      await page.locator("#change-new").fill(next);
      await page.locator("#change-confirm").fill(next);
      await page.keyboard.press("Enter");
      await t.sees(page.getByRole("status").filter({ hasText: /Changing your passphrase/ }), /this takes a second or two/);
      const submit = page.getByTestId("change-passphrase-submit");
      check((await submit.getAttribute("aria-disabled")) === "true", "the button should be disabled while it works");
      check(await inDialog(dialog), "focus should stay inside the dialog while it works");
      await t.sees(page.getByTestId("change-passphrase-failure"), /The current passphrase is wrong; nothing was changed\./);
      check(await focused(page.locator("#change-current")), "focus should return to the current passphrase");
      check((await page.locator("#change-current").inputValue()) === "", "the wrong passphrase should be cleared");
      check((await page.locator("#change-new").inputValue()) === next, "the new passphrase should be kept");
      await t.checkScreen("change-passphrase");

      // The right one: the dialog closes, says so, and forgets what was typed.
      await page.locator("#change-current").fill(USER.passphrase);
      await submit.click();
      await dialog.waitFor({ state: "hidden" });
      await t.sees(page.getByTestId("passphrase-note"), /Your passphrase has been changed/);
      check(await focused(opener), "focus should return to Change passphrase");
      await opener.click();
      await dialog.waitFor();
      for (const id of ["#change-current", "#change-new", "#change-confirm"]) {
        check((await page.locator(id).inputValue()) === "", `${id} should be empty when the dialog opens again`);
      }
      check((await page.getByTestId("change-passphrase-failure").count()) === 0, "the old failure should be gone");
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });
      await t.axe("change-passphrase (changed)");

      // Only the new passphrase unlocks now.
      await page.getByTestId("lock").click();
      await page.locator("#unlock-passphrase").fill(USER.passphrase);
      await page.keyboard.press("Enter");
      await t.sees(page.getByRole("alert"), /Check the username and passphrase/);
      await page.locator("#unlock-passphrase").fill(next);
      await page.keyboard.press("Enter");
      await t.waitForWorkspace();
    },
  },
];
