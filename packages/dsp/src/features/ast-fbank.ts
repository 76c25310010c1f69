import type { Fbank } from './feature-matrix.js';
import { kaldiFbankResolved } from './kaldi-fbank.js';
import { resolveKaldiFbank, type ResolvedKaldiFbank } from './kaldi-options.js';
import { assertFinite, assertRate } from './validate.js';
import { EmptyWaveformError } from './errors.js';
import { VTLP_HIGH_FREQ } from './vtlp.js';

/** Mel bins of the AST / ASM-RH input. */
export const AST_NUM_MEL_BINS = 128;

/**
 * The AST / ASM-RH input features (model contract, docs/asm-rh.md section 1): subtract the clip mean, then
 * `torchaudio.compliance.kaldi.fbank(wave, htk_compat=True, sample_frequency=sampleRate, use_energy=False,
 * window_type='hanning', num_mel_bins=128, dither=0.0, frame_shift=10)` with every other option at its
 * default (25 ms frames, pre-emphasis 0.97, DC removal, 512-point FFT at 16 kHz, snip edges, 20 Hz to Nyquist,
 * natural log floored at float32 epsilon). Returns `[frames, 128]`; pad or crop it with `padOrCrop`.
 *
 * The contract's audio is mono 16 kHz in [-1, 1): resample first (`readAudioFile(path, { sampleRate: 16000,
 * mono: true })`). Other rates are accepted and passed on as `sample_frequency`, as AST's loader does.
 */
export function astFbank(waveform: Float32Array, sampleRate: number, warp: AstFbankWarp = {}): Fbank {
  if (waveform.length === 0) throw new EmptyWaveformError('astFbank');
  assertRate(sampleRate, 'sampleRate');
  let sum = 0;
  for (let i = 0; i < waveform.length; i++) sum += waveform[i]!;
  // A NaN or infinite sample makes the sum non-finite: only then look for it (one pass instead of two).
  if (!Number.isFinite(sum)) assertFinite(waveform, 'astFbank');
  // torch subtracts the float32 mean in float32: storing into a Float32Array rounds exactly the same way (it
  // matters for mel bands near the epsilon floor, even though each frame's DC offset is removed afterwards).
  const mean = Math.fround(sum / waveform.length);
  const centred = new Float32Array(waveform.length);
  for (let i = 0; i < waveform.length; i++) centred[i] = waveform[i]! - mean;
  return kaldiFbankResolved(centred, astOptions(sampleRate, warp.vtlpAlpha ?? 1, warp.vtlpHighFreq ?? VTLP_HIGH_FREQ));
}

/** The training-only spectrum warp {@link astFbank} may apply (vocal-tract-length perturbation). */
export interface AstFbankWarp {
  /** VTLP warp factor (1: none, the contract's features). */
  readonly vtlpAlpha?: number;
  /** VTLP boundary frequency `F_hi` in Hz (default 4800, Jaitly & Hinton's). */
  readonly vtlpHighFreq?: number;
}

const cached = new Map<string, ResolvedKaldiFbank>();

function astOptions(sampleRate: number, vtlpAlpha: number, vtlpHighFreq: number): ResolvedKaldiFbank {
  const key = `${sampleRate}|${vtlpAlpha}|${vtlpHighFreq}`;
  let options = cached.get(key);
  if (options === undefined) {
    options = resolveKaldiFbank({
      htkCompat: true,
      sampleFrequency: sampleRate,
      useEnergy: false,
      windowType: 'hanning',
      numMelBins: AST_NUM_MEL_BINS,
      dither: 0,
      frameShift: 10,
      vtlpAlpha,
      vtlpHighFreq,
    });
    if (cached.size >= 16) cached.delete(cached.keys().next().value!);
    cached.set(key, options);
  }
  return options;
}
