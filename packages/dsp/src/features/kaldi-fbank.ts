import { SeededRng } from '@spectromix/tensor';
import type { Fbank } from './feature-matrix.js';
import { RealFft } from './fft.js';
import { kaldiMelBanksOf } from './kaldi-mel-banks.js';
import { kaldiNumFrames, resolveKaldiFbank, type KaldiFbankOptions, type ResolvedKaldiFbank } from './kaldi-options.js';
import { kaldiWindow } from './kaldi-window.js';
import { FLOAT32_EPSILON } from './log-scale.js';
import { FeatureError } from './errors.js';
import { assertWaveform } from './validate.js';

/** Precomputed window, FFT and mel weights for one set of frame/mel options. */
interface KaldiPlan {
  window: Float64Array;
  fft: RealFft;
  /**
   * The triangular mel weights by FFT bin. Kaldi's triangles have increasing corners (VTLN warping keeps them
   * monotonic), so every FFT bin feeds at most two consecutive bands: bin `k` adds `lowWeight[k]` to band
   * `low[k]` and `highWeight[k]` to band `low[k] + 1`. One branch-free pass over the spectrum, in place of a
   * short loop per band. Bins outside `[first, last)` feed no band.
   */
  first: number;
  last: number;
  low: Int32Array;
  lowWeight: Float64Array;
  highWeight: Float64Array;
}

const planCache = new Map<string, KaldiPlan>();
const PLAN_CACHE_SIZE = 16;

function planFor(o: ResolvedKaldiFbank): KaldiPlan {
  const key = [o.windowType, o.windowSize, o.paddedWindowSize, o.blackmanCoeff, o.numMelBins, o.sampleFrequency, o.lowFreq, o.highFreqHz, o.vtlnLow, o.vtlnHighHz, o.vtlnWarp, o.vtlpAlpha, o.vtlpHighFreq].join('|');
  const cached = planCache.get(key);
  if (cached !== undefined) return cached;
  const fftBins = o.paddedWindowSize / 2;
  const bands = o.numMelBins;
  const dense = kaldiMelBanksOf(o);
  const low = new Int32Array(fftBins).fill(-1);
  const lowWeight = new Float64Array(fftBins);
  const highWeight = new Float64Array(fftBins);
  let first = fftBins;
  let last = 0;
  for (let k = 0; k < fftBins; k++) {
    const fed: number[] = [];
    for (let b = 0; b < bands; b++) if (dense[b * fftBins + k] !== 0) fed.push(b);
    if (fed.length === 0) continue;
    if (fed.length > 2 || (fed.length === 2 && fed[1] !== fed[0]! + 1)) {
      throw new FeatureError(`kaldiFbank: FFT bin ${k} feeds mel bands ${fed.join(', ')}, but Kaldi triangles overlap pairwise only`);
    }
    first = Math.min(first, k);
    last = k + 1;
    low[k] = fed[0]!;
    lowWeight[k] = dense[fed[0]! * fftBins + k]!;
    if (fed.length === 2) highWeight[k] = dense[fed[1]! * fftBins + k]!;
  }
  const plan: KaldiPlan = {
    window: Float64Array.from(kaldiWindow(o.windowType, o.windowSize, o.blackmanCoeff)),
    fft: new RealFft(o.paddedWindowSize),
    first,
    last,
    low,
    lowWeight,
    highWeight,
  };
  if (planCache.size >= PLAN_CACHE_SIZE) planCache.delete(planCache.keys().next().value!);
  planCache.set(key, plan);
  return plan;
}

/**
 * Kaldi filter-bank features, reproducing `torchaudio.compliance.kaldi.fbank(waveform, ...)` for every option
 * (see {@link KaldiFbankOptions}; defaults are torchaudio's). Returns `[frames, numMelBins (+1 with
 * useEnergy)]`, row-major.
 *
 * Per frame: extract (reflecting at the ends when `snipEdges` is false), dither, remove the DC offset,
 * (raw) energy, pre-emphasis, window, zero-pad to the FFT size, power (or magnitude) spectrum, triangular mel
 * bins, natural log floored at float32 epsilon. Computes in float64 and rounds the result to float32.
 *
 * Differences from torchaudio, all on input torchaudio rejects: a waveform shorter than one frame gives zero
 * frames (torchaudio asserts; Kaldi gives zero frames), and 1 to 3 mel bins are allowed (torchaudio asserts
 * more than 3). Dither noise comes from {@link SeededRng}, so it is reproducible but not torch's random stream.
 *
 * @throws EmptyWaveformError for an empty waveform; NonFiniteWaveformError for NaN/Inf samples;
 *   FeatureOptionError / InvalidSampleRateError for out-of-range options (naming the option and the range).
 */
export function kaldiFbank(waveform: Float32Array, options: KaldiFbankOptions = {}): Fbank {
  assertWaveform(waveform, 'kaldiFbank');
  return kaldiFbankResolved(waveform, resolveKaldiFbank(options), options.rng);
}

/**
 * {@link kaldiFbank} on a validated waveform with resolved options.
 * @internal shared with astFbank.
 */
