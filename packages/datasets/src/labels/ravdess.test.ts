import { describe, expect, it } from 'vitest';
import { FileNameError } from '../errors.js';
import { parseRavdessName, ravdessActorId } from './ravdess.js';

describe('parseRavdessName', () => {
  it('decodes the README example 03-01-06-01-02-01-12 (audio-only, speech, fearful, normal, dogs, 1st, actor 12)', () => {
    expect(parseRavdessName('03-01-06-01-02-01-12.wav')).toEqual({
      modality: 'audio-only',
      vocalChannel: 'speech',
      emotion: 'fearful',
      emotionId: 6,
      intensity: 'normal',
      statement: 2,
      repetition: 1,
      actor: 12,
      gender: 'female',
    });
  });

  it('decodes a song file with any extension and odd actors as male', () => {
    const info = parseRavdessName('03-02-05-02-01-02-07.opus');
    expect(info.vocalChannel).toBe('song');
    expect(info.emotion).toBe('angry');
    expect(info.intensity).toBe('strong');
    expect(info.gender).toBe('male');
    expect(ravdessActorId(info.actor)).toBe('Actor_07');
  });

  it.each([
    ['03-01-06-01-02-01.wav', 'expected 7 two-digit fields'],
    ['03-01-09-01-02-01-12.wav', 'emotion code 09'],
    ['03-01-01-02-01-01-01.wav', 'neutral has no strong intensity'],
    ['03-02-07-01-01-01-01.wav', "no 'disgust' emotion"],
    ['03-01-01-01-01-01-25.wav', 'actor code 25'],
    ['04-01-01-01-01-01-01.wav', 'modality code 04'],
  ])('rejects %s', (name, message) => {
    expect(() => parseRavdessName(name)).toThrow(FileNameError);
    expect(() => parseRavdessName(name)).toThrow(message);
  });
});
