// Turns the JSON written by bench-start.mjs, bench-app.mjs and app_baseline
// into the app benchmark table (scripts/app-bench.sh prints it and writes it
// to target/app-bench.txt).
//
//   node ui/e2e/bench-report.mjs DIR   (DIR holds start.json, app.json, unlock.json, search.json, meta.json)
import { readFileSync } from "node:fs";
import path from "node:path";

const dir = process.argv[2];
const load = (f) => JSON.parse(readFileSync(path.join(dir, f), "utf8"));
const start = load("start.json");
const app = load("app.json");
const unlock = load("unlock.json");
const search = load("search.json");
const meta = load("meta.json");

const sorted = (xs) => [...xs].sort((a, b) => a - b);
function pct(xs, p) {
  const s = sorted(xs);
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.round((s.length - 1) * p))];
}
const median = (xs) => pct(xs, 0.5);
const f = (x, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : "n/a");

const rows = [];
const row = (what, appV, baseV, unit, d = 0) => rows.push([what, `${f(appV, d)} ${unit}`, `${f(baseV, d)} ${unit}`, ratio(appV, baseV)]);

const A = (k) => start.app.map((r) => r[k]).filter((v) => v !== null);
const B = (k) => start.bare.map((r) => r[k]).filter((v) => v !== null);
row("(a) start → first frame, median", median(A("first_ms")), median(B("first_ms")), "ms");
row("(a) start → unlock form / h1 drawn, median", median(A("complete_ms")), median(B("complete_ms")), "ms");
row("(b) idle PSS, process tree, median", median(A("pss_mb")), median(B("pss_mb")), "MB", 1);
row("(b) idle RSS, process tree, median", median(A("rss_mb")), median(B("rss_mb")), "MB", 1);
row("(c) Unlock click → My work drawn, median", median(app.unlock_ms), median(unlock.total_ms), "ms");
const ipcOf = (cmd) => app.unlock_ipc.map((calls) => calls.find((c) => c.cmd === cmd)?.ms).filter((v) => v != null);
row("(c)   of which the unlock call, median", median(ipcOf("unlock")), median(unlock.unlock_ms), "ms");

// Search: the same prefixes, typed in the app and run by the core.
const typed = new Set(app.search.map((s) => s.prefix));
const core = search.samples.filter((s) => typed.has(s.query)).map((s) => s.ms);
const appMs = app.search.map((s) => s.ms);
const ipcMs = app.search.map((s) => s.ipc_ms);
row("(d) keystroke → count drawn, median", median(appMs), median(core), "ms");
row("(d) keystroke → count drawn, p95", pct(appMs, 0.95), pct(core, 0.95), "ms");
row("(d)   of which the search call, median", median(ipcMs), median(core), "ms");
row("(d)   of which the search call, p95", pct(ipcMs, 0.95), pct(core, 0.95), "ms");
// Each prefix's best time over the rounds: what is left when a burst of other
// work on the machine hit one of the rounds.
const best = (samples, key, time) => {
  const m = new Map();
  for (const x of samples) m.set(x[key], Math.min(m.get(x[key]) ?? Infinity, time(x)));
  return [...m.values()];
};
if (Math.max(...app.search.map((s) => s.round ?? 0)) > 0) {
  row("(d) keystroke → count drawn, best of rounds, median", median(best(app.search, "prefix", (x) => x.ms)), median(best(search.samples.filter((s) => typed.has(s.query)), "query", (x) => x.ms)), "ms");
  row("(d)   of which the search call, best of rounds, median", median(best(app.search, "prefix", (x) => x.ipc_ms)), median(best(search.samples.filter((s) => typed.has(s.query)), "query", (x) => x.ms)), "ms");
}
const parts = `typing pause ${f(median(app.search.map((s) => s.pause_ms)))} ms (the Search screen waits ${meta.debounce_ms} ms after a keystroke), ` +
  `search call ${f(median(ipcMs))} ms, drawing ${f(median(app.search.map((s) => s.draw_ms)))} ms`;

const widths = [0, 1, 2, 3].map((i) => Math.max(...[["", "app", "baseline", "ratio"], ...rows].map((r) => r[i].length)));
const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("   ");
const out = [];
out.push(`# Intel Desk app benchmark — ${meta.date}`);
out.push(`machine: ${meta.machine}`);
out.push(
  `store: ${meta.reports.toLocaleString("en-GB")} reports (${meta.store_mb} MB encrypted); runs: ${start.app.length} starts each, ${app.unlock_ms.length} unlocks, ${app.search.length} keystrokes (every prefix of "${meta.words}", one at a time)`,
);
out.push(`builds: ${meta.build}`);
out.push(meta.load);
out.push("baselines: (a)(b) a bare Tauri window with one static h1 (crates/bare-window); (c)(d) the core's own calls, headless, same store, same run");
out.push("");
out.push(line(["", "app", "baseline", "ratio"]));
for (const r of rows) out.push(line(r));
out.push("");
out.push(`(d) medians in the app: ${parts}`);
out.push(`(c) core: unlock ${f(median(unlock.unlock_ms))} ms, then permitted_actions + has_demo_data + my_work together ${f(median(unlock.my_work_ms))} ms (medians of ${unlock.total_ms.length})`);
const procs = (runs) => {
  const last = runs[runs.length - 1];
  return last.procs.map((p) => `${p.name} ${f(p.pss_kb / 1024, 1)}`).join(", ");
};
out.push(`(b) PSS by process, MB, last run: app: ${procs(start.app)}; bare: ${procs(start.bare)}`);
console.log(out.join("\n"));
