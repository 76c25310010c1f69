import { readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as tf from '@spectromix/tensor';
import { DspError } from '@spectromix/dsp';
import { isAudioFile } from '@spectromix/datasets/node';
import { applyGroupSpeaker, decodeClip, featureSettings, needsSpeaker, normalizeClip, paddedFbank, scoreRows, type FeatureSettings } from '@spectromix/features';
import { selectBackend } from '../backend/select.js';
import { loadModel } from '../model/load-model.js';
import { BACKEND_CHOICES, type RunConfig } from '../config/schema.js';
import { ConfigError, DataError } from '../errors.js';
import { checkOutputFile } from '../io/output-path.js';
import { writeFileAtomicSync } from '../io/write-atomic.js';
import { skipSummary, type SkippedFile } from './predict-skips.js';

/** One file's prediction. */
export interface Prediction {
  /** The audio file. */
  readonly file: string;
  /** The most probable label. */
  readonly label: string;
  /** Its probability. */
  readonly probability: number;
  /** Labels with their probability (softmax, or per-class sigmoid for BCE-trained models), most probable first; all of them, or `--top k`. */
  readonly probabilities: { readonly label: string; readonly probability: number }[];
}

/** Files of the inputs: files as given, folders searched recursively for audio files (sorted). */
export function collectAudioFiles(inputs: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (isAudioFile(name)) out.push(p);
    }
  };
  for (const input of inputs) {
    let s;
    try {
      s = statSync(input);
    } catch {
      throw new DataError(`${input}: no such file or folder.`);
    }
    if (s.isDirectory()) walk(resolve(input));
    else out.push(resolve(input));
  }
  if (out.length === 0) throw new DataError(`No audio files found in ${inputs.join(', ')}.`);
  return out;
}

/**
 * Steps 1-5 of the feature recipe of `@spectromix/features` for one file (decode, resample, fbank, pad/crop,
 * normalise); {@link modelInputs} applies the speaker steps to a group of files.
 */
export async function featuresOf(file: string, settings: FeatureSettings): Promise<Float32Array> {
  let waveform: Float32Array;
  try {
    waveform = await decodeClip(await readFile(file), settings.sampleRate);
  } catch (error) {
    throw new DataError(`${file}: cannot be decoded (${(error as Error).message}).`);
  }
  if (waveform.length === 0) throw new DataError(`${file}: holds no audio samples.`);
  return normalizeClip(paddedFbank(waveform, settings).padded, settings);
}

/**
 * The model inputs `[count, frames, bins]` of a group of files' normalised features (the group is taken as one
 * speaker's recordings when the model normalises per speaker: `applyGroupSpeaker` of `@spectromix/features`).
 */
export function modelInputs(rows: readonly Float32Array[], settings: FeatureSettings): Float32Array {
  applyGroupSpeaker(rows, settings);
  const size = settings.targetLength * settings.numMelBins;
  const x = new Float32Array(rows.length * size);
  rows.forEach((v, i) => x.set(v, i * size));
  return x;
}

