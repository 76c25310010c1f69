/**
 * The JavaScript peers of the benchmark, each computing AST-style log-mel filter banks (25 ms frames every
 * 10 ms, 128 bands, 512-point FFT at 16 kHz) the way a user of that library would write it.
 */
import FFT from 'fft.js';
import Meyda from 'meyda';
import { FLOAT32_EPSILON, kaldiMelBanks, kaldiWindow } from '../src/index.js';

const FRAME = 400;
const SHIFT = 160;
const NFFT = 512;
const MELS = 128;

function frameCount(n: number): number {
  return n < FRAME ? 0 : 1 + Math.floor((n - FRAME) / SHIFT);
}

/**
 * Kaldi fbank written over fft.js (the fastest plain-JS FFT on npm): per frame DC removal, pre-emphasis,
 * symmetric hann window, `realTransform`, power, a dense `[128, 256]` mel matrix (the usual way to apply a
 * filter bank) or, with `sparseMel`, only each band's non-zero span, then the natural log floored at float32
 * epsilon. Same features as kaldiFbank, so parity is checked too.
 */
export function createFftJsFbank(sparseMel = false): (wave: Float32Array) => Float32Array {
  const fft = new FFT(NFFT);
  const input = new Array<number>(NFFT).fill(0);
  const out = fft.createComplexArray() as number[];
  const window = kaldiWindow('hanning', FRAME);
  const banks = kaldiMelBanks({ numBins: MELS, windowLengthPadded: NFFT, sampleFreq: 16000, lowFreq: 20, highFreq: 0, vtlnLow: 100, vtlnHigh: -500, vtlnWarpFactor: 1 });
  const half = NFFT / 2;
  // Sparse variant: each band's non-zero span only (what kaldiFbank does), for an FFT-to-FFT comparison.
  const first = new Int32Array(MELS);
  const last = new Int32Array(MELS);
  for (let m = 0; m < MELS; m++) {
    let a = 0;
    while (a < half && banks[m * half + a] === 0) a++;
    let b = half;
    while (b > a && banks[m * half + b - 1] === 0) b--;
    first[m] = sparseMel ? a : 0;
    last[m] = sparseMel ? b : half;
  }
  const power = new Float64Array(half);
  const frame = new Float64Array(FRAME);
  return (wave) => {
    const frames = frameCount(wave.length);
    const result = new Float32Array(frames * MELS);
    for (let t = 0; t < frames; t++) {
      let mean = 0;
      for (let j = 0; j < FRAME; j++) mean += wave[t * SHIFT + j]!;
      mean /= FRAME;
      for (let j = 0; j < FRAME; j++) frame[j] = wave[t * SHIFT + j]! - mean;
      for (let j = FRAME - 1; j > 0; j--) frame[j] = frame[j]! - 0.97 * frame[j - 1]!;
      frame[0] = frame[0]! * 0.03;
      for (let j = 0; j < FRAME; j++) input[j] = frame[j]! * window[j]!;
      fft.realTransform(out, input);
      for (let k = 0; k < half; k++) power[k] = out[2 * k]! * out[2 * k]! + out[2 * k + 1]! * out[2 * k + 1]!;
      for (let m = 0; m < MELS; m++) {
        let acc = 0;
        const row = m * half;
        for (let k = first[m]!; k < last[m]!; k++) acc += banks[row + k]! * power[k]!;
        result[t * MELS + m] = Math.log(Math.max(acc, FLOAT32_EPSILON));
      }
    }
    return result;
  };
}

/** Meyda's offline `extract` of one feature over the same frames (each frame zero-padded to 512 samples). */
export function createMeyda(feature: 'melBands' | 'mfcc'): (wave: Float32Array) => number {
  Meyda.bufferSize = NFFT;
  Meyda.sampleRate = 16000;
  Meyda.melBands = MELS;
  Meyda.numberOfMFCCCoefficients = 13;
  Meyda.windowingFunction = 'hanning';
  const buffer = new Float32Array(NFFT);
  return (wave) => {
    let checksum = 0;
    const frames = frameCount(wave.length);
    for (let t = 0; t < frames; t++) {
      buffer.set(wave.subarray(t * SHIFT, t * SHIFT + FRAME));
      const values = Meyda.extract(feature, buffer) as unknown as number[];
      checksum += values[0]!;
    }
    return checksum;
  };
}
