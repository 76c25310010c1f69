import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@spectromix/tensor/node';
import type { AsmRhModel } from '@spectromix/asm-rh';
import { MANIFEST_METADATA_KEY } from '@spectromix/features';
import { parseExport, type ExportParts } from './export-format.js';
import { InvalidModelError, ModelMismatchError } from './errors.js';
import { makeExport, manifestOf } from '../test/make-export.js';

// The manifest's fields, versions and migration are @spectromix/features' (tested there); this is the classifier's
// layer: where the manifest is found and which of the classifier's errors a bad one becomes.

let model: AsmRhModel;
let weights: Uint8Array;
let manifest: Record<string, unknown>;

beforeAll(async () => {
  await initBackend('cpu');
  ({ model, weights, manifest } = makeExport({ targetLength: 26 }));
});
afterAll(() => model.dispose());

const patched = (patch: Record<string, unknown>): ExportParts => ({ weights, manifest: { ...manifest, ...patch } });
const features = (patch: Record<string, unknown>): ExportParts => patched({ features: { ...(manifest['features'] as Record<string, unknown>), ...patch } });

describe('parseExport', () => {
  it('reads model config, labels, features and output from the manifest in the weights metadata', () => {
    const bundle = parseExport({ weights });
    expect(bundle.labels).toEqual(['low', 'mid', 'high']);
    expect(bundle.features).toEqual({ sampleRate: 16000, numMelBins: 128, frameLength: 25, frameShift: 10, targetLength: 26, mean: -6.5, std: 4, speakerNormalization: 'none', speakerRate: 'none' });
    expect(bundle.activation).toBe('softmax');
    expect(bundle.modelConfig).toEqual(model.config);
    expect(bundle.weights).toBe(weights);
  });

  it('prefers a manifest given beside the weights', () => {
    const other = manifestOf(model, { labels: ['a', 'b', 'c'], output: 'sigmoid' });
    const bundle = parseExport({ weights, manifest: other });
    expect(bundle.labels).toEqual(['a', 'b', 'c']);
    expect(bundle.activation).toBe('sigmoid');
  });

  it('reads a version-1 manifest (older exports) through the migration of @spectromix/features', () => {
    const f = manifest['features'] as Record<string, unknown>;
    const old = { ...manifest, version: 1, features: { ...f, clipNormalization: 'none', clipFrames: 0, speakerNormalization: undefined, speakerRate: undefined } };
    expect(parseExport({ weights, manifest: old }).features.speakerRate).toBe('none');
    expect(() => parseExport({ weights, manifest: { ...old, features: { ...f, clipNormalization: 'mean-per-bin' } } })).toThrow(InvalidModelError);
  });

  it('rejects labels that do not match the class count, or features that do not match the model, with ModelMismatchError', () => {
    expect(() => parseExport(patched({ labels: ['a', 'b'] }))).toThrow(ModelMismatchError);
    expect(() => parseExport(patched({ labels: ['a', 'b'] }))).toThrow(/3 outputs but the label list has 2/);
    expect(() => parseExport(features({ targetLength: 100 }))).toThrow(ModelMismatchError);
  });

  it.each([
    ['a manifest that is not an object', () => ({ weights, manifest: [1] }), /the manifest must be a JSON object; got an array/],
    ['another format', () => patched({ format: 'onnx' }), /format "onnx", expected "spectromix-model"/],
    ['a newer version', () => patched({ version: 9 }), /version 9; this @spectromix\/features reads versions 1 to 2/],
    ['a wrong field', () => features({ sampleRate: 16000.5 }), /spectromix\.json: field features\.sampleRate is 16000\.5: expected a positive integer/],
    ['empty weights', () => ({ weights: new Uint8Array(0) }), /model\.safetensors is empty/],
    ['weights that are not safetensors', () => ({ weights: new Uint8Array([1, 2, 3]) }), /not a valid safetensors file/],
    ['weights without a manifest', () => ({ weights: model.saveWeights({}) }), new RegExp(`no '${MANIFEST_METADATA_KEY}' metadata`)],
  ] as Array<[string, () => unknown, RegExp]>)('rejects %s with InvalidModelError', (_name, parts, message) => {
    expect(() => parseExport(parts() as ExportParts)).toThrow(InvalidModelError);
    expect(() => parseExport(parts() as ExportParts)).toThrow(message);
  });
});
