// App benchmark, parts (a) and (b): cold start and idle memory of a window,
// launched directly (no WebDriver) on its own Xvfb whose framebuffer is a
// file (-fbdir), so the screen can be read every few milliseconds without
// asking the X server.
//
//   node ui/e2e/bench-start.mjs --runs 7 --idle 5 app=target/release/intel-desk bare=target/release/bare-window
//
// For each run and each binary (interleaved, so drift hits both alike):
//   start      the moment we spawn the process
//   first      first frame in which the window shows anything
//   complete   first frame that matches the settled frame (all but a
//              caret's worth of pixels): the h1 / unlock form is on screen
//   memory     after `complete` + idle seconds: RSS and PSS summed over the
//              process and all its descendants (WebKitWebProcess, NetworkProcess)
// Prints one JSON object to stdout; the environment (INTEL_DESK_STORE …) is
// passed through to the launched binaries.
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const runs = Number(opt("runs", 5));
const idleS = Number(opt("idle", 5));
const settleS = Number(opt("settle", 6));
const targets = args.filter((a) => /^[a-z]+=/.test(a)).map((a) => a.split(/=(.*)/s).slice(0, 2));
if (targets.length === 0) throw new Error("name=binary arguments required");

const W = 1280, H = 800;
const HEADER = 160 + 256 * 12; // XWD header + colormap, as Xvfb -fbdir writes it
const FRAME = W * H * 4;
// A blinking caret is ~2×20 px; anything larger than this is a real change.
const SAME_PIXELS = 200;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function startXvfb() {
  const dir = mkdtempSync(path.join(tmpdir(), "intel-fb."));
  for (let n = 90; n < 140; n++) {
    if (existsSync(`/tmp/.X${n}-lock`)) continue;
    const x = spawn("Xvfb", [`:${n}`, "-screen", "0", `${W}x${H}x24`, "-fbdir", dir, "-nolisten", "tcp"], { stdio: "ignore" });
    const file = path.join(dir, "Xvfb_screen0");
    for (let i = 0; i < 50 && !existsSync(file); i++) await sleep(100);
    await sleep(300);
    if (x.exitCode === null && existsSync(file)) return { display: `:${n}`, file, dir, proc: x };
    x.kill();
  }
  throw new Error("could not start Xvfb");
}

function differing(a, b) {
  let n = 0;
  for (let i = 0; i < FRAME; i += 4) if (a.readUInt32LE(i) !== b.readUInt32LE(i)) n++;
  return n;
}

function descendants(root) {
  const kids = new Map();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(Number(d));
    } catch {
      /* exited */
    }
  }
  const out = [];
  const walk = (p) => {
    out.push(p);
    for (const c of kids.get(p) ?? []) walk(c);
  };
  walk(root);
  return out;
}

function memory(root) {
  let rss = 0, pss = 0;
  const procs = [];
  for (const pid of descendants(root)) {
    try {
      const s = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+)`, "m").exec(s)?.[1] ?? 0);
      const name = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
      procs.push({ name, rss_kb: kb("Rss"), pss_kb: kb("Pss") });
      rss += kb("Rss");
      pss += kb("Pss");
    } catch {
      /* exited */
    }
  }
  return { rss_mb: rss / 1024, pss_mb: pss / 1024, procs };
}

async function once(x, bin) {
  const fd = openSync(x.file, "r");
  const read = () => {
    const b = Buffer.allocUnsafe(FRAME);
    readSync(fd, b, 0, FRAME, HEADER);
    return b;
  };
  const blank = read();
  const frames = [];
  let last = blank;
  const t0 = performance.now();
  const child = spawn(bin, [], { env: { ...process.env, DISPLAY: x.display }, stdio: "ignore" });
  // Busy-ish poll: a 4 MB read from tmpfs takes ~1 ms.
  while (performance.now() - t0 < settleS * 1000) {
    const f = read();
    const t = performance.now() - t0;
    if (!f.equals(last)) {
      frames.push({ t, f });
      last = f;
      if (frames.length > 400) throw new Error(`${bin}: the screen never settles`);
    }
    await sleep(2);
  }
  closeSync(fd);
  if (child.exitCode !== null) throw new Error(`${bin} exited with ${child.exitCode}`);
  const settled = last;
  const first = frames.find((fr) => differing(fr.f, blank) > SAME_PIXELS);
  const complete = frames.find((fr) => differing(fr.f, settled) <= SAME_PIXELS);
  // Idle from the moment it was complete.
  const idleLeft = idleS * 1000 - (performance.now() - t0 - (complete?.t ?? 0));
  if (idleLeft > 0) await sleep(idleLeft);
  const mem = memory(child.pid);
  child.kill("SIGTERM");
  for (let i = 0; i < 50 && child.exitCode === null && child.signalCode === null; i++) await sleep(100);
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await sleep(300);
  return { first_ms: first?.t ?? null, complete_ms: complete?.t ?? null, frames: frames.length, ...mem, settled };
}

const x = await startXvfb();
const results = Object.fromEntries(targets.map(([name]) => [name, []]));
const shots = {};
try {
  for (let r = 0; r < runs; r++) {
    for (const [name, bin] of targets) {
      const res = await once(x, bin);
      shots[name] = res.settled;
      delete res.settled;
      results[name].push(res);
      process.stderr.write(`[start] ${name} run ${r + 1}: complete ${res.complete_ms?.toFixed(0)} ms, PSS ${res.pss_mb.toFixed(1)} MB\n`);
    }
  }
} finally {
  x.proc.kill();
  rmSync(x.dir, { recursive: true, force: true });
}
// The settled frames as PPM, so a person can check what was measured.
const shotDir = opt("shots", null);
if (shotDir) {
  const { writeFileSync, mkdirSync } = await import("node:fs");
  mkdirSync(shotDir, { recursive: true });
  for (const [name, f] of Object.entries(shots)) {
    const rgb = Buffer.allocUnsafe(W * H * 3);
    for (let i = 0, j = 0; i < FRAME; i += 4, j += 3) {
      rgb[j] = f[i + 2];
      rgb[j + 1] = f[i + 1];
      rgb[j + 2] = f[i];
    }
    writeFileSync(path.join(shotDir, `bench-start-${name}.ppm`), Buffer.concat([Buffer.from(`P6\n${W} ${H}\n255\n`), rgb]));
  }
}
console.log(JSON.stringify(results));
