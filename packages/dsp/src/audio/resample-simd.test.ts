import { describe, expect, it } from 'vitest';
import { applyPolyphaseKernel, buildPolyphaseKernel, DEFAULT_KAISER_BETA, type SincKernelParams } from './resample-kernel.js';
import { applyPolyphaseKernelSimd } from './resample-simd.js';

function kernelFor(origFreq: number, newFreq: number, extra: Partial<SincKernelParams> = {}): ReturnType<typeof buildPolyphaseKernel> {
  let [a, b] = [origFreq, newFreq];
  while (b !== 0) [a, b] = [b, a % b];
  return buildPolyphaseKernel({
    origFreq: origFreq / a,
    newFreq: newFreq / a,
    lowpassFilterWidth: 6,
    rolloff: 0.99,
    resamplingMethod: 'sinc_interp_hann',
    beta: DEFAULT_KAISER_BETA,
    ...extra,
  });
}

function noise(length: number, seed: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length }, () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  });
}

describe('applyPolyphaseKernelSimd', () => {
  it('runs here (Node has WebAssembly SIMD)', () => {
    expect(applyPolyphaseKernelSimd(kernelFor(48000, 16000), new Float32Array(10))).toBeInstanceOf(Float32Array);
  });

  // Several 65536-output blocks, ragged last blocks, and kernels with many phases (441) or a single one.
  const cases: [number, number, number, Partial<SincKernelParams>][] = [
    [48000, 16000, 250_000, {}],
    [44100, 16000, 200_000, {}],
    [16000, 22050, 100_003, {}],
    [8000, 16000, 70_001, { resamplingMethod: 'sinc_interp_kaiser' }],
    [22050, 16000, 3, { lowpassFilterWidth: 16 }],
  ];
  for (const [origFreq, newFreq, length, extra] of cases) {
    it(`equals the JavaScript loop: ${origFreq} -> ${newFreq}, ${length} samples`, () => {
      const kernel = kernelFor(origFreq, newFreq, extra);
      const x = noise(length, length);
      const simd = applyPolyphaseKernelSimd(kernel, x)!;
      const js = applyPolyphaseKernel(kernel, x);
      expect(simd.length).toBe(js.length);
      let err = 0;
      for (let i = 0; i < js.length; i++) err = Math.max(err, Math.abs(simd[i]! - js[i]!));
      // float32 accumulation (SIMD, like torchaudio's conv1d) vs double accumulation (JS): a few ulps.
      expect(err).toBeLessThan(1e-6);
    });
  }

  it('keeps results right when kernels alternate (tables reloaded into wasm memory)', () => {
    const a = kernelFor(48000, 16000);
    const b = kernelFor(16000, 22050);
    const x = noise(5000, 1);
    const first = applyPolyphaseKernelSimd(a, x)!;
    applyPolyphaseKernelSimd(b, x);
    expect(applyPolyphaseKernelSimd(a, x)).toEqual(first);
  });
});
