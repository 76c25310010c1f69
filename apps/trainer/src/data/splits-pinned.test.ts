import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFsdd, loadRavdess, type AudioDataset } from '@spectromix/datasets/node';
import { readRecipe } from '../config/recipes.js';
import { splitSchema, type SplitConfig } from '../config/schema.js';
import { sharedDataDir, DEFAULT_FOLDERS } from './roots.js';
import { resolveSplit } from './splits.js';

// Which clip goes where for the shipped recipes, pinned: a refactor of the split code (or of the library splits it
// calls) must not move a single clip between train, validation and test, or earlier runs stop being comparable.
// Each digest is the sha256 of the sorted lines `subset<TAB>path relative to the dataset root`.

function digest(dataset: AudioDataset, split: { train: number[]; validation: number[]; test: number[] }): string {
  const lines: string[] = [];
  for (const subset of ['train', 'validation', 'test'] as const) {
    for (const i of split[subset]) lines.push(`${subset}\t${relative(dataset.root, dataset.records[i]!.path)}`);
  }
  return createHash('sha256').update(lines.sort().join('\n')).digest('hex').slice(0, 16);
}

function recipeSplit(name: string): SplitConfig {
  const data = readRecipe(name).layer['data'] as { split: unknown };
  return splitSchema.parse(data.split);
}

type Pin = { counts: readonly [number, number, number]; digest: string };

const PINNED: Readonly<Record<'fsdd' | 'ravdess', readonly Pin[]>> = {
  fsdd: [
    { counts: [1800, 200, 500], digest: '49fe94e7c71320ff' },
    { counts: [1800, 200, 500], digest: 'e156319e50d11d57' },
    { counts: [1800, 200, 500], digest: 'da7df6f4081a512e' },
    { counts: [1800, 200, 500], digest: 'fe589a2cff7e9671' },
    { counts: [1800, 200, 500], digest: '065597c0771b88bb' },
  ],
  ravdess: [
    { counts: [840, 120, 240], digest: '90e3706ceebb3204' },
    { counts: [840, 120, 240], digest: '57431be54cb96218' },
    { counts: [840, 120, 240], digest: '771c8fb2247e409e' },
    { counts: [840, 120, 240], digest: 'b2b25f9545f05329' },
    { counts: [840, 120, 240], digest: '985979fbff0a1648' },
  ],
};

/** The other split kinds on the same data, as `--set data.split=...` gives them. */
const OTHER_KINDS: readonly { name: 'fsdd' | 'ravdess'; split: SplitConfig; seed: number; pin: Pin }[] = [
  { name: 'fsdd', split: { kind: 'hold-out-speakers', test: ['jackson'], validation: 'official' }, seed: 0, pin: { counts: [1800, 200, 500], digest: 'e156319e50d11d57' } },
  { name: 'ravdess', split: { kind: 'hold-out-speakers', test: ['Actor_19', 'Actor_20'], validation: ['Actor_17', 'Actor_18'] }, seed: 0, pin: { counts: [960, 120, 120], digest: 'dd1c07815ee99b27' } },
  { name: 'fsdd', split: { kind: 'random', validation: 0.1, test: 0.2 }, seed: 3, pin: { counts: [1750, 250, 500], digest: '51d6e07a4a6ff181' } },
  { name: 'fsdd', split: { kind: 'folds', by: 'speaker', folds: [['george', 'jackson'], ['lucas'], ['nicolas', 'yweweler']], fold: 2, validation: 'test-fold' }, seed: 0, pin: { counts: [1500, 1000, 1000], digest: 'fb06e49b821b5e25' } },
];

const shared = sharedDataDir();
const loaders = { fsdd: loadFsdd, ravdess: loadRavdess } as const;

describe('the shipped recipes split exactly as before (every fold)', () => {
  for (const name of ['fsdd', 'ravdess'] as const) {
    it(name, async () => {
      expect(shared, 'the shared datasets (../shared/datasets or SPECTROMIX_DATA) are needed').toBeDefined();
      const dataset = await loaders[name](`${shared!}/${DEFAULT_FOLDERS[name]}`);
      const split = recipeSplit(name);
      if (split.kind !== 'folds') throw new Error(`the ${name} recipe no longer uses folds; update this test`);
      const got = split.folds.map((_, fold) => {
        const s = resolveSplit(dataset.records, { ...split, fold }, 0);
        return { counts: [s.train.length, s.validation.length, s.test.length], digest: digest(dataset, s) };
      });
      expect(got).toEqual(PINNED[name]);
    });
  }
});

describe('the other split kinds split exactly as before', () => {
  it.each(OTHER_KINDS.map((c) => [`${c.name} ${c.split.kind}`, c] as const))('%s', async (_, c) => {
    expect(shared, 'the shared datasets (../shared/datasets or SPECTROMIX_DATA) are needed').toBeDefined();
    const dataset = await loaders[c.name](`${shared!}/${DEFAULT_FOLDERS[c.name]}`);
    const s = resolveSplit(dataset.records, c.split, c.seed);
    expect({ counts: [s.train.length, s.validation.length, s.test.length], digest: digest(dataset, s) }).toEqual(c.pin);
  });
});
