import { SeededRng } from '@spectromix/tensor';

/**
 * The embedded default dataset ("spectromix-synth"): six classes of synthetic sounds that differ in their
 * time and frequency structure, generated in code from a seed (no files, works offline). Every clip draws its
 * pitch, timing, duration, level and background noise at random, so classes overlap in pitch and loudness
 * and must be told apart by shape:
 *
 * | class | sound |
 * | --- | --- |
 * | `rising-chirp` | an exponential sweep up by a factor 3-6 from 400-900 Hz, over 45-75% of the clip |
 * | `falling-chirp` | the same sweep downwards |
 * | `steady-tone` | a pure 200-3000 Hz tone with a slight vibrato, over 50-90% of the clip |
 * | `pulse-train` | 10 ms clicks (decaying 1000-4000 Hz bursts) repeating 6-12 times per second |
 * | `noise-burst` | white noise through a broad band-pass (centre 500-4000 Hz, Q 0.5-1.2) over 20-60% of the clip |
 * | `harmonic-buzz` | a 100-300 Hz buzz: every harmonic up to 4 kHz (amplitude 1/k), over 40-80% of the clip |
 *
 * Every clip gets a random peak level (0.1-0.8), 10 ms fades, and white background noise at 20-40 dB SNR.
 */
export const SYNTHETIC_CLASSES = ['rising-chirp', 'falling-chirp', 'steady-tone', 'pulse-train', 'noise-burst', 'harmonic-buzz'] as const;

/** One generated clip. */
export interface SyntheticClip {
  /** Mono samples in [-1, 1]. */
  readonly waveform: Float32Array;
  /** Index into {@link SYNTHETIC_CLASSES}. */
  readonly labelIndex: number;
  /** Which subset the clip belongs to. */
  readonly split: 'train' | 'validation' | 'test';
}

/** Options of {@link generateSyntheticClips}. */
export interface SyntheticOptions {
  /** Clips per class in each subset. */
  readonly perClass: { readonly train: number; readonly validation: number; readonly test: number };
  /** Samples per clip. */
  readonly length: number;
  /** Sample rate in Hz. */
  readonly sampleRate: number;
  /** Seed: the same seed gives the same clips everywhere. */
  readonly seed: number;
}

/**
 * Generates the embedded dataset, class-interleaved (clip `i` is of class `i % 6`): for every class the first
 * `perClass.train` clips train, the next `perClass.validation` validate, the rest test.
 */
export function generateSyntheticClips(options: SyntheticOptions): SyntheticClip[] {
  const rng = new SeededRng(options.seed);
  const k = SYNTHETIC_CLASSES.length;
  const { train: nTrain, validation: nVal, test: nTest } = options.perClass;
  const clips: SyntheticClip[] = [];
  for (let j = 0; j < nTrain + nVal + nTest; j++) {
    for (let c = 0; c < k; c++) {
      const clipRng = new SeededRng(rng.fork());
      const waveform = renderClip(c, options.length, options.sampleRate, clipRng);
      clips.push({ waveform, labelIndex: c, split: j < nTrain ? 'train' : j < nTrain + nVal ? 'validation' : 'test' });
    }
  }
  return clips;
}

const uniform = (rng: SeededRng, lo: number, hi: number): number => lo + (hi - lo) * rng.next();

