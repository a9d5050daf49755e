// Screen-test harness: a static server for ui/dist, Debian's Chromium driven
// by playwright-core (never a downloaded browser), axe-core checks and
// screenshots. The UI runs on its browser mock (?state=…&role=…).

import { createServer } from "node:http";
import { readFile, mkdir, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import AxeBuilder from "@axe-core/playwright";

const here = path.dirname(fileURLToPath(import.meta.url));
export const UI_DIR = path.resolve(here, "../..");
export const REPO_DIR = path.resolve(UI_DIR, "..");
export const DIST_DIR = path.join(UI_DIR, "dist");
export const SHOTS_DIR = path.join(REPO_DIR, "target", "screenshots");
export const CHROMIUM = process.env.INTEL_CHROMIUM ?? "/usr/bin/chromium";
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
export const VIEWPORT = { width: 1280, height: 720 };
export const USER = { username: "analyst", passphrase: "correct horse battery" };
/** Text of the placeholder each screen had before its owner built it. */
export const PLACEHOLDER_TEXT = "This screen is being built.";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
};

/** Serves ui/dist on a free local port (the same files Tauri loads). */
export async function serveDist() {
  if (!existsSync(path.join(DIST_DIR, "index.html"))) {
    throw new Error(`no build in ${DIST_DIR}: run \`npm run build\` in ui/ first`);
  }
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      // Browsers ask for one by themselves; the app has none (Tauri uses its icons).
      if (url.pathname === "/favicon.ico") {
        res.writeHead(204);
        return res.end();
      }
      let rel = decodeURIComponent(url.pathname);
      if (rel.endsWith("/")) rel += "index.html";
      const file = path.join(DIST_DIR, path.normalize(rel).replace(/^(\.\.[/\\])+/, ""));
      if (!file.startsWith(DIST_DIR)) throw Object.assign(new Error("outside dist"), { status: 403 });
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
      res.end(body);
    } catch (e) {
      res.writeHead(e?.status ?? 404, { "content-type": "text/plain" });
      res.end("not found");
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (set INTEL_CHROMIUM)`);
  const args = ["--disable-gpu", "--disable-dev-shm-usage", "--font-render-hinting=none"];
  // Chromium's sandbox refuses to run as root (containers, CI).
  if (process.getuid?.() === 0) args.push("--no-sandbox");
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args });
}

export class CheckFailure extends Error {}

/** Fails the test with a message. */
export function check(condition, message) {
  if (!condition) throw new CheckFailure(message);
}

/**
 * What every test receives: the page plus helpers. Each test gets a fresh
 * browser context, so the mock's in-memory store starts from its seed.
 */
export class ScreenTest {
  constructor(page, baseUrl, name) {
    this.page = page;
    this.baseUrl = baseUrl;
    this.name = name;
    this.errors = [];
    this.consoleErrors = [];
    this.checked = new Set();
    page.on("pageerror", (e) => this.errors.push(String(e?.stack ?? e)));
    page.on("response", (r) => {
      if (r.status() >= 400) this.consoleErrors.push(`HTTP ${r.status()} for ${r.url()}`);
    });
    page.on("console", (m) => {
      if (m.type() === "error") this.consoleErrors.push(m.text());
    });
  }

  /** Opens the app with mock switches, e.g. "state=ready&role=analyst". Latency is off unless asked for. */
  async open(query = "") {
    const q = new URLSearchParams(query);
    if (!q.has("delay")) q.set("delay", "0");
    await this.page.goto(`${this.baseUrl}/?${q}`);
    await this.page.locator("h1").first().waitFor({ state: "visible" });
  }

  /** Signs in as the mock's user (state=ready) with the keyboard. */
  async signIn(query = "role=intelligence-manager&admin=1") {
    await this.open(`state=ready&${query}`);
    const page = this.page;
    await page.locator("#unlock-username").fill(USER.username);
    await page.locator("#unlock-passphrase").fill(USER.passphrase);
    await page.keyboard.press("Enter");
    await page.locator("#unlock-passphrase").waitFor({ state: "detached" });
    await this.waitForWorkspace();
  }

  /** The workspace is drawn and the role's permissions have arrived (its nav lists a screen beyond My work). */
  async waitForWorkspace() {
    const nav = this.page.getByRole("navigation").first();
    await nav.waitFor({ state: "visible" });
    await nav.getByRole("link", { name: /search/i }).or(nav.getByRole("button", { name: /search/i })).first().waitFor();
  }

  /** A workspace navigation entry by its visible name (link or button). */
  navEntry(name) {
    const nav = this.page.getByRole("navigation").first();
    const exact = typeof name === "string" ? new RegExp(`^\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "i") : name;
    return nav.getByRole("link", { name: exact }).or(nav.getByRole("button", { name: exact })).first();
  }

  /** Goes to a workspace screen through its navigation entry; waits for the screen's h1. */
  async go(name, heading = name) {
    await this.navEntry(name).click();
    await this.heading(heading);
  }

  /** Waits for the screen's h1 to read `text` (string prefix or RegExp). */
  async heading(text) {
    const re = typeof text === "string" ? new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "i") : text;
    const h1 = this.page.locator("h1").filter({ hasText: re }).first();
    // A placeholder screen ends the wait at once with a clear message.
    await h1.or(this.page.getByText(PLACEHOLDER_TEXT)).first().waitFor({ state: "visible" });
    await this.notPlaceholder();
    return h1;
  }

  /** Fails clearly when a screen is still its placeholder. */
  async notPlaceholder() {
    const placeholder = this.page.getByText(PLACEHOLDER_TEXT);
    if (await placeholder.count()) {
      throw new CheckFailure(`PLACEHOLDER: this screen still shows "${PLACEHOLDER_TEXT}" (not built yet)`);
    }
  }

  /** Waits until the locator's text matches `re`. */
  async sees(locator, re, timeout = 10_000) {
    const deadline = Date.now() + timeout;
    let last = "";
    for (;;) {
      if ((await locator.count()) > 0) {
        last = ((await locator.first().textContent()) ?? "").replace(/\s+/g, " ").trim();
        if (re.test(last)) return last;
      }
      if (Date.now() > deadline) {
        throw new CheckFailure(`expected ${re} in ${locator}, found ${last ? JSON.stringify(last.slice(0, 300)) : "nothing"}`);
      }
      await this.page.waitForTimeout(50);
    }
  }

  /** axe-core on the whole page: any violation of the WCAG 2.2 AA tags fails the test. */
  async axe(label = this.name) {
    await this.page.evaluate(() => document.fonts?.ready);
    const result = await new AxeBuilder({ page: this.page }).withTags(AXE_TAGS).analyze();
    this.checked.add(label);
    if (result.violations.length > 0) {
      const lines = result.violations.flatMap((v) => [
        `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`,
        ...v.nodes.slice(0, 6).map((n) => `      at ${n.target.join(" ")}: ${(n.failureSummary ?? "").split("\n").slice(1).join("; ").trim()}`),
        ...(v.nodes.length > 6 ? [`      … and ${v.nodes.length - 6} more`] : []),
      ]);
      throw new CheckFailure(`axe: ${result.violations.length} violation(s) on "${label}":\n${lines.join("\n")}`);
    }
  }

  /** Screenshot of the viewport to target/screenshots/screen-<name>.png. */
  async shot(name = this.name) {
    await mkdir(SHOTS_DIR, { recursive: true });
    // Let the caret and any focus ring settle so the image is stable.
    await this.page.waitForTimeout(100);
    await this.page.screenshot({ path: path.join(SHOTS_DIR, `screen-${name}.png`) });
  }

  /** Screenshot, then axe: what each test does once its screen is in the state worth showing. */
  async checkScreen(name = this.name) {
    await this.shot(name);
    await this.axe(name);
  }
}

export async function newTest(browser, baseUrl, name) {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: "en-GB", timezoneId: "Europe/London", reducedMotion: "reduce" });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  return { t: new ScreenTest(page, baseUrl, name), context };
}

/** Newest modification time under a path (files only). */
export async function newestMtime(p) {
  const s = await stat(p);
  if (!s.isDirectory()) return s.mtimeMs;
  const { readdir } = await import("node:fs/promises");
  let newest = 0;
  for (const entry of await readdir(p)) {
    newest = Math.max(newest, await newestMtime(path.join(p, entry)));
  }
  return newest;
}
