import { SeededRng } from '@spectromix/tensor';
import type { Fbank } from './feature-matrix.js';
import { RealFft } from './fft.js';
import { kaldiMelBanksOf } from './kaldi-mel-banks.js';
import { kaldiNumFrames, resolveKaldiFbank, type KaldiFbankOptions, type ResolvedKaldiFbank } from './kaldi-options.js';
import { kaldiWindow } from './kaldi-window.js';
import { FLOAT32_EPSILON } from './log-scale.js';
import { assertWaveform } from './validate.js';

/** Precomputed window, FFT and sparse mel weights for one set of frame/mel options. */
interface KaldiPlan {
  window: Float64Array;
  fft: RealFft;
  /** Per mel bin: first FFT bin with a non-zero weight, and one past the last. */
  start: Int32Array;
  end: Int32Array;
  /** Per mel bin: offset of its weights in `weights`. */
  offset: Int32Array;
  weights: Float64Array;
}

const planCache = new Map<string, KaldiPlan>();
const PLAN_CACHE_SIZE = 16;

function planFor(o: ResolvedKaldiFbank): KaldiPlan {
  const key = [o.windowType, o.windowSize, o.paddedWindowSize, o.blackmanCoeff, o.numMelBins, o.sampleFrequency, o.lowFreq, o.highFreqHz, o.vtlnLow, o.vtlnHighHz, o.vtlnWarp].join('|');
  const cached = planCache.get(key);
  if (cached !== undefined) return cached;
  const numFftBins = o.paddedWindowSize / 2;
  const dense = kaldiMelBanksOf(o);
  const start = new Int32Array(o.numMelBins);
  const end = new Int32Array(o.numMelBins);
  const offset = new Int32Array(o.numMelBins);
  const weights: number[] = [];
  for (let b = 0; b < o.numMelBins; b++) {
    const row = b * numFftBins;
    let first = 0;
    while (first < numFftBins && dense[row + first] === 0) first++;
    let last = numFftBins;
    while (last > first && dense[row + last - 1] === 0) last--;
    start[b] = first;
    end[b] = last;
    offset[b] = weights.length;
    for (let k = first; k < last; k++) weights.push(dense[row + k]!);
  }
  const plan: KaldiPlan = {
    window: Float64Array.from(kaldiWindow(o.windowType, o.windowSize, o.blackmanCoeff)),
    fft: new RealFft(o.paddedWindowSize),
    start,
    end,
    offset,
    weights: Float64Array.from(weights),
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
  return kaldiFbankOffset(waveform, 0, resolveKaldiFbank(options), options.rng);
}

/**
 * {@link kaldiFbank} of `waveform - offset` (rounded to float32 like torch's `waveform - waveform.mean()`)
 * without materialising the shifted copy; the waveform is already validated, the options resolved.
 * @internal shared with astFbank.
 */
export function kaldiFbankOffset(waveform: Float32Array, offset: number, o: ResolvedKaldiFbank, rngOption?: SeededRng): Fbank {
  const numMel = o.numMelBins;
  const numBins = numMel + (o.useEnergy ? 1 : 0);
  if (waveform.length < o.minDuration * o.sampleFrequency) return { data: new Float32Array(0), numFrames: 0, numBins };
  const { windowSize: size, windowShift: shift, snipEdges } = o;
  const numFrames = kaldiNumFrames(waveform.length, size, shift, snipEdges);
  const data = new Float32Array(numFrames * numBins);
  if (numFrames === 0) return { data, numFrames, numBins };

  const { window, fft, start, end, offset: weightOffset, weights } = planFor(o);
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
    if (offset !== 0) {
      // torch subtracts the clip mean in float32: round the same way (it matters for bands near the floor).
      if (first >= 0 && first + size <= n) {
        for (let j = 0; j < size; j++) frame[j] = Math.fround(waveform[first + j]! - offset);
      } else {
        for (let j = 0; j < size; j++) frame[j] = Math.fround(waveform[reflectIndex(first + j, n)]! - offset);
      }
      if (rng !== null) for (let j = 0; j < size; j++) frame[j] = frame[j]! + o.dither * rng.normal();
      src = frame;
      base = 0;
    } else if (rng !== null || first < 0 || first + size > n) {
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
    // 5. Mel bins (sparse triangles), natural log floored at float32 epsilon.
    const row = t * numBins;
    for (let b = 0; b < numMel; b++) {
      let acc = 0;
      const stop = end[b]!;
      for (let k = start[b]!, w = weightOffset[b]!; k < stop; k++, w++) acc += weights[w]! * spectrum[k]!;
      data[row + melColumn + b] = o.useLogFbank ? Math.log(acc > FLOAT32_EPSILON ? acc : FLOAT32_EPSILON) : acc;
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
