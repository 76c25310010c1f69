import { resolveRunConfig, type ConfigInputs } from '../config/resolve.js';
import { ConfigError } from '../errors.js';

/** Dataset names as users know them, for messages. */
const DATASET_NAMES: Readonly<Record<string, string>> = {
  synthetic: 'The embedded dataset',
  fsdd: 'FSDD',
  ravdess: 'RAVDESS',
  'speech-commands': 'Speech Commands',
  urbansound8k: 'UrbanSound8K',
  esc50: 'ESC-50',
  folder: 'A folder dataset',
};

/**
 * `train --fold <n|all>` only makes sense with a k-fold split. Checks it on the configuration without the fold
 * (so the user reads "FSDD has no folds", not a schema error about an unknown key `fold`).
 * @throws ConfigError naming the dataset, its split and what to type instead.
 */
export function checkFoldFlag(fold: string, inputs: ConfigInputs): void {
  const { config } = resolveRunConfig(inputs);
  const split = config.data.split;
  if (split.kind === 'stratified-clips') {
    if (fold !== 'all' && !(/^\d+$/.test(fold) && Number(fold) < split.k)) throw new ConfigError(`--fold ${fold}: this clip-level split has ${split.k} folds, numbered 0 to ${split.k - 1} (or --fold all).`);
    return;
  }
  if (split.kind === 'folds') {
    if (fold !== 'all' && Number(fold) >= split.folds.length) {
      throw new ConfigError(`--fold ${fold}: this configuration has ${split.folds.length} folds, numbered 0 to ${split.folds.length - 1}, or named by a ${split.by} they list (or --fold all).`);
    }
    return;
  }
  throw new ConfigError(
    `--fold ${fold}: ${DATASET_NAMES[config.data.dataset] ?? config.data.dataset} has no folds in this configuration (its split is '${split.kind}'). ` +
      `Leave out --fold, or give a k-fold split, e.g. --set 'data.split={"kind":"folds","by":"speaker","folds":[["a","b"],["c","d"]],"fold":0}'.`,
  );
}
