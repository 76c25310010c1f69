import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SeededRng } from '@spectromix/tensor';
import { DatasetOptionsError } from '../errors.js';
import {
  BACKGROUND_NOISE_FOLDER,
  SILENCE_LABEL,
  SPEECH_COMMANDS_12_CLASSES,
  SPEECH_COMMANDS_COMMANDS,
  SPEECH_COMMANDS_V1_WORDS,
  SPEECH_COMMANDS_V2_WORDS,
  UNKNOWN_LABEL,
  parseSpeechCommandsName,
} from '../labels/speech-commands.js';
import type { AudioDataset, AudioRecord, DatasetProblem, SplitName } from '../types.js';
import { assertRoot, isAudioFile, listFiles, listFolders, sortByPath } from './fs-utils.js';
import { readWavInfo } from './wav-info.js';

/** Options of {@link loadSpeechCommands}. */
export interface SpeechCommandsOptions {
  /** Dataset version; detected from the word folders when absent (any v2-only word folder means v2). */
  version?: 'v0.01' | 'v2';
  /**
   * `35-word`: every word of the version is a class (35 for v2, 30 for v0.01; the task of AST and ASM-RH).
   * `12-class`: ten commands, `_unknown_` (other words) and `_silence_` (1 s cuts of `_background_noise_`).
   */
  task?: '35-word' | '12-class';
  /** 12-class: `_silence_` clips per subset, in percent of its command clips (TensorFlow default 10). */
  silencePercentage?: number;
  /** 12-class: `_unknown_` clips kept per subset, in percent of its command clips (TensorFlow default 10; `Infinity` keeps all). */
  unknownPercentage?: number;
  /** 12-class: seed of the unknown subsampling and the silence cuts (default 59185, TensorFlow's RANDOM_SEED). */
  seed?: number;
}

const V2_ONLY = SPEECH_COMMANDS_V2_WORDS.filter((w) => !(SPEECH_COMMANDS_V1_WORDS as readonly string[]).includes(w));

/**
 * Loads Google Speech Commands (Warden 2018) from its published layout: one folder per word,
 * `validation_list.txt` and `testing_list.txt` (the official split; everything else trains) and
 * `_background_noise_/`. Speaker is the hash before `_nohash_`; the official lists keep speakers apart.
 * @param root folder holding the word folders and the two lists.
 * @throws DatasetRootError when the lists or every word folder are missing.
 */
export async function loadSpeechCommands(root: string, options: SpeechCommandsOptions = {}): Promise<AudioDataset> {
  const abs = assertRoot('Speech Commands', root, ['validation_list.txt', 'testing_list.txt'], 'the folder with yes/, no/, ... and the lists');
  const folders = listFolders(abs);
  const version = options.version ?? (folders.some((f) => (V2_ONLY as string[]).includes(f)) ? 'v2' : 'v0.01');
  const words: readonly string[] = version === 'v2' ? SPEECH_COMMANDS_V2_WORDS : SPEECH_COMMANDS_V1_WORDS;
  if (!words.some((w) => folders.includes(w))) assertRoot('Speech Commands', abs, words.map((w) => `${w}/`));
  const task = options.task ?? '35-word';
  const problems: DatasetProblem[] = [];
  const splitOf = readOfficialLists(abs);

  const clips: AudioRecord[] = [];
  for (const folder of folders) {
    if (folder === BACKGROUND_NOISE_FOLDER) continue;
    if (!words.includes(folder)) {
      problems.push({ path: join(abs, folder), reason: `folder '${folder}' is not a word of Speech Commands ${version}; skipped` });
      continue;
    }
    for (const file of listFiles(join(abs, folder))) {
      if (!isAudioFile(file)) continue;
      let info;
      try {
        info = parseSpeechCommandsName(file);
      } catch (e) {
        problems.push({ path: join(abs, folder, file), reason: (e as Error).message });
        continue;
      }
      clips.push({
        path: join(abs, folder, file),
        label: folder,
        labelIndex: -1,
        speaker: info.speaker,
        split: splitOf.get(`${folder}/${file}`) ?? 'train',
        meta: { word: folder, utterance: info.utterance },
      });
    }
  }
  for (const w of words) {
    if (!folders.includes(w)) problems.push({ path: join(abs, w), reason: `folder of word '${w}' not found; the class has no clips` });
  }

  let classes: string[];
  let records: AudioRecord[];
  if (task === '35-word') {
    classes = [...words];
    records = clips.map((r) => ({ ...r, labelIndex: classes.indexOf(r.label) }));
  } else if (task === '12-class') {
    classes = [...SPEECH_COMMANDS_12_CLASSES];
    records = twelveClass(abs, clips, options, problems);
  } else {
    throw new DatasetOptionsError(`loadSpeechCommands: task must be '35-word' or '12-class', got '${String(task)}'`);
  }
  return { name: `speech-commands-${version}`, root: abs, classes, records: sortByPath(records), problems };
}

