// The keyboard-shortcuts help panel: opened with "?", closed with Escape, focus returned.
import { check } from "./harness.mjs";

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
];
