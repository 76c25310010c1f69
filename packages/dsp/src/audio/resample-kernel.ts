import { besselI0 } from './bessel.js';

const f32 = Math.fround;

/** Window of the sinc kernel, named as in torchaudio >= 2.0 (0.13 called them sinc_interpolation/kaiser_window). */
export type ResamplingMethod = 'sinc_interp_hann' | 'sinc_interp_kaiser';

/** torchaudio's default Kaiser beta for `sinc_interp_kaiser`. */
export const DEFAULT_KAISER_BETA = 14.769656459379492;

/** Fully resolved parameters of a sinc resampler. */
export interface SincKernelParams {
  /** Input rate divided by gcd(input, output). */
  origFreq: number;
  /** Output rate divided by gcd(input, output). */
  newFreq: number;
  lowpassFilterWidth: number;
  rolloff: number;
  resamplingMethod: ResamplingMethod;
  beta: number;
}

/**
 * The polyphase form of torchaudio's sinc resampling kernel: one FIR filter per output phase, trimmed to the
 * taps where the window is non-zero (the zero taps torchaudio convolves with are skipped).
 */
export interface PolyphaseKernel {
  /** Phases (= reduced output rate): output sample k*phases+i uses phase i on input frame k. */
  phases: number;
  /** Input samples per frame (= reduced input rate). */
  stride: number;
  /** First input index of phase i's filter, relative to k*stride. */
  firstTap: Int32Array;
  /** Number of taps of phase i. */
  tapCount: Int32Array;
  /** Offset of phase i's taps in `taps`. */
  tapOffset: Int32Array;
  /** All taps, phase after phase. */
  taps: Float64Array;
}

/**
 * Builds the kernels of `torchaudio.functional._get_sinc_resample_kernel` (0.13, same maths in 2.x): the time
 * grid rounded to float32 as torchaudio does, windows and sinc in double precision: base = min(orig, new) * rolloff, width = ceil(lowpassFilterWidth * orig / base), and for
 * phase i and tap j in [-width, width + orig): t = (-i/new + j/orig) * base clamped to +-lowpassFilterWidth,
 * kernel = sinc(pi t) * window(t) * base / orig with a squared-cosine (Hann) or Kaiser window.
 */
export function buildPolyphaseKernel(params: SincKernelParams): PolyphaseKernel {
  const { origFreq, newFreq, lowpassFilterWidth: lpw, rolloff, resamplingMethod, beta } = params;
  const baseFreq = Math.min(origFreq, newFreq) * rolloff;
  const width = Math.ceil((lpw * origFreq) / baseFreq);
  const baseFreq32 = f32(baseFreq);
  const scale = baseFreq / origFreq;
  const kaiserNorm = 1 / besselI0(beta);
  const firstTap = new Int32Array(newFreq);
  const tapCount = new Int32Array(newFreq);
  const tapOffset = new Int32Array(newFreq);
  const phaseTaps: number[][] = [];
  let total = 0;
  for (let i = 0; i < newFreq; i++) {
    const taps: number[] = [];
    let first = 0;
    const phase = f32(-i / newFreq);
    for (let j = -width; j < width + origFreq; j++) {
      // torchaudio computes this time grid in float32 (the waveform's dtype); for large reduced rates such as
      // 441 its rounding moves taps by ~1e-5, so the grid is rounded the same way here to keep parity.
      const t = f32(f32(phase + f32(j / origFreq)) * baseFreq32);
      // Outside |t| < lpw the window (Hann) or the sinc (Kaiser, at its lpw-th zero) vanishes: skip the tap.
      if (Math.abs(t) >= lpw) continue;
      if (taps.length === 0) first = j;
      const window =
        resamplingMethod === 'sinc_interp_hann'
          ? Math.cos((t * Math.PI) / lpw / 2) ** 2
          : besselI0(beta * Math.sqrt(1 - (t / lpw) ** 2)) * kaiserNorm;
      const pt = t * Math.PI;
      taps.push((pt === 0 ? 1 : Math.sin(pt) / pt) * window * scale);
    }
    firstTap[i] = first;
    tapCount[i] = taps.length;
    tapOffset[i] = total;
    total += taps.length;
    phaseTaps.push(taps);
  }
  const taps = new Float64Array(total);
  phaseTaps.forEach((phase, i) => taps.set(phase, tapOffset[i]!));
  return { phases: newFreq, stride: origFreq, firstTap, tapCount, tapOffset, taps };
}

/**
 * Applies a polyphase kernel as torchaudio's strided conv1d does (zero padding outside the input) and keeps
 * ceil(newFreq * length / origFreq) samples. Accumulates in double precision.
 */
export function applyPolyphaseKernel(kernel: PolyphaseKernel, waveform: Float32Array): Float32Array {
  const { phases, stride, firstTap, tapCount, tapOffset, taps } = kernel;
  const length = waveform.length;
  const outLength = Math.ceil((phases * length) / stride);
  const out = new Float32Array(outLength);
  let o = 0;
  for (let frameStart = 0; o < outLength; frameStart += stride) {
    for (let i = 0; i < phases && o < outLength; i++, o++) {
      const start = frameStart + firstTap[i]!;
      const count = tapCount[i]!;
      const offset = tapOffset[i]!;
      let acc = 0;
      if (start >= 0 && start + count <= length) {
        for (let t = 0; t < count; t++) acc += waveform[start + t]! * taps[offset + t]!;
      } else {
        const lo = Math.max(0, -start);
        const hi = Math.min(count, length - start);
        for (let t = lo; t < hi; t++) acc += waveform[start + t]! * taps[offset + t]!;
      }
      out[o] = acc;
    }
  }
  return out;
}
