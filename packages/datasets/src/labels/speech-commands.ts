import { FileNameError } from '../errors.js';

/** The 30 words of Speech Commands v0.01 (Warden 2018), alphabetical. */
export const SPEECH_COMMANDS_V1_WORDS = [
  'bed', 'bird', 'cat', 'dog', 'down', 'eight', 'five', 'four', 'go', 'happy', 'house', 'left', 'marvin', 'nine',
  'no', 'off', 'on', 'one', 'right', 'seven', 'sheila', 'six', 'stop', 'three', 'tree', 'two', 'up', 'wow', 'yes',
  'zero',
] as const;

/** The 35 words of Speech Commands v2 (v0.01 plus backward, follow, forward, learn, visual), alphabetical. */
export const SPEECH_COMMANDS_V2_WORDS = [
  'backward', 'bed', 'bird', 'cat', 'dog', 'down', 'eight', 'five', 'follow', 'forward', 'four', 'go', 'happy',
  'house', 'learn', 'left', 'marvin', 'nine', 'no', 'off', 'on', 'one', 'right', 'seven', 'sheila', 'six', 'stop',
  'three', 'tree', 'two', 'up', 'visual', 'wow', 'yes', 'zero',
] as const;

/** The ten command words of the 12-class task, in the order of TensorFlow's `train.py --wanted_words`. */
export const SPEECH_COMMANDS_COMMANDS = ['yes', 'no', 'up', 'down', 'left', 'right', 'on', 'off', 'stop', 'go'] as const;

/** Label of the silence class of the 12-class task. */
export const SILENCE_LABEL = '_silence_';
/** Label of the other-words class of the 12-class task. */
export const UNKNOWN_LABEL = '_unknown_';
/** Folder of long background-noise recordings that `_silence_` clips are cut from. */
export const BACKGROUND_NOISE_FOLDER = '_background_noise_';

/**
 * Classes of the 12-class task, in TensorFlow's `input_data.prepare_words_list` order:
 * `_silence_`, `_unknown_`, then the ten commands.
 */
export const SPEECH_COMMANDS_12_CLASSES = [SILENCE_LABEL, UNKNOWN_LABEL, ...SPEECH_COMMANDS_COMMANDS] as const;

/** Speaker and utterance of a Speech Commands file name `{speaker}_nohash_{n}.wav`. */
export interface SpeechCommandsFileInfo {
  /** Speaker hash (the part before `_nohash_`). */
  speaker: string;
  /** Utterance number of that speaker for that word. */
  utterance: number;
}

/**
 * Decodes a Speech Commands file name such as `0a7c2a8d_nohash_0.wav`.
 * @throws FileNameError when the name has no `_nohash_` part.
 */
export function parseSpeechCommandsName(fileName: string): SpeechCommandsFileInfo {
  const m = /^(.+)_nohash_(\d+)\.[^.]+$/.exec(fileName);
  if (!m) throw new FileNameError(`'${fileName}' is not a Speech Commands name: expected {speaker}_nohash_{n}.wav`);
  return { speaker: m[1] as string, utterance: Number(m[2]) };
}
