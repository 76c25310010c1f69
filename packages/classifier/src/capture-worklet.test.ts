import { describe, expect, it } from 'vitest';
import { CAPTURE_PROCESSOR_NAME, CAPTURE_WORKLET_SOURCE } from './capture-worklet.js';

interface FakeProcessor {
  process(inputs: Float32Array[][]): boolean;
  port: { onmessage: ((event: { data: unknown }) => void) | null };
}

/** Evaluates the worklet source against a stand-in AudioWorkletGlobalScope and returns its processor class. */
function loadProcessor(posted: Float32Array[]): { name: string; create: (options: unknown) => FakeProcessor } {
  let registered: { name: string; ctor: new (options: unknown) => FakeProcessor } | undefined;
  class AudioWorkletProcessor {
    port = {
      onmessage: null,
      postMessage: (data: Float32Array, transfer: ArrayBuffer[]) => {
        expect(transfer).toEqual([data.buffer]);
        posted.push(data);
      },
    };
  }
  const registerProcessor = (name: string, ctor: new (options: unknown) => FakeProcessor): void => {
    registered = { name, ctor };
  };
  new Function('AudioWorkletProcessor', 'registerProcessor', CAPTURE_WORKLET_SOURCE)(AudioWorkletProcessor, registerProcessor);
  if (registered == null) throw new Error('the worklet source registered no processor');
  const { name, ctor } = registered;
  return { name, create: (options) => new ctor(options) };
}

const quantum = (from: number): Float32Array => Float32Array.from({ length: 128 }, (_, i) => from + i);

describe('capture worklet source', () => {
  it('registers under the exported name', () => {
    expect(loadProcessor([]).name).toBe(CAPTURE_PROCESSOR_NAME);
  });

  it('posts chunks of chunkSize samples in order, across render quanta', () => {
    const posted: Float32Array[] = [];
    const processor = loadProcessor(posted).create({ processorOptions: { chunkSize: 200 } });
    for (let q = 0; q < 5; q++) expect(processor.process([[quantum(q * 128)]])).toBe(true);
    expect(posted.map((c) => c.length)).toEqual([200, 200, 200]);
    const joined = posted.flatMap((c) => Array.from(c));
    expect(joined).toEqual(Array.from({ length: 600 }, (_, i) => i));
  });

  it('mixes channels down to their mean', () => {
    const posted: Float32Array[] = [];
    const processor = loadProcessor(posted).create({ processorOptions: { chunkSize: 128 } });
    processor.process([[new Float32Array(128).fill(1), new Float32Array(128).fill(0)]]);
    expect(Array.from(posted[0] ?? [])).toEqual(new Array(128).fill(0.5));
  });

  it('keeps running with no input connected and stops on the stop message', () => {
    const processor = loadProcessor([]).create({ processorOptions: { chunkSize: 128 } });
    expect(processor.process([[]])).toBe(true);
    expect(processor.process([])).toBe(true);
    processor.port.onmessage?.({ data: 'stop' });
    expect(processor.process([[quantum(0)]])).toBe(false);
  });
});
