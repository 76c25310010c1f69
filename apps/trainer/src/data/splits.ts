import {
  SplitError,
  holdOutSpeakers,
  listedFoldSplit,
  officialSplit,
  officialValidation,
  randomSplit,
  validationGroups,
  type AudioRecord,
  type ListedFoldsOptions,
  type SplitName,
} from '@spectromix/datasets';
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
 * Resolves a split configuration to row indices with the splits of `@spectromix/datasets` (this file only maps
 * `data.split` to their options, their records to rows and their errors to config errors).
 * @param seed seed of the `random` split.
 * @throws ConfigError for a split that does not fit the dataset (unknown speaker or fold, no official split).
 */
export function resolveSplit(records: readonly AudioRecord[], split: SplitConfig, seed: number): SplitIndices {
  if (split.kind === 'stratified-clips') return clipFoldIndices(records, split);
  const { parts, description } = splitRecords(records, split, seed);
  const index = new Map(records.map((r, i) => [r, i]));
  const rows = (rs: readonly AudioRecord[]): number[] => rs.map((r) => index.get(r) as number);
  return { train: rows(parts.train), validation: rows(parts.validation), test: rows(parts.test), description };
}

function splitRecords(records: readonly AudioRecord[], split: Exclude<SplitConfig, { kind: 'stratified-clips' }>, seed: number): { parts: Record<SplitName, AudioRecord[]>; description: string } {
  switch (split.kind) {
    case 'official': {
      try {
        return { parts: officialSplit(records), description: 'official split' };
      } catch (error) {
        throw new ConfigError(
          `This dataset has no official train/validation/test split (data.split 'official', the default)${(error as Error).name === 'SplitError' ? '' : ` (${(error as Error).message})`}. ` +
            `Choose one: --set 'data.split={"kind":"random","validation":0.1,"test":0.1}' (by clip), or with speakers ` +
            `--set 'data.split={"kind":"hold-out-speakers","test":["<speaker>"],"validation":["<speaker>"]}'.`,
        );
      }
    }
    case 'hold-out-speakers':
      return asConfigError(() => {
        const { train: rest, test } = holdOutSpeakers(records, split.test);
        if (split.validation === 'official') {
          const { train, validation } = officialValidation(rest);
          return { parts: { train, validation, test }, description: `speakers ${split.test.join(', ')} held out for test; official test takes of the others validate` };
        }
        const { train, test: validation } = holdOutSpeakers(rest, split.validation);
        return { parts: { train, validation, test }, description: `speakers ${split.test.join(', ')} test, ${split.validation.join(', ')} validate` };
      });
    case 'folds':
      return asConfigError(() => {
        const options: ListedFoldsOptions = { by: split.by, folds: split.folds, testFold: split.fold, validation: split.validation };
        const parts = listedFoldSplit(records, options);
        const tested = `fold ${split.fold} of ${split.folds.length} by ${split.by} (${split.folds[split.fold]?.join(', ')}) tests`;
        const v = split.validation;
        const description =
          v === 'test-fold'
            ? `${tested} and validates (AST's protocol: the epoch is chosen on the test fold)`
            : v === 'official'
              ? `${tested}; the official held-out takes of the other ${split.by}s validate`
              : `${tested}; ${validationGroups(options).join(', ')} (from fold ${(split.fold + 1) % split.folds.length}) validate`;
        return { parts, description };
      });
    case 'all':
      return { parts: { train: [...records], validation: [], test: [] }, description: 'every clip trains (split all: nothing validates or tests; the epochs come from cross-validation)' };
    case 'random':
      return asConfigError(() => ({
        parts: randomSplit(records, { validation: split.validation, test: split.test, seed }),
        description: `random split by clip (seed ${seed}): ${split.validation} validation, ${split.test} test`,
      }));
  }
}

// The library says what does not fit; the trainer adds where it was configured.
function asConfigError<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof SplitError) throw new ConfigError(`data.split does not fit this dataset: ${error.message}.`);
    throw error;
  }
}
