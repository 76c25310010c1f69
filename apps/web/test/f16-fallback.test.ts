import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadClassifier, PrecisionUnavailableError, ClassifierError } from '@spectromix/classifier';
import { installSpectromixKernels, uninstallSpectromixKernels } from '@spectromix/webgpu-kernels';
import { BUNDLED, SYNTH_CLIPS } from './e2e-data.js';
import { bundledWeights } from './precision-clips.js';

// The fp32 fallback of precision 'auto' and the typed error of 'f16', on a WebGPU device without shader-f16: Dawn over
// lavapipe whose adapter hides the feature, as a GPU or browser without f16 shaders shows it (Chromium's SwiftShader
// among them). This file's process sets up its own navigator.gpu before any backend starts.

beforeAll(async () => {
  const { create, globals } = (await import('webgpu')) as unknown as { create: (flags: string[]) => GPU; globals: Record<string, unknown> };
  Object.assign(globalThis, globals);
  const dawn = create([]);
  const hiding = {
    requestAdapter: async (options?: GPURequestAdapterOptions) => {
      const adapter = await dawn.requestAdapter(options);
      if (adapter == null) return null;
      const features = new Set([...adapter.features].filter((f) => f !== 'shader-f16'));
      return new Proxy(adapter, {
        get: (target, key) => {
          if (key === 'features') return features;
          const value: unknown = Reflect.get(target, key, target);
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
    },
    getPreferredCanvasFormat: () => dawn.getPreferredCanvasFormat(),
    wgslLanguageFeatures: dawn.wgslLanguageFeatures,
  } as unknown as GPU;
  Object.defineProperty(globalThis, 'navigator', { value: { gpu: hiding }, configurable: true, writable: true });
});

afterAll(() => {
  uninstallSpectromixKernels();
});

const install = (b: { name: string }): void => {
  if (b.name === 'webgpu') installSpectromixKernels();
};

describe('precision on a WebGPU device without shader-f16', () => {
  const weights = bundledWeights(BUNDLED.synth);

  it("'auto' runs fp32, says why, and classifies", async () => {
    const classifier = await loadClassifier(weights, { backends: ['webgpu'], onBackend: install });
    try {
      expect(classifier.backend.name).toBe('webgpu');
      expect(classifier.precision).toEqual({
        name: 'fp32',
        requested: 'auto',
        reason: "'auto' runs fp32: the WebGPU device does not offer shader-f16 (f16 arithmetic in shaders)",
      });
      const result = await classifier.classify(new Uint8Array(readFileSync(SYNTH_CLIPS[0] as string)));
      expect(result.precision).toBe('fp32');
      expect(result.top.label).toBe('rising-chirp');
    } finally {
      classifier.dispose();
    }
  });

  it("'f16' throws PrecisionUnavailableError that says why and what to do", async () => {
    const error = await loadClassifier(weights, { backends: ['webgpu'], precision: 'f16', onBackend: install }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrecisionUnavailableError);
    expect(error).toBeInstanceOf(ClassifierError);
    expect((error as PrecisionUnavailableError).reason).toBe('the WebGPU device does not offer shader-f16 (f16 arithmetic in shaders)');
    expect((error as Error).message).toMatch(/precision 'f16' cannot run here: .*shader-f16.*Use precision 'auto'.*or 'fp32'/);
  });

  it("'auto' without the kernels plug-in runs fp32 and names the install call", async () => {
    uninstallSpectromixKernels();
    const classifier = await loadClassifier(weights, { backends: ['webgpu'], warmUp: false });
    try {
      expect(classifier.precision.name).toBe('fp32');
      expect(classifier.precision.reason).toMatch(/'auto' runs fp32: the ops in use on 'webgpu' \('tfjs'\) declare no f16 inference \(install @spectromix\/webgpu-kernels in onBackend: installSpectromixKernels\(\)\)/);
    } finally {
      classifier.dispose();
    }
  });
});
