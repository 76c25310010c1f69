/**
 * The fuzzing campaign of `pnpm bench`: many more seeded cases than the CI sample, over more real clips, each
 * target in a child process watched from here, so that a case that hangs or allocates without bound is killed
 * (and reported) instead of taking the machine down. `FUZZ_CASES` (per target, default 3000) and `FUZZ_SEED`
 * (default 1) set its size and seed; `FUZZ_TARGETS=<part of a name>` runs only the matching targets. Prints one Markdown row per target and every failure; exits 1 when there is
 * one. Record the result in BENCHMARKS.md with the machine and date.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatFailures, type FuzzFailure, type FuzzReport } from '../src/harness.js';

const cases = Number(process.env['FUZZ_CASES'] ?? 3000);
const seed = Number(process.env['FUZZ_SEED'] ?? 1);
/** A case is killed above this resident memory of its process, or after this long. */
const KILL_RSS_MB = 2048;
const KILL_MS = 20_000;
const here = new URL('.', import.meta.url).pathname;
const child = (args: string[]): string[] => ['--import', 'tsx', '--conditions=@spectromix/source', join(here, 'run-target.ts'), ...args];

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Runs one target from case `start`; resolves with its report, or with the case it had to kill. */
function runFrom(index: number, start: number): Promise<{ report?: FuzzReport; killed?: { index: number; seed: string; kind: 'hang' | 'memory'; detail: string } }> {
  const progress = join(tmpdir(), `spectromix-fuzz-${process.pid}-${index}`);
  const p = spawn(process.execPath, child([String(index), String(cases), String(seed), String(start), progress]), { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  p.stdout.on('data', (d: Buffer) => (out += d.toString()));
  let current = { index: -1, seed: '' };
  let since = performance.now();
  let killed: { index: number; seed: string; kind: 'hang' | 'memory'; detail: string } | undefined;
  const timer = setInterval(() => {
    try {
      const now = JSON.parse(readFileSync(progress, 'utf8').trim()) as { index: number; seed: string };
      if (now.index !== current.index) [current, since] = [now, performance.now()];
    } catch {
      // not written yet
    }
    const rss = rssMb(p.pid!);
    if (current.index < 0) return;
    if (rss > KILL_RSS_MB) killed = { ...current, kind: 'memory', detail: `killed at ${rss.toFixed(0)} MB resident` };
    else if (performance.now() - since > KILL_MS) killed = { ...current, kind: 'hang', detail: `killed after ${KILL_MS} ms` };
    if (killed) p.kill('SIGKILL');
  }, 50);
  return new Promise((resolve) => {
    p.on('close', () => {
      clearInterval(timer);
      const line = out.split('\n').find((l) => l.startsWith('REPORT '));
      resolve(killed ? { killed } : line ? { report: JSON.parse(line.slice(7)) as FuzzReport } : { killed: { ...current, kind: 'hang', detail: 'the process died' } });
    });
  });
}

const only = process.env['FUZZ_TARGETS'];
const names = JSON.parse(spawnSync(process.execPath, child(['list']), { encoding: 'utf8' }).stdout.trim().split('\n').pop()!) as string[];
const t0 = performance.now();
const all: FuzzFailure[] = [];
let reports = 0;
console.log('| target | cases | accepted | rejected (typed error) | failures | slowest case | largest memory growth |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const [i, name] of names.entries()) {
  if (only != null && !name.includes(only)) continue;
  const failures: FuzzFailure[] = [];
  let accepted = 0;
  let rejected = 0;
  let maxMs = 0;
  let maxMemoryMb = 0;
  for (let start = 0; start < cases; ) {
    const r = await runFrom(i, start);
    if (r.report) {
      accepted += r.report.accepted;
      rejected += r.report.rejected;
      failures.push(...r.report.failures);
      maxMs = Math.max(maxMs, r.report.maxMs);
      maxMemoryMb = Math.max(maxMemoryMb, r.report.maxMemoryMb);
      break;
    }
    const k = r.killed!;
    failures.push({ target: name, seed: k.seed, index: k.index, mutation: `case ${k.index} of seed ${seed} (see run-target.ts)`, kind: k.kind === 'hang' ? 'slow' : 'memory', detail: k.detail });
    start = k.index + 1;
  }
  all.push(...failures);
  reports++;
  console.log(`| ${name} | ${cases} | ${accepted} | ${rejected} | ${failures.length} | ${maxMs.toFixed(0)} ms | ${maxMemoryMb.toFixed(0)} MB |`);
}
console.log(`\n${reports * cases} cases in ${((performance.now() - t0) / 1000).toFixed(0)} s (seed ${seed}, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}); ${all.length} failure(s).`);
if (all.length > 0) {
  console.log(formatFailures(all));
  process.exitCode = 1;
}
