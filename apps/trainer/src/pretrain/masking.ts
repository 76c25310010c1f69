import type { SeededRng } from '@spectromix/tensor';
import { numTokens, type PatchGrid } from '@spectromix/mixer';
import type { PretrainConfig } from './config.js';

/** Where the patches of a patch-embedded model lie in its `[T, mel]` input (the contract's 16x16 patches every 10). */
export interface PatchGeometry {
  /** The token grid (F' along mel, T' along time); token `n = f * T' + t`. */
  readonly grid: PatchGrid;
  /** Square patch side in frames and bins. */
  readonly patchSize: number;
  /** Step between patches along both axes. */
  readonly stride: number;
  /** Mel bins of the input (the row length of a frame). */
  readonly numBins: number;
}

/** The number of patches masked in every clip: `ratio` of the tokens, at least one, and at least one left visible. */
export function maskedCount(tokens: number, ratio: number): number {
  return Math.max(1, Math.min(tokens - 1, Math.round(ratio * tokens)));
}

/**
 * A deterministic 32-bit seed from a run seed and positions (an epoch, a row), so every clip's mask is a pure
 * function of them and a resumed run draws the same masks.
 */
export function maskSeed(seed: number, ...parts: readonly number[]): number {
  let h = (seed ^ 0x5bd1e995) >>> 0;
  for (const p of parts) h = Math.imul(h ^ (p >>> 0), 0x9e3779b1) ^ (h >>> 15);
  return h >>> 0;
}

/**
 * The masked token indices of one clip, sorted: `maskedCount` of them. With `cluster`, SSAST's cluster masking
 * (`gen_maskid_patch`): one square side c in `min..max` per clip, then squares of c x c patches at random corners
 * (cut at the grid's edges) until enough patches are masked, the last square only in part; without it, patches
 * drawn one by one without replacement.
 */
export function sampleMask(grid: PatchGrid, mask: Pick<PretrainConfig['mask'], 'ratio' | 'cluster'>, rng: SeededRng): Int32Array {
  const n = numTokens(grid);
  const count = maskedCount(n, mask.ratio);
  const chosen = new Uint8Array(n);
  const order: number[] = [];
  if (mask.cluster == null) {
    const all = Array.from({ length: n }, (_, i) => i);
    rng.shuffle(all);
    order.push(...all.slice(0, count));
  } else {
    const side = mask.cluster.min + rng.int(mask.cluster.max - mask.cluster.min + 1);
    while (order.length < count) {
      const f0 = rng.int(grid.freq);
      const t0 = rng.int(grid.time);
      for (let f = f0; f < Math.min(grid.freq, f0 + side) && order.length < count; f++) {
        for (let t = t0; t < Math.min(grid.time, t0 + side) && order.length < count; t++) {
          const k = f * grid.time + t;
          if (chosen[k] === 0) {
            chosen[k] = 1;
            order.push(k);
          }
        }
      }
    }
  }
  return Int32Array.from(order).sort();
}

/** What {@link maskBatch} builds for one batch, as typed arrays (the caller makes tensors of them). */
export interface MaskedArrays {
  /** The encoder's input `[B, T, mel]`: the model inputs, with the masked patches' pixels set to 0 when hiding the input. */
  readonly input: Float32Array;
  /** `[B, N]`: 1 where a token is masked (replaced by the mask embedding), else 0. */
  readonly tokenMask: Float32Array;
  /** `[B, M, N]`: row m of clip b is one-hot at its m-th masked token (selects the masked tokens by a product). */
  readonly select: Float32Array;
  /** `[B, M, P*P]`: the masked patches' values in the model input (the generative targets), in the patch embedding's order. */
  readonly target: Float32Array;
  /** Masked patches per clip, M. */
  readonly masked: number;
}

/**
 * Builds the masked input, the token mask, the selection of masked tokens and the target patches of a batch of
 * model inputs `x` (`[B, T, mel]`, time-major) with one sorted mask per clip (all of the same length). A patch's
 * values are read in the patch embedding's order: element (i along mel, j along time) of patch (f, t) is
 * `x[t * stride + j, f * stride + i]`.
 * @param hide `input` sets every pixel of a masked patch to 0 in `input` (also where it overlaps visible patches), `token` leaves the input as it is.
 */
export function maskBatch(x: Float32Array, size: number, numFrames: number, geometry: PatchGeometry, masks: readonly Int32Array[], hide: PretrainConfig['mask']['hide']): MaskedArrays {
  const { grid, patchSize: p, stride, numBins } = geometry;
  const n = numTokens(grid);
  const m = masks[0]?.length ?? 0;
  const clip = numFrames * numBins;
  const input = Float32Array.from(x.subarray(0, size * clip));
  const tokenMask = new Float32Array(size * n);
  const select = new Float32Array(size * m * n);
  const target = new Float32Array(size * m * p * p);
  for (let b = 0; b < size; b++) {
    const ids = masks[b] as Int32Array;
    if (ids.length !== m) throw new RangeError(`maskBatch: every clip needs ${m} masked patches, clip ${b} has ${ids.length}`);
    for (let k = 0; k < m; k++) {
      const token = ids[k] as number;
      tokenMask[b * n + token] = 1;
      select[(b * m + k) * n + token] = 1;
      const f = Math.floor(token / grid.time);
      const t = token % grid.time;
      let o = (b * m + k) * p * p;
      for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) target[o++] = x[b * clip + (t * stride + j) * numBins + f * stride + i] as number;
    }
    if (hide === 'input') for (const token of ids) for (const row of patchRows(geometry, token)) input.fill(0, b * clip + row, b * clip + row + p);
  }
  return { input, tokenMask, select, target, masked: m };
}

/** Share of the input's pixels a mask hides under `hide: 'input'` (covered by at least one masked patch). */
export function hiddenShare(geometry: PatchGeometry, numFrames: number, mask: Int32Array): number {
  const hidden = new Uint8Array(numFrames * geometry.numBins);
  for (const token of mask) for (const row of patchRows(geometry, token)) hidden.fill(1, row, row + geometry.patchSize);
  return hidden.reduce((a, v) => a + v, 0) / hidden.length;
}

/** Offsets in a `[T, mel]` clip of the first pixel of each of a patch's `patchSize` frames (each row runs `patchSize` bins). */
function patchRows(geometry: PatchGeometry, token: number): number[] {
  const { grid, patchSize, stride, numBins } = geometry;
  const f = Math.floor(token / grid.time);
  const t = token % grid.time;
  return Array.from({ length: patchSize }, (_, j) => (t * stride + j) * numBins + f * stride);
}
