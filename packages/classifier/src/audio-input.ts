import { decodeAudio, DspError, mixdown, resample } from '@spectromix/dsp';
import { ClassifierError, InputTooLargeError, InvalidAudioError } from './errors.js';

/** Raw mono (or already mixed) samples and their rate. */
export interface AudioSamples {
  /** Samples nominally in [-1, 1]. */
  readonly samples: Float32Array;
  /** Samples per second, a positive integer (e.g. 44100, 48000, 16000). */
  readonly sampleRate: number;
}

/**
 * What `classify` accepts: a Web Audio `AudioBuffer` (from `decodeAudioData`), samples with their rate, or the
 * bytes of an encoded file (WAV, FLAC, Ogg Opus, Ogg Vorbis, MP3; a `Blob` or `File` is read first).
 */
export type AudioInput = AudioBuffer | AudioSamples | Uint8Array | ArrayBuffer | Blob;

/** Limits applied while turning input into model audio. */
export interface AudioLimits {
  /** Largest encoded file accepted, in bytes. */
  readonly maxAudioBytes: number;
  /** Longest audio accepted, in seconds (after decoding). */
  readonly maxAudioSeconds: number;
}

/**
 * Turns any {@link AudioInput} into mono samples at `sampleRate` (the model's, 16 kHz for AST features) with
 * the same steps training used: decode with `@spectromix/dsp`, mix channels to their mean, resample with dsp's
 * torchaudio-compatible `resample`.
 * @throws InvalidAudioError (not audio, corrupt, empty, bad rate), InputTooLargeError (over the limits).
 */
export async function toModelAudio(input: AudioInput, sampleRate: number, limits: AudioLimits): Promise<Float32Array> {
  const { samples, sampleRate: rate } = await toMono(input, limits);
  if (samples.length === 0) {
    throw new InvalidAudioError('The audio holds no samples; pass a clip of at least one window (e.g. 1 s).');
  }
  const seconds = samples.length / rate;
  if (seconds > limits.maxAudioSeconds) {
    throw new InvalidAudioError(
      `The audio is ${seconds.toFixed(1)} s long, above the limit of ${limits.maxAudioSeconds} s. Pass a shorter clip, ` +
        'or raise `maxAudioSeconds` in the options of loadClassifier.',
    );
  }
  if (rate === sampleRate) return samples;
  try {
    return resample(samples, rate, sampleRate);
  } catch (error) {
    throw asAudioError(error, 'Resampling the audio');
  }
}

async function toMono(input: AudioInput, limits: AudioLimits): Promise<AudioSamples> {
  if (typeof Blob !== 'undefined' && input instanceof Blob) {
    checkSize(input.size, limits);
    return decodeBytes(new Uint8Array(await input.arrayBuffer()), limits);
  }
  if (input instanceof Uint8Array) return decodeBytes(input, limits);
  if (input instanceof ArrayBuffer) return decodeBytes(new Uint8Array(input), limits);
  if (isAudioBuffer(input)) {
    const channels: Float32Array[] = [];
    for (let c = 0; c < input.numberOfChannels; c++) channels.push(input.getChannelData(c));
    return { samples: channels.length === 1 ? (channels[0] as Float32Array) : mixdownOrThrow(channels), sampleRate: input.sampleRate };
  }
  if (isAudioSamples(input)) {
    if (!Number.isInteger(input.sampleRate) || input.sampleRate <= 0) {
      throw new InvalidAudioError(`sampleRate must be a positive integer in Hz (e.g. 16000); got ${String(input.sampleRate)}.`);
    }
    return input;
  }
  throw new InvalidAudioError(
    'classify() takes an AudioBuffer, { samples: Float32Array, sampleRate }, or the bytes of an audio file ' +
      `(Uint8Array, ArrayBuffer, Blob or File); got ${describe(input)}.`,
  );
}

async function decodeBytes(bytes: Uint8Array, limits: AudioLimits): Promise<AudioSamples> {
  checkSize(bytes.byteLength, limits);
  try {
    const decoded = await decodeAudio(bytes);
    return { samples: mixdownOrThrow(decoded.channelData), sampleRate: decoded.sampleRate };
  } catch (error) {
    throw asAudioError(error, 'Decoding the audio file');
  }
}

function mixdownOrThrow(channels: Float32Array[]): Float32Array {
  try {
    return mixdown(channels);
  } catch (error) {
    throw asAudioError(error, 'Mixing the channels down');
  }
}

function checkSize(size: number, limits: AudioLimits): void {
  if (size > limits.maxAudioBytes) throw new InputTooLargeError('The audio file', size, limits.maxAudioBytes, 'maxAudioBytes');
}

function asAudioError(error: unknown, step: string): ClassifierError {
  if (error instanceof ClassifierError) return error;
  if (error instanceof DspError) {
    return new InvalidAudioError(
      `${step} failed: ${error.message} Supported files are WAV, FLAC, Ogg Opus, Ogg Vorbis and MP3.`,
      { cause: error },
    );
  }
  return new InvalidAudioError(`${step} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

function isAudioBuffer(input: unknown): input is AudioBuffer {
  if (typeof AudioBuffer !== 'undefined' && input instanceof AudioBuffer) return true;
  const candidate = input as Partial<AudioBuffer> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.getChannelData === 'function' &&
    typeof candidate.numberOfChannels === 'number' &&
    typeof candidate.sampleRate === 'number'
  );
}

function isAudioSamples(input: unknown): input is AudioSamples {
  const candidate = input as Partial<AudioSamples> | null;
  return typeof candidate === 'object' && candidate !== null && candidate.samples instanceof Float32Array && 'sampleRate' in candidate;
}

function describe(input: unknown): string {
  if (input === null) return 'null';
  if (typeof input !== 'object') return typeof input;
  return (input as object).constructor?.name ?? 'an object';
}
