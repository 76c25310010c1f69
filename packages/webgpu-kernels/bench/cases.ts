import { env } from 'node:process';
/** A matmul of the model, as tfjs sees it: `op(a) @ op(b)`. */
export interface MatMulCase {
  readonly name: string;
  readonly aShape: number[];
  readonly bShape: number[];
  readonly transposeA: boolean;
  readonly transposeB: boolean;
  /** Tile plans to sweep besides the planner's choice (`tile/splitK`). */
  readonly sweep: readonly string[];
  /** The product summed over the batch (`[M, N]`): a shared weight's gradient, the batch folded into K. */
  readonly sumBatch?: boolean;
}

/** Sizes of asm-rh-base at T = 512, batch 32 (model contract, docs/asm-rh.md section 2). */
const BASE = { batch: 32, tokens: 600, width: 768, tokenHidden: 384, channelHidden: 3072, freq: 12, time: 50, groups: 16 } as const;

/** asm-rh-small at the same T and batch (half the widths). */
const SMALL = { ...BASE, width: 384, tokenHidden: 192, channelHidden: 1536 } as const;

/** The preset whose shapes the benchmark times: asm-rh-base unless SPECTROMIX_BENCH_PRESET=small. */
export const MODEL = env['SPECTROMIX_BENCH_PRESET'] === 'small' ? SMALL : BASE;

/** The model's matmuls (forward and the backward products of the largest layer) and a square reference. */
export function matMulCases(quick: boolean): MatMulCase[] {
  if (quick) {
    return [
      { name: 'quick [256,128]x[128,192]', aShape: [256, 128], bShape: [128, 192], transposeA: false, transposeB: false, sweep: [] },
      { name: 'quick W[48,40] x z[4,40,64]', aShape: [48, 40], bShape: [4, 40, 64], transposeA: false, transposeB: false, sweep: [] },
    ];
  }
  const { batch: b, tokens: n, width: d, tokenHidden: ds, channelHidden: dc, freq: f, time: t } = MODEL;
  const rows = b * n;
  // Extra plans for every product's sweep (`tile/splitK`, tile as a name or MxNxK[@RxC]), from the environment.
  const extra = (env['SPECTROMIX_BENCH_TILES'] ?? '').split(',').filter((x) => x !== '');
  const nn = ['large/1', ...extra];
  const nt = ['large/1', ...extra];
  // Token products: short K, tile counts near a few waves of the card; the 96/192-wide tiles change the wave count.
  const small = ['wide/1', 'tall/1', 'large/1', 'm128n192/1', ...extra];
  // Hermit products: M = K = T' = 50, 384 slices: bytes-bound, so the tiles that waste fewest rows of M.
  const hermit = ['large/1', 'wide/1', '64x64x8/1', 'small/1', '64x256x8/1', '64x128x16/1', '32x128x8@4x8/1', '64x64x8@4x8/1', ...extra];
  return [
    { name: `channel fc1 [${rows},${d}]x[${d},${dc}]`, aShape: [rows, d], bShape: [d, dc], transposeA: false, transposeB: false, sweep: nn },
    { name: `channel fc1 torch layout x W^T, W[${dc},${d}]`, aShape: [rows, d], bShape: [dc, d], transposeA: false, transposeB: true, sweep: nt },
    { name: `channel fc2 [${rows},${dc}]x[${dc},${d}]`, aShape: [rows, dc], bShape: [dc, d], transposeA: false, transposeB: false, sweep: nn },
    { name: `channel fc1 dX = dZ W^T [${rows},${dc}]x[${d},${dc}]^T`, aShape: [rows, dc], bShape: [d, dc], transposeA: false, transposeB: true, sweep: nt },
    { name: `channel fc1 dW = X^T dZ [${rows},${d}]^T x [${rows},${dc}]`, aShape: [rows, d], bShape: [rows, dc], transposeA: true, transposeB: false, sweep: ['large/4', 'large/6', 'large/8', 'wide/3'] },
    { name: `token fc1 W[${ds},${n}] x z[${b},${n},${d}]`, aShape: [ds, n], bShape: [b, n, d], transposeA: false, transposeB: false, sweep: small },
    { name: `token fc2 W[${n},${ds}] x h[${b},${ds},${d}]`, aShape: [n, ds], bShape: [b, ds, d], transposeA: false, transposeB: false, sweep: small },
    // As the model runs them (mixer's linearTokens: weights stored [in, out], read transposed; the weight gradients
    // per batch item, summed after): forward fc1 and fc2, and the two weight-gradient products.
    { name: `token fc1 fwd W[${n},${ds}]^T x z[${b},${n},${d}]`, aShape: [n, ds], bShape: [b, n, d], transposeA: true, transposeB: false, sweep: small },
    { name: `token fc2 fwd W[${ds},${n}]^T x h[${b},${ds},${d}]`, aShape: [ds, n], bShape: [b, ds, d], transposeA: true, transposeB: false, sweep: small },
    { name: `token fc1 dW per item dz[${b},${ds},${d}] x z[${b},${n},${d}]^T`, aShape: [b, ds, d], bShape: [b, n, d], transposeA: false, transposeB: true, sweep: small },
    { name: `token fc2 dW per item dy[${b},${n},${d}] x h[${b},${ds},${d}]^T`, aShape: [b, n, d], bShape: [b, ds, d], transposeA: false, transposeB: true, sweep: small },
    // The same weight gradients as the model runs them since 2026-11-27 (matMulSumBatch): one product, the batch
    // folded into K and split along K.
    { name: `token fc1 dW summed sum_b dz[b] z[b]^T, K = ${b}x${d}`, aShape: [b, ds, d], bShape: [b, n, d], transposeA: false, transposeB: true, sweep: ['large/8', 'large/16', 'large/24', 'large/35', 'large/48', 'wide/16', 'tall/16'], sumBatch: true },
    { name: `token fc2 dW summed sum_b dy[b] h[b]^T, K = ${b}x${d}`, aShape: [b, n, d], bShape: [b, ds, d], transposeA: false, transposeB: true, sweep: ['large/8', 'large/16', 'large/24', 'large/35', 'large/48', 'wide/16', 'tall/16'], sumBatch: true },
    // Hermit-FFT mixing as two products with the [T', T'] cosine matrix shared by every (item, frequency) slice.
    { name: `hermit C[${t},${t}] x X[${b * f},${t},${d}]`, aShape: [t, t], bShape: [b * f, t, d], transposeA: false, transposeB: false, sweep: hermit },
    { name: `hermit C[${t},${t}]^T x X[${b * f},${t},${d}]`, aShape: [t, t], bShape: [b * f, t, d], transposeA: true, transposeB: false, sweep: hermit },
    { name: `token fc1 transposed form [${b * d},${n}]x[${ds},${n}]^T`, aShape: [b * d, n], bShape: [ds, n], transposeA: false, transposeB: true, sweep: small },
    { name: 'square 4096^3', aShape: [4096, 4096], bShape: [4096, 4096], transposeA: false, transposeB: false, sweep: ['large/1', 'wide/1'] },
  ];
}

