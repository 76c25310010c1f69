import { describe, expect, it } from 'vitest';
import { parseExport, type ExportParts } from './export-format.js';
import { InvalidModelError, ModelMismatchError } from './errors.js';

const weights = new Uint8Array([1, 2, 3]);
const config = {
  model: { preset: 'asm-rh-tiny', numClasses: 3, targetLength: 128 },
  labels: ['a', 'b', 'c'],
  features: { sampleRate: 16000, numMelBins: 128, targetLength: 128, mean: -6.8, std: 5.5 },
};
const withConfig = (patch: Record<string, unknown>): ExportParts => ({ weights, config: { ...config, ...patch } });

describe('parseExport', () => {
  it('reads model config, labels, features and the default softmax activation', () => {
    const bundle = parseExport({ weights, config });
    expect(bundle.labels).toEqual(['a', 'b', 'c']);
    expect(bundle.features).toEqual(config.features);
    expect(bundle.activation).toBe('softmax');
    expect(bundle.modelConfig).toEqual(config.model);
    expect(bundle.weights).toBe(weights);
  });

  it('takes labels from a separate labels.json when given', () => {
    const rest: Record<string, unknown> = { ...config };
    delete rest['labels'];
    expect(parseExport({ weights, config: rest, labels: ['x', 'y', 'z'] }).labels).toEqual(['x', 'y', 'z']);
  });

  it('rejects labels that do not match the class count with ModelMismatchError', () => {
    expect(() => parseExport(withConfig({ labels: ['a', 'b'] }))).toThrow(ModelMismatchError);
    expect(() => parseExport(withConfig({ labels: ['a', 'b'] }))).toThrow(/3 outputs but the label list has 2/);
  });

  it('rejects features whose target length differs from the model', () => {
    const error = (() => {
      try {
        parseExport(withConfig({ features: { ...config.features, targetLength: 100 } }));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ModelMismatchError);
  });

  it.each([
    ['config that is not an object', { weights, config: [1] }, /config\.json must be a JSON object; got an array/],
    ['missing model', withConfig({ model: undefined }), /field "model" must be a JSON object/],
    ['missing features', withConfig({ features: null }), /field "features"/],
    ['empty labels', withConfig({ labels: [] }), /non-empty array of class names/],
    ['non-string labels', withConfig({ labels: [1, 2, 3] }), /non-empty array of class names/],
    ['a fractional sample rate', withConfig({ features: { ...config.features, sampleRate: 16000.5 } }), /features\.sampleRate must be a positive integer/],
    ['a non-finite mean', withConfig({ features: { ...config.features, mean: 'x' } }), /features\.mean must be a finite number/],
    ['a zero std', withConfig({ features: { ...config.features, std: 0 } }), /std is 0/],
    ['an unknown activation', withConfig({ activation: 'relu' }), /"activation" is "relu"/],
    ['empty weights', { weights: new Uint8Array(0), config }, /model\.safetensors is empty/],
  ])('rejects %s with InvalidModelError', (_name, parts, message) => {
    expect(() => parseExport(parts as ExportParts)).toThrow(InvalidModelError);
    expect(() => parseExport(parts as ExportParts)).toThrow(message);
  });
});
