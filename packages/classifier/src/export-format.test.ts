import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@spectromix/tensor/node';
import type { AsmRhModel } from '@spectromix/asm-rh';
import { parseExport, type ExportParts } from './export-format.js';
import { InvalidModelError, ModelMismatchError } from './errors.js';
import { makeExport, manifestOf } from '../test/make-export.js';

let model: AsmRhModel;
let weights: Uint8Array;
let manifest: Record<string, unknown>;

beforeAll(async () => {
  await initBackend('cpu');
  ({ model, weights, manifest } = makeExport({ targetLength: 26 }));
});
afterAll(() => model.dispose());

const patched = (patch: Record<string, unknown>): ExportParts => ({ weights, manifest: { ...manifest, ...patch } });
const features = (patch: Record<string, unknown>): ExportParts =>
  patched({ features: { ...(manifest['features'] as Record<string, unknown>), ...patch } });

describe('parseExport (manifest version 1 of spectromix export)', () => {
  it('reads model config, labels, features and output from the manifest in the weights metadata', () => {
    const bundle = parseExport({ weights });
    expect(bundle.labels).toEqual(['low', 'mid', 'high']);
    expect(bundle.features).toEqual({ sampleRate: 16000, numMelBins: 128, frameLength: 25, frameShift: 10, targetLength: 26, mean: -6.5, std: 4, clipNormalization: 'none', speakerNormalization: 'none', speakerRate: 'none', clipFrames: 0 });
    expect(bundle.activation).toBe('softmax');
    expect(bundle.modelConfig).toEqual(model.config);
    expect(bundle.weights).toBe(weights);
  });

  it("reads clipNormalization: 'mean-per-bin', and 'none' when an older export lacks the field", () => {
    expect(parseExport(features({ clipNormalization: 'mean-per-bin' })).features.clipNormalization).toBe('mean-per-bin');
    expect(parseExport(features({ clipNormalization: 'none' })).features.clipNormalization).toBe('none');
    expect(parseExport(features({ clipNormalization: undefined })).features.clipNormalization).toBe('none');
    expect(parseExport(features({ speakerNormalization: 'mean-per-bin' })).features.speakerNormalization).toBe('mean-per-bin');
    expect(parseExport(features({ speakerNormalization: undefined })).features.speakerNormalization).toBe('none');
    expect(parseExport(features({ speakerRate: { targetFrames: 33 } })).features.speakerRate).toEqual({ targetFrames: 33 });
    expect(parseExport(features({ speakerRate: undefined })).features.speakerRate).toBe('none');
  });

  it('prefers a manifest given beside the weights', () => {
    const other = manifestOf(model, { labels: ['a', 'b', 'c'], output: 'sigmoid' });
    const bundle = parseExport({ weights, manifest: other });
    expect(bundle.labels).toEqual(['a', 'b', 'c']);
    expect(bundle.activation).toBe('sigmoid');
  });

  it('rejects labels that do not match the class count with ModelMismatchError', () => {
    expect(() => parseExport(patched({ labels: ['a', 'b'] }))).toThrow(ModelMismatchError);
    expect(() => parseExport(patched({ labels: ['a', 'b'] }))).toThrow(/3 outputs but the label list has 2/);
  });

  it('rejects features whose target length differs from the model with ModelMismatchError', () => {
    expect(() => parseExport(features({ targetLength: 100 }))).toThrow(ModelMismatchError);
  });

  it.each([
    ['a manifest that is not an object', () => ({ weights, manifest: [1] }), /the manifest must be a JSON object; got an array/],
    ['another format', () => patched({ format: 'onnx' }), /format "onnx", expected "spectromix-model"/],
    ['a newer version', () => patched({ version: 2 }), /version 2; this package reads version 1/],
    ['missing model', () => patched({ model: undefined }), /field "model" must be a JSON object/],
    ['missing features', () => patched({ features: null }), /field "features"/],
    ['empty labels', () => patched({ labels: [] }), /non-empty array of class names/],
    ['non-string labels', () => patched({ labels: [1, 2, 3] }), /non-empty array of class names/],
    ['a fractional sample rate', () => features({ sampleRate: 16000.5 }), /features\.sampleRate must be a positive integer/],
    ['a non-finite mean', () => features({ normalization: { mean: 'x', std: 1 } }), /normalization\.mean must be a finite number/],
    ['a zero std', () => features({ normalization: { mean: 0, std: 0 } }), /std is 0/],
    ['other fbank settings', () => features({ fbank: { htkCompat: true, useEnergy: false, windowType: 'hamming', numMelBins: 128, dither: 0, frameShift: 10, frameLength: 25 } }), /fbank\.windowType is "hamming"; this package computes the AST features/],
    ['no mean subtraction', () => features({ subtractMean: false }), /subtractMean must be true/],
    ['an unknown clip normalisation', () => features({ clipNormalization: 'per-utterance' }), /clipNormalization is "per-utterance"/],
    ['an unknown speaker normalisation', () => features({ speakerNormalization: 'cmvn' }), /speakerNormalization is "cmvn"/],
    ['a speaking rate without a positive target', () => features({ speakerRate: { targetFrames: 0 } }), /speakerRate is \{"targetFrames":0\}.*targetFrames/],
    ['an unknown speaking-rate setting', () => features({ speakerRate: 'normalize' }), /speakerRate is "normalize"/],
    ['a fractional clipFrames', () => features({ clipFrames: 2.5 }), /clipFrames is 2\.5.*whole number/],
    ['an unknown output', () => patched({ output: 'relu' }), /"output" is "relu"/],
    ['empty weights', () => ({ weights: new Uint8Array(0) }), /model\.safetensors is empty/],
  ] as Array<[string, () => unknown, RegExp]>)('rejects %s with InvalidModelError', (_name, parts, message) => {
    expect(() => parseExport(parts() as ExportParts)).toThrow(InvalidModelError);
    expect(() => parseExport(parts() as ExportParts)).toThrow(message);
  });
});
