// Startup benchmark: the release app against a blank Tauri 2 window (the reference), run
// alternately on one display. Prints, per binary, the median and worst time from exec to
// first render and the median peak memory of its process tree (the app and its WebKit
// helper processes; proportional set size summed, so libraries the processes share count
// once), then the ratios. Usage: scripts/bench [RUNS]

import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 7);
const dataDir = mkdtempSync(join(tmpdir(), 'toasoan-bench-'));

const subjects = [
  { name: 'blank Tauri 2 window (reference)', bin: join(root, 'target/release/blank-window'), args: [] },
  { name: 'Tòa Soạn', bin: join(root, 'target/release/toa-soan'), args: ['--data-dir', dataDir] },
];

function childrenOf() {
  const kids = new Map();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(Number(pid));
    } catch {
      // the process ended while we looked
    }
  }
  return kids;
}

function treePssKiB(pid) {
  const kids = childrenOf();
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop();
    try {
      const m = /^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'));
      if (m) total += Number(m[1]);
    } catch {
      // gone
    }
    stack.push(...(kids.get(p) ?? []));
  }
  return total;
}

function once(subject) {
  return new Promise((res, rej) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(subject.bin, subject.args, {
      env: { ...process.env, TOASOAN_EXIT_AFTER_FIRST_RENDER: '1', NO_AT_BRIDGE: '1' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let firstRender = null;
    let peak = 0;
    const poll = setInterval(() => {
      peak = Math.max(peak, treePssKiB(child.pid));
    }, 10);
    child.stdout.on('data', (d) => {
      if (firstRender === null && d.toString().includes('first-render')) {
        firstRender = Number(process.hrtime.bigint() - t0) / 1e9;
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30000);
    child.on('exit', () => {
      clearInterval(poll);
      clearTimeout(timer);
      if (firstRender === null) rej(new Error(`${subject.name} never rendered`));
      else res({ seconds: firstRender, peakMiB: peak / 1024 });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// One start of each first: the app creates its store and seeds the sample, and the disk cache warms.
for (const s of subjects) await once(s);
const results = subjects.map(() => []);
for (let i = 0; i < runs; i++) {
  for (const [k, s] of subjects.entries()) results[k].push(await once(s));
}

const rows = subjects.map((s, k) => {
  const secs = results[k].map((r) => r.seconds);
  const mem = results[k].map((r) => r.peakMiB);
  return { name: s.name, median: median(secs), worst: Math.max(...secs), mem: median(mem) };
});
console.log(`startup, ${runs} runs each, alternating (median; worst)`);
for (const r of rows) {
  console.log(`  ${r.name.padEnd(34)} ${r.median.toFixed(3)} s (${r.worst.toFixed(3)} s)   peak ${r.mem.toFixed(0)} MiB`);
}
const [ref, app] = rows;
console.log(`  ratio app/reference: time ${(app.median / ref.median).toFixed(2)}x (budget 1.5x), memory ${(app.mem / ref.mem).toFixed(2)}x (budget 1.3x)`);