export function kaldiFbankResolved(waveform: Float32Array, o: ResolvedKaldiFbank, rngOption?: SeededRng): Fbank {
  const numMel = o.numMelBins;
  const numBins = numMel + (o.useEnergy ? 1 : 0);
  if (waveform.length < o.minDuration * o.sampleFrequency) return { data: new Float32Array(0), numFrames: 0, numBins };
  const { windowSize: size, windowShift: shift, snipEdges } = o;
  const numFrames = kaldiNumFrames(waveform.length, size, shift, snipEdges);
  const data = new Float32Array(numFrames * numBins);
  if (numFrames === 0) return { data, numFrames, numBins };

  const { window, fft, first: firstBin, last: lastBin, low, lowWeight, highWeight } = planFor(o);
  // Band accumulators shifted by one: slot 0 and slot numMel + 1 absorb the (zero) weights of missing bands.
  const acc = new Float64Array(numMel + 2);
  const frame = new Float64Array(size);
  // FFT input: the processed frame, zero-padded to the FFT size (the tail is never written).
  const padded = new Float64Array(o.paddedWindowSize);
  const spectrum = new Float64Array(fft.numBins);
  const rng = o.dither !== 0 ? (rngOption ?? new SeededRng(0)) : null;
  const n = waveform.length;
  const pad = Math.floor(size / 2) - Math.floor(shift / 2);
  const preemph = o.preemphasisCoefficient;
  const rawEnergy = o.useEnergy && o.rawEnergy;
  const windowedEnergy = o.useEnergy && !o.rawEnergy;
  const melColumn = o.useEnergy && !o.htkCompat ? 1 : 0;
  const energyColumn = o.htkCompat ? numMel : 0;
  const logEnergyFloor = o.energyFloor === 0 ? -Infinity : Math.fround(Math.log(o.energyFloor));

  for (let t = 0; t < numFrames; t++) {
    // 1. The frame's samples: read in place when it lies inside the signal, else copied with Kaldi's
    //    reflection at the ends (snipEdges false), plus dither noise.
    const first = snipEdges ? t * shift : t * shift - pad;
    let src: Float32Array | Float64Array = waveform;
    let base = first;
    if (rng !== null || first < 0 || first + size > n) {
      for (let j = 0; j < size; j++) frame[j] = waveform[reflectIndex(first + j, n)]!;
      if (rng !== null) for (let j = 0; j < size; j++) frame[j] = frame[j]! + o.dither * rng.normal();
      src = frame;
      base = 0;
    }
    // 2. DC offset: the frame mean.
    let dc = 0;
    if (o.removeDcOffset) {
      let sum = 0;
      for (let j = 0; j < size; j++) sum += src[base + j]!;
      dc = sum / size;
    }
    // 3. One fused pass: DC removal, raw energy, pre-emphasis x[j] - c x[j - 1] (x[-1] = x[0], torch's
    //    replicate pad), window, windowed energy.
    let energy = 0;
    let previous = src[base]! - dc;
    for (let j = 0; j < size; j++) {
      const x = src[base + j]! - dc;
      if (rawEnergy) energy += x * x;
      const y = (x - preemph * previous) * window[j]!;
      previous = x;
      padded[j] = y;
      if (windowedEnergy) energy += y * y;
    }
    // 4. Power (or magnitude) spectrum of the zero-padded frame.
    fft.power(padded, spectrum);
    if (!o.usePower) for (let k = 0; k < spectrum.length; k++) spectrum[k] = Math.sqrt(spectrum[k]!);
    // 5. Mel bins (each FFT bin feeds at most two triangles), natural log floored at float32 epsilon.
    const row = t * numBins;
    acc.fill(0);
    for (let k = firstBin; k < lastBin; k++) {
      const p = spectrum[k]!;
      const slot = low[k]! + 1;
      acc[slot] = acc[slot]! + lowWeight[k]! * p;
      acc[slot + 1] = acc[slot + 1]! + highWeight[k]! * p;
    }
    for (let b = 0; b < numMel; b++) {
      const e = acc[b + 1]!;
      data[row + melColumn + b] = o.useLogFbank ? Math.log(e > FLOAT32_EPSILON ? e : FLOAT32_EPSILON) : e;
    }
    if (o.useEnergy) {
      const logEnergy = Math.log(energy > FLOAT32_EPSILON ? energy : FLOAT32_EPSILON);
      data[row + energyColumn] = logEnergy > logEnergyFloor ? logEnergy : logEnergyFloor;
    }
  }
  if (o.subtractMean) subtractColumnMeans(data, numFrames, numBins);
  return { data, numFrames, numBins };
}

/** Kaldi's reflection of an out-of-range sample index into [0, n) (repeated for very short signals). */
function reflectIndex(i: number, n: number): number {
  let s = i;
  while (s < 0 || s >= n) s = s < 0 ? -s - 1 : 2 * n - 1 - s;
  return s;
}

function subtractColumnMeans(data: Float32Array, rows: number, cols: number): void {
  for (let c = 0; c < cols; c++) {
    let sum = 0;
    for (let r = 0; r < rows; r++) sum += data[r * cols + c]!;
    const mean = sum / rows;
    for (let r = 0; r < rows; r++) data[r * cols + c] = data[r * cols + c]! - mean;
  }
}
