import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { initBackend } from '@spectromix/tensor/node';
import type { AsmRhModel } from '@spectromix/asm-rh';
import { astFbank, encodeWav, normalizeFbank, padOrCrop, resample } from '@spectromix/dsp';
import { loadClassifier } from './load-classifier.js';
import type { Classifier } from './classifier.js';
import {
  ClassifierDisposedError,
  ClassifierError,
  InputTooLargeError,
  InvalidAudioError,
  InvalidModelError,
  ModelMismatchError,
} from './errors.js';
import { probabilities } from '@spectromix/features';
import { makeExport, manifestOf } from '../test/make-export.js';

// A small random ASM-RH-tiny export (T = 64 frames = 0.655 s), made the way `spectromix export` makes one.
const TARGET_LENGTH = 64;
const LABELS = ['low', 'mid', 'high'];
const NORM = { mean: -6.5, std: 4.0 };
const exportOf = (labels = LABELS, seed = 7): ReturnType<typeof makeExport> => makeExport({ labels, seed, targetLength: TARGET_LENGTH, normalization: NORM });

/** A 0.8 s chirp at 44.1 kHz (not the model's rate, so resampling is exercised). */
function chirp(rate = 44100): Float32Array {
  const n = Math.round(0.8 * rate);
  return Float32Array.from({ length: n }, (_, i) => 0.4 * Math.sin(2 * Math.PI * (200 + 1500 * (i / n)) * (i / rate)));
}

/** What the classifier must give: the training features and the model, computed directly. */
async function reference(model: AsmRhModel, samples: Float32Array, rate: number): Promise<Float64Array> {
  const wave = resample(samples, rate, 16000);
  const input = normalizeFbank(padOrCrop(astFbank(wave, 16000), TARGET_LENGTH), NORM.mean, NORM.std);
  const logits = tf.tidy(() => model.forward(tf.tensor3d(input.data, [1, TARGET_LENGTH, 128]), { training: false }));
  const values = await logits.data();
  logits.dispose();
  return probabilities(values, 'softmax');
}

beforeAll(async () => {
  await initBackend('cpu');
});

