import * as tf from '@spectromix/tensor';
import { SeededRng } from '@spectromix/tensor';
import { kaldiMelBanksOf } from '../kaldi-mel-banks.js';
import { kaldiNumFrames, resolveKaldiFbank, type KaldiFbankOptions, type ResolvedKaldiFbank } from '../kaldi-options.js';
import { kaldiWindow } from '../kaldi-window.js';
import { FLOAT32_EPSILON } from '../log-scale.js';
import { dftBasis } from './dft-basis.js';
import { frameIndices } from './frame-indices.js';
import { assertBatch } from './validate-batch.js';

const melCache = new Map<string, Float32Array>();

/** Kaldi mel banks transposed to `[paddedWindowSize / 2 + 1, numMelBins]` (zero Nyquist row), cached. */
function melMatrix(o: ResolvedKaldiFbank): Float32Array {
  const key = [o.numMelBins, o.paddedWindowSize, o.sampleFrequency, o.lowFreq, o.highFreqHz, o.vtlnLow, o.vtlnHighHz, o.vtlnWarp].join('|');
  const cached = melCache.get(key);
  if (cached !== undefined) return cached;
  const half = o.paddedWindowSize / 2;
  const banks = kaldiMelBanksOf(o);
  const m = o.numMelBins;
  const out = new Float32Array((half + 1) * m);
  for (let b = 0; b < m; b++) for (let k = 0; k < half; k++) out[k * m + b] = banks[b * half + k]!;
  if (melCache.size >= 8) melCache.delete(melCache.keys().next().value!);
  melCache.set(key, out);
  return out;
}

/**
 * Batched {@link kaldiFbank} as tensor ops, for features of a whole batch on the GPU: `[B, samples]` to
 * `[B, frames, numMelBins (+1 with useEnergy)]`. Framing is a gather (Kaldi reflection for `snipEdges: false`),
 * then DC removal, pre-emphasis and the window as element-wise ops, the power spectrum as one matmul with a
 * cached cos/sin DFT basis of the zero-padded frame, the mel bins as a second matmul, and the log floored at
 * float32 epsilon. Same options and results as the reference path (within float32 round-off).
 *
 * Dither noise is drawn on the CPU from `options.rng` in the order the reference path would draw it for the
 * rows one after the other, so a batch and a loop over its rows agree. Input values are not checked for NaN
 * (that would need a download from the device): check waveforms before batching.
 */
export function kaldiFbankBatch(waveforms: tf.Tensor2D, options: KaldiFbankOptions = {}): tf.Tensor3D {
  assertBatch(waveforms, 2, 'waveforms', '[batch, samples]');
  const o = resolveKaldiFbank(options);
  const [batch = 0, numSamples = 0] = waveforms.shape;
  const numMel = o.numMelBins;
  const numBins = numMel + (o.useEnergy ? 1 : 0);
  const { windowSize: size, windowShift: shift } = o;
  const numFrames = numSamples < o.minDuration * o.sampleFrequency ? 0 : kaldiNumFrames(numSamples, size, shift, o.snipEdges);
  if (numFrames === 0 || batch === 0) return tf.zeros([batch, 0, numBins]);

  const noise = o.dither !== 0 ? ditherNoise(batch * numFrames * size, o.dither, options.rng ?? new SeededRng(0)) : null;
  const half = o.paddedWindowSize / 2 + 1;
  return tf.tidy(() => {
    const offset = o.snipEdges ? 0 : Math.floor(size / 2) - Math.floor(shift / 2);
    const idx = tf.tensor1d(frameIndices(numSamples, numFrames, size, shift, offset, 'kaldi'), 'int32');
    let frames = tf.reshape(tf.gather(waveforms, idx, 1), [batch * numFrames, size]) as tf.Tensor2D;
    if (noise !== null) frames = tf.add(frames, tf.tensor2d(noise, [batch * numFrames, size]));
    if (o.removeDcOffset) frames = tf.sub(frames, tf.mean(frames, 1, true));
    let energy: tf.Tensor | null = o.useEnergy && o.rawEnergy ? tf.sum(tf.square(frames), 1) : null;
    if (o.preemphasisCoefficient !== 0) {
      const previous = tf.concat([tf.slice(frames, [0, 0], [-1, 1]), tf.slice(frames, [0, 0], [-1, size - 1])], 1);
      frames = tf.sub(frames, tf.mul(previous, o.preemphasisCoefficient));
    }
    const window = kaldiWindow(o.windowType, size, o.blackmanCoeff);
    if (o.useEnergy && !o.rawEnergy) energy = tf.sum(tf.square(tf.mul(frames, tf.tensor1d(window))), 1);
    // The window is folded into the DFT basis: one [frames, size] x [size, 2 * half] matmul.
    const spectrum = tf.matMul(frames, tf.tensor2d(dftBasis(size, o.paddedWindowSize, window), [size, 2 * half]));
    const re = tf.slice(spectrum, [0, 0], [-1, half]);
    const im = tf.slice(spectrum, [0, half], [-1, half]);
    let power: tf.Tensor2D = tf.add(tf.square(re), tf.square(im));
    if (!o.usePower) power = tf.sqrt(power);
    let mel: tf.Tensor2D = tf.matMul(power, tf.tensor2d(melMatrix(o), [half, numMel]));
    if (o.useLogFbank) mel = tf.log(tf.maximum(mel, FLOAT32_EPSILON)) as tf.Tensor2D;
    let out: tf.Tensor2D = mel;
    if (energy !== null) {
      let logEnergy = tf.log(tf.maximum(energy, FLOAT32_EPSILON));
      if (o.energyFloor !== 0) logEnergy = tf.maximum(logEnergy, Math.fround(Math.log(o.energyFloor)));
      const column = tf.reshape(logEnergy, [batch * numFrames, 1]);
      out = (o.htkCompat ? tf.concat([mel, column], 1) : tf.concat([column, mel], 1)) as tf.Tensor2D;
    }
    let result = tf.reshape(out, [batch, numFrames, numBins]) as tf.Tensor3D;
    if (o.subtractMean) result = tf.sub(result, tf.mean(result, 1, true));
    return result;
  });
}

function ditherNoise(count: number, dither: number, rng: SeededRng): Float32Array {
  const noise = new Float32Array(count);
  for (let i = 0; i < count; i++) noise[i] = dither * rng.normal();
  return noise;
}