/** `spectromix predict <model> <inputs...>`: labels and probabilities of audio files. */
export async function predictCommand(modelPath: string, inputs: string[], options: Record<string, unknown>): Promise<void> {
  const format = String(options['format'] ?? 'json');
  if (format !== 'json' && format !== 'csv') throw new ConfigError(`--format must be json or csv, got '${format}'.`);
  const top = options['top'] != null ? Number(options['top']) : undefined;
  if (top != null && !(Number.isInteger(top) && top >= 1)) throw new ConfigError(`--top must be a positive integer, got '${String(options['top'])}'.`);
  const backendName = String(options['backend'] ?? 'auto');
  if (!(BACKEND_CHOICES as readonly string[]).includes(backendName)) throw new ConfigError(`--backend must be one of ${BACKEND_CHOICES.join(', ')}, got '${backendName}'.`);
  const output = options['output'] != null ? checkOutputFile(String(options['output']), '--output') : undefined;
  const strict = options['strict'] === true;
  const inputFiles = collectAudioFiles(inputs);
  await selectBackend(backendName as RunConfig['run']['backend']);
  const { model, manifest } = await loadModel(modelPath);
  const settings = featureSettings(manifest);
  // Files that cannot be decoded are skipped with a warning each (a damaged clip must not cost the others' results).
  const skipped: SkippedFile[] = [];
  const decodable = async (chunk: readonly string[]): Promise<{ files: string[]; rows: Float32Array[] }> => {
    const out = { files: [] as string[], rows: [] as Float32Array[] };
    for (const [i, result] of (await Promise.allSettled(chunk.map((f) => featuresOf(f, settings)))).entries()) {
      const file = chunk[i] as string;
      if (result.status === 'fulfilled') {
        out.files.push(file);
        out.rows.push(result.value);
        continue;
      }
      const reason = result.reason instanceof DataError ? result.reason.message : result.reason instanceof DspError ? `${file}: ${result.reason.message}` : undefined;
      if (reason == null) throw result.reason;
      skipped.push({ file, reason });
      process.stderr.write(`warning: skipped ${reason}\n`);
    }
    return out;
  };
  const frames = settings.targetLength;
  const bins = settings.numMelBins;
  const predictions: Prediction[] = [];
  const size = frames * bins;
  // Per-speaker statistics need every input first; otherwise features are made chunk by chunk (bounded memory).
  const perSpeaker = needsSpeaker(settings);
  let all: Float32Array | undefined;
  let files = inputFiles;
  if (perSpeaker) {
    const rows: Float32Array[] = [];
    const kept: string[] = [];
    for (let start = 0; start < inputFiles.length; start += 16) {
      const chunk = await decodable(inputFiles.slice(start, start + 16));
      kept.push(...chunk.files);
      rows.push(...chunk.rows);
    }
    files = kept;
    if (files.length > 0 && files.length < 20) {
      process.stderr.write(`note: this model normalises per speaker; the ${files.length} input file(s) are taken as one speaker's recordings, and fewer than 20 give a rough speaker mean. Pass more of the speaker's clips in one call for the accuracy the model was measured with.\n`);
    }
    all = modelInputs(rows, settings);
  }
  try {
    for (let start = 0; start < files.length; start += 16) {
      let chunk = files.slice(start, start + 16);
      let x: Float32Array;
      if (all != null) x = all.slice(start * size, (start + chunk.length) * size);
      else {
        const ok = await decodable(chunk);
        chunk = ok.files;
        if (chunk.length === 0) continue;
        x = modelInputs(ok.rows, settings);
      }
      const input = tf.tensor3d(x, [chunk.length, frames, bins]);
      const logits = model.forward(input, { training: false });
      const values = (await logits.data()) as Float32Array;
      input.dispose();
      logits.dispose();
      scoreRows(values, manifest.labels, manifest.output, top).forEach((ranked, i) => {
        const best = ranked[0];
        if (best == null) return;
        predictions.push({ file: chunk[i] as string, label: best.label, probability: best.probability, probabilities: ranked.map((e) => ({ label: e.label, probability: e.probability })) });
      });
    }
  } finally {
    model.dispose();
  }
  const summary = skipSummary(inputFiles.length, skipped);
  if (predictions.length === 0) throw new DataError(`${summary} Nothing to write: check that the inputs are audio files in a format spectromix decodes (WAV, FLAC, Opus, Vorbis, MP3).`);
  const text = format === 'json' ? `${JSON.stringify(predictions, null, 2)}\n` : toCsv(predictions, manifest.labels);
  if (output != null) writeFileAtomicSync(output, text);
  else process.stdout.write(text);
  if (skipped.length > 0) {
    process.stderr.write(`${summary}\n`);
    if (strict) throw new DataError(`--strict: ${skipped.length} of ${inputFiles.length} files could not be classified (the results of the others were written).`);
  }
}

/** CSV: `file,label,probability,<one column per label>`; fields with commas or quotes are quoted. */
export function toCsv(predictions: readonly Prediction[], labels: readonly string[]): string {
  const q = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [['file', 'label', 'probability', ...labels].map(q).join(',')];
  for (const p of predictions) {
    const byLabel = new Map(p.probabilities.map((e) => [e.label, e.probability]));
    lines.push([q(p.file), q(p.label), p.probability.toFixed(6), ...labels.map((l) => (byLabel.get(l) ?? 0).toFixed(6))].join(','));
  }
  return `${lines.join('\n')}\n`;
}
