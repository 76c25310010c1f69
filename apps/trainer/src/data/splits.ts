import { SeededRng } from '@spectromix/tensor';
import { officialSplit, type AudioRecord } from '@spectromix/datasets';
import type { SplitConfig } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import { clipFoldIndices } from './clip-folds.js';

/** Row indices (into the dataset's records) of each subset. */
export interface SplitIndices {
  /** Rows trained on. */
  readonly train: number[];
  /** Rows that pick the best epoch. */
  readonly validation: number[];
  /** Rows evaluated once at the end. */
  readonly test: number[];
  /** One line describing the split, for the printout. */
  readonly description: string;
}

/**
 * Resolves a split configuration to row indices.
 * @param seed seed of the `random` split.
 * @throws ConfigError for a split that does not fit the dataset (unknown speaker or fold, no official split).
 */
export function resolveSplit(records: readonly AudioRecord[], split: SplitConfig, seed: number): SplitIndices {
  const all = records.map((_, i) => i);
  switch (split.kind) {
    case 'official': {
      let parts: ReturnType<typeof officialSplit>;
      try {
        parts = officialSplit(records);
      } catch (error) {
        throw new ConfigError(
          `This dataset has no official train/validation/test split (data.split 'official', the default)${(error as Error).name === 'SplitError' ? '' : ` (${(error as Error).message})`}. ` +
            `Choose one: --set 'data.split={"kind":"random","validation":0.1,"test":0.1}' (by clip), or with speakers ` +
            `--set 'data.split={"kind":"hold-out-speakers","test":["<speaker>"],"validation":["<speaker>"]}'.`,
        );
      }
      const index = new Map(records.map((r, i) => [r, i]));
      const rows = (rs: AudioRecord[]): number[] => rs.map((r) => index.get(r) as number);
      return { train: rows(parts.train), validation: rows(parts.validation), test: rows(parts.test), description: 'official split' };
    }
    case 'hold-out-speakers': {
      const speakers = new Set(records.map((r) => r.speaker).filter((s): s is string => s != null));
      const listed = [...split.test, ...(split.validation === 'official' ? [] : split.validation)];
      const unknown = listed.filter((s) => !speakers.has(s));
      if (unknown.length > 0) throw new ConfigError(`data.split lists unknown speaker(s) ${unknown.join(', ')}; this dataset's speakers are ${[...speakers].sort().join(', ')}.`);
      const test = new Set(split.test);
      const testRows = all.filter((i) => test.has(records[i]?.speaker ?? ''));
      const rest = all.filter((i) => !test.has(records[i]?.speaker ?? ''));
      if (split.validation === 'official') {
        const val = rest.filter((i) => records[i]?.split === 'test' || records[i]?.split === 'validation');
        if (val.length === 0) throw new ConfigError("data.split.validation 'official' needs records with an official test/validation subset; list validation speakers instead.");
        const trainRows = rest.filter((i) => records[i]?.split === 'train');
        return { train: trainRows, validation: val, test: testRows, description: `speakers ${split.test.join(', ')} held out for test; official test takes of the others validate` };
      }
      const valSpeakers = new Set(split.validation);
      return {
        train: rest.filter((i) => !valSpeakers.has(records[i]?.speaker ?? '')),
        validation: rest.filter((i) => valSpeakers.has(records[i]?.speaker ?? '')),
        test: testRows,
        description: `speakers ${split.test.join(', ')} test, ${split.validation.join(', ')} validate`,
      };
    }
    case 'folds': {
      if (split.fold >= split.folds.length) throw new ConfigError(`data.split.fold is ${split.fold} but only ${split.folds.length} folds are listed (0..${split.folds.length - 1}).`);
      const groupOf = (r: AudioRecord): string | undefined => (split.by === 'speaker' ? r.speaker : r.fold != null ? String(r.fold) : undefined);
      const present = new Set(records.map(groupOf).filter((g): g is string => g != null));
      const foldOf = new Map<string, number>();
      split.folds.forEach((groups, f) =>
        groups.forEach((g) => {
          const key = String(g);
          if (!present.has(key)) throw new ConfigError(`data.split.folds[${f}] lists ${split.by} '${key}', which has no records; known: ${[...present].sort().slice(0, 40).join(', ')}.`);
          if (foldOf.has(key)) throw new ConfigError(`data.split.folds lists ${split.by} '${key}' in folds ${foldOf.get(key)} and ${f}; each belongs to one fold.`);
          foldOf.set(key, f);
        }),
      );
      const held = all.filter((i) => foldOf.get(groupOf(records[i] as AudioRecord) ?? '') === split.fold);
      const rest = all.filter((i) => {
        const f = foldOf.get(groupOf(records[i] as AudioRecord) ?? '');
        return f != null && f !== split.fold;
      });
      const tested = `fold ${split.fold} of ${split.folds.length} by ${split.by} (${split.folds[split.fold]?.join(', ')}) tests`;
      const v = split.validation;
      if (v === 'test-fold') return { train: rest, validation: held, test: held, description: `${tested} and validates (AST's protocol: the epoch is chosen on the test fold)` };
      if (v === 'official') {
        const isVal = (i: number): boolean => records[i]?.split === 'test' || records[i]?.split === 'validation';
        const validation = rest.filter(isVal);
        if (validation.length === 0) throw new ConfigError("data.split.validation 'official' needs records with an official test/validation subset (FSDD's takes 0-4); use { nextFold: n } instead.");
        return { train: rest.filter((i) => records[i]?.split === 'train'), validation, test: held, description: `${tested}; the official held-out takes of the other ${split.by}s validate` };
      }
      const next = split.folds[(split.fold + 1) % split.folds.length] ?? [];
      if (v.nextFold > next.length) {
        throw new ConfigError(`data.split.validation.nextFold is ${v.nextFold} but fold ${(split.fold + 1) % split.folds.length} lists only ${next.length} ${split.by}s.`);
      }
      const valGroups = new Set(next.slice(0, v.nextFold).map(String));
      const inVal = (i: number): boolean => valGroups.has(groupOf(records[i] as AudioRecord) ?? '');
      const train = rest.filter((i) => !inVal(i));
      if (train.length === 0) throw new ConfigError(`data.split.validation.nextFold ${v.nextFold} leaves nothing to train on; validate on fewer ${split.by}s.`);
      return {
        train,
        validation: rest.filter(inVal),
        test: held,
        description: `${tested}; ${[...valGroups].join(', ')} (from fold ${(split.fold + 1) % split.folds.length}) validate`,
      };
    }
    case 'stratified-clips':
      return clipFoldIndices(records, split);
    case 'random': {
      if (split.validation + split.test >= 1) throw new ConfigError('data.split: validation + test fractions must leave some data to train on (sum < 1).');
      const order = new SeededRng(seed).shuffle([...all]);
      const nVal = Math.round(order.length * split.validation);
      const nTest = Math.round(order.length * split.test);
      const sorted = (xs: number[]): number[] => xs.sort((a, b) => a - b);
      return {
        validation: sorted(order.slice(0, nVal)),
        test: sorted(order.slice(nVal, nVal + nTest)),
        train: sorted(order.slice(nVal + nTest)),
        description: `random split by clip (seed ${seed}): ${split.validation} validation, ${split.test} test`,
      };
    }
  }
}
