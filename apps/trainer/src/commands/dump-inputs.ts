import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunConfig } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import { selectBackend } from '../backend/select.js';
import { prepareData, type PreparedData } from '../data/prepare.js';
import type { BatchSpeakers } from '@spectromix/datasets';
import { evalSourceFor } from '../data/batches.js';
import { batchSpeakers, speakerProfiles, trainingRate } from '../data/speaker-norm.js';
import { buildModel } from '../model/build.js';
import { resolveTrainConfig, type TrainOptions } from './train.js';

/** One subset as `dump-inputs` writes it: `<name>.f32` holds `count x frames x bins` float32 values, little-endian. */
export interface DumpedSubset {
  /** Clips in the subset (rows of the .f32 file). */
  readonly count: number;
  /** Class index of each row. */
  readonly labels: number[];
  /** Speaker of each row (null where the dataset names none). */
  readonly speakers: (string | null)[];
}

/** `meta.json` of a `dump-inputs` folder: what the PyTorch reference trainer reads beside the arrays. */
export interface DumpedInputs {
  /** The run configuration (normalisation statistics and speaking-rate target filled in, as `train` stores them). */
  readonly config: RunConfig;
  /** Class names; label k is `classes[k]`. */
  readonly classes: string[];
  /** Frames and mel bins per clip. */
  readonly frames: number;
  readonly bins: number;
  /** The split, as `train` prints it. */
  readonly split: string;
  /** The subsets written. */
  readonly subsets: { readonly train: DumpedSubset; readonly validation: DumpedSubset; readonly test: DumpedSubset };
  /** The initial weights file (PyTorch-layout state dict, the contract's names). */
  readonly initialWeights: 'init.safetensors';
}

async function writeSubset(data: PreparedData, rows: number[], speakers: BatchSpeakers | undefined, file: string): Promise<DumpedSubset> {
  const present = rows.filter((i) => data.store.has(i));
  const { source, close } = evalSourceFor(data, present, speakers, 64, false);
  const labels: number[] = [];
  const chunks: Buffer[] = [];
  try {
    for await (const b of source()) {
      const x = (await b.x.data()) as Float32Array;
      chunks.push(Buffer.from(x.buffer, x.byteOffset, x.byteLength));
      labels.push(...Array.from(b.labels));
      b.x.dispose();
      b.y.dispose();
    }
  } finally {
    await close();
  }
  writeFileSync(file, Buffer.concat(chunks));
  return { count: labels.length, labels, speakers: present.map((i) => data.dataset.records[i]?.speaker ?? null) };
}

/**
 * `spectromix dump-inputs --out <folder> [train's config flags, --fold]`: the exact inputs of a `train` run with the
 * same flags, for the PyTorch reference trainer (`packages/asm-rh/scripts/asm_rh_train_torch.py`): the model's
 * initial weights (`init.safetensors`, the same seed), and every clip of the train, validation and test subsets as
 * the model sees it before augmentation (normalised, with the speaker and clip normalisations the config asks
 * for), as raw float32 arrays with `meta.json`. Training augmentation is not dumped: it is drawn per batch.
 * @throws ConfigError without --out or with --fold all.
 */
export async function dumpInputsCommand(options: TrainOptions & { out?: string }): Promise<void> {
  if (options.out == null) throw new ConfigError('dump-inputs needs --out <folder>.');
  if (options.fold === 'all') throw new ConfigError('dump-inputs writes one fold: give --fold <n | group>.');
  const { out, ...rest } = options;
  let { config } = resolveTrainConfig(rest);
  await selectBackend('cpu');
  const data = await prepareData(config, {});
  config = { ...config, data: { ...config.data, normalization: { mean: data.normalization.mean, std: data.normalization.std } } };
  if (config.data.speakerRate === 'normalize') config = { ...config, data: { ...config.data, speakerRate: { targetFrames: trainingRate(speakerProfiles(data, 'data.speakerRate'), data.split.train) } } };
  mkdirSync(out, { recursive: true });
  const model = buildModel(config, data.dataset.classes.length);
  writeFileSync(join(out, 'init.safetensors'), await model.saveWeightsAsync());
  model.dispose();
  const norm = batchSpeakers(data, config.data);
  const subsets = {
    train: await writeSubset(data, data.split.train, norm, join(out, 'train.f32')),
    validation: await writeSubset(data, data.split.validation, norm, join(out, 'validation.f32')),
    test: await writeSubset(data, data.split.test, norm, join(out, 'test.f32')),
  };
  const meta: DumpedInputs = { config, classes: data.dataset.classes, frames: data.store.numFrames, bins: data.store.numBins, split: data.split.description, subsets, initialWeights: 'init.safetensors' };
  writeFileSync(join(out, 'meta.json'), `${JSON.stringify(meta)}\n`);
  console.log(`Wrote ${out}: init.safetensors and train/validation/test .f32 (${subsets.train.count}/${subsets.validation.count}/${subsets.test.count} clips of ${meta.frames}x${meta.bins}); ${data.split.description}.`);
}
