import { describe, expect, it } from 'vitest';
import { bundleForBrowser } from '../test/browser-bundle.js';

describe('browser bundle of @spectromix/classifier', () => {
  it('pulls no Node-only module (node:*, fs, worker_threads, Dawn, tfjs-node)', async () => {
    const { errors, inputs } = await bundleForBrowser('src/index.ts');
    expect(errors).toEqual([]);
    const live = inputs.filter((p) => !p.startsWith('(disabled)'));
    expect(live.filter((p) => /^node:|node_modules\/webgpu\/|tfjs-node|\/dsp\/src\/.*node\.ts$|adapters\/dawn/.test(p))).toEqual([]);
    // It really contains the model, the features and the browser backends.
    for (const part of ['asm-rh/src/model.ts', 'dsp/src/features/ast-fbank.ts', 'tfjs-backend-webgpu', 'tfjs-backend-webgl', 'tfjs-backend-wasm']) {
      expect(live.some((p) => p.includes(part)), part).toBe(true);
    }
  }, 120_000);

  it('the same check catches Node built-ins (a file importing node:fs fails to bundle)', async () => {
    const { errors } = await bundleForBrowser('test/node-only-fixture.ts');
    expect(errors.join('\n')).toMatch(/node:fs|built into node/);
  }, 60_000);
});
