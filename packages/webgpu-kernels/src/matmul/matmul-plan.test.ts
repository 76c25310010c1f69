import { describe, expect, it } from 'vitest';
import { planMatMul, type MatMulProblem } from './matmul-plan.js';

// H100 limits as Dawn reports them: 48 KiB of workgroup memory, 1024 invocations.
const plan = (p: Partial<MatMulProblem> & Pick<MatMulProblem, 'm' | 'n' | 'k'>) =>
  planMatMul({ batch: 1, epilogue: false, loadA: 'vec4-scatter', loadB: 'vec4-kmajor', ...p }, 48 * 1024, 1024);

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
    expect(planMatMul({ batch: 32, m: 384, n: 768, k: 600, epilogue: false, loadA: 'vec4-scatter', loadB: 'vec4-kmajor' }, 16 * 1024, 256).tile).toBe('tall');
  });
});
