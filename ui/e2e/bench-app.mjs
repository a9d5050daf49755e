// App benchmark, parts (c) and (d), through tauri-driver on the real app and a
// large store. Every time is taken inside the page (performance.now and
// event.timeStamp), so WebDriver's own round trips are not counted.
//
//   (c) unlock: from the Unlock button's click to the frame after the My work
//       queues are in the DOM; one app launch per run.
//   (d) search as you type: from each keystroke's keydown in the Search box
//       to the frame after the results count shows that prefix's total. The
//       expected totals come from the core baseline (app_baseline search), so a
//       keystroke whose total equals the previous one (nothing visible
//       changes) is typed but not timed.
//
// Environment: INTEL_E2E_APP (binary), BENCH_USER, BENCH_PASS,
// BENCH_BASELINE_SEARCH (JSON from `app_baseline search`), BENCH_RUNS,
// BENCH_WORDS (comma separated, the same words the baseline typed).
// Prints one JSON object to stdout.
import { remote } from "webdriverio";

const app = process.env.INTEL_E2E_APP;
const user = process.env.BENCH_USER;
const pass = process.env.BENCH_PASS;
const runs = Number(process.env.BENCH_RUNS ?? 5);
const words = (process.env.BENCH_WORDS ?? "").split(",").filter(Boolean);
const baseline = process.env.BENCH_BASELINE_SEARCH ? JSON.parse(process.env.BENCH_BASELINE_SEARCH) : { samples: [] };
// What "My work is usable" means on screen: every queue the role has is drawn.
const READY = process.env.BENCH_MYWORK_READY ?? '[data-testid="queue-evaluation"]';

const log = (s) => process.stderr.write(`[app] ${s}\n`);

async function session() {
  const b = await remote({
    hostname: "127.0.0.1",
    port: 4444,
    logLevel: "error",
    capabilities: { "tauri:options": { application: app } },
  });
  await b.setTimeout({ script: 120000 });
  return b;
}

async function waitForH1(b, text, timeout = 60000) {
  await b.waitUntil(async () => (await b.execute(() => document.querySelector("h1")?.textContent ?? "")).includes(text), {
    timeout,
    interval: 50,
    timeoutMsg: `never showed "${text}"`,
  });
}

async function setValue(b, selector, value) {
  const el = await b.$(selector);
  await el.waitForDisplayed({ timeout: 20000 });
  await el.setValue(value);
}

async function unlockTimed(b) {
  await waitForH1(b, "Unlock Intel Desk");
  await setValue(b, "#unlock-username", user);
  await setValue(b, "#unlock-passphrase", pass);
  const ms = await b.executeAsync((ready, done) => {
    const button = document.querySelector("button[type=submit]");
    const t0 = performance.now();
    const check = () => {
      if (!document.querySelector(ready)) return false;
      requestAnimationFrame(() => done(performance.now() - t0));
      return true;
    };
    const alert = () => document.querySelector("[role=alert]");
    const obs = new MutationObserver(() => {
      if (alert()) {
        obs.disconnect();
        done(`refused: ${alert().textContent}`);
      } else if (check()) obs.disconnect();
    });
    obs.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    button.click();
  }, READY);
  if (typeof ms !== "number") throw new Error(`unlock: ${ms}`);
  return ms;
}

// The totals the core found for each prefix, in typing order.
const expected = baseline.samples.map((s) => s.total);
const searchSamples = [];
let skipped = 0;

async function countText(b) {
  return b.execute(() => document.querySelector("p.count")?.textContent ?? "");
}

async function waitStable(b, ms = 400) {
  let last = await countText(b);
  let since = Date.now();
  const start = Date.now();
  while (Date.now() - since < ms) {
    await b.pause(50);
    const now = await countText(b);
    if (now !== last) {
      last = now;
      since = Date.now();
    }
    if (Date.now() - start > 60000) throw new Error("the results count never settled");
  }
  return last;
}

async function searchTimed(b) {
  const nav = await b.$('nav a[href="#search"]');
  await nav.click();
  const box = await b.$("#search-text");
  await box.waitForDisplayed({ timeout: 20000 });
  await b.waitUntil(async () => (await countText(b)) !== "", { timeout: 60000, interval: 50 });
  let all = await waitStable(b);
  log(`search screen: ${all}`);
  let i = 0;
  for (const word of words) {
    await box.click();
    let previous = all;
    let prefix = "";
    for (const ch of word) {
      prefix += ch;
      const total = expected[i++];
      if (total === undefined) throw new Error("the baseline has fewer samples than the words typed");
      const label = total === 0 ? "No reports" : `${total.toLocaleString("en-GB")} ${total === 1 ? "report" : "reports"}`;
      if (label === previous) {
        await b.keys(ch);
        await b.pause(600);
        skipped++;
        continue;
      }
      await b.execute((label) => {
        const probe = { key: null, done: null };
        window.__benchProbe = probe;
        document.addEventListener("keydown", (e) => (probe.key = e.timeStamp), { capture: true, once: true });
        const el = document.querySelector("p.count");
        const obs = new MutationObserver(() => {
          if (el.textContent === label) {
            obs.disconnect();
            requestAnimationFrame(() => (probe.done = performance.now()));
          }
        });
        obs.observe(el, { subtree: true, childList: true, characterData: true });
      }, label);
      await b.keys(ch);
      await b.waitUntil(async () => (await b.execute(() => window.__benchProbe.done)) !== null, {
        timeout: 30000,
        interval: 20,
        timeoutMsg: `the count never showed "${label}" after typing ${ch} of ${word}`,
      });
      const { key, done } = await b.execute(() => window.__benchProbe);
      searchSamples.push({ prefix, total, ms: done - key });
      previous = label;
      await b.pause(150);
    }
    // Clear the box and wait for every report to be listed again.
    await b.execute(() => {
      const el = document.querySelector("#search-text");
      el.select();
    });
    await b.keys(["Backspace"]);
    all = await waitStable(b, 600);
  }
}

const unlockMs = [];
for (let r = 0; r < runs; r++) {
  const b = await session();
  try {
    const ms = await unlockTimed(b);
    unlockMs.push(ms);
    log(`unlock run ${r + 1}: ${ms.toFixed(0)} ms`);
    if (r === runs - 1 && words.length) {
      await searchTimed(b);
    }
  } finally {
    await b.deleteSession().catch(() => {});
  }
}

console.log(JSON.stringify({ unlock_ms: unlockMs, search: searchSamples, search_untimed_keystrokes: skipped }));
