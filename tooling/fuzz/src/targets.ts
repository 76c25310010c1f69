import * as tf from '@spectromix/tensor';
import { DspError, decodeAudio } from '@spectromix/dsp';
import { SafetensorsError, readSafetensors, writeSafetensors } from '@spectromix/tensor/codecs';
import { Adam, CheckpointError, decodeCheckpoint, disposeCheckpoint, encodeCheckpoint, type TrainableModel } from '@spectromix/train';
import { ClassifierError, MANIFEST_METADATA_KEY, loadClassifier } from '@spectromix/classifier';
import { createModel } from '@spectromix/asm-rh';
import { audioSeeds, type Seed } from './corpus.js';
import type { FuzzTarget } from './harness.js';
import type { Mutant } from './mutate.js';
import { mutateJsonText, mutateSafetensorsHeader } from './json.js';

/** `decodeAudio` on mutations of real files of each format; only `DspError`s may come out. */
export function decoderTargets(perFormat: number): FuzzTarget[] {
  return Object.entries(audioSeeds(perFormat)).map(([format, seeds]) => ({
    name: `decodeAudio (${format})`,
    seeds,
    read: (bytes) => decodeAudio(bytes),
    isTyped: (e) => e instanceof DspError,
  }));
}

/** A small safetensors file of every readable dtype, with metadata, as `writeSafetensors` writes it. */
function safetensorsSeed(): Seed {
  const bytes = writeSafetensors(
    new Map([
      ['blocks.0.weight', { shape: [4, 3], data: Float32Array.from({ length: 12 }, (_, i) => i / 7) }],
      ['blocks.0.bias', { shape: [4], data: new Float32Array([1, -2, 3, -4]), dtype: 'F16' as const }],
      ['head', { shape: [2, 2], data: new Float32Array([0.5, 0.25, -1, 8]), dtype: 'BF16' as const }],
    ]),
    { note: 'fuzz seed' },
  );
  return { name: 'writeSafetensors output', bytes };
}

/** `readSafetensors`: byte mutations and structural mutations of the JSON header; only `SafetensorsError`s may come out. */
export function safetensorsTarget(): FuzzTarget {
  return {
    name: 'readSafetensors',
    seeds: [safetensorsSeed()],
    read: (bytes) => readSafetensors(bytes),
    isTyped: (e) => e instanceof SafetensorsError,
    mutators: [mutateSafetensorsHeader],
  };
}

/** A two-parameter model, enough for a real checkpoint with model weights and Adam moments. */
function tinyModel(): TrainableModel & { dispose(): void } {
  const w: tf.Variable = tf.variable(tf.tensor2d([[0.1, -0.2], [0.3, 0.4]]), true, 'w');
  const b: tf.Variable = tf.variable(tf.tensor1d([0.5, -0.5]), true, 'b');
  return {
    forward: (x) => tf.add(tf.matMul(x as tf.Tensor2D, w), b),
    trainableParameters: () => new Map<string, tf.Variable>([['w', w], ['b', b]]),
    stateDict: () => new Map<string, tf.Tensor>([['w', w.clone()], ['b', b.clone()]]),
    loadStateDict: () => undefined,
    train: () => undefined,
    dispose: () => {
      w.dispose();
      b.dispose();
    },
  };
}

/** A real checkpoint of `encodeCheckpoint` after one Adam step (needs a tfjs backend). */
export async function checkpointSeed(): Promise<Seed> {
  const model = tinyModel();
  const optimizer = new Adam(model.trainableParameters());
  const grads = new Map(Array.from(model.trainableParameters(), ([n, v]) => [n, tf.onesLike(v)] as const));
  optimizer.step(grads);
  grads.forEach((g) => g.dispose());
  const bytes = await encodeCheckpoint({
    model,
    optimizer,
    meta: {
      position: { epoch: 1, batch: 2, globalStep: 7 },
      running: { lossSum: 1.5, correct: 3, samples: 8 },
      history: [],
      best: null,
      config: { train: { epochs: 2 }, note: Number.NaN },
      modelShapes: { w: [2, 2], b: [2] },
      states: { rng: [1, 2, 3, 4] },
    },
  });
  optimizer.dispose();
  model.dispose();
  return { name: 'encodeCheckpoint output', bytes };
}

