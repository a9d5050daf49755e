// App benchmark, parts (c) and (d), through tauri-driver on the real app and a
// large store. Every time is taken inside the page (performance.now and
// event.timeStamp), and waiting happens inside the page too (one async
// script per measurement, no WebDriver polling competing for the CPU while a
// query runs).
//
//   (c) unlock: from the Unlock button's click to the first frame with the My
//       work queues in the DOM; one app launch per run.
//   (d) search as you type: from a keystroke's keydown in the Search box to
//       the first frame showing the results count of that prefix. Keystrokes
//       are isolated: the next is typed once the previous answer is on screen.
//
// A probe wraps window.fetch (Tauri's IPC on Linux goes through it), so each
// command's round trip is recorded too: that splits a measurement into the
// UI's typing pause, the IPC round trip (which contains the core's own work)
// and drawing.
//
// Environment: INTEL_E2E_APP (binary), BENCH_USER, BENCH_PASS, BENCH_RUNS,
// BENCH_WORDS (comma separated), BENCH_ROUNDS (times the words are typed).
// Prints one JSON object to stdout.
import { remote } from "webdriverio";

const app = process.env.INTEL_E2E_APP;
const user = process.env.BENCH_USER;
const pass = process.env.BENCH_PASS;
const runs = Number(process.env.BENCH_RUNS ?? 5);
const words = (process.env.BENCH_WORDS ?? "").split(",").filter(Boolean);
const rounds = Number(process.env.BENCH_ROUNDS ?? 1);
// What "My work is usable" means on screen: the queues are drawn (they arrive together).
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
    interval: 100,
    timeoutMsg: `never showed "${text}"`,
  });
}

/** Records every IPC call's command, start, end and (for search) the total it answered. */
async function installProbe(b) {
  const kind = await b.execute(() => {
    const ipc = [];
    window.__benchIpc = ipc;
    const original = window.fetch;
    window.fetch = function (url, init) {
      const rec = { cmd: String(url).replace(/^.*\//, ""), t0: performance.now(), t1: null, total: null };
      ipc.push(rec);
      return original.apply(this, arguments).then(async (response) => {
        if (rec.cmd === "search") {
          try {
            const body = await response.clone().json();
            rec.total = body?.total ?? body?.data?.total ?? null;
          } catch {
            /* not JSON */
          }
        }
        rec.t1 = performance.now();
        return response;
      });
    };
    return typeof original;
  });
  if (kind !== "function") throw new Error("the page has no fetch to probe");
}

async function unlockTimed(b) {
  await waitForH1(b, "Unlock Intel Desk");
  await installProbe(b);
  await (await b.$("#unlock-username")).setValue(user);
  await (await b.$("#unlock-passphrase")).setValue(pass);
  const r = await b.executeAsync((ready, done) => {
    const t0 = performance.now();
    const tick = (now) => {
      const alert = document.querySelector("[role=alert]");
      if (alert) return done({ error: alert.textContent });
      if (document.querySelector(ready)) {
        const ipc = window.__benchIpc.map((c) => ({ cmd: c.cmd, ms: c.t1 === null ? null : c.t1 - c.t0 }));
        return done({ ms: now - t0, ipc });
      }
      requestAnimationFrame(tick);
    };
    document.querySelector("button[type=submit]").click();
    requestAnimationFrame(tick);
  }, READY);
  if (r.error) throw new Error(`unlock refused: ${r.error}`);
  return r;
}

const searchSamples = [];

/** Types one character and waits (in the page) until its answer is drawn. */
async function keystroke(b, ch) {
  await b.execute(() => {
    const probe = { key: null, from: window.__benchIpc.length };
    window.__benchKey = probe;
    document.addEventListener("keydown", (e) => (probe.key = e.timeStamp), { capture: true, once: true });
  });
  await b.keys(ch);
  return b.executeAsync((done) => {
    const probe = window.__benchKey;
    const started = performance.now();
    const label = (n) => (n === 0 ? "No reports" : `${n.toLocaleString("en-GB")} ${n === 1 ? "report" : "reports"}`);
    const tick = (now) => {
      const calls = window.__benchIpc.slice(probe.from).filter((c) => c.cmd === "search");
      const last = calls[calls.length - 1];
      if (last && last.t1 !== null && last.total !== null) {
        const shown = document.querySelector("p.count")?.textContent ?? "";
        if (shown === label(last.total)) {
          return done({
            key: probe.key, ipc_start: last.t0, ipc_end: last.t1, painted: now, total: last.total, calls: calls.length,
          });
        }
      }
      if (now - started > 60000) return done({ error: `no answer drawn (${calls.length} search calls)` });
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

async function searchTimed(b) {
  await (await b.$('nav a[href="#search"]')).click();
  const box = await b.$("#search-text");
  await box.waitForDisplayed({ timeout: 20000 });
  await b.waitUntil(async () => (await b.execute(() => document.querySelector("p.count")?.textContent ?? "")) !== "", {
    timeout: 60000,
    interval: 100,
  });
  await b.pause(1000);
  for (let round = 0; round < rounds; round++) for (const word of words) {
    await box.click();
    let prefix = "";
    for (const ch of word) {
      prefix += ch;
      const r = await keystroke(b, ch);
      if (r.error) throw new Error(`typing ${prefix}: ${r.error}`);
      searchSamples.push({
        round,
        prefix,
        total: r.total,
        ms: r.painted - r.key,
        pause_ms: r.ipc_start - r.key,
        ipc_ms: r.ipc_end - r.ipc_start,
        draw_ms: r.painted - r.ipc_end,
        calls: r.calls,
      });
      await b.pause(200);
    }
    // Clear the box and let the full list come back before the next word.
    await b.execute(() => document.querySelector("#search-text").select());
    const r = await keystroke(b, "Backspace");
    if (r.error) throw new Error(`clearing: ${r.error}`);
    await b.pause(300);
  }
}

const unlocks = [];
for (let r = 0; r < runs; r++) {
  const b = await session();
  try {
    const u = await unlockTimed(b);
    unlocks.push(u);
    log(`unlock run ${r + 1}: ${u.ms.toFixed(0)} ms (${u.ipc.map((c) => `${c.cmd} ${c.ms?.toFixed(0)}`).join(", ")})`);
    if (r === runs - 1 && words.length) await searchTimed(b);
  } finally {
    await b.deleteSession().catch(() => {});
  }
}

console.log(JSON.stringify({ unlock_ms: unlocks.map((u) => u.ms), unlock_ipc: unlocks.map((u) => u.ipc), search: searchSamples }));
