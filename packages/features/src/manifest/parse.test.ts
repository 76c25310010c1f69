import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ManifestError } from '../errors.js';
import { featureSettings } from '../recipe/settings.js';
import { createManifest, type ManifestParts } from './create.js';
import { MANIFEST_VERSION } from './export-files.js';
import { migrateManifest } from './migrate.js';
import { parseManifest } from './parse.js';

const PARTS: ManifestParts = {
  model: { preset: 'asm-rh-tiny', numClasses: 3, targetLength: 26 },
  labels: ['low', 'mid', 'high'],
  output: 'softmax',
  features: { sampleRate: 16000, targetLength: 26, normalization: { mean: -6.5, std: 4 }, speakerNormalization: 'none', speakerRate: 'none' },
  training: { dataset: 'synthetic', split: 'official', epochs: 2, bestEpoch: 1, metrics: { test: { accuracy: 1, macroAuc: 1, mAP: 1 } }, config: { data: { targetLength: 26 } } },
};
const v2 = (): Record<string, unknown> => JSON.parse(JSON.stringify(createManifest(PARTS))) as Record<string, unknown>;
const withFeatures = (patch: Record<string, unknown>): Record<string, unknown> => {
  const m = v2();
  return { ...m, features: { ...(m['features'] as Record<string, unknown>), ...patch } };
};
/** A version-1 manifest as spectromix export wrote it before version 2. */
const v1 = (patch: Record<string, unknown> = {}): Record<string, unknown> => {
  const m = v2();
  return {
    ...m,
    version: 1,
    features: { ...(m['features'] as Record<string, unknown>), clipNormalization: 'none', clipFrames: 0, ...patch },
    training: { ...(m['training'] as Record<string, unknown>), config: { data: { targetLength: 26, clipNormalization: 'none', clipFrames: 0 }, augment: { freqm: 0, timeStretch: 0, timeShift: 0, freqWarp: 0 } } },
  };
};

describe('createManifest / parseManifest', () => {
  it('round-trips a current manifest through JSON', () => {
    const parsed = parseManifest(v2(), 'm.json');
    expect(parsed.version).toBe(MANIFEST_VERSION);
    expect(parsed.labels).toEqual(['low', 'mid', 'high']);
    expect(featureSettings(parsed)).toEqual({ sampleRate: 16000, numMelBins: 128, frameLength: 25, frameShift: 10, targetLength: 26, mean: -6.5, std: 4, speakerNormalization: 'none', speakerRate: 'none' });
    expect(parsed.training?.metrics['test']).toEqual({ accuracy: 1, macroAuc: 1, mAP: 1 });
  });

  it.each([
    ['a manifest that is not an object', () => [1], /must be a JSON object; got an array/, 'invalid'],
    ['another format', () => ({ ...v2(), format: 'onnx' }), /format "onnx", expected "spectromix-model"/, 'invalid'],
    ['a newer version', () => ({ ...v2(), version: 3 }), /version 3; this @spectromix\/features reads versions 1 to 2/, 'unsupported'],
    ['missing model', () => ({ ...v2(), model: undefined }), /field model is missing/, 'invalid'],
    ['empty labels', () => ({ ...v2(), labels: [] }), /field labels is \[\]: expected a non-empty array of class names/, 'invalid'],
    ['non-string labels', () => ({ ...v2(), labels: [1, 2, 3] }), /field labels.0 is 1/, 'invalid'],
    ['a fractional sample rate', () => withFeatures({ sampleRate: 16000.5 }), /features\.sampleRate is 16000\.5: expected a positive integer/, 'invalid'],
    ['a non-finite mean', () => withFeatures({ normalization: { mean: 'x', std: 1 } }), /features\.normalization\.mean is "x": expected a finite number/, 'invalid'],
    ['a zero std', () => withFeatures({ normalization: { mean: 0, std: 0 } }), /normalization\.std is 0: expected the training-set standard deviation/, 'invalid'],
    ['other fbank settings', () => withFeatures({ fbank: { htkCompat: true, useEnergy: false, windowType: 'hamming', numMelBins: 128, dither: 0, frameShift: 10, frameLength: 25 } }), /fbank\.windowType is "hamming": expected "hanning": this package computes the AST features/, 'invalid'],
    ['no mean subtraction', () => withFeatures({ subtractMean: false }), /subtractMean is false: expected true/, 'invalid'],
    ['an unknown speaker normalisation', () => withFeatures({ speakerNormalization: 'cmvn' }), /speakerNormalization is "cmvn"/, 'invalid'],
    ['a speaking rate without a positive target', () => withFeatures({ speakerRate: { targetFrames: 0 } }), /speakerRate/, 'invalid'],
    ['a removed option in a version-2 manifest', () => withFeatures({ clipFrames: 0 }), /features has unknown keys "clipFrames"/, 'invalid'],
    ['an unknown output', () => ({ ...v2(), output: 'relu' }), /field output is "relu"/, 'invalid'],
    ['labels that do not match the class count', () => ({ ...v2(), labels: ['a', 'b'] }), /3 outputs but the label list has 2/, 'mismatch'],
    ['features whose length differs from the model', () => withFeatures({ targetLength: 100 }), /expects 26 frames but the features are set to 100/, 'mismatch'],
  ] as Array<[string, () => unknown, RegExp, string]>)('rejects %s with a ManifestError that names it', (_name, value, message, kind) => {
    let error: unknown;
    try {
      parseManifest(value(), 'm.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).message).toMatch(message);
    expect((error as ManifestError).kind).toBe(kind);
  });
});

describe('migrateManifest (version 1 -> 2)', () => {
  it('drops the removed options at their off values, defaults the speaker settings, and strips them from the run config', () => {
    const migrated = parseManifest(v1({ speakerNormalization: undefined, speakerRate: undefined }), 'old.json');
    expect(migrated.version).toBe(2);
    expect(migrated.features.speakerNormalization).toBe('none');
    expect(migrated.features.speakerRate).toBe('none');
    expect(migrated.features).not.toHaveProperty('clipFrames');
    expect(migrated.training?.config).toEqual({ data: { targetLength: 26 }, augment: { freqm: 0 } });
  });

  it('refuses a version-1 export that used a removed feature option', () => {
    expect(() => migrateManifest(v1({ clipNormalization: 'mean-per-bin' }), 'old.json')).toThrow(/clipNormalization is "mean-per-bin", an option that export format version 2 removed/);
    expect(() => migrateManifest(v1({ clipFrames: 30 }), 'old.json')).toThrow(ManifestError);
  });

  it.each(['fsdd-digits', 'ravdess-emotions', 'synthetic-sounds'])('reads the shipped %s model, whose manifest is current', (name) => {
    const text = readFileSync(new URL(`../../../../apps/web/public/models/${name}/spectromix.json`, import.meta.url), 'utf8');
    const json = JSON.parse(text) as Record<string, unknown>;
    expect(json['version']).toBe(MANIFEST_VERSION);
    const parsed = parseManifest(json, name);
    expect(parsed.labels.length).toBe(parsed.model.numClasses);
    expect(migrateManifest(json, name)).toBe(json);
  });
});
