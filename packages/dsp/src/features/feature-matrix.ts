/**
 * A row-major feature matrix `[numFrames, numBins]`: one row per frame (time), one column per bin (frequency,
 * mel band or cepstral coefficient). Note that torchaudio's spectrogram functions return `(freq, time)`; every
 * function of this package returns time-major rows like `torchaudio.compliance.kaldi.fbank` does.
 */
export interface FeatureMatrix {
  /** `numFrames * numBins` values, row `t` at `data.subarray(t * numBins, (t + 1) * numBins)`. */
  data: Float32Array;
  /** Number of rows (frames). */
  numFrames: number;
  /** Number of columns (bins). */
  numBins: number;
}

/** A Kaldi-style filter-bank feature matrix `[frames, bins]` (row-major). */
export type Fbank = FeatureMatrix;

/** A complex spectrogram `[frames, bins]`, real and imaginary parts in two row-major arrays. */
export interface ComplexSpectrogram {
  /** Real parts, `numFrames * numBins`. */
  re: Float32Array;
  /** Imaginary parts, `numFrames * numBins`. */
  im: Float32Array;
  /** Number of rows (frames). */
  numFrames: number;
  /** Number of columns (frequency bins, `nFft / 2 + 1` when one-sided). */
  numBins: number;
}
