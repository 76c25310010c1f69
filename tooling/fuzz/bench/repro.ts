/** Prints the mutation of case `<index>` of target `<target index>` in a campaign with seed `<seed>` (no read). */
import { caseInput } from '../src/harness.js';
import { allTargets } from './all-targets.js';

const [which, seed, ...indices] = process.argv.slice(2);
const target = (await allTargets())[Number(which)]!;
for (const index of indices) {
  const m = caseInput(target, Number(seed), Number(index));
  console.log(`${target.name} #${index}: ${m.mutation}`);
  if (process.env['FUZZ_PRINT'] === '1') console.log(new TextDecoder().decode(m.bytes).slice(0, 2000));
}
