import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { createModel, minimumWeightBytes, modelFromConfig } from './create.js';
import { AsmRhConfigError } from './errors.js';

describe('modelFromConfig with weightBytes: an untrusted config is checked against the weights before allocating', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('minimumWeightBytes is a lower bound of the real parameter bytes (F16) of the presets and ablations', () => {
    // asm-rh-base (86M parameters) is left out to keep the test light; its layers are the same ones, wider.
    for (const preset of ['asm-rh-tiny', 'asm-rh-small'] as const) {
      for (const ablation of [{}, { hermit: false }, { roll: false }]) {
        const model = createModel(preset, { numClasses: 10, targetLength: 128, ...ablation });
        expect(minimumWeightBytes(model.config)).toBeLessThanOrEqual(2 * model.numParameters());
        expect(minimumWeightBytes(model.config)).toBeGreaterThan(model.numParameters());
        model.dispose();
      }
    }
  });

  it('refuses a config claiming a billion blocks, or a huge width, for a small weights file (found by tooling/fuzz)', () => {
    const model = createModel('asm-rh-tiny', { numClasses: 10, targetLength: 80 });
    const bytes = model.saveWeights();
    const ok = modelFromConfig(model.config, { weightBytes: bytes.byteLength });
    ok.dispose();
    expect(() => modelFromConfig({ ...model.config, depth: 1e9 }, { weightBytes: bytes.byteLength })).toThrow(AsmRhConfigError);
    expect(() => modelFromConfig({ ...model.config, dim: 2 ** 30 }, { weightBytes: bytes.byteLength })).toThrow(/needs at least .* bytes of weights/);
    model.dispose();
  });
});
