import { sharedBytes, tileThreads } from './matmul-shader.js';
import type { MatMulDevice } from './matmul-device.js';
import type { LoadMode, MatMulTile } from './matmul-types.js';

/**
 * The tiles the planner picks from, largest first: each is chosen for some shape of the model (matmul-plan.test.ts
 * names them; docs/perf-notes.md has the sweeps that retired the others: 128x128 with K depth 16, 512 threads of 8x4,
 * 64x64, 16x8 or 8x16 per thread, non-power-of-two tiles). Benchmarks and tests may pass any other valid tile.
 */
export const MATMUL_TILES = {
  /** 128x128 outputs, 256 threads of 8x8: the workhorse for the model's large shapes. */
  large: { tileM: 128, tileN: 128, tileK: 8, threadM: 8, threadN: 8 },
  /** 128x64 outputs, 128 threads of 8x8: twice the workgroups of `large` for mid-sized outputs. */
  tall: { tileM: 128, tileN: 64, tileK: 8, threadM: 8, threadN: 8 },
  /** 64x128 outputs, 128 threads of 8x8: products of at most 64 rows (the Hermit mixing's 50). */
  wide: { tileM: 64, tileN: 128, tileK: 8, threadM: 8, threadN: 8 },
  /** 128x192 outputs, 384 threads of 8x8: the token products' tile (fewer, longer workgroups than `large` when there are
   * too few 128x128 tiles to fill the card evenly; 3-4% faster than `tall`/`wide` at the base model's token fc1). */
  m128n192: { tileM: 128, tileN: 192, tileK: 8, threadM: 8, threadN: 8 },
  /** 32x32 outputs, 64 threads of 4x4: small or skinny products. */
  small: { tileM: 32, tileN: 32, tileK: 8, threadM: 4, threadN: 4 },
  /** 16x16 outputs, 16 threads of 4x4, K depth 4: tiny products (heads, tests), quick to compile anywhere. */
  tiny: { tileM: 16, tileN: 16, tileK: 4, threadM: 4, threadN: 4 },
} as const satisfies Record<string, MatMulTile>;

/** Name of a tile in {@link MATMUL_TILES}. */
export type MatMulTileName = keyof typeof MATMUL_TILES;

/** A launch plan: which tile, and into how many K slices the reduction is split (1 = no split). */
export interface MatMulPlan {
  /** A tile of {@link MATMUL_TILES}, or any valid tile (benchmark sweeps, tests). */
  readonly tile: MatMulTileName | MatMulTile;
  readonly splitK: number;
}

/** Problem size as the planner sees it. */
export interface MatMulProblem {
  readonly batch: number;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  /** An epilogue (bias, activation, residual) forbids splitting K, which would apply it to partial sums. */
  readonly epilogue: boolean;
  readonly loadA: LoadMode;
  readonly loadB: LoadMode;
}

/**
 * Thresholds from the H100 sweeps (docs/perf-notes.md), on its 132 SMs and scaled by the device's compute units
 * elsewhere (MatMulDevice.computeUnits): 128x128 tiles win once there are about 800 of them (about 6 per SM); below
 * that 128x64 tiles (twice as many workgroups) do; plain products with long K and few tiles split K until about 900
 * workgroups run (about 7 per SM). Fewer workgroups than SMs even with 128x64 tiles means a small product: 32x32 tiles
 * of 4x4. Under 32 output tiles (a token map's weight gradient with the batch folded into K), the K split aims at two
 * full waves of two workgroups per SM instead.
 */
const LARGE_ENOUGH_PER_UNIT = 800 / 132;
const SPLIT_TARGET_PER_UNIT = 900 / 132;
/** Workgroups resident per SM: two of 128x128 tiles (256 threads), one of 128x192 (384 threads). */
const SLOTS_LARGE_PER_UNIT = 2;
const SLOTS_M128N192_PER_UNIT = 1;
const FEW_TILES = 32;
/** A tile whose last wave leaves at most a tenth of the card idle counts as filling it evenly. */
const EVEN_WAVES = 0.9;

