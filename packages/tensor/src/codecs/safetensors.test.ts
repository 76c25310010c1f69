import { describe, expect, it } from 'vitest';
import { readSafetensors } from './safetensors-read.js';
import { writeSafetensors } from './safetensors-write.js';
import { bfloat16ToFloat, floatToBfloat16, floatToHalf, halfToFloat } from './float16.js';
import { SafetensorsError } from './safetensors-error.js';

/** Builds a file from a header object and a data section, exactly as given (for malformed inputs). */
function rawFile(header: unknown, data: Uint8Array = new Uint8Array(0), headerText?: string): Uint8Array {
  const json = new TextEncoder().encode(headerText ?? JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function expectRejected(bytes: Uint8Array, message: RegExp, tensor?: string): void {
  let error: unknown;
  try {
    readSafetensors(bytes);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SafetensorsError);
  expect((error as SafetensorsError).message).toMatch(message);
  expect((error as SafetensorsError).tensor).toBe(tensor);
}

const entry = (dtype: string, shape: number[], begin: number, end: number): Record<string, unknown> => ({ dtype, shape, data_offsets: [begin, end] });

describe('safetensors', () => {
  it('round-trips F32 exactly, with metadata, an aligned data section and sorted names', () => {
    const a = { shape: [2, 3], data: Float32Array.from([1, -2, 3.5, 1e-30, -0, 65504.25]) };
    const b = { shape: [], data: Float32Array.from([7]) };
    const bytes = writeSafetensors(new Map([['z.b', b], ['a.w', a]]), { format: 'pt', note: 'x' });
    const headerLength = new DataView(bytes.buffer).getUint32(0, true);
    expect(headerLength % 8).toBe(0);
    const file = readSafetensors(bytes);
    expect([...file.tensors.keys()]).toEqual(['a.w', 'z.b']);
    expect(file.tensors.get('a.w')).toEqual({ dtype: 'F32', shape: [2, 3], data: a.data });
    expect(file.tensors.get('z.b')?.shape).toEqual([]);
    expect(file.metadata).toEqual({ format: 'pt', note: 'x' });
  });

  it('reads F16 and BF16 (rounded to nearest even on write) and F64', () => {
    const values = Float32Array.from([0, 1, -2.5, 0.1, 65504, 1e-7, 3.14159, -1e5]);
    const f16 = readSafetensors(writeSafetensors({ t: { shape: [8], data: values } }, {}, { dtype: 'F16' })).tensors.get('t');
    expect(f16?.dtype).toBe('F16');
    expect(Array.from(f16?.data ?? [])).toEqual(Array.from(values, (v) => halfToFloat(floatToHalf(v))));
    expect(f16?.data[3]).toBeCloseTo(0.1, 3);
    expect(f16?.data[7]).toBe(-Infinity); // beyond the half range
    const bf16 = readSafetensors(writeSafetensors({ t: { shape: [8], data: values } }, {}, { dtype: 'BF16' })).tensors.get('t');
    expect(Array.from(bf16?.data ?? [])).toEqual(Array.from(values, (v) => bfloat16ToFloat(floatToBfloat16(v))));
    expect(bf16?.data[7]).toBe(-99840); // -1e5 to 8 bits of mantissa
    const f64 = new Uint8Array(16);
    new DataView(f64.buffer).setFloat64(0, 0.5, true);
    new DataView(f64.buffer).setFloat64(8, -3, true);
    expect(Array.from(readSafetensors(rawFile({ d: entry('F64', [2], 0, 16) }, f64)).tensors.get('d')?.data ?? [])).toEqual([0.5, -3]);
  });

  it('converts half and bfloat16 bit patterns like torch', () => {
    expect([0x3c00, 0xc000, 0x7bff, 0x0001, 0x8000, 0x7c00].map(halfToFloat)).toEqual([1, -2, 65504, 2 ** -24, -0, Infinity]);
    expect(Number.isNaN(halfToFloat(0x7e00))).toBe(true);
    expect(floatToHalf(1 + 2 ** -11)).toBe(0x3c00); // halfway: rounds to even
    expect(floatToHalf(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(floatToHalf(2 ** -25)).toBe(0); // halfway to the smallest subnormal: even is 0
    expect(floatToHalf(1.5 * 2 ** -24)).toBe(2);
    expect(floatToBfloat16(1 + 2 ** -8)).toBe(0x3f80);
    expect(bfloat16ToFloat(0x3f81)).toBe(1 + 2 ** -7);
  });

  it('rejects bad header lengths', () => {
    expectRejected(new Uint8Array(5), /5 bytes/);
    const huge = new Uint8Array(16);
    new DataView(huge.buffer).setUint32(4, 1, true);
    expectRejected(huge, /exceeds the 100000000-byte limit/);
    const long = rawFile({});
    new DataView(long.buffer).setUint32(0, 1000, true);
    expectRejected(long, /runs past the end/);
    expect(() => readSafetensors(rawFile({ a: entry('F32', [1], 0, 4) }, new Uint8Array(4)), { maxHeaderBytes: 8 })).toThrow(/8-byte limit/);
  });

  it('rejects headers that are not a UTF-8 JSON object', () => {
    expectRejected(rawFile(null, undefined, '[1, 2]'), /starting with "\{"/);
    expectRejected(rawFile(null, undefined, '{"a": '), /not valid JSON/);
    const bad = rawFile(null, undefined, '{"\u00e9": 1}');
    bad[10] = 0xff;
    expectRejected(bad, /not valid UTF-8/);
  });

  it('rejects bad entries, naming the tensor', () => {
    const four = new Uint8Array(4);
    expectRejected(rawFile({ w: 3 }), /must be an object/, 'w');
    expectRejected(rawFile({ w: entry('F31', [1], 0, 4) }, four), /unknown dtype "F31"/, 'w');
    expectRejected(rawFile({ w: entry('F32', [-1], 0, 4) }, four), /non-negative integers/, 'w');
    expectRejected(rawFile({ w: entry('F32', [1.5], 0, 4) }, four), /non-negative integers/, 'w');
    expectRejected(rawFile({ w: { dtype: 'F32', shape: [1], data_offsets: [0] } }, four), /two non-negative integers/, 'w');
    expectRejected(rawFile({ w: entry('F32', [1], 4, 0) }, four), /end before they begin/, 'w');
    expectRejected(rawFile({ w: entry('F32', [1], 0, 8) }, four), /run past the 4-byte data section/, 'w');
    expectRejected(rawFile({ w: entry('F32', [2], 0, 4) }, four), /holds 4 bytes, but shape \[2\] of F32 needs 8/, 'w');
    expectRejected(rawFile({ w: entry('F32', [2 ** 30, 2 ** 30, 2 ** 30], 0, 4) }, four), /too many elements/, 'w');
    expectRejected(rawFile({ w: entry('I64', [1], 0, 8) }, new Uint8Array(8)), /I64 cannot be read as float32/, 'w');
  });

  it('rejects overlaps, gaps and trailing bytes', () => {
    const eight = new Uint8Array(8);
    expectRejected(rawFile({ a: entry('F32', [1], 0, 4), b: entry('F32', [1], 0, 4) }, eight), /overlap/, 'b');
    expectRejected(rawFile({ a: entry('F32', [1], 4, 8) }, eight), /gap of 4 unindexed bytes/, 'a');
    expectRejected(rawFile({ a: entry('F32', [1], 0, 4) }, eight), /4 trailing bytes/);
    expect(readSafetensors(rawFile({ a: entry('F32', [0], 0, 0), b: entry('F16', [2], 0, 4) }, new Uint8Array(4))).tensors.size).toBe(2);
  });

  it('rejects non-string metadata', () => {
    expectRejected(rawFile({ __metadata__: { a: 1 } }), /value of 'a' is number/);
    expectRejected(rawFile({ __metadata__: ['x'] }), /__metadata__ must be an object/);
  });

  it('refuses to write inconsistent tensors', () => {
    expect(() => writeSafetensors({ w: { shape: [3], data: new Float32Array(2) } })).toThrow(/has 2 values but shape \[3\] needs 3/);
    expect(() => writeSafetensors({ __metadata__: { shape: [1], data: new Float32Array(1) } })).toThrow(SafetensorsError);
    expect(() => writeSafetensors({ w: { shape: [-1], data: new Float32Array(0) } })).toThrow(/non-negative integers/);
  });
});