/** FLOPs of a product (2 per multiply-add). */
export function matMulFlops(c: MatMulCase): number {
  const ra = c.aShape.length;
  const rb = c.bShape.length;
  const m = (c.transposeA ? c.aShape[ra - 1] : c.aShape[ra - 2]) as number;
  const k = (c.transposeA ? c.aShape[ra - 2] : c.aShape[ra - 1]) as number;
  const nn = (c.transposeB ? c.bShape[rb - 2] : c.bShape[rb - 1]) as number;
  const batch = Math.max(c.aShape.slice(0, -2).reduce((x, y) => x * y, 1), c.bShape.slice(0, -2).reduce((x, y) => x * y, 1));
  return 2 * batch * m * k * nn;
}

/** Minimal bytes of a product: each operand read once, the output written once. */
export function matMulBytes(c: MatMulCase): number {
  const size = (s: number[]) => s.reduce((x, y) => x * y, 1);
  const outputs = matMulFlops(c) / 2 / (c.transposeA ? (c.aShape[c.aShape.length - 2] as number) : (c.aShape[c.aShape.length - 1] as number));
  return 4 * (size(c.aShape) + size(c.bShape)) + (4 * outputs) / (c.sumBatch === true ? (c.aShape[0] as number) : 1);
}

/** Elementwise / row-wise kernels of the model at asm-rh-base sizes. */
export function elementCases(quick: boolean) {
  const { batch, tokens, width, channelHidden, freq, time, groups } = quick
    ? { batch: 2, tokens: 24, width: 64, channelHidden: 128, freq: 4, time: 6, groups: 16 }
    : MODEL;
  return {
    layerNorm: { shape: [batch, tokens, width], eps: 1e-6 },
    gelu: { shape: [batch * tokens, channelHidden] },
    roll: { shape: [batch, freq, time, width], shift: 2, groups },
  };
}
