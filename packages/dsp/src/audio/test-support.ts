/**
 * Paths the audio tests read (not part of the package API): the committed fixtures and the shared datasets,
 * resolved from this file's location so tests work from any working directory.
 */
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

const here = fileURLToPath(new URL('.', import.meta.url));

/** packages/dsp/fixtures/audio. */
export const AUDIO_FIXTURES = resolve(here, '..', '..', 'fixtures', 'audio');

/** The monorepo root (three levels above packages/dsp/src). */
export const REPO_ROOT = resolve(here, '..', '..', '..', '..');

/** The shared datasets: $SPECTROMIX_DATA, else `<repo root>/../shared/datasets`. */
export const DATASETS = process.env['SPECTROMIX_DATA'] ?? join(REPO_ROOT, '..', 'shared', 'datasets');

/** Reads a little-endian float32 fixture file. */
export async function readF32(path: string): Promise<Float32Array> {
  const { readFile } = await import('node:fs/promises');
  const bytes = await readFile(path);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}

/** Little-endian bytes of unsigned integers of the given byte widths, e.g. le([1, 2], [16000, 4]). */
export function le(...fields: [value: number, bytes: number][]): Uint8Array {
  const out = new Uint8Array(fields.reduce((n, [, b]) => n + b, 0));
  let p = 0;
  for (const [value, bytes] of fields) {
    for (let i = 0; i < bytes; i++) out[p++] = Math.floor(value / 2 ** (8 * i)) & 0xff;
  }
  return out;
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** ASCII bytes of a string. */
export function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/**
 * A RIFF chunk: id, size (the payload length unless `declaredSize` says otherwise), payload and the pad byte
 * after an odd payload (unless `pad: false`).
 */
export function chunk(id: string, payload: Uint8Array, opts: { declaredSize?: number; pad?: boolean } = {}): Uint8Array {
  const padByte = payload.length % 2 === 1 && opts.pad !== false ? new Uint8Array(1) : new Uint8Array(0);
  return concatBytes(ascii(id), le([opts.declaredSize ?? payload.length, 4]), payload, padByte);
}

/** A whole WAVE file from its chunks (form 'RIFF' by default; 'RF64' for 64-bit files). */
export function riffWave(chunks: Uint8Array[], form = 'RIFF'): Uint8Array {
  const body = concatBytes(...chunks);
  return concatBytes(ascii(form), le([body.length + 4, 4]), ascii('WAVE'), body);
}

/** Payload of a plain 16-byte `fmt ` chunk. */
export function fmtPayload(tag: number, channels: number, rate: number, bits: number, blockAlign?: number): Uint8Array {
  const align = blockAlign ?? channels * Math.ceil(bits / 8);
  return le([tag, 2], [channels, 2], [rate, 4], [rate * align, 4], [align, 2], [bits, 2]);
}

/** Payload of a 40-byte WAVE_FORMAT_EXTENSIBLE `fmt ` chunk with a KSDATAFORMAT_SUBTYPE GUID for `subTag`. */
export function fmtExtensiblePayload(
  subTag: number,
  channels: number,
  rate: number,
  containerBits: number,
  validBits: number,
  guidTail = [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71],
): Uint8Array {
  return concatBytes(
    fmtPayload(0xfffe, channels, rate, containerBits),
    le([22, 2], [validBits, 2], [(1 << channels) - 1, 4], [subTag, 4]),
    Uint8Array.from(guidTail),
  );
}
