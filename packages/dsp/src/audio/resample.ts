import { AudioOptionError } from './errors.js';
import {
  applyPolyphaseKernel,
  buildPolyphaseKernel,
  DEFAULT_KAISER_BETA,
  type PolyphaseKernel,
  type ResamplingMethod,
  type SincKernelParams,
} from './resample-kernel.js';
import { applyPolyphaseKernelSimd } from './resample-simd.js';
import { assertSampleRate } from './validate.js';

/** Quality presets of {@link resample}: the sinc filter's `lowpassFilterWidth` (zero crossings per side). */
export type ResampleQuality = 'fast' | 'default' | 'best';

/** lowpassFilterWidth of each {@link ResampleQuality}. */
export const RESAMPLE_QUALITY_WIDTHS: Readonly<Record<ResampleQuality, number>> = { fast: 3, default: 6, best: 16 };

/** Options of {@link resample}, named after `torchaudio.functional.resample`'s arguments. */
export interface ResampleOptions {
  /** Zero crossings of the sinc on each side; sharper filter but slower when larger. Default 6 (or per `quality`). */
  lowpassFilterWidth?: number;
  /** Cut-off as a fraction of the lower Nyquist frequency, in (0, 1]. Default 0.99. */
  rolloff?: number;
  /** Window of the sinc. Default 'sinc_interp_hann'. */
  resamplingMethod?: ResamplingMethod;
  /** Kaiser window shape (only for 'sinc_interp_kaiser'). Default 14.769656459379492, as torchaudio. */
  beta?: number;
  /**
   * Preset for `lowpassFilterWidth` when that is not given: 'fast' = 3, 'default' = 6 (torchaudio's default),
   * 'best' = 16.
   */
  quality?: ResampleQuality;
}

export type { ResamplingMethod } from './resample-kernel.js';

const MAX_CACHED_KERNELS = 16;
const kernelCache = new Map<string, PolyphaseKernel>();

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function resolveParams(origFreq: number, newFreq: number, options: ResampleOptions): SincKernelParams {
  assertSampleRate(origFreq, 'resample origFreq');
  assertSampleRate(newFreq, 'resample newFreq');
  const quality = options.quality ?? 'default';
  const presetWidth = RESAMPLE_QUALITY_WIDTHS[quality];
  if (presetWidth === undefined) {
    throw new AudioOptionError(`resample quality '${String(quality)}' is unknown; use 'fast', 'default' or 'best'.`);
  }
  const lowpassFilterWidth = options.lowpassFilterWidth ?? presetWidth;
  const rolloff = options.rolloff ?? 0.99;
  const resamplingMethod = options.resamplingMethod ?? 'sinc_interp_hann';
  const beta = options.beta ?? DEFAULT_KAISER_BETA;
  if (!(lowpassFilterWidth > 0) || !Number.isFinite(lowpassFilterWidth)) {
    throw new AudioOptionError(`resample lowpassFilterWidth is ${lowpassFilterWidth}; it must be a positive number (default 6).`);
  }
  if (!(rolloff > 0 && rolloff <= 1)) {
    throw new AudioOptionError(`resample rolloff is ${rolloff}; it must lie in (0, 1] (default 0.99).`);
  }
  if (resamplingMethod !== 'sinc_interp_hann' && resamplingMethod !== 'sinc_interp_kaiser') {
    throw new AudioOptionError(
      `resample resamplingMethod '${String(resamplingMethod)}' is unknown; use 'sinc_interp_hann' or 'sinc_interp_kaiser'.`,
    );
  }
  if (!(beta >= 0) || !Number.isFinite(beta)) {
    throw new AudioOptionError(`resample beta is ${beta}; the Kaiser beta must be a finite number >= 0.`);
  }
  const g = gcd(origFreq, newFreq);
  return { origFreq: origFreq / g, newFreq: newFreq / g, lowpassFilterWidth, rolloff, resamplingMethod, beta };
}

function cachedKernel(params: SincKernelParams): PolyphaseKernel {
  const key = `${params.origFreq}/${params.newFreq}/${params.lowpassFilterWidth}/${params.rolloff}/${params.resamplingMethod}/${params.beta}`;
  let kernel = kernelCache.get(key);
  if (kernel) {
    kernelCache.delete(key);
  } else {
    kernel = buildPolyphaseKernel(params);
    if (kernelCache.size >= MAX_CACHED_KERNELS) kernelCache.delete(kernelCache.keys().next().value!);
  }
  kernelCache.set(key, kernel); // most recently used last
  return kernel;
}

/**
 * Band-limited resampling by windowed-sinc interpolation, reproducing `torchaudio.functional.resample`
 * (rates reduced by their gcd, the same kernel, zero padding at both ends, output length
 * ceil(newFreq * length / origFreq)). Kernels are built once per parameter set (16 most recent kept) in
 * polyphase form, so resampling a batch of clips costs only the multiply-adds, which run in WebAssembly SIMD
 * where available (every current browser and Node) and in plain JavaScript elsewhere.
 * Equal rates return a copy; an empty waveform returns an empty array.
 * @example
 * ```ts
 * const at16k = resample(at48k, 48000, 16000);
 * const sharper = resample(at48k, 48000, 16000, { quality: 'best' });
 * ```
 * @throws InvalidSampleRateError for rates that are not integers in 1..1e6; AudioOptionError for bad options.
 */
export function resample(
  waveform: Float32Array,
  origFreq: number,
  newFreq: number,
  options: ResampleOptions = {},
): Float32Array {
  const params = resolveParams(origFreq, newFreq, options);
  if (origFreq === newFreq) return waveform.slice();
  const kernel = cachedKernel(params);
  return applyPolyphaseKernelSimd(kernel, waveform) ?? applyPolyphaseKernel(kernel, waveform);
}
