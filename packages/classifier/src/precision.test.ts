import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@spectromix/tensor/node';
import { loadClassifier } from './load-classifier.js';
import { ClassifierOptionError, PrecisionUnavailableError } from './errors.js';
import type { InferencePrecision } from './precision.js';
import { makeExport } from '../test/make-export.js';

// Off WebGPU (Node's cpu backend, as a browser without WebGPU): 'auto' runs fp32 and says why, 'f16' refuses.
// The f16 path itself runs on WebGPU with shader-f16: apps/web/test/f16-precision.test.ts (Dawn on lavapipe).
let exported: ReturnType<typeof makeExport>;

beforeAll(async () => {
  await initBackend('cpu');
  exported = makeExport({ labels: ['a', 'b'], seed: 3, targetLength: 64, normalization: { mean: -6.5, std: 4 } });
});

afterAll(() => {
  exported.model.dispose();
});

describe('loadClassifier precision', () => {
  it("defaults to 'auto', which runs fp32 off WebGPU and says why", async () => {
    const classifier = await loadClassifier(exported.weights, { backends: ['cpu'], warmUp: false });
    try {
      expect(classifier.precision).toEqual({ name: 'fp32', requested: 'auto', reason: "'auto' runs fp32: the backend is 'cpu'; f16 products need WebGPU with shader-f16" });
      const result = await classifier.classify({ samples: new Float32Array(8000).fill(0.1), sampleRate: 16000 });
      expect(result.precision).toBe('fp32');
    } finally {
      classifier.dispose();
    }
  });

  it("'fp32' says it was asked for", async () => {
    const classifier = await loadClassifier(exported.weights, { backends: ['cpu'], warmUp: false, precision: 'fp32' });
    expect(classifier.precision).toEqual({ name: 'fp32', requested: 'fp32', reason: "'fp32' was asked for" });
    classifier.dispose();
  });

  it("'f16' off WebGPU throws PrecisionUnavailableError with the reason and what to do", async () => {
    const error = await loadClassifier(exported.weights, { backends: ['cpu'], precision: 'f16' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrecisionUnavailableError);
    expect((error as PrecisionUnavailableError).reason).toBe("the backend is 'cpu'; f16 products need WebGPU with shader-f16");
    expect((error as Error).message).toMatch(/Use precision 'auto'.*installSpectromixKernels/);
  });

  it('rejects an unknown precision with ClassifierOptionError before loading anything', async () => {
    const error = await loadClassifier(exported.weights, { backends: ['cpu'], precision: 'bf16' as InferencePrecision }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClassifierOptionError);
    expect((error as Error).message).toBe("Unknown precision 'bf16'; use one of auto, f16, fp32.");
  });
});