/** `decodeCheckpoint` (what `readCheckpointFile` runs on the file's bytes); only `CheckpointError`s may come out. */
export function checkpointTarget(seed: Seed): FuzzTarget {
  return {
    name: 'decodeCheckpoint',
    seeds: [seed],
    read: (bytes) => disposeCheckpoint(decodeCheckpoint(bytes, 'fuzz.safetensors')),
    isTyped: (e) => e instanceof CheckpointError,
    mutators: [mutateSafetensorsHeader],
  };
}

/**
 * A real export of `spectromix export` in its folder form: asm-rh-tiny weights (`saveWeightsAsync`) and the
 * version-1 manifest (10 labels, 80 frames, FSDD-style feature settings). Needs a tfjs backend.
 */
export async function exportSeed(): Promise<{ weights: Uint8Array; manifest: Record<string, unknown> }> {
  const model = createModel('asm-rh-tiny', { numClasses: 10, targetLength: 80 });
  const manifest = {
    format: 'spectromix-model',
    version: 1,
    model: model.config,
    labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    output: 'softmax',
    features: {
      sampleRate: 16000,
      targetLength: 80,
      fbank: { htkCompat: true, useEnergy: false, windowType: 'hanning', numMelBins: 128, dither: 0, frameShift: 10, frameLength: 25 },
      subtractMean: true,
      normalization: { mean: -4.27, std: 4.57 },
      clipNormalization: 'none',
      speakerNormalization: 'mean-per-bin',
      speakerRate: { targetFrames: 41.5 },
      clipFrames: 0,
    },
    training: { dataset: 'fsdd', config: { train: { epochs: 20 } } },
  };
  const weights = await model.saveWeightsAsync({ [MANIFEST_METADATA_KEY]: JSON.stringify(manifest) });
  model.dispose();
  return { weights, manifest };
}

/** Structural mutations of a manifest's JSON text (bytes in, bytes out). */
export function manifestMutator(input: Uint8Array, rng: tf.SeededRng): Mutant {
  const { text, mutation } = mutateJsonText(new TextDecoder().decode(input), rng);
  return { bytes: new TextEncoder().encode(text), mutation };
}

/**
 * A manifest reader over JSON text bytes: `read` parses and checks them and may throw only the reader's typed
 * error. Used for @spectromix/classifier here and for the trainer's manifest parser in its own tests.
 */
export function manifestTarget(name: string, manifest: unknown, read: (bytes: Uint8Array) => unknown, isTyped: (e: unknown) => boolean): FuzzTarget {
  return {
    name,
    seeds: [{ name: 'manifest', bytes: new TextEncoder().encode(JSON.stringify(manifest)) }],
    read,
    isTyped,
    mutators: [manifestMutator, manifestMutator, manifestMutator],
  };
}

/**
 * @spectromix/classifier's `loadClassifier` (cpu backend, no warm-up) on a real export whose manifest is mutated:
 * given as its own file (folder exports), and inside the weights' metadata (single-file exports, byte mutations of
 * the whole file). Only `ClassifierError`s may come out, as its documentation promises.
 */
export function classifierTargets(seed: { weights: Uint8Array; manifest: Record<string, unknown> }): FuzzTarget[] {
  const isTyped = (e: unknown): boolean => e instanceof ClassifierError;
  const load = async (source: Parameters<typeof loadClassifier>[0]): Promise<void> => (await loadClassifier(source, { backends: ['cpu'], warmUp: false })).dispose();
  return [
    manifestTarget('loadClassifier (spectromix.json)', seed.manifest, (bytes) => load({ weights: seed.weights, manifest: bytes }), isTyped),
    { name: 'loadClassifier (single file)', seeds: [{ name: 'export', bytes: seed.weights }], read: (bytes) => load(bytes), isTyped, mutators: [mutateSafetensorsHeader] },
  ];
}