/** Share of the card the tile's waves keep busy: `workgroups / (slots * waves)`, 1 when the last wave is full. */
function waveFill(workgroups: number, slots: number): number {
  return workgroups / (slots * Math.ceil(workgroups / slots));
}

function fits(tile: MatMulTile, p: MatMulProblem, d: MatMulDevice): boolean {
  return sharedBytes({ tile, loadA: p.loadA, loadB: p.loadB }) <= d.maxShared && tileThreads(tile) <= d.maxThreads;
}

function workgroups(tile: MatMulTile, p: MatMulProblem): number {
  return p.batch * Math.ceil(p.m / tile.tileM) * Math.ceil(p.n / tile.tileN);
}

/**
 * Picks a tile and K split for a problem (see the thresholds above), falling back to smaller tiles when
 * the device's shared memory or workgroup size limits rule a tile out.
 * @param device limits and compute units (`matMulDevice(device)`; its compute-unit count scales every threshold).
 */
export function planMatMul(p: MatMulProblem, device: MatMulDevice): MatMulPlan {
  const ok = (name: MatMulTileName) => fits(MATMUL_TILES[name], p, device);
  const plan = (tile: MatMulTileName, splitK = 1): MatMulPlan => ({ tile, splitK });
  const units = device.computeUnits;
  const largeEnough = Math.round(LARGE_ENOUGH_PER_UNIT * units);
  const splitTarget = Math.round(SPLIT_TARGET_PER_UNIT * units);
  const smallProduct = units;
  const slotsLarge = SLOTS_LARGE_PER_UNIT * units;
  const slots192 = SLOTS_M128N192_PER_UNIT * units;
  const twoWaves = 2 * slotsLarge;
  const wgLarge = workgroups(MATMUL_TILES.large, p);
  // Short products (M <= 64, e.g. Hermit mixing's [50, 50] cosine matrix over 384 slices) waste half of a 128-row
  // tile: 64-row tiles ran them 1.4-2.2x faster on the H100.
  if (p.m <= 64 && ok('wide') && workgroups(MATMUL_TILES.wide, p) >= largeEnough) return plan('wide');
  if (ok('large') && wgLarge >= largeEnough) return plan('large');
  if (ok('large') && !p.epilogue && p.k >= 1024 && wgLarge < splitTarget * 0.7) {
    // Very few output tiles (a token map's weight gradient, the batch folded into K: 15 tiles): about two full waves
    // of two workgroups per SM (split 35: 0.39 ms on the H100, against 0.43 with the 900-workgroup target).
    const slices = wgLarge < FEW_TILES ? Math.floor(twoWaves / wgLarge) : Math.ceil(splitTarget / wgLarge);
    const split = Math.min(slices, Math.floor(p.k / 512));
    if (split >= 2) return plan('large', split);
  }
  // Fewer than largeEnough 128x128 tiles that still fill their waves evenly (asm-rh-small's token fc2: 480 tiles, 1.8
  // waves): 29.8 TFLOP/s on the H100, against 22.8 on 128x192 tiles (2.4 waves) and 25.0 on 128x64.
  if (ok('large') && wgLarge >= slotsLarge && waveFill(wgLarge, slotsLarge) >= EVEN_WAVES) return plan('large');
  // Token products whose 128x128 tiles fill their waves unevenly but whose 128x192 tiles do (base W[384,600] x
  // z[32,600,768]: 2.9 waves of 128x192 against 2.2 of 128x128; small's fc1: 0.97 of a wave): 128x192 measured best.
  // Where 128x192 tiles fill their waves unevenly too (small's channel fc2, [19200,1536] x [1536,384]: 2.3 waves),
  // 128x64 ran at 31.7 TFLOP/s against 25.7.
  const wg192 = workgroups(MATMUL_TILES.m128n192, p);
  if (ok('m128n192') && p.loadB === 'vec4-kmajor' && p.n % 192 === 0 && waveFill(wg192, slots192) >= EVEN_WAVES) return plan('m128n192');
  if (ok('tall') && workgroups(MATMUL_TILES.tall, p) >= smallProduct) return plan('tall');
  return plan(workgroups(MATMUL_TILES.small, p) >= 32 ? 'small' : 'tiny');
}

