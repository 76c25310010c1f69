import { AudioOptionError } from './errors.js';
import { resample, type ResampleOptions } from './resample.js';
import { assertSampleRate } from './validate.js';

/** Smallest and largest speed factor {@link speedPerturb} accepts (Ko et al. use 0.9 and 1.1). */
export const SPEED_FACTOR_RANGE: readonly [number, number] = [0.5, 2];

/**
 * Speed perturbation as Kaldi's `perturb_data_dir_speed.sh` (sox `speed`) and ESPnet do it (Ko et al. 2015, "Audio
 * augmentation for speech recognition"): the clip is played `factor` times faster, tempo and pitch together. The
 * samples are taken to be at `round(factor * sampleRate)` Hz and resampled to `sampleRate` with {@link resample}
 * (torchaudio's windowed-sinc defaults), so the result has `ceil(length / factor)` samples:
 * `torchaudio.functional.resample(x, round(factor * rate), rate)`, which is what torchaudio >= 2.0's
 * `functional.speed` and sox's `speed` + `rate` compute (sox with its own filter). Factor 1 returns a copy.
 * @throws AudioOptionError for a factor outside {@link SPEED_FACTOR_RANGE}; InvalidSampleRateError for a bad rate.
 */
export function speedPerturb(waveform: Float32Array, factor: number, sampleRate: number, options: ResampleOptions = {}): Float32Array {
  assertSampleRate(sampleRate, 'speedPerturb sampleRate');
  const [lo, hi] = SPEED_FACTOR_RANGE;
  if (typeof factor !== 'number' || !Number.isFinite(factor) || factor < lo || factor > hi) {
    throw new AudioOptionError(`speedPerturb: factor must be a number in [${lo}, ${hi}] (1 leaves the clip as it is; Kaldi uses 0.9 and 1.1), got ${String(factor)}`);
  }
  if (factor === 1) return waveform.slice();
  return resample(waveform, Math.round(factor * sampleRate), sampleRate, options);
}
