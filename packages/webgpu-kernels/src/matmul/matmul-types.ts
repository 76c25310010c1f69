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

/**
 * A Roll-Time folded into a product as an index remap (rows are tokens, item-major, of an `F' x T'` grid; the
 * channels are split into groups of `groupWidth`; group g moves by `shiftF[g]`, `shiftT[g]` with torch.roll
 * semantics, `out[i] = in[(i - k) mod n]`; missing groups stay):
 * - `'a'`: the product reads A rolled: its stored matrix's element `(row, col)` comes from the row that token
 *   `row` rolls from in `col`'s group. A `[tokens, channels]` not transposed gives `roll(X) @ B`; transposed
 *   (`[tokens, channels]` read as `[K, M]`) gives `roll(X)^T @ B`.
 * - `'output'`: the product's row r of column group g is written to the row it was rolled from: the result is
 *   the inverse roll (`unroll(op(A) @ op(B))`), the input gradient of a rolled product.
 */
export interface RollRemap {
  readonly operand: 'a' | 'output';
  /** F', tokens along frequency per item. */
  readonly freq: number;
  /** T', tokens along time per item. */
  readonly time: number;
  /** Channels per group (D / C). */
  readonly groupWidth: number;
  /** Shift of group g along F'. */
  readonly shiftF: readonly number[];
  /** Shift of group g along T'. */
  readonly shiftT: readonly number[];
}

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
  /** A Roll-Time remap of A's rows or of the output's rows (see {@link RollRemap}). */
  readonly roll?: RollRemap | undefined;
  /**
   * The batch folded into K: the product is `sum_i op(A[i]) @ op(B[i])`, K running over the items' `foldK`-long
   * reductions one after another (item i at strides `strideA`, `strideB`). A multiple of the tile's K depth, so
   * a K step never straddles two items.
   */
  readonly foldK?: number | undefined;
}
