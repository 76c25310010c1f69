import { FeatureOptionError } from './errors.js';
import { assertInt, assertOneOf } from './validate.js';

/** How {@link padSignal} extends a signal past its ends (torch `F.pad` modes). */
export type PadMode = 'constant' | 'reflect' | 'replicate';

/** Pad modes accepted by {@link padSignal}. */
export const PAD_MODES: readonly PadMode[] = ['constant', 'reflect', 'replicate'];

/**
 * Pads a signal on both sides like `torch.nn.functional.pad(x, (padLeft, padRight), mode)`:
 * `'constant'` fills with `value`, `'reflect'` mirrors without repeating the edge sample (`[2, 1 | 0, 1, 2]`,
 * needs `pad < signal.length`), `'replicate'` repeats the edge sample.
 */
export function padSignal(signal: Float32Array, padLeft: number, padRight: number, mode: PadMode = 'constant', value = 0): Float32Array {
  assertInt('padLeft', padLeft, 0);
  assertInt('padRight', padRight, 0);
  assertOneOf('padMode', mode, PAD_MODES);
  const n = signal.length;
  if (mode === 'reflect' && (padLeft >= n || padRight >= n)) {
    throw new FeatureOptionError(
      'padMode',
      mode,
      `padding smaller than the signal length (${n}) for 'reflect', got ${Math.max(padLeft, padRight)}`,
      "Use padMode 'constant', a shorter nFft, or a longer signal.",
    );
  }
  if (n === 0 && mode === 'replicate' && padLeft + padRight > 0) {
    throw new FeatureOptionError('padMode', mode, "a non-empty signal for 'replicate' padding");
  }
  const out = new Float32Array(padLeft + n + padRight);
  out.set(signal, padLeft);
  for (let i = 0; i < padLeft; i++) {
    const d = padLeft - i; // distance from the first sample
    out[i] = mode === 'constant' ? value : mode === 'reflect' ? signal[d]! : signal[0]!;
  }
  for (let i = 0; i < padRight; i++) {
    out[padLeft + n + i] = mode === 'constant' ? value : mode === 'reflect' ? signal[n - 2 - i]! : signal[n - 1]!;
  }
  return out;
}

/** Overlapping frames of a signal, row-major `[numFrames, frameLength]`. */
export interface Frames {
  /** `numFrames * frameLength` samples; frame `t` starts at `t * frameLength`. */
  data: Float32Array;
  /** Number of frames. */
  numFrames: number;
  /** Samples per frame. */
  frameLength: number;
}

/** Number of whole frames of `frameLength` samples, `hopLength` apart, in `numSamples` (0 when too short). */
export function numFrames(numSamples: number, frameLength: number, hopLength: number): number {
  return numSamples < frameLength ? 0 : 1 + Math.floor((numSamples - frameLength) / hopLength);
}

/**
 * Cuts a signal into overlapping frames like `librosa.util.frame` (but time-major): frame `t` holds samples
 * `[t * hopLength, t * hopLength + frameLength)`; only whole frames are kept.
 */
export function frameSignal(signal: Float32Array, frameLength: number, hopLength: number): Frames {
  assertInt('frameLength', frameLength, 1);
  assertInt('hopLength', hopLength, 1);
  const count = numFrames(signal.length, frameLength, hopLength);
  const data = new Float32Array(count * frameLength);
  for (let t = 0; t < count; t++) data.set(signal.subarray(t * hopLength, t * hopLength + frameLength), t * frameLength);
  return { data, numFrames: count, frameLength };
}
