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
}

/** Sizes of asm-rh-base at T = 512, batch 32 (contract section 2). */
export const MODEL = { batch: 32, tokens: 600, width: 768, tokenHidden: 384, channelHidden: 3072, freq: 12, time: 50, groups: 16 } as const;

/** The model's matmuls (forward and the backward products of the largest layer) and a square reference. */
export function matMulCases(quick: boolean): MatMulCase[] {
  if (quick) {
    return [
      { name: 'quick [256,128]x[128,192]', aShape: [256, 128], bShape: [128, 192], transposeA: false, transposeB: false, sweep: [] },
      { name: 'quick W[48,40] x z[4,40,64]', aShape: [48, 40], bShape: [4, 40, 64], transposeA: false, transposeB: false, sweep: [] },
    ];
  }
  const { batch: b, tokens: n, width: d, tokenHidden: ds, channelHidden: dc } = MODEL;
  const rows = b * n;
  // Extra plans for every product's sweep (`tile/splitK`, tile as a name or MxNxK[@RxC]), from the environment.
  const extra = (env['SPECTROMIX_BENCH_TILES'] ?? '').split(',').filter((x) => x !== '');
  const nn = ['large/1', ...extra];
  const nt = ['large/1', ...extra];
  // Token products: short K, tile counts near a few waves of the card; the 96/192-wide tiles change the wave count.
  const small = ['wide/1', 'tall/1', 'large/1', 'm128n192/1', ...extra];
  return [
    { name: `channel fc1 [${rows},${d}]x[${d},${dc}]`, aShape: [rows, d], bShape: [d, dc], transposeA: false, transposeB: false, sweep: nn },
    { name: `channel fc1 torch layout x W^T, W[${dc},${d}]`, aShape: [rows, d], bShape: [dc, d], transposeA: false, transposeB: true, sweep: nt },
    { name: `channel fc2 [${rows},${dc}]x[${dc},${d}]`, aShape: [rows, dc], bShape: [dc, d], transposeA: false, transposeB: false, sweep: nn },
    { name: `channel fc1 dX = dZ W^T [${rows},${dc}]x[${d},${dc}]^T`, aShape: [rows, dc], bShape: [d, dc], transposeA: false, transposeB: true, sweep: nt },
    { name: `channel fc1 dW = X^T dZ [${rows},${d}]^T x [${rows},${dc}]`, aShape: [rows, d], bShape: [rows, dc], transposeA: true, transposeB: false, sweep: ['large/4', 'large/6', 'large/6/f', 'large/8', 'wide/3'] },
    { name: `token fc1 W[${ds},${n}] x z[${b},${n},${d}]`, aShape: [ds, n], bShape: [b, n, d], transposeA: false, transposeB: false, sweep: small },
    { name: `token fc2 W[${n},${ds}] x h[${b},${ds},${d}]`, aShape: [n, ds], bShape: [b, ds, d], transposeA: false, transposeB: false, sweep: small },
    { name: `token fc1 transposed form [${b * d},${n}]x[${ds},${n}]^T`, aShape: [b * d, n], bShape: [ds, n], transposeA: false, transposeB: true, sweep: small },
    { name: 'square 4096^3', aShape: [4096, 4096], bShape: [4096, 4096], transposeA: false, transposeB: false, sweep: ['large/1', 'large/1/f', 'wide/1'] },
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
  return 4 * (size(c.aShape) + size(c.bShape)) + 4 * (matMulFlops(c) / 2 / (c.transposeA ? (c.aShape[c.aShape.length - 2] as number) : (c.aShape[c.aShape.length - 1] as number)));
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