/** Renders one clip of class `c`. */
export function renderClip(c: number, length: number, sampleRate: number, rng: SeededRng): Float32Array {
  const x = new Float32Array(length);
  const span = (lo: number, hi: number): [number, number] => {
    const n = Math.floor(length * uniform(rng, lo, hi));
    const start = rng.int(Math.max(1, length - n));
    return [start, start + n];
  };
  const twoPi = 2 * Math.PI;
  switch (SYNTHETIC_CLASSES[c]) {
    case 'rising-chirp':
    case 'falling-chirp': {
      const [s, e] = span(0.45, 0.75);
      const lo = uniform(rng, 400, 900);
      const hi = lo * uniform(rng, 3, 6);
      const up = SYNTHETIC_CLASSES[c] === 'rising-chirp';
      let phase = 0;
      for (let i = s; i < e; i++) {
        const t = (i - s) / Math.max(1, e - s - 1);
        const f = up ? lo * (hi / lo) ** t : hi * (lo / hi) ** t;
        phase += (twoPi * f) / sampleRate;
        x[i] = Math.sin(phase) * fade(i, s, e, sampleRate);
      }
      break;
    }
    case 'steady-tone': {
      const [s, e] = span(0.5, 0.9);
      const f0 = uniform(rng, 200, 3000);
      const vibRate = uniform(rng, 3, 7);
      let phase = 0;
      for (let i = s; i < e; i++) {
        const f = f0 * (1 + 0.01 * Math.sin((twoPi * vibRate * i) / sampleRate));
        phase += (twoPi * f) / sampleRate;
        x[i] = Math.sin(phase) * fade(i, s, e, sampleRate);
      }
      break;
    }
    case 'pulse-train': {
      const f = uniform(rng, 1000, 4000);
      const period = Math.floor(sampleRate / uniform(rng, 6, 12));
      const width = Math.floor(0.01 * sampleRate);
      for (let p = rng.int(period); p < length; p += period) {
        for (let i = p; i < Math.min(length, p + width); i++) x[i] = Math.sin((twoPi * f * (i - p)) / sampleRate) * Math.exp((-5 * (i - p)) / width);
      }
      break;
    }
    case 'noise-burst': {
      // White noise through a band-pass biquad (RBJ cookbook, 0 dB peak): a broad band, not a line.
      const [s, e] = span(0.2, 0.6);
      const w0 = (twoPi * uniform(rng, 500, 4000)) / sampleRate;
      const alpha = Math.sin(w0) / (2 * uniform(rng, 0.5, 1.2));
      const a0 = 1 + alpha;
      const [b0, b2, a1, a2] = [alpha / a0, -alpha / a0, (-2 * Math.cos(w0)) / a0, (1 - alpha) / a0];
      let [x1, x2, y1, y2] = [0, 0, 0, 0];
      for (let i = s; i < e; i++) {
        const n = rng.normal();
        const y = b0 * n + b2 * x2 - a1 * y1 - a2 * y2;
        [x2, x1, y2, y1] = [x1, n, y1, y];
        x[i] = y * fade(i, s, e, sampleRate);
      }
      break;
    }
    case 'harmonic-buzz': {
      const [s, e] = span(0.4, 0.8);
      const f0 = uniform(rng, 100, 300);
      const harmonics = Math.floor(4000 / f0);
      let phase = 0;
      for (let i = s; i < e; i++) {
        phase += (twoPi * f0) / sampleRate;
        let v = 0;
        for (let h = 1; h <= harmonics; h++) v += Math.sin(h * phase) / h;
        x[i] = v * fade(i, s, e, sampleRate);
      }
      break;
    }
    default:
      throw new RangeError(`no synthetic class ${c}`);
  }
  let peak = 0;
  let power = 0;
  for (const v of x) {
    peak = Math.max(peak, Math.abs(v));
    power += v * v;
  }
  const gain = uniform(rng, 0.1, 0.8) / Math.max(peak, 1e-9);
  const signalRms = Math.sqrt(power / length) * gain;
  const noiseRms = signalRms / 10 ** (uniform(rng, 20, 40) / 20);
  for (let i = 0; i < length; i++) x[i] = Math.max(-1, Math.min(1, (x[i] as number) * gain + noiseRms * rng.normal()));
  return x;
}

/** 10 ms linear fade in and out of the segment [s, e). */
function fade(i: number, s: number, e: number, sampleRate: number): number {
  const n = Math.max(1, Math.floor(0.01 * sampleRate));
  return Math.min(1, (i - s + 1) / n, (e - i) / n);
}
