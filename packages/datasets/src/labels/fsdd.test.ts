import { describe, expect, it } from 'vitest';
import { FileNameError } from '../errors.js';
import { parseFsddName } from './fsdd.js';

describe('parseFsddName', () => {
  it('decodes digit, speaker and take', () => {
    expect(parseFsddName('7_jackson_32.wav')).toEqual({ digit: 7, speaker: 'jackson', take: 32 });
    expect(parseFsddName('0_george_0.opus')).toEqual({ digit: 0, speaker: 'george', take: 0 });
  });

  it.each(['10_george_1.wav', 'x_george_1.wav', '1_george.wav', '1_george_a.wav', '1__2.wav'])('rejects %s', (name) => {
    expect(() => parseFsddName(name)).toThrow(FileNameError);
  });
});
