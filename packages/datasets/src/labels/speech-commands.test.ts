import { describe, expect, it } from 'vitest';
import { FileNameError } from '../errors.js';
import {
  SPEECH_COMMANDS_12_CLASSES,
  SPEECH_COMMANDS_V1_WORDS,
  SPEECH_COMMANDS_V2_WORDS,
  parseSpeechCommandsName,
} from './speech-commands.js';

describe('Speech Commands labels', () => {
  it('has 30 sorted v0.01 words and 35 sorted v2 words that contain them', () => {
    expect(SPEECH_COMMANDS_V1_WORDS).toHaveLength(30);
    expect(SPEECH_COMMANDS_V2_WORDS).toHaveLength(35);
    expect([...SPEECH_COMMANDS_V2_WORDS].sort()).toEqual([...SPEECH_COMMANDS_V2_WORDS]);
    expect([...SPEECH_COMMANDS_V1_WORDS].sort()).toEqual([...SPEECH_COMMANDS_V1_WORDS]);
    for (const w of SPEECH_COMMANDS_V1_WORDS) expect(SPEECH_COMMANDS_V2_WORDS).toContain(w);
    expect(SPEECH_COMMANDS_V2_WORDS.filter((w) => !(SPEECH_COMMANDS_V1_WORDS as readonly string[]).includes(w))).toEqual([
      'backward', 'follow', 'forward', 'learn', 'visual',
    ]);
  });

  it('orders the 12 classes as TensorFlow does: silence, unknown, then the commands', () => {
    expect(SPEECH_COMMANDS_12_CLASSES.slice(0, 3)).toEqual(['_silence_', '_unknown_', 'yes']);
    expect(SPEECH_COMMANDS_12_CLASSES).toHaveLength(12);
  });

  it('parses speaker and utterance from a file name', () => {
    expect(parseSpeechCommandsName('0a7c2a8d_nohash_3.wav')).toEqual({ speaker: '0a7c2a8d', utterance: 3 });
    expect(() => parseSpeechCommandsName('noise.wav')).toThrow(FileNameError);
  });
});
