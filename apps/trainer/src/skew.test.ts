import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { initBackend } from '@spectromix/tensor/node';
import { encodeWav } from '@spectromix/dsp';
import { FeatureCache, type AudioRecord } from '@spectromix/datasets/node';
import { featureSettings, probabilities, type ModelManifest } from '@spectromix/features';
import { loadClassifier } from '@spectromix/classifier';
import { DEFAULT_CONFIG } from './config/defaults.js';
import type { RunConfig } from './config/schema.js';
import { createRunBatches } from './data/batches.js';
import type { PreparedData } from './data/prepare.js';
import { featuresOf, modelInputs, predictCommand, type Prediction } from './commands/predict.js';
import { buildModel } from './model/build.js';
import { writeExport } from './model/export-io.js';
import { createRunManifest } from './model/manifest.js';

// The train/serve skew test: the same clips through the training batch path (feature cache -> datasets batch
// pipeline -> the run's batches), `spectromix predict` and the browser classifier give bit-identical model inputs on
// the cpu backend, and identical probabilities. Speakers: a model trained with per-speaker normalisation gets the
// speaker's statistics from all of his clips in training and from the files given together in predict; the
// classifier estimates them online from the clips heard so far, so its input for a speaker's k-th clip is compared
// with predict's for the speaker's first k files (and, at the last clip, with training's).

const TARGET = 64;
const CLASSES = ['low', 'high'];
const NORM = { mean: -5.5, std: 4.25 };
let dir: string;

/** Speaker -> clips (files, label): tones and chirps of different lengths, rates and channel counts. */
const SPEAKERS: Record<string, Array<{ name: string; label: number; seconds: number; rate: number; base: number; stereo?: boolean }>> = {
  ann: [
    { name: 'ann-1.wav', label: 0, seconds: 0.5, rate: 16000, base: 220 },
    { name: 'ann-2.wav', label: 1, seconds: 0.3, rate: 22050, base: 1800 },
    { name: 'ann-3.wav', label: 0, seconds: 0.8, rate: 44100, base: 330, stereo: true },
  ],
  bob: [
    { name: 'bob-1.wav', label: 1, seconds: 0.45, rate: 16000, base: 2400 },
    { name: 'bob-2.wav', label: 0, seconds: 0.6, rate: 48000, base: 180 },
  ],
};

function writeClips(): AudioRecord[] {
  const records: AudioRecord[] = [];
  let seed = 3;
  const noise = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.02;
  for (const [speaker, clips] of Object.entries(SPEAKERS)) {
    for (const c of clips) {
      const n = Math.round(c.seconds * c.rate);
      const ch = Float32Array.from({ length: n }, (_, i) => {
        const env = Math.min(1, i / (0.05 * c.rate), (n - i) / (0.05 * c.rate));
        return env * 0.4 * Math.sin(2 * Math.PI * (c.base + 600 * (i / n)) * (i / c.rate)) + noise();
      });
      const path = join(dir, c.name);
      writeFileSync(path, encodeWav(c.stereo ? [ch, ch.map((v) => v * 0.5)] : [ch], c.rate, { encoding: 'float32' }));
      records.push({ path, label: CLASSES[c.label] as string, labelIndex: c.label, speaker, meta: {} });
    }
  }
  return records;
}

function runConfig(speaker: boolean): RunConfig {
  const d = DEFAULT_CONFIG;
  return {
    ...d,
    model: { ...d.model, preset: 'asm-rh-tiny' },
    data: { ...d.data, targetLength: TARGET, normalization: NORM, ...(speaker ? { speakerNormalization: 'mean-per-bin', speakerRate: { targetFrames: 30 } } : {}) },
    train: { ...d.train, batchSize: 2 },
  };
}

let records: AudioRecord[];
let data: PreparedData;

