import * as tf from '@spectromix/tensor';
import { melFilterBankFor, type MelSpectrogramOptions } from '../mel-spectrogram.js';
import { assertRate } from '../validate.js';
import { stftPowerBatch } from './stft-power-batch.js';

/**
 * Batched {@link melSpectrogram}: `[B, samples]` to `[B, frames, nMels]`, the same options and defaults
 * (torchaudio `MelSpectrogram`), computed as {@link stftPowerBatch} followed by a matmul with the mel filter
 * bank.
 */
export function melSpectrogramBatch(waveforms: tf.Tensor2D, options: MelSpectrogramOptions = {}): tf.Tensor3D {
  const sampleRate = options.sampleRate ?? 16000;
  assertRate(sampleRate, 'sampleRate');
  const nFft = options.nFft ?? 400;
  const nMels = options.nMels ?? 128;
  const nFreqs = (nFft >> 1) + 1;
  const fb = melFilterBankFor(options, sampleRate, nFreqs);
  return tf.tidy(() => {
    const power = stftPowerBatch(waveforms, { ...options, nFft });
    const [batch = 0, frames = 0] = power.shape;
    const mel = tf.matMul(tf.reshape(power, [batch * frames, nFreqs]), tf.tensor2d(fb, [nFreqs, nMels]));
    return tf.reshape(mel, [batch, frames, nMels]) as tf.Tensor3D;
  });
}
