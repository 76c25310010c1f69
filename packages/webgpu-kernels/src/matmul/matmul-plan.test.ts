import { describe, expect, it } from 'vitest';
import { planMatMul, type MatMulProblem } from './matmul-plan.js';
import type { MatMulDevice } from './matmul-device.js';

// H100 SXM limits as Dawn reports them (48 KiB of workgroup memory, 1024 invocations) and its 132 SMs.
const H100: MatMulDevice = { maxShared: 48 * 1024, maxThreads: 1024, computeUnits: 132 };
type Problem = Partial<MatMulProblem> & Pick<MatMulProblem, 'm' | 'n' | 'k'>;
const plan = (p: Problem, device: MatMulDevice = H100) => planMatMul({ batch: 1, epilogue: false, loadA: 'vec4-scatter', loadB: 'vec4-kmajor', ...p }, device);

describe('planMatMul at asm-rh-base shapes (T = 512, batch 32)', () => {
  it('channel products: 128x128 tiles', () => {
    expect(plan({ m: 19200, n: 3072, k: 768 })).toEqual({ tile: 'large', splitK: 1 });
    expect(plan({ m: 19200, n: 768, k: 3072, epilogue: true })).toEqual({ tile: 'large', splitK: 1 });
  });

  it('weight gradient with long K and few tiles: K split', () => {
    expect(plan({ m: 768, n: 3072, k: 19200, loadA: 'vec4-kmajor' })).toEqual({ tile: 'large', splitK: 7 });
  });

  it('token fc1 W[384,600] x z[32,600,768]: 128x192 tiles; its transposed form (B scattered) 128x64', () => {
    expect(plan({ batch: 32, m: 384, n: 768, k: 600, epilogue: true })).toEqual({ tile: 'm128n192', splitK: 1 });
    expect(plan({ m: 24576, n: 384, k: 600, loadB: 'vec4-scatter' })).toEqual({ tile: 'tall', splitK: 1 });
  });

  it('Hermit mixing (the [50, 50] cosine matrix over 384 slices): 64-row tiles', () => {
    expect(plan({ batch: 384, m: 50, n: 768, k: 50 })).toEqual({ tile: 'wide', splitK: 1 });
    expect(plan({ batch: 384, m: 50, n: 768, k: 50, loadA: 'vec4-kmajor', epilogue: true })).toEqual({ tile: 'wide', splitK: 1 });
  });

  it('token weight gradients, the batch folded into K (15 output tiles): a K split of about two waves', () => {
    expect(plan({ m: 384, n: 600, k: 32 * 768 })).toEqual({ tile: 'large', splitK: 35 });
  });

  it('asm-rh-small (T = 512, batch 32): the tile whose waves fill the card evenly', () => {
    // token fc2 [600 x 192] @ [192 x 384]: 480 tiles of 128x128 are 1.8 waves.
    expect(plan({ batch: 32, m: 600, n: 384, k: 192, loadA: 'vec4-kmajor', epilogue: true })).toEqual({ tile: 'large', splitK: 1 });
    // token fc1 [192 x 600] @ [600 x 384]: 128 tiles of 128x192, just under one wave.
    expect(plan({ batch: 32, m: 192, n: 384, k: 600, loadA: 'vec4-kmajor', epilogue: true })).toEqual({ tile: 'm128n192', splitK: 1 });
    // channel fc2 [19200 x 1536] @ [1536 x 384] with its bias and residual: neither fills evenly, 128x64.
    expect(plan({ m: 19200, n: 384, k: 1536, epilogue: true })).toEqual({ tile: 'tall', splitK: 1 });
  });

  it('small products fall back to small tiles, and tiles that do not fit the device are skipped', () => {
    expect(plan({ m: 64, n: 64, k: 64 })).toEqual({ tile: 'tiny', splitK: 1 });
    expect(plan({ batch: 32, m: 384, n: 768, k: 600 }, { ...H100, maxShared: 16 * 1024, maxThreads: 256 }).tile).toBe('tall');
  });
});

describe('planMatMul scales its occupancy thresholds by the compute units', () => {
  // channel fc1 dW (768 x 3072 outputs, K = 19200): 144 tiles of 128x128.
  const dW = { m: 768, n: 3072, k: 19200, loadA: 'vec4-kmajor' } as const;

  it('splits K until about 7 workgroups per compute unit run', () => {
    expect(plan(dW)).toEqual({ tile: 'large', splitK: 7 });
    // 66 units (half an H100): target 450 workgroups, 4 slices of 144 tiles.
    expect(plan(dW, { ...H100, computeUnits: 66 })).toEqual({ tile: 'large', splitK: 4 });
    // 16 units: 144 tiles are already 9 waves of two per unit, no split.
    expect(plan(dW, { ...H100, computeUnits: 16 })).toEqual({ tile: 'large', splitK: 1 });
  });

  it('aims the few-tile K split at two full waves of the card', () => {
    // Token weight gradient, batch folded into K: 15 tiles; 2 waves of 2 per unit on 32 units = 128 workgroups.
    expect(plan({ m: 384, n: 600, k: 32 * 768 }, { ...H100, computeUnits: 32 })).toEqual({ tile: 'large', splitK: 8 });
  });

  it('picks the tile whose waves fill the card evenly on this card, not on an H100', () => {
    // asm-rh-small channel fc2 [19200 x 1536] @ [1536 x 384]: 450 tiles of 128x128. On 132 SMs neither 128x128 (1.7
    // waves) nor 128x192 fills evenly: 128x64. On 75 units the 450 tiles are exactly 3 waves of two per unit: 128x128.
    const fc2 = { m: 19200, n: 384, k: 1536, epilogue: true };
    expect(plan(fc2).tile).toBe('tall');
    expect(plan(fc2, { ...H100, computeUnits: 75 }).tile).toBe('large');
  });

  it('counts a product as small against the compute units', () => {
    // [1024 x 256] @ [256 x 256]: 32 workgroups of 128x64, fewer than 132 SMs but enough for 16 units.
    expect(plan({ m: 1024, n: 256, k: 256 })).toEqual({ tile: 'small', splitK: 1 });
    expect(plan({ m: 1024, n: 256, k: 256 }, { ...H100, computeUnits: 16 })).toEqual({ tile: 'tall', splitK: 1 });
  });
});
