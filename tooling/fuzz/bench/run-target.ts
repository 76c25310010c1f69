/**
 * Child process of the campaign: runs one target's cases from `start`, writing the index of the case in progress
 * to a file before each (so the parent can name a case it had to kill), then prints its report as JSON.
 * Usage: run-target.ts <target index> <cases> <seed> <start> <progress file>
 */
import { openSync, writeSync } from 'node:fs';
import { fuzzTarget } from '../src/harness.js';
import { allTargets } from './all-targets.js';

const [which, cases, seed, start, progress] = process.argv.slice(2);
const targets = await allTargets();
if (which === 'list') {
  console.log(JSON.stringify(targets.map((t) => t.name)));
} else {
  const fd = openSync(progress!, 'w');
  const target = targets[Number(which)]!;
  const report = await fuzzTarget(target, {
    cases: Number(cases),
    seed: Number(seed),
    start: Number(start),
    bounds: { timeMs: 5_000, memoryMb: 256 },
    onCase: (index, name) => writeSync(fd, `${JSON.stringify({ index, seed: name })}`.padEnd(200), 0, 'utf8'),
  });
  console.log(`REPORT ${JSON.stringify(report)}`);
}
