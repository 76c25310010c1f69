import type { F16Fragment } from './f16-caps.js';

/**
 * A workgroup tile of the f16 matmul: `sgM x sgN` subgroups, each computing a `tileM / sgM` x `tileN / sgN` block of
 * subgroup-matrix fragments; operands staged through shared memory `tileK` deep (converted to f16 on the way in).
 */
export interface F16Tile {
  readonly tileM: number;
  readonly tileN: number;
  readonly tileK: number;
  readonly sgM: number;
  readonly sgN: number;
}

/** Everything that shapes the generated WGSL (and the pipeline cache key). */
export interface F16MatMulSpec {
  readonly fragment: F16Fragment;
  readonly tile: F16Tile;
  readonly transposeA: boolean;
  readonly transposeB: boolean;
  /** A read as vec4 (its contiguous axis is a multiple of 4), else as scalars. */
  readonly vecA: boolean;
  readonly vecB: boolean;
  /** Some workgroup tile runs past M or N: such tiles store through shared memory with bounds checks. */
  readonly edges: boolean;
}
