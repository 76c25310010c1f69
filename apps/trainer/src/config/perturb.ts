import { z } from 'zod';

const factor = z.number().min(0.5).max(2);

/**
 * `augment.speed`: speed perturbation (Ko et al. 2015, "Audio augmentation for speech recognition"; Kaldi's
 * `perturb_data_dir_speed.sh`, ESPnet): every training clip is resampled by a factor (tempo and pitch together), its
 * features computed from the perturbed waveform. The feature cache holds one copy per factor (extraction once per
 * factor, never per epoch); each training clip draws one factor per epoch, seeded by (seed, epoch, clip), so a
 * resumed run draws the same. Validation, test and predict never perturb. Default `factors: [0.9, 1, 1.1]`: Ko et
 * al.'s (and Kaldi's) three-way set, the unperturbed clip kept as one of the three. null (the default): off.
 */
export const speedSchema = z
  .strictObject({
    factors: z
      .array(factor)
      .min(1)
      .max(9)
      .default([0.9, 1, 1.1])
      .refine((f) => new Set(f).size === f.length, 'list each speed factor once'),
  })
  .nullable();

/**
 * `augment.vtlp`: vocal-tract-length perturbation (Jaitly & Hinton 2013): the frequency axis of the power spectrum is
 * warped by alpha with their piecewise-linear warp (`f alpha` up to the boundary `4800 Hz min(alpha, 1) / alpha`,
 * then linear to Nyquist) before the mel filter bank. Exact, not cheap: the warped mel filter bank on the power
 * spectrum (the paper's operation), cached per factor for `count` factors evenly spaced over `alpha` (default 5:
 * 0.9, 0.95, 1, 1.05, 1.1), each training clip drawing one per epoch like `speed`. Why exact: the cheap variant
 * (resampling the cached 128 log-mel bins along the mel axis, any alpha, no extra cache) is not the paper's operation
 * (the warp moves power between FFT bins before the mel sums and the log), and on 100 RAVDESS clips it is 0.14-0.15
 * log-mel units (mean absolute) away from the exact warp, a fifth of the perturbation itself (0.79-0.82 at alpha 1.1 and
 * 0.9; packages/dsp/scripts/vtlp-cheap-vs-exact.ts); a mel-axis resampling is also close to what `freqShift` already
 * does. The exact warp costs one feature extraction per factor, once (the fbank costs the same warped or not), and
 * disk (RAVDESS at 512 frames: about 160 MB per copy). Default `alpha: [0.9, 1.1]` is the paper's range; `count: 5`
 * steps it by 0.05 (about two mel bins at 2 kHz; the paper draws alpha continuously), 4 copies besides the clips
 * themselves. null (the default): off. With `speed` too, every (speed, alpha) pair is one copy.
 */
export const vtlpSchema = z
  .strictObject({
    alpha: z.tuple([factor, factor]).default([0.9, 1.1]),
    count: z.number().int().min(1).max(21).default(5),
  })
  .refine((v) => v.alpha[0] <= v.alpha[1], { message: 'alpha is [min, max]: give the smaller factor first', path: ['alpha'] })
  .refine((v) => v.count > 1 || v.alpha[0] === v.alpha[1], { message: 'count 1 holds one factor: give count >= 2 or alpha [a, a]', path: ['count'] })
  .nullable();

/** The validated `augment.speed`. */
export type SpeedConfig = z.infer<typeof speedSchema>;
/** The validated `augment.vtlp`. */
export type VtlpConfig = z.infer<typeof vtlpSchema>;
