import { SeededRng } from '@spectromix/tensor';
import { SplitError } from '../errors.js';
import type { AudioRecord } from '../types.js';

/**
 * Holds out `fraction` of each class's clips (rounded, at least one per class with two or more clips), chosen with
 * `seed`: the inner validation of a clip-level split, drawn from the training clips only and stratified like them.
 * @param records the training clips (order kept in both parts).
 * @param fraction share of each class to hold out, in (0, 1).
 * @throws SplitError for a fraction outside (0, 1).
 */
export function stratifiedHoldOut(records: readonly AudioRecord[], fraction: number, seed = 0): { train: AudioRecord[]; holdOut: AudioRecord[] } {
  if (!(fraction > 0 && fraction < 1)) throw new SplitError(`stratifiedHoldOut needs a fraction in (0, 1), got ${fraction}`);
  const byClass = new Map<number, number[]>();
  records.forEach((r, i) => {
    const list = byClass.get(r.labelIndex);
    if (list) list.push(i);
    else byClass.set(r.labelIndex, [i]);
  });
  const rng = new SeededRng(seed);
  const held = new Set<number>();
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = byClass.get(label) as number[];
    const n = rows.length < 2 ? 0 : Math.min(rows.length - 1, Math.max(1, Math.round(rows.length * fraction)));
    for (const i of rng.shuffle([...rows]).slice(0, n)) held.add(i);
  }
  return { train: records.filter((_, i) => !held.has(i)), holdOut: records.filter((_, i) => held.has(i)) };
}
