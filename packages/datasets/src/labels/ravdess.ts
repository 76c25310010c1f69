import { FileNameError } from '../errors.js';

/** RAVDESS emotions in code order: code `01` is `neutral`, the label index is `code - 1`. */
export const RAVDESS_EMOTIONS = ['neutral', 'calm', 'happy', 'sad', 'angry', 'fearful', 'disgust', 'surprised'] as const;

/** One RAVDESS emotion name. */
export type RavdessEmotion = (typeof RAVDESS_EMOTIONS)[number];

/** The seven fields of a RAVDESS file name `MM-VV-EE-II-SS-RR-AA`, decoded. */
export interface RavdessFileInfo {
  /** `full-av` (01), `video-only` (02) or `audio-only` (03). */
  modality: 'full-av' | 'video-only' | 'audio-only';
  /** `speech` (01) or `song` (02). */
  vocalChannel: 'speech' | 'song';
  /** Emotion name. */
  emotion: RavdessEmotion;
  /** Emotion code 1-8. */
  emotionId: number;
  /** `normal` (01) or `strong` (02); neutral has no strong intensity. */
  intensity: 'normal' | 'strong';
  /** 1 ("Kids are talking by the door") or 2 ("Dogs are sitting by the door"). */
  statement: number;
  /** 1 or 2. */
  repetition: number;
  /** Actor 1-24. */
  actor: number;
  /** Odd actors are male, even actors female. */
  gender: 'male' | 'female';
}

const MODALITIES = ['full-av', 'video-only', 'audio-only'] as const;
/** Emotions the song recordings have (no disgust, no surprised). */
const SONG_EMOTIONS = new Set<RavdessEmotion>(['neutral', 'calm', 'happy', 'sad', 'angry', 'fearful']);

/**
 * Decodes a RAVDESS file name (`03-01-06-01-02-01-12.wav`, any extension) following the publisher's naming
 * convention (Livingstone & Russo 2018).
 * @throws FileNameError naming the field that is out of range.
 */
export function parseRavdessName(fileName: string): RavdessFileInfo {
  const stem = fileName.replace(/\.[^.]*$/, '');
  const parts = stem.split('-');
  if (parts.length !== 7 || parts.some((p) => !/^\d\d$/.test(p))) {
    throw new FileNameError(`'${fileName}' is not a RAVDESS name: expected 7 two-digit fields MM-VV-EE-II-SS-RR-AA`);
  }
  const [mm, vv, ee, ii, ss, rr, aa] = parts.map(Number) as [number, number, number, number, number, number, number];
  const field = (name: string, value: number, lo: number, hi: number): void => {
    if (value < lo || value > hi) {
      throw new FileNameError(`'${fileName}': ${name} code ${String(value).padStart(2, '0')} is outside ${lo}-${hi}`);
    }
  };
  field('modality', mm, 1, 3);
  field('vocal channel', vv, 1, 2);
  field('emotion', ee, 1, 8);
  field('intensity', ii, 1, 2);
  field('statement', ss, 1, 2);
  field('repetition', rr, 1, 2);
  field('actor', aa, 1, 24);
  const emotion = RAVDESS_EMOTIONS[ee - 1] as RavdessEmotion;
  const vocalChannel = vv === 1 ? 'speech' : 'song';
  if (emotion === 'neutral' && ii === 2) {
    throw new FileNameError(`'${fileName}': neutral has no strong intensity (intensity code 02)`);
  }
  if (vocalChannel === 'song' && !SONG_EMOTIONS.has(emotion)) {
    throw new FileNameError(`'${fileName}': the song recordings have no '${emotion}' emotion`);
  }
  return {
    modality: MODALITIES[mm - 1] as RavdessFileInfo['modality'],
    vocalChannel,
    emotion,
    emotionId: ee,
    intensity: ii === 1 ? 'normal' : 'strong',
    statement: ss,
    repetition: rr,
    actor: aa,
    gender: aa % 2 === 1 ? 'male' : 'female',
  };
}

/** The speaker id used for a RAVDESS actor: the publisher's folder name, `Actor_01` ... `Actor_24`. */
export function ravdessActorId(actor: number): string {
  return `Actor_${String(actor).padStart(2, '0')}`;
}
