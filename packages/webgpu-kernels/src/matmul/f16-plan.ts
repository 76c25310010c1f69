import type { F16Fragment } from './f16-caps.js';
import { f16SharedBytes, f16Threads, f16TileMismatch } from './f16-shader.js';
import type { F16Tile } from './f16-types.js';

/** The tiles the f16 planner picks from (sizes in outputs; fragments per subgroup follow from the device's shape). */
export const F16_TILES = {
  /** 128x128 outputs, 2x2 subgroups of 64x64 (16 accumulators of 16x16 each), K staged 32 deep. */
  f16Large: { tileM: 128, tileN: 128, tileK: 32, sgM: 2, sgN: 2 },
  /** 128x256 outputs, 2x4 subgroups of 64x64. */
  f16Wide: { tileM: 128, tileN: 256, tileK: 32, sgM: 2, sgN: 4 },
  /** 128x128 outputs, 2x4 subgroups of 64x32: twice the subgroups of `f16Large` to hide loads. */
  f16Large8: { tileM: 128, tileN: 128, tileK: 32, sgM: 2, sgN: 4 },
  /** 64x64 outputs, 2x2 subgroups of 32x32: products too small to fill the card with 128x128 tiles. */
  f16Medium: { tileM: 64, tileN: 64, tileK: 32, sgM: 2, sgN: 2 },
} as const satisfies Record<string, F16Tile>;

/** Name of a tile of {@link F16_TILES}. */
export type F16TileName = keyof typeof F16_TILES;

/** What the f16 planner needs of a product. */
export interface F16Problem {
  readonly batch: number;
  readonly m: number;
  readonly n: number;
  readonly transposeA: boolean;
  readonly transposeB: boolean;
}

/** Device limits a tile must fit, and the GPU's compute units (`matMulDevice(device)` gives all three). */
export interface F16Limits {
  readonly maxShared: number;
  readonly maxThreads: number;
  /** Streaming multiprocessors or the vendor's equivalent (see `computeUnitsOf`): sets when 128x128 tiles fill the card. */
  readonly computeUnits: number;
}

/** Whether some workgroup tile of `tile` runs past the output. */
export function hasEdges(tile: F16Tile, p: F16Problem): boolean {
  return p.m % tile.tileM !== 0 || p.n % tile.tileN !== 0;
}

/** Why `tile` cannot run `p` on this device, or undefined. */
export function f16TileUnfit(tile: F16Tile, p: F16Problem, fragment: F16Fragment, limits: F16Limits): string | undefined {
  const mismatch = f16TileMismatch(tile, fragment);
  if (mismatch != null) return mismatch;
  if (f16Threads(tile, fragment) > limits.maxThreads) return `${f16Threads(tile, fragment)} invocations exceed the device's ${limits.maxThreads}`;
  const bytes = f16SharedBytes({ tile, fragment, transposeA: p.transposeA, transposeB: p.transposeB, edges: hasEdges(tile, p) });
  if (bytes > limits.maxShared) return `${bytes} bytes of workgroup memory exceed the device's ${limits.maxShared}`;
  return undefined;
}

/**
 * The f16 tile for a product: 128x128 where there are enough of them to give every compute unit two (264 on an
 * H100's 132 SMs), else 64x64; the first of those that fits the device. Returns why none fits otherwise.
 */
export function planF16MatMul(p: F16Problem, fragment: F16Fragment, limits: F16Limits): F16Tile | string {
  const large = F16_TILES.f16Large;
  const tiles = p.batch * Math.ceil(p.m / large.tileM) * Math.ceil(p.n / large.tileN);
  const order: F16TileName[] = tiles >= 2 * limits.computeUnits ? ['f16Large', 'f16Medium'] : ['f16Medium', 'f16Large'];
  const reasons: string[] = [];
  for (const name of order) {
    const why = f16TileUnfit(F16_TILES[name], p, fragment, limits);
    if (why == null) return F16_TILES[name];
    reasons.push(`${name}: ${why}`);
  }
  return `no f16 tile fits (${reasons.join('; ')})`;
}
