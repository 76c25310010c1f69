import type { SeededRng } from '@spectromix/tensor';
import type { FeatureMatrix } from './feature-matrix.js';
import { assertNumber } from './validate.js';

/** Options of {@link addNoise}. */
export interface AddNoiseOptions {
  /** Largest noise amplitude; AST uses 0.1. Default 0.1. */
  maxAmplitude?: number;
}

/**
 * AST's feature noise: `x + U[0, 1) * a` per value, with one amplitude `a = U[0, 1) * maxAmplitude` drawn per
 * matrix (AST: `fbank + torch.rand(fbank.shape) * np.random.rand() / 10`, applied after normalisation).
 * Draws `1 + frames * bins` values of `rng`. Returns a new matrix.
 */
export function addNoise(fbank: FeatureMatrix, rng: SeededRng, options: AddNoiseOptions = {}): FeatureMatrix {
  const maxAmplitude = options.maxAmplitude ?? 0.1;
  assertNumber('maxAmplitude', maxAmplitude, 0);
  const amplitude = rng.next() * maxAmplitude;
  const data = new Float32Array(fbank.data.length);
  for (let i = 0; i < data.length; i++) data[i] = fbank.data[i]! + rng.next() * amplitude;
  return { data, numFrames: fbank.numFrames, numBins: fbank.numBins };
}
