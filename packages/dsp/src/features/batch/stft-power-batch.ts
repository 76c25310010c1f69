import * as tf from '@spectromix/tensor';
import { FeatureOptionError } from '../errors.js';
import { numFrames as countFrames } from '../frame.js';
import { resolveSpectrogram, type SpectrogramOptions } from '../spectrogram.js';
import { dftBasis } from './dft-basis.js';
import { frameIndices } from './frame-indices.js';
import { assertBatch } from './validate-batch.js';

/**
 * Batched {@link spectrogram}: `[B, samples]` to `[B, frames, nFft / 2 + 1]` with the same options and
 * defaults (torchaudio `Spectrogram`: nFft 400, hop winLength / 2, periodic hann, power 2, centred with
 * reflect padding). Frames are gathered (padding included in the index map), the window is folded into a
 * cached DFT basis and the spectrum is one matmul.
 */
export function stftPowerBatch(waveforms: tf.Tensor2D, options: SpectrogramOptions = {}): tf.Tensor3D {
  assertBatch(waveforms, 2, 'waveforms', '[batch, samples]');
  const { resolved: r, power, pad, scale: windowScale } = resolveSpectrogram(options);
  const nFft = r.nFft;
  const [batch = 0, numSamples = 0] = waveforms.shape;
  const centre = r.center ? nFft >> 1 : 0;
  // Samples seen by the STFT: the `pad` zeros of torchaudio, then the centring pad of torch.stft.
  const padded = numSamples + 2 * pad;
  const frames = countFrames(padded + 2 * centre, nFft, r.hopLength);
  if (frames === 0) throw new FeatureOptionError('nFft', nFft, `at most the (padded) signal length ${padded + 2 * centre}`);
  if (r.center && r.padMode === 'reflect' && centre >= padded) {
    throw new FeatureOptionError('padMode', r.padMode, `padding smaller than the signal length (${padded}) for 'reflect'`);
  }
  const scale = (r.normalized ? 1 / Math.sqrt(nFft) : 1) * windowScale;
  const half = (nFft >> 1) + 1;
  return tf.tidy(() => {
    // Signal with torchaudio's zero `pad`, plus one zero column that constant padding points at.
    let x: tf.Tensor2D = waveforms;
    if (pad > 0) x = tf.pad(x, [[0, 0], [pad, pad]]);
    x = tf.concat([x, tf.zeros([batch, 1])], 1);
    const idx = frameIndices(padded, frames, nFft, r.hopLength, centre, r.padMode);
    const framed = tf.reshape(tf.gather(x, tf.tensor1d(idx, 'int32'), 1), [batch * frames, nFft]) as tf.Tensor2D;
    const spectrum = tf.matMul(framed, tf.tensor2d(dftBasis(nFft, nFft, r.window, scale), [nFft, 2 * half]));
    const p2 = tf.add(tf.square(tf.slice(spectrum, [0, 0], [-1, half])), tf.square(tf.slice(spectrum, [0, half], [-1, half])));
    const out = power === 2 ? p2 : power === 1 ? tf.sqrt(p2) : tf.pow(p2, power / 2);
    return tf.reshape(out, [batch, frames, half]) as tf.Tensor3D;
  });
}
