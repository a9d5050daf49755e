#!/usr/bin/env node
// Screen tests: every screen of the UI, on the production build with the
// browser mock, in Debian's Chromium. Each test drives its screen with the
// keyboard and clicks, checks its key behaviour, runs axe-core (WCAG 2.2 AA
// tags; any violation fails) and saves target/screenshots/screen-<name>.png.
//
//   node tests/run-screens.mjs [--build | --no-build] [--only name,name] [--jobs N] [--list]
//
// The build is refreshed when ui/src or index.html is newer than ui/dist
// (--build forces it, --no-build never builds). Exit status is non-zero when
// any test fails; the last line is "screens: N passed, M failed".

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { CheckFailure, DIST_DIR, launchBrowser, newestMtime, newTest, serveDist, SHOTS_DIR, UI_DIR } from "./screens/harness.mjs";
import shell from "./screens/shell.mjs";
import work from "./screens/work.mjs";
import explore from "./screens/explore.mjs";
import dissemination from "./screens/dissemination.mjs";
import administration from "./screens/administration.mjs";
import help from "./screens/help.mjs";
import exchange from "./screens/exchange.mjs";
import tasking from "./screens/tasking.mjs";
import products from "./screens/products.mjs";
import references from "./screens/references.mjs";

const TESTS = [...shell, ...work, ...explore, ...dissemination, ...administration, ...exchange, ...tasking, ...products, ...references, ...help];
const TEST_TIMEOUT_MS = 60_000;

function parseArgs(argv) {
  const opts = { build: "auto", only: null, jobs: 4, list: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--build") opts.build = "always";
    else if (a === "--no-build") opts.build = "never";
    else if (a === "--only") opts.only = new Set(argv[++i].split(","));
    else if (a.startsWith("--only=")) opts.only = new Set(a.slice(7).split(","));
    else if (a === "--jobs") opts.jobs = Math.max(1, Number(argv[++i]) || 1);
    else if (a === "--list") opts.list = true;
    else {
      console.error(`unknown argument ${a}`);
      process.exit(2);
    }
  }
  return opts;
}

async function buildIfNeeded(mode) {
  if (mode === "never") return;
  const built = path.join(DIST_DIR, "index.html");
  if (mode === "auto" && existsSync(built)) {
    const sources = Math.max(
      await newestMtime(path.join(UI_DIR, "src")),
      await newestMtime(path.join(UI_DIR, "index.html")),
      await newestMtime(path.join(UI_DIR, "vite.config.ts")),
    );
    if (sources <= (await newestMtime(DIST_DIR))) return;
  }
  console.log("building the UI (vite build)…");
  // Build warnings belong to `npm run check`; show the output only if the build fails.
  const r = spawnSync("npx", ["vite", "build"], { cwd: UI_DIR, encoding: "utf8" });
  if (r.status !== 0) {
    console.error(`${r.stdout ?? ""}${r.stderr ?? ""}\nvite build failed`);
    process.exit(1);
  }
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new CheckFailure(`${what} took longer than ${ms / 1000} s`)), ms);
    }),
  ]);
}

/** A driver error's message and the test line that raised it, without the runner's own frames. */
function briefError(e) {
  const message = String(e?.message ?? e).replace(/\u001b\[[0-9;]*m/g, "").split("\n").filter((l) => l.trim() !== "" && !/^\s*Call log:/.test(l));
  const frame = String(e?.stack ?? "").split("\n").find((l) => l.includes("/tests/screens/") && !l.includes("harness.mjs"));
  return [...message.slice(0, 4), ...(frame ? [frame.trim()] : [])].join("\n");
}

async function runOne(browser, baseUrl, test) {
  const started = Date.now();
  const { t, context } = await newTest(browser, baseUrl, test.name);
  let error = null;
  try {
    await withTimeout(test.run(t), TEST_TIMEOUT_MS, test.name);
    if (t.errors.length > 0) throw new CheckFailure(`uncaught errors in the page:\n  ${t.errors.join("\n  ")}`);
    if (t.checked.size === 0) throw new CheckFailure("the test ran no axe check");
  } catch (e) {
    error = e;
    try {
      await t.page.screenshot({ path: path.join(SHOTS_DIR, `fail-${test.name}.png`) });
    } catch {
      /* the page may be gone */
    }
  } finally {
    await context.close().catch(() => {});
  }
  return { test, error, ms: Date.now() - started, consoleErrors: t.consoleErrors };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const chosen = opts.only ? TESTS.filter((t) => opts.only.has(t.name)) : TESTS;
  if (opts.list) {
    for (const t of TESTS) console.log(`${t.name.padEnd(20)} ${t.title}`);
    return;
  }
  if (opts.only) {
    const unknown = [...opts.only].filter((n) => !TESTS.some((t) => t.name === n));
    if (unknown.length) {
      console.error(`unknown test(s): ${unknown.join(", ")} (see --list)`);
      process.exit(2);
    }
  }
  await buildIfNeeded(opts.build);
  const { mkdir } = await import("node:fs/promises");
  await mkdir(SHOTS_DIR, { recursive: true });

  const server = await serveDist();
  const browser = await launchBrowser();
  const started = Date.now();
  const results = [];
  try {
    const queue = [...chosen];
    const worker = async () => {
      for (let test = queue.shift(); test; test = queue.shift()) {
        const r = await runOne(browser, server.url, test);
        results.push(r);
        const status = r.error ? "FAIL" : "ok  ";
        console.log(`${status} ${test.name.padEnd(20)} ${test.title} (${(r.ms / 1000).toFixed(1)} s)`);
        if (r.error) {
          const msg = r.error instanceof CheckFailure ? r.error.message : briefError(r.error);
          console.log(msg.split("\n").map((l) => `       ${l}`).join("\n"));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(opts.jobs, chosen.length) }, worker));
  } finally {
    await browser.close();
    await server.close();
  }

  const failed = results.filter((r) => r.error);
  const noisy = results.filter((r) => r.consoleErrors.length > 0);
  for (const r of noisy) {
    console.log(`note: console errors in ${r.test.name}: ${r.consoleErrors.slice(0, 3).join(" | ")}`);
  }
  console.log(`screenshots in ${SHOTS_DIR}; took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`screens: ${results.length - failed.length} passed, ${failed.length} failed`);
  process.exitCode = failed.length > 0 ? 1 : 0;
}

main().catch((e) => {
  console.error(e?.stack ?? e);
  console.log("screens: 0 passed, 1 failed");
  process.exit(1);
});
