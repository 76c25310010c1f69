import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { installNodeWebGPU } from '@spectromix/tensor/node';
import { loadClassifier, type Classifier, type ClassificationResult } from '@spectromix/classifier';
import { installSpectromixKernels, startMatMulLog, takeMatMulLog, uninstallSpectromixKernels } from '@spectromix/webgpu-kernels';
import { bundledWeights, precisionCases } from './precision-clips.js';

// f16 inference against fp32 in Node, on Dawn over Mesa lavapipe (no GPU): lavapipe offers shader-f16 without any
// Dawn toggle, as Chromium does on most GPUs. lavapipe has no subgroup matrices, so 'auto' keeps fp32 here (the plain
// shader-f16 kernel is slower than fp32) and 'f16' runs the f16 path on the shader-f16 tiled kernel. Every bundled
// model classifies its test clips both ways, in the same order.

/**
 * Largest difference allowed between a class's f16 and fp32 probability. Rounding an operand to f16 changes it by at
 * most 2^-11 (4.9e-4) relative, so a product of two rounded operands moves by about 1e-3 relative at most (the f32
 * sums add nothing comparable). asm-rh-tiny (all three bundled models) runs 26 products per clip: the patch embedding,
 * 12 residual branches of 2 products (token MLP, Hermit mixing, channel MLP in 4 blocks), the head. LayerNorm rescales
 * each branch's input and the residual stream adds the branches, so errors add over ~14 stages instead of compounding;
 * independent roundings add in quadrature: about sqrt(14) x 2e-3 = 7e-3 relative on the logits, and a softmax
 * probability moves by at most a quarter of the spread of the logit changes (dp_i/dz_j <= 1/4), a few 1e-3 for
 * logits of a few units. 0.01 covers that and is the tolerance the e2e suite accepts between the page and
 * `spectromix predict`; measured (printed): about 1e-4.
 */
const PROBABILITY_TOLERANCE = 0.01;

beforeAll(async () => {
  // Dawn as a page gets it: no toggles, the adapter's own features.
  await installNodeWebGPU();
});

afterAll(() => {
  uninstallSpectromixKernels();
});

const install = (b: { name: string }): void => {
  if (b.name === 'webgpu') installSpectromixKernels();
};

async function classifyAll(classifier: Classifier, clips: readonly string[]): Promise<ClassificationResult[]> {
  const out: ClassificationResult[] = [];
  for (const clip of clips) out.push(await classifier.classify(new Uint8Array(readFileSync(clip))));
  return out;
}

describe('f16 products vs fp32 on the bundled models (webgpu on lavapipe)', () => {
  for (const c of precisionCases()) {
    it(`${c.model}: the same top-1 on every test clip, probabilities within ${PROBABILITY_TOLERANCE}`, async () => {
      const weights = bundledWeights(c.model);
      const fp32 = await loadClassifier(weights, { backends: ['webgpu'], precision: 'fp32', onBackend: install });
      const f16 = await loadClassifier(weights, { backends: ['webgpu'], precision: 'f16', onBackend: install });
      try {
        expect(fp32.precision).toEqual({ name: 'fp32', requested: 'fp32', reason: "'fp32' was asked for" });
        expect(f16.precision.name).toBe('f16');
        expect(f16.precision.kernel).toBe('shader-f16 tiled matmul, f16 weight copies');
        const a = await classifyAll(fp32, c.clips);
        startMatMulLog();
        const b = await classifyAll(f16, c.clips);
        const launches = takeMatMulLog();
        const plans = launches.map((l) => l.plan);
        // Every product of the f16 forward passes ran on f16 operands; every weight (patch embedding, token and channel
        // MLPs, head) was read from its f16 copy: only the Hermit mixing's cosine matrix, made per call, is not a weight.
        expect(plans.length).toBeGreaterThan(0);
        expect(plans.filter((p) => !p.startsWith('f16 tiled'))).toEqual([]);
        const fromCopies = launches.filter((l) => / f16 A?B?\)$/.test(l.plan));
        const others = launches.filter((l) => !fromCopies.includes(l));
        expect(fromCopies.length).toBe((1 + 4 * 4 + 1) * c.clips.length); // patch embedding, 4 MLP layers per block, head
        // The rest are the Hermit mixing's products, [T', T'] cosine matrix by activations (2 per block): no weights.
        expect(others.length).toBe(2 * 4 * c.clips.length);
        expect(others.every((l) => l.m === l.k)).toBe(true);
        let worst = 0;
        for (const [i, clip] of c.clips.entries()) {
          const x = a[i] as ClassificationResult;
          const y = b[i] as ClassificationResult;
          expect(y.precision).toBe('f16');
          expect(x.precision).toBe('fp32');
          expect(y.top.label, `${clip}: top-1 in f16 vs fp32`).toBe(x.top.label);
          for (const s of x.labels) {
            const d = Math.abs(s.probability - (y.labels.find((t) => t.index === s.index)?.probability ?? Number.NaN));
            worst = Math.max(worst, d);
            expect(d, `${clip}: probability of ${s.label}`).toBeLessThan(PROBABILITY_TOLERANCE);
          }
        }
        console.log(`[f16] ${c.model}: ${c.clips.length} clips, same top-1, largest probability difference ${worst.toExponential(2)}; ${plans.length} f16 products`);
        // Not fp32 in disguise: f16 rounding moved some probability.
        expect(worst).toBeGreaterThan(0);
      } finally {
        fp32.dispose();
        f16.dispose();
      }
    });
  }
});

describe("precision 'auto' on a device with shader-f16 but no subgroup matrices (lavapipe)", () => {
  it('keeps fp32, says why, and names the slower kernel', async () => {
    const auto = await loadClassifier(bundledWeights('synthetic-sounds'), { backends: ['webgpu'], precision: 'auto', onBackend: install });
    try {
      expect(auto.precision).toEqual({
        name: 'fp32',
        requested: 'auto',
        reason: "'auto' runs fp32: the device has shader-f16 but no matrix hardware for f16 (shader-f16 tiled matmul, f16 weight copies), which measured 1.5-2.6x slower than fp32; precision 'f16' runs it anyway",
      });
    } finally {
      auto.dispose();
    }
  });
});
