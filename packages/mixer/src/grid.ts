import type { Tensor } from '@spectromix/tensor';
import { InputShapeError, MixerConfigError } from './errors.js';

/** The patch grid of a spectrogram: `freq` (F') rows of `time` (T') patches; token `n = f * time + t`. */
export interface PatchGrid {
  /** Patches along the mel axis, F'. */
  readonly freq: number;
  /** Patches along the time axis, T'. */
  readonly time: number;
}

/** Number of valid (unpadded) convolution positions: `floor((length - kernel) / stride) + 1`, or 0. */
export function convOutputLength(length: number, kernel: number, stride: number): number {
  return length < kernel ? 0 : Math.floor((length - kernel) / stride) + 1;
}

/**
 * The patch grid of a `[time, mel]` spectrogram cut into `patchSize` squares every `patchStride` bins/frames.
 * @throws MixerConfigError when either axis has no complete patch.
 */
export function patchGrid(numMelBins: number, targetLength: number, patchSize = 16, patchStride = 10): PatchGrid {
  for (const [what, v] of [['numMelBins', numMelBins], ['targetLength', targetLength], ['patchSize', patchSize], ['patchStride', patchStride]] as const) {
    if (!Number.isInteger(v) || v <= 0) throw new MixerConfigError(`patchGrid: ${what} must be a positive integer, got ${v}.`);
  }
  const grid = { freq: convOutputLength(numMelBins, patchSize, patchStride), time: convOutputLength(targetLength, patchSize, patchStride) };
  if (grid.freq < 1) throw new MixerConfigError(`numMelBins ${numMelBins} is smaller than one ${patchSize}-bin patch: use at least ${patchSize} mel bins.`);
  if (grid.time < 1) throw new MixerConfigError(`targetLength ${targetLength} is shorter than one ${patchSize}-frame patch: use at least ${patchSize} frames.`);
  return grid;
}

/** Tokens of a grid, `F' * T'`. */
export function numTokens(grid: PatchGrid): number {
  return grid.freq * grid.time;
}

/**
 * Checks that `x` is a `[B, N, D]` token tensor of `grid` and width `dim`.
 * @returns N.
 * @throws InputShapeError naming `layer`.
 */
export function checkTokens(layer: string, x: Tensor, grid: PatchGrid, dim: number): number {
  const n = numTokens(grid);
  if (x.rank !== 3 || x.shape[1] !== n || x.shape[2] !== dim) throw new InputShapeError(layer, 'shape', `[batch, ${n}, ${dim}]`, `[${x.shape.join(', ')}]`);
  return n;
}