function readOfficialLists(root: string): Map<string, SplitName> {
  const splitOf = new Map<string, SplitName>();
  const read = (file: string, split: SplitName): void => {
    for (const line of readFileSync(join(root, file), 'utf8').split(/\r?\n/)) {
      const entry = line.trim();
      if (entry) splitOf.set(entry, split);
    }
  };
  read('validation_list.txt', 'validation');
  read('testing_list.txt', 'test');
  return splitOf;
}

function twelveClass(root: string, clips: AudioRecord[], options: SpeechCommandsOptions, problems: DatasetProblem[]): AudioRecord[] {
  const silencePct = options.silencePercentage ?? 10;
  const unknownPct = options.unknownPercentage ?? 10;
  if (!(silencePct >= 0) || !(unknownPct >= 0)) {
    throw new DatasetOptionsError(`loadSpeechCommands: silencePercentage and unknownPercentage must be >= 0, got ${silencePct} and ${unknownPct}`);
  }
  const rng = new SeededRng(options.seed ?? 59185);
  const classes: readonly string[] = SPEECH_COMMANDS_12_CLASSES;
  const noise = backgroundNoise(root, problems);
  const out: AudioRecord[] = [];
  for (const split of ['train', 'validation', 'test'] as const) {
    const inSplit = clips.filter((r) => r.split === split);
    const commands = inSplit.filter((r) => (SPEECH_COMMANDS_COMMANDS as readonly string[]).includes(r.label));
    const unknown = inSplit.filter((r) => !(SPEECH_COMMANDS_COMMANDS as readonly string[]).includes(r.label));
    for (const r of commands) out.push({ ...r, labelIndex: classes.indexOf(r.label) });
    const unknownCount = Math.min(unknown.length, Math.ceil((commands.length * unknownPct) / 100));
    for (const r of rng.shuffle([...unknown]).slice(0, unknownCount)) {
      out.push({ ...r, label: UNKNOWN_LABEL, labelIndex: 1, meta: { ...r.meta, word: r.label } });
    }
    const silenceCount = noise.length === 0 ? 0 : Math.ceil((commands.length * silencePct) / 100);
    for (let i = 0; i < silenceCount; i++) {
      const source = noise[rng.int(noise.length)] as { path: string; durationSeconds: number };
      const offset = Math.floor(rng.next() * Math.max(0, source.durationSeconds - 1) * 1000) / 1000;
      out.push({
        path: source.path,
        label: SILENCE_LABEL,
        labelIndex: 0,
        split,
        offsetSeconds: offset,
        durationSeconds: 1,
        meta: { source: BACKGROUND_NOISE_FOLDER },
      });
    }
  }
  return out;
}

function backgroundNoise(root: string, problems: DatasetProblem[]): { path: string; durationSeconds: number }[] {
  const dir = join(root, BACKGROUND_NOISE_FOLDER);
  if (!existsSync(dir)) {
    problems.push({ path: dir, reason: `no ${BACKGROUND_NOISE_FOLDER} folder: the ${SILENCE_LABEL} class has no clips` });
    return [];
  }
  const out: { path: string; durationSeconds: number }[] = [];
  for (const file of listFiles(dir).filter((f) => f.toLowerCase().endsWith('.wav'))) {
    const path = join(dir, file);
    try {
      const info = readWavInfo(path);
      if (info.durationSeconds >= 1) out.push({ path, durationSeconds: info.durationSeconds });
      else problems.push({ path, reason: `background noise shorter than 1 s (${info.durationSeconds.toFixed(3)} s); not used for ${SILENCE_LABEL}` });
    } catch (e) {
      problems.push({ path, reason: (e as Error).message });
    }
  }
  if (out.length === 0) problems.push({ path: dir, reason: `no usable WAV in ${BACKGROUND_NOISE_FOLDER}: the ${SILENCE_LABEL} class has no clips` });
  return out;
}
