import type { FeatureMatrix } from './feature-matrix.js';
import { assertNumber, assertOneOf } from './validate.js';

/** `numeric_limits<float>::epsilon()`, Kaldi's and torchaudio.compliance.kaldi's floor before the log. */
export const FLOAT32_EPSILON = 1.1920928955078125e-7;

/** Options of {@link amplitudeToDB}, like `torchaudio.transforms.AmplitudeToDB` / `functional.amplitude_to_DB`. */
export interface AmplitudeToDBOptions {
  /** `'power'` (10 log10, default) or `'magnitude'` (20 log10). */
  stype?: 'power' | 'magnitude';
  /** Values are clamped to at least `amin` before the log, default 1e-10. */
  amin?: number;
  /** Reference value: the output is relative to `max(amin, ref)`, default 1. */
  ref?: number;
  /** Clip everything more than `topDb` below the maximum of the matrix; default no clipping. */
  topDb?: number | null;
}

/**
 * Power or magnitude to decibels like `torchaudio.functional.amplitude_to_DB`:
 * `multiplier * log10(max(x, amin)) - multiplier * log10(max(amin, ref))`, then (with `topDb`) a floor at
 * `max - topDb` over the whole matrix. Returns a new matrix.
 */
export function amplitudeToDB(x: FeatureMatrix, options: AmplitudeToDBOptions = {}): FeatureMatrix {
  const stype = options.stype ?? 'power';
  assertOneOf('stype', stype, ['power', 'magnitude'] as const);
  const amin = options.amin ?? 1e-10;
  const ref = options.ref ?? 1;
  assertNumber('amin', amin, Number.MIN_VALUE);
  assertNumber('ref', ref, 0);
  const topDb = options.topDb ?? null;
  if (topDb !== null) assertNumber('topDb', topDb, 0);
  const multiplier = stype === 'power' ? 10 : 20;
  const offset = multiplier * Math.log10(Math.max(amin, ref));
  const data = new Float32Array(x.data.length);
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = multiplier * Math.log10(Math.max(x.data[i]!, amin)) - offset;
    data[i] = v;
    if (data[i]! > max) max = data[i]!;
  }
  if (topDb !== null) {
    const floor = Math.fround(max - topDb);
    for (let i = 0; i < data.length; i++) if (data[i]! < floor) data[i] = floor;
  }
  return { data, numFrames: x.numFrames, numBins: x.numBins };
}

/** Options of {@link logMel}. */
export interface LogMelOptions {
  /** Added before the log (torchaudio MFCC `log_mels` uses 1e-6), default 0. */
  offset?: number;
  /** Values below `floor` are raised to it before the log (Kaldi: float32 epsilon), default {@link FLOAT32_EPSILON}. */
  floor?: number;
}

/** Natural log with a floor, `log(max(x + offset, floor))`, the Kaldi / AST convention for log-mel features. */
export function logMel(x: FeatureMatrix, options: LogMelOptions = {}): FeatureMatrix {
  const offset = options.offset ?? 0;
  const floor = options.floor ?? FLOAT32_EPSILON;
  assertNumber('offset', offset);
  assertNumber('floor', floor, Number.MIN_VALUE);
  const data = new Float32Array(x.data.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.log(Math.max(x.data[i]! + offset, floor));
  return { data, numFrames: x.numFrames, numBins: x.numBins };
}