beforeAll(async () => {
  await initBackend('cpu');
  dir = mkdtempSync(join(tmpdir(), 'spectromix-skew-'));
  records = writeClips();
  // The training features: the datasets feature cache (float32 rows, so nothing is rounded to half precision).
  const store = await new FeatureCache({ dir: join(dir, 'cache'), settings: { targetLength: TARGET, dtype: 'float32' } }).features(records, { workers: 0 });
  const all = records.map((_, i) => i);
  data = {
    dataset: { name: 'skew', root: dir, classes: CLASSES, records, problems: [] },
    store,
    split: { train: all, validation: [], test: all, description: 'all' },
    normalization: { ...NORM, source: 'config' },
    featureSource: 'cache',
  } as unknown as PreparedData;
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Model inputs and probabilities of every record through the training batch path (the run's test batches). */
async function trainingPath(config: RunConfig, model: ReturnType<typeof buildModel>): Promise<{ inputs: Float32Array[]; probs: Float64Array[] }> {
  const batches = createRunBatches(config, data, { offThread: false });
  const inputs: Float32Array[] = [];
  const probs: Float64Array[] = [];
  try {
    for await (const b of batches.test!()) {
      const x = (await b.x.data()) as Float32Array;
      const logits = (await tf.tidy(() => model.forward(b.x, { training: false })).data()) as Float32Array;
      for (let e = 0; e < b.size; e++) {
        inputs.push(x.slice(e * TARGET * 128, (e + 1) * TARGET * 128));
        probs.push(probabilities(logits.subarray(e * 2, (e + 1) * 2), 'softmax'));
      }
      b.x.dispose();
      b.y.dispose();
    }
  } finally {
    await batches.close();
  }
  return { inputs, probs };
}

async function exportModel(config: RunConfig, name: string): Promise<{ model: ReturnType<typeof buildModel>; folder: string; manifest: ModelManifest }> {
  const model = buildModel(config, CLASSES.length);
  const head = tf.randomNormal([CLASSES.length, 128], 0, 0.5, 'float32', 11);
  model.loadStateDict(new Map([['head.weight', head]]), { strict: false });
  head.dispose();
  const manifest = createRunManifest({ model: model.config, labels: CLASSES, config, normalization: NORM, split: 'all', bestEpoch: null, metrics: {} });
  const folder = join(dir, name);
  await writeExport(model, manifest, folder, false);
  return { model, folder, manifest };
}

async function predictJson(folder: string, files: readonly string[]): Promise<Prediction[]> {
  const output = join(dir, 'predictions.json');
  await predictCommand(folder, [...files], { format: 'json', backend: 'cpu', output });
  return JSON.parse(readFileSync(output, 'utf8')) as Prediction[];
}

const probabilityOf = (p: Prediction, label: string): number | undefined => p.probabilities.find((e) => e.label === label)?.probability;

describe.each([
  ['a model with the AST features', false],
  ['a model with per-speaker mean and speaking-rate normalisation', true],
])('train/serve skew: %s', (name, speaker) => {
  it('training batches, spectromix predict and the classifier give bit-identical inputs and identical probabilities', async () => {
    const config = runConfig(speaker);
    const { model, folder, manifest } = await exportModel(config, speaker ? 'speaker' : 'plain');
    const classifier = await loadClassifier({ weights: new Uint8Array(readFileSync(join(folder, 'model.safetensors'))), manifest }, { backends: ['cpu'], warmUp: false });
    try {
      const settings = featureSettings(manifest);
      const train = await trainingPath(config, model);
      expect(train.inputs.length).toBe(records.length);
      let checked = 0;
      for (const speakerName of Object.keys(SPEAKERS)) {
        const rows = records.map((r, i) => [r, i] as const).filter(([r]) => r.speaker === speakerName);
        const files = rows.map(([r]) => r.path);
        // spectromix predict, the speaker's files together: its model inputs, then its written probabilities.
        const predictInputs = modelInputs(await Promise.all(files.map((f) => featuresOf(f, settings))), settings);
        const predicted = await predictJson(folder, files);
        classifier.resetSpeaker();
        for (const [k, [record, row]] of rows.entries()) {
          const size = TARGET * 128;
          const fromPredict = predictInputs.subarray(k * size, (k + 1) * size);
          expect(fromPredict, `${name}: ${record.path} predict vs training`).toEqual(train.inputs[row]);
          const heard = await classifier.classify(new Uint8Array(readFileSync(record.path)));
          const last = k === rows.length - 1;
          if (!speaker || last) {
            // With every clip of the speaker heard (or no speaker steps) the classifier's statistics are training's.
            expect(heard.input, `${name}: ${record.path} classifier vs training`).toEqual(train.inputs[row]);
            for (const label of CLASSES) {
              const classified = heard.labels.find((l) => l.label === label)?.probability;
              expect(classified, `${record.path} classifier vs training, p(${label})`).toBe(train.probs[row]?.[CLASSES.indexOf(label)]);
              expect(probabilityOf(predicted[k] as Prediction, label), `${record.path} predict vs training, p(${label})`).toBe(classified);
            }
            checked++;
          } else {
            // Online: the classifier's k-th clip sees the speaker's first k clips, as predict given those files does.
            const prefix = modelInputs(await Promise.all(files.slice(0, k + 1).map((f) => featuresOf(f, settings))), settings);
            expect(heard.input, `${name}: ${record.path} classifier vs predict on the first ${k + 1} files`).toEqual(prefix.subarray(k * size));
          }
        }
      }
      expect(checked).toBe(speaker ? Object.keys(SPEAKERS).length : records.length);
    } finally {
      classifier.dispose();
      model.dispose();
    }
  });
});
