import type { Fbank } from './feature-matrix.js';
import { kaldiFbank } from './kaldi-fbank.js';
import { assertRate, assertWaveform } from './validate.js';

/** Mel bins of the AST / ASM-RH input. */
export const AST_NUM_MEL_BINS = 128;

/**
 * The AST / ASM-RH input features (model contract section 1): subtract the clip mean, then
 * `torchaudio.compliance.kaldi.fbank(wave, htk_compat=True, sample_frequency=sampleRate, use_energy=False,
 * window_type='hanning', num_mel_bins=128, dither=0.0, frame_shift=10)` with every other option at its
 * default (25 ms frames, pre-emphasis 0.97, DC removal, 512-point FFT at 16 kHz, snip edges, 20 Hz to Nyquist,
 * natural log floored at float32 epsilon). Returns `[frames, 128]`; pad or crop it with `padOrCrop`.
 *
 * The contract's audio is mono 16 kHz in [-1, 1): resample first (`readAudioFile(path, { sampleRate: 16000,
 * mono: true })`). Other rates are accepted and passed on as `sample_frequency`, as AST's loader does.
 */
export function astFbank(waveform: Float32Array, sampleRate: number): Fbank {
  assertWaveform(waveform, 'astFbank');
  assertRate(sampleRate, 'sampleRate');
  let sum = 0;
  for (let i = 0; i < waveform.length; i++) sum += waveform[i]!;
  // torch computes the mean and the difference in float32.
  const mean = Math.fround(sum / waveform.length);
  const centred = new Float32Array(waveform.length);
  for (let i = 0; i < waveform.length; i++) centred[i] = waveform[i]! - mean;
  return kaldiFbank(centred, {
    htkCompat: true,
    sampleFrequency: sampleRate,
    useEnergy: false,
    windowType: 'hanning',
    numMelBins: AST_NUM_MEL_BINS,
    dither: 0,
    frameShift: 10,
  });
}
