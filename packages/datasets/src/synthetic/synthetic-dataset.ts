import type { AudioDataset, AudioRecord } from '../types.js';
import { SYNTHETIC_CLASSES, type SyntheticClip } from './synthetic.js';

/** The name of the embedded synthetic dataset. */
export const SYNTHETIC_DATASET_NAME = 'spectromix-synth';

/**
 * The records of generated clips as a dataset: record `i` is clip `i`, with path `synthetic:<class>/<i>`, its
 * class and its official `split` (so `officialSplit` gives the subsets the clips were generated for). The audio
 * is not on disk: keep the clips' waveforms beside the records.
 */
export function syntheticDataset(clips: readonly SyntheticClip[]): AudioDataset {
  const records: AudioRecord[] = clips.map((c, i) => ({
    path: `synthetic:${SYNTHETIC_CLASSES[c.labelIndex]}/${i}`,
    label: SYNTHETIC_CLASSES[c.labelIndex] as string,
    labelIndex: c.labelIndex,
    split: c.split,
    meta: {},
  }));
  return { name: SYNTHETIC_DATASET_NAME, root: '(generated in memory)', classes: [...SYNTHETIC_CLASSES], records, problems: [] };
}
