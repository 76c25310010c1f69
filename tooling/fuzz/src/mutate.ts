import type { SeededRng } from '@spectromix/tensor';
import { headerFields, setField } from './fields.js';
import { resealOggPages } from '@spectromix/dsp';

/** One mutated input and how it was made (printed with a failure, so it can be reproduced from the seed). */
export interface Mutant {
  /** The mutated bytes. */
  readonly bytes: Uint8Array;
  /** What was done, e.g. `bit flips x3`, `fmt channels = 0xffff`, `truncate to 812 of 1611`. */
  readonly mutation: string;
}

/** Values a header field is set to: nothing, one, a 1 GB claimed length, the largest signed and unsigned values. */
export const EXTREMES: readonly { readonly name: string; readonly value: bigint }[] = [
  { name: '0', value: 0n },
  { name: '1', value: 1n },
  { name: '1 GB', value: 1_000_000_000n },
  { name: 'int max', value: 0x7fff_ffffn },
  { name: 'all ones', value: (1n << 64n) - 1n },
];

const isOgg = (b: Uint8Array): boolean => b[0] === 0x4f && b[1] === 0x67 && b[2] === 0x67 && b[3] === 0x53;

/** Keeps Ogg checksums valid after a mutation half of the time, so that both the page check and the codec get fuzzed. */
function maybeReseal(bytes: Uint8Array, original: Uint8Array, rng: SeededRng, mutation: string): Mutant {
  if (isOgg(original) && rng.next() < 0.5) return { bytes: resealOggPages(bytes), mutation: `${mutation}, Ogg CRCs resealed` };
  return { bytes, mutation };
}

/** Flips 1-8 random bits (biased to the first 256 bytes, where the headers are). */
function bitFlips(input: Uint8Array, rng: SeededRng): Mutant {
  const out = input.slice();
  const n = 1 + rng.int(8);
  for (let i = 0; i < n; i++) {
    const at = rng.next() < 0.6 ? rng.int(Math.min(256, out.length)) : rng.int(out.length);
    out[at]! ^= 1 << rng.int(8);
  }
  return maybeReseal(out, input, rng, `bit flips x${n}`);
}

/** Overwrites a run of 1-16 bytes with 0x00, 0xff or random bytes. */
function byteRun(input: Uint8Array, rng: SeededRng): Mutant {
  const out = input.slice();
  const at = rng.int(out.length);
  const n = 1 + rng.int(16);
  const kind = rng.int(3);
  for (let i = at; i < Math.min(out.length, at + n); i++) out[i] = kind === 0 ? 0 : kind === 1 ? 0xff : rng.int(256);
  return maybeReseal(out, input, rng, `${n} bytes at ${at} set to ${['0x00', '0xff', 'random'][kind]}`);
}

/** Cuts the input at a random point (the header region half of the time). */
function truncate(input: Uint8Array, rng: SeededRng): Mutant {
  const at = rng.next() < 0.5 ? rng.int(Math.min(input.length, 128)) : rng.int(input.length);
  return { bytes: input.slice(0, at), mutation: `truncate to ${at} of ${input.length} bytes` };
}

/** Sets a known header field (a length, count or rate) to an extreme value. */
function extremeField(input: Uint8Array, rng: SeededRng): Mutant {
  const fields = headerFields(input);
  if (fields.length === 0) return bitFlips(input, rng);
  const field = fields[rng.int(fields.length)]!;
  const extreme = EXTREMES[rng.int(EXTREMES.length)]!;
  return maybeReseal(setField(input, field, extreme.value), input, rng, `${field.name} (at ${field.offset}) = ${extreme.name}`);
}

/** Appends or inserts random bytes, or duplicates a slice of the input. */
function splice(input: Uint8Array, rng: SeededRng): Mutant {
  const at = rng.int(input.length + 1);
  const n = 1 + rng.int(64);
  const from = rng.int(Math.max(1, input.length - n));
  const insert = rng.next() < 0.5 ? input.slice(from, from + n) : Uint8Array.from({ length: n }, () => rng.int(256));
  const out = new Uint8Array(input.length + insert.length);
  out.set(input.subarray(0, at));
  out.set(insert, at);
  out.set(input.subarray(at), at + insert.length);
  return maybeReseal(out, input, rng, `${insert.length} bytes inserted at ${at}`);
}

/** The byte-level mutation operators, each equally likely. */
export const BYTE_MUTATORS: readonly ((input: Uint8Array, rng: SeededRng) => Mutant)[] = [bitFlips, byteRun, truncate, extremeField, extremeField, splice];

/** One random byte-level mutation of `input` (an empty input stays empty: the zero-length case). */
export function mutateBytes(input: Uint8Array, rng: SeededRng): Mutant {
  if (input.length === 0) return { bytes: input, mutation: 'zero length' };
  return BYTE_MUTATORS[rng.int(BYTE_MUTATORS.length)]!(input, rng);
}
