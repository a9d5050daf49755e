// Helpers for driving the real app through tauri-driver + WebKitWebDriver.
// WebKitWebDriver is stricter and slower than Chromium's driver: elements must
// be scrolled into view and enabled before a click, a radio hidden inside its
// label may refuse a direct click, and setValue on a Svelte-bound field is
// checked afterwards (with a fallback that sets the value the way typing does).
import { mkdirSync } from "node:fs";
import path from "node:path";

export function harness(browser, shotsDir) {
  mkdirSync(shotsDir, { recursive: true });
  const T = 20000;

  async function el(selector, timeout = T) {
    const e = await browser.$(selector);
    await e.waitForExist({ timeout, timeoutMsg: `${selector} never appeared` });
    await e.waitForDisplayed({ timeout, timeoutMsg: `${selector} never became visible` });
    return e;
  }

  async function shot(name) {
    await browser.pause(500);
    await browser.saveScreenshot(path.join(shotsDir, `e2e-${name}.png`));
  }

  async function click(selector, timeout = T) {
    const e = await el(selector, timeout);
    await e.waitForEnabled({ timeout, timeoutMsg: `${selector} stayed disabled` });
    await e.scrollIntoView({ block: "center" });
    await e.click();
  }

  /** A button by its visible text (exact, whitespace normalised). */
  const button = (text) => click(`button=${text}`);

  async function setNative(selector, value) {
    await browser.execute(
      (sel, v) => {
        const e = document.querySelector(sel);
        const proto = e instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
        Object.getOwnPropertyDescriptor(proto, "value").set.call(e, v);
        e.dispatchEvent(new Event("input", { bubbles: true }));
        e.dispatchEvent(new Event("change", { bubbles: true }));
      },
      selector,
      value,
    );
  }

  /** Types into a field and checks the field holds exactly that afterwards. */
  async function fill(selector, text) {
    const e = await el(selector);
    await e.waitForEnabled({ timeout: T, timeoutMsg: `${selector} stayed disabled` });
    await e.scrollIntoView({ block: "center" });
    await e.setValue(text);
    if ((await e.getValue()) !== text) await setNative(selector, text);
    const got = await e.getValue();
    if (got !== text) throw new Error(`${selector} holds "${got}", not "${text}"`);
  }

  async function select(selector, value) {
    const e = await el(selector);
    await e.scrollIntoView({ block: "center" });
    try {
      await e.selectByAttribute("value", value);
    } catch {
      /* fall through to the check */
    }
    if ((await e.getValue()) !== value) {
      await browser.execute(
        (sel, v) => {
          const s = document.querySelector(sel);
          s.value = v;
          s.dispatchEvent(new Event("input", { bubbles: true }));
          s.dispatchEvent(new Event("change", { bubbles: true }));
        },
        selector,
        value,
      );
    }
    const got = await e.getValue();
    if (got !== value) throw new Error(`${selector} is "${got}", not "${value}"`);
  }

  /** A radio or checkbox: click it, else its label; then check it took. */
  async function check(selector) {
    const e = await browser.$(selector);
    await e.waitForExist({ timeout: T, timeoutMsg: `${selector} never appeared` });
    await e.scrollIntoView({ block: "center" });
    if (!(await e.isSelected())) {
      try {
        await e.click();
      } catch {
        await browser.execute((sel) => document.querySelector(sel).closest("label")?.click(), selector);
      }
    }
    if (!(await e.isSelected())) await browser.execute((sel) => document.querySelector(sel).click(), selector);
    if (!(await e.isSelected())) throw new Error(`${selector} would not check`);
  }

  async function text(selector, timeout = T) {
    return (await el(selector, timeout)).getText();
  }

  /** The screen's h1 (the workspace has one per screen). */
  async function heading() {
    return browser.execute(() => document.querySelector("main h1, h1")?.textContent?.trim() ?? "");
  }

  async function waitForHeading(want, timeout = 30000) {
    await browser.waitUntil(async () => (await heading()).includes(want), {
      timeout,
      interval: 100,
      timeoutMsg: `never showed "${want}" (showing "${await heading()}")`,
    });
  }

  /** Workspace navigation by the link's target. */
  async function go(screen) {
    await click(`nav a[href="#${screen}"]`);
  }

  async function waitUntil(fn, timeoutMsg, timeout = T) {
    await browser.waitUntil(fn, { timeout, interval: 100, timeoutMsg });
  }

  /** Fails with the on-screen alert's text when one appears instead of the expected element. */
  async function expectOrAlert(selector, timeout = T) {
    await browser.waitUntil(
      async () => (await browser.$(selector).isExisting()) || (await browser.$("[role=alert]").isExisting()),
      { timeout, interval: 100, timeoutMsg: `${selector} never appeared` },
    );
    if (!(await browser.$(selector).isExisting())) throw new Error(`alert: ${await browser.$("[role=alert]").getText()}`);
  }

  return { el, shot, click, button, fill, select, check, text, heading, waitForHeading, go, waitUntil, expectOrAlert };
}
