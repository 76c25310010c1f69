import { describe, expect, it } from 'vitest';
import { AudioOptionError, InvalidChannelCountError, InvalidSampleRateError } from './errors.js';
import { fourCC } from './bytes.js';
import { encodeWav } from './wav-write.js';

describe('encodeWav', () => {
  it('writes the canonical 44-byte PCM header', () => {
    const bytes = encodeWav([new Float32Array([0.5, -0.5]), new Float32Array([0, 1])], 16000);
    const view = new DataView(bytes.buffer);
    expect(bytes.length).toBe(44 + 8);
    expect([fourCC(bytes, 0), fourCC(bytes, 8), fourCC(bytes, 12), fourCC(bytes, 36)]).toEqual(['RIFF', 'WAVE', 'fmt ', 'data']);
    expect(view.getUint32(4, true)).toBe(bytes.length - 8);
    expect([view.getUint32(16, true), view.getUint16(20, true), view.getUint16(22, true)]).toEqual([16, 1, 2]);
    expect([view.getUint32(24, true), view.getUint32(28, true), view.getUint16(32, true), view.getUint16(34, true)]).toEqual([16000, 64000, 4, 16]);
    expect(view.getUint32(40, true)).toBe(8);
    expect([view.getInt16(44, true), view.getInt16(46, true), view.getInt16(48, true), view.getInt16(50, true)]).toEqual([16384, 0, -16384, 32767]);
  });

  it('adds a fact chunk to float files and writes EXTENSIBLE with the sub-format GUID on request', () => {
    const bytes = encodeWav([new Float32Array([0.25])], 8000, { encoding: 'float32', extensible: true });
    const view = new DataView(bytes.buffer);
    expect(view.getUint16(20, true)).toBe(0xfffe);
    expect(Array.from(bytes.subarray(44, 60))).toEqual([3, 0, 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71]);
    expect(fourCC(bytes, 60)).toBe('fact');
    expect(view.getUint32(68, true)).toBe(1);
    expect(fourCC(bytes, 72)).toBe('data');
    expect(view.getFloat32(80, true)).toBe(0.25);
  });

  it('pads an odd-sized data chunk', () => {
    const bytes = encodeWav([new Float32Array([0, 0.5, 1])], 8000, { encoding: 'pcm8' });
    expect(bytes.length).toBe(44 + 3 + 1);
    expect(new DataView(bytes.buffer).getUint32(40, true)).toBe(3);
  });

  it('rejects bad arguments with typed errors', () => {
    expect(() => encodeWav([], 8000)).toThrow(InvalidChannelCountError);
    expect(() => encodeWav([new Float32Array(1)], 0)).toThrow(InvalidSampleRateError);
    expect(() => encodeWav([new Float32Array(1), new Float32Array(2)], 8000)).toThrow(AudioOptionError);
    expect(() => encodeWav([new Float32Array(1)], 8000, { encoding: 'mp3' as never })).toThrow(/Unknown WAV encoding 'mp3'/);
  });
});