describe('loadClassifier + classify (cpu backend, Node)', () => {
  let exported: ReturnType<typeof makeExport>;
  let classifier: Classifier;

  beforeAll(async () => {
    exported = exportOf();
    // A single-file export: the manifest comes from the weights' metadata.
    classifier = await loadClassifier(exported.weights, { backends: ['webgpu', 'webgl', 'cpu'] });
  });

  afterAll(() => {
    classifier.dispose();
    exported.model.dispose();
  });

  it('reports the fallback backend and why', () => {
    expect(classifier.backend.name).toBe('cpu');
    expect(classifier.backend.rejected.map((r) => r.name)).toEqual(['webgpu', 'webgl']);
    expect(classifier.info.windowSeconds).toBeCloseTo((63 * 160 + 400) / 16000, 9);
    expect(classifier.labels).toEqual(LABELS);
  });

  it('gives the probabilities of the training features through the model, sorted', async () => {
    const samples = chirp();
    const result = await classifier.classify({ samples, sampleRate: 44100 });
    const expected = await reference(exported.model, samples, 44100);
    const byIndex = [...result.labels].sort((a, b) => a.index - b.index).map((s) => s.probability);
    for (let k = 0; k < LABELS.length; k++) expect(byIndex[k]).toBeCloseTo(expected[k] as number, 6);
    expect(result.labels.map((s) => s.probability)).toEqual([...byIndex].sort((a, b) => b - a));
    expect(result.top).toEqual(result.labels[0]);
    expect(result.top.index).toBe(expected.indexOf(Math.max(...expected)));
    expect(result.backend).toBe('cpu');
    expect(result.latencyMs).toBeGreaterThan(0);
    expect(result.latencyMs).toBeCloseTo(result.timings.decodeMs + result.timings.featuresMs + result.timings.inferenceMs, 6);
    expect(result.durationSeconds).toBeCloseTo(0.8, 3);
    expect(result.spectrogram.numBins).toBe(128);
    expect(result.spectrogram.numFrames).toBe(78);
  });

  it('classifies WAV bytes, a Blob and an AudioBuffer-like object the same as the samples they hold', async () => {
    const samples = chirp(16000);
    const wav = encodeWav([samples], 16000, { encoding: 'float32' });
    const fromSamples = await classifier.classify({ samples, sampleRate: 16000 });
    const fromBytes = await classifier.classify(wav);
    const fromBlob = await classifier.classify(new Blob([wav.slice()]));
    const stereo = { numberOfChannels: 2, sampleRate: 16000, length: samples.length, getChannelData: () => samples };
    const fromBuffer = await classifier.classify(stereo as unknown as AudioBuffer);
    for (const other of [fromBytes, fromBlob, fromBuffer]) {
      expect(other.labels.map((s) => s.label)).toEqual(fromSamples.labels.map((s) => s.label));
      expect(other.top.probability).toBeCloseTo(fromSamples.top.probability, 6);
    }
  });

  it('rejects bytes that are not audio, and corrupt audio, with InvalidAudioError', async () => {
    const text = new TextEncoder().encode('<html>this is not audio</html>');
    const error = await classifier.classify(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidAudioError);
    expect((error as Error).message).toMatch(/Decoding the audio file failed.*WAV, FLAC, Ogg Opus/);
    const wav = encodeWav([chirp(16000)], 16000);
    const corrupt = wav.slice(0, 30);
    await expect(classifier.classify(corrupt)).rejects.toThrow(InvalidAudioError);
    await expect(classifier.classify(new Uint8Array(0))).rejects.toThrow(InvalidAudioError);
    await expect(classifier.classify({ samples: new Float32Array(0), sampleRate: 16000 })).rejects.toThrow(/no samples/);
    await expect(classifier.classify({ samples: chirp(), sampleRate: 0 })).rejects.toThrow(/positive integer/);
    await expect(classifier.classify('clip.wav' as unknown as Uint8Array)).rejects.toThrow(/got string/);
  });

  it('keeps working after bad input', async () => {
    await classifier.classify(new Uint8Array([1, 2, 3])).catch(() => undefined);
    await expect(classifier.classify({ samples: chirp(), sampleRate: 44100 })).resolves.toHaveProperty('top');
  });

  it('calls onBackend with the chosen backend before building the model (where an app installs backend plug-ins)', async () => {
    const seen: string[] = [];
    const tensorsBefore = tf.memory().numTensors;
    const loaded = await loadClassifier({ weights: exported.weights, manifest: exported.manifest }, {
      backends: ['webgpu', 'cpu'],
      warmUp: false,
      onBackend: (backend) => {
        seen.push(`${backend.name} (${backend.rejected.map((r) => r.name).join(',')} rejected)`);
        // Nothing of the model exists yet: a plug-in installed here is used from the first forward pass on.
        expect(tf.memory().numTensors).toBe(tensorsBefore);
      },
    });
    loaded.dispose();
    expect(seen).toEqual(['cpu (webgpu rejected)']);
  });

  it('enforces the size and length limits with typed errors', async () => {
    const small = await loadClassifier({ weights: exported.weights, manifest: exported.manifest }, { backends: ['cpu'], maxAudioBytes: 1000, maxAudioSeconds: 0.5, warmUp: false });
    try {
      const wav = encodeWav([chirp(16000)], 16000);
      const error = await small.classify(wav).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputTooLargeError);
      expect((error as Error).message).toMatch(/The audio file is 25\.0 KiB, above the limit of 1000 B.*maxAudioBytes/);
      await expect(small.classify(new Blob([wav.slice()]))).rejects.toThrow(InputTooLargeError);
      await expect(small.classify({ samples: chirp(), sampleRate: 44100 })).rejects.toThrow(/0\.8 s long, above the limit of 0\.5 s/);
    } finally {
      small.dispose();
    }
  });

  it('serialises concurrent classifications and returns each its own result', async () => {
    const a = chirp(16000);
    const b = a.map((v) => v * 0.01);
    const [ra, rb] = await Promise.all([classifier.classify({ samples: a, sampleRate: 16000 }), classifier.classify({ samples: b, sampleRate: 16000 })]);
    const [ea, eb] = await Promise.all([reference(exported.model, a, 16000), reference(exported.model, b, 16000)]);
    expect(ra.labels.find((s) => s.index === 0)?.probability).toBeCloseTo(ea[0] as number, 6);
    expect(rb.labels.find((s) => s.index === 0)?.probability).toBeCloseTo(eb[0] as number, 6);
  });

  it('leaks no tensors per classification', async () => {
    const samples = chirp();
    await classifier.classify({ samples, sampleRate: 44100 });
    const before = tf.memory().numTensors;
    await classifier.classify({ samples, sampleRate: 44100 });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('loadClassifier: bad models', () => {
  it('rejects weights of another model (class count) with ModelMismatchError naming the tensor', async () => {
    const five = exportOf(['a', 'b', 'c', 'd', 'e']);
    const three = exportOf();
    try {
      const error = await loadClassifier({ weights: five.weights, manifest: three.manifest }, { backends: ['cpu'] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelMismatchError);
      expect((error as Error).message).toMatch(/head\.weight.*\[5, 128\], expected \[3, 128\]/);
      expect((error as Error).cause).toBeInstanceOf(Error);
    } finally {
      five.model.dispose();
      three.model.dispose();
    }
  });

  it('rejects weights that are not safetensors, and safetensors that are not an export, with InvalidModelError', async () => {
    const ok = exportOf();
    try {
      await expect(loadClassifier(new Uint8Array(64), { backends: ['cpu'] })).rejects.toThrow(/not a valid safetensors file/);
      await expect(loadClassifier({ weights: new Uint8Array(64), manifest: ok.manifest }, { backends: ['cpu'] })).rejects.toThrow(InvalidModelError);
      const checkpoint = ok.model.saveWeights();
      const error = await loadClassifier(checkpoint, { backends: ['cpu'] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidModelError);
      expect((error as Error).message).toMatch(/no 'spectromix\.model' metadata/);
    } finally {
      ok.model.dispose();
    }
  });

  it('rejects a config that describes no model with InvalidModelError', async () => {
    const ok = exportOf();
    try {
      const manifest = { ...manifestOf(ok.model, { labels: LABELS }), model: { ...ok.model.config, dim: -1 } };
      const error = await loadClassifier({ weights: ok.weights, manifest }, { backends: ['cpu'] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidModelError);
      expect(error).toBeInstanceOf(ClassifierError);
    } finally {
      ok.model.dispose();
    }
  });

  it('uses the manifest given beside the weights over the one in their metadata', async () => {
    const ok = exportOf();
    try {
      const manifest = manifestOf(ok.model, { labels: ['x', 'y', 'z'], normalization: NORM });
      const classifier = await loadClassifier({ weights: ok.weights, manifest: JSON.stringify(manifest) }, { backends: ['cpu'], warmUp: false });
      expect(classifier.labels).toEqual(['x', 'y', 'z']);
      classifier.dispose();
    } finally {
      ok.model.dispose();
    }
  });

  it('throws ClassifierDisposedError after dispose', async () => {
    const ok = exportOf();
    const classifier = await loadClassifier(ok.weights, { backends: ['cpu'], warmUp: false });
    classifier.dispose();
    ok.model.dispose();
    await expect(classifier.classify({ samples: chirp(), sampleRate: 44100 })).rejects.toThrow(ClassifierDisposedError);
    expect(classifier.disposed).toBe(true);
  });
});
