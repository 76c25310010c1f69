/** Activations the matmul epilogue applies (tfjs's fused activations, minus prelu, plus exact GELU). */
export type MatMulActivation = 'linear' | 'relu' | 'relu6' | 'elu' | 'sigmoid' | 'leakyrelu' | 'gelu';

/** Which axis of the output a bias vector runs along: one value per column (`[N]`) or per row (`[M]`). */
export type BiasAxis = 'column' | 'row';

/**
 * A workgroup tile: the workgroup computes `tileM x tileN` outputs, stepping through K by `tileK`; each
 * thread owns `threadM x threadN` of them (register blocking). Threads = (tileM / threadM) * (tileN / threadN).
 */
export interface MatMulTile {
  /** Output rows per workgroup. */
  readonly tileM: number;
  /** Output columns per workgroup. */
  readonly tileN: number;
  /** Depth of one shared-memory stage along K. */
  readonly tileK: number;
  /** Output rows per thread: 4 or 8. */
  readonly threadM: number;
  /** Output columns per thread: 4 or 8. */
  readonly threadN: number;
}

/**
 * How a tile of one operand travels from global to shared memory.
 * - `vec4-kmajor`: the operand's contiguous axis is the output axis (A transposed, B not): 16-byte loads
 *   stored straight into the K-major shared tile.
 * - `vec4-scatter`: the contiguous axis is K (A not transposed, B transposed): every thread loads one
 *   16-byte run along K and scatters its four values into the K-major tile with scalar stores. (A 4x4
 *   register transpose with 16-byte stores measured slower on the H100: more registers, fewer loaders.)
 * - `scalar`: sizes that are not multiples of 4: bounds-checked scalar loads packed into vec4 stores.
 */
export type LoadMode = 'vec4-kmajor' | 'vec4-scatter' | 'scalar';

/** Everything that shapes the generated WGSL (and therefore the pipeline cache key). */
export interface MatMulShaderSpec {
  readonly tile: MatMulTile;
  readonly transposeA: boolean;
  readonly transposeB: boolean;
  readonly loadA: LoadMode;
  readonly loadB: LoadMode;
  /** Output written as vec4 (N % 4 == 0). */
  readonly vecOut: boolean;
  readonly bias: 'none' | BiasAxis;
  /** Column bias read as vec4 (N % 4 == 0). */
  readonly vecBias: boolean;
  readonly activation: MatMulActivation;
  /** A residual tensor of the output's shape is added after the activation. */
  readonly residual: boolean;
  /**
   * Shared tiles as nested arrays (`tile[k][column]`, the default) or flat (`tile[k * row + column]`).
   * Nested keeps the clamped column index loop-invariant; flat is kept for comparison in the benchmark.
   */
  readonly layout?: 'nested' | 'flat';
}
