import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startListening, type ListenTarget } from './listen.js';
import { ClassifierOptionError, ListenError } from './errors.js';
import type { AudioSamples } from './audio-input.js';

// Web Audio does not exist in Node: these stand-ins record the graph the listener builds and let the test play
// the worklet's side of the message port. The real thing runs in Chromium in apps/web's end-to-end suite.
class FakeNode {
  connections: FakeNode[] = [];
  disconnected = false;
  connect(next: FakeNode): FakeNode {
    this.connections.push(next);
    return next;
  }
  disconnect(): void {
    this.disconnected = true;
  }
}

class FakeWorkletNode extends FakeNode {
  static last: FakeWorkletNode | undefined;
  readonly posted: unknown[] = [];
  readonly port = {
    onmessage: null as ((event: { data: Float32Array }) => void) | null,
    postMessage: (message: unknown) => this.posted.push(message),
  };
  constructor(
    readonly context: FakeContext,
    readonly name: string,
    readonly options: { processorOptions: { chunkSize: number } },
  ) {
    super();
    FakeWorkletNode.last = this;
  }
  /** Plays the worklet: delivers one chunk to the main thread. */
  deliver(chunk: Float32Array): void {
    this.port.onmessage?.({ data: chunk });
  }
}

class FakeContext {
  readonly modules: string[] = [];
  state = 'running';
  closed = false;
  readonly destination = new FakeNode();
  readonly audioWorklet = { addModule: async (url: string) => void this.modules.push(url) };
  constructor(readonly sampleRate: number) {}
  createMediaStreamSource(): FakeNode {
    return new FakeNode();
  }
  createGain(): FakeNode & { gain: { value: number } } {
    return Object.assign(new FakeNode(), { gain: { value: 1 } });
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

const stream = (live = true): MediaStream =>
  ({ getAudioTracks: () => (live ? [{ readyState: 'live' }] : []) }) as unknown as MediaStream;

function target(delayMs = 0): ListenTarget<number> & { windows: AudioSamples[] } {
  const windows: AudioSamples[] = [];
  return {
    windows,
    windowSamples: 16000,
    sampleRate: 16000,
    classifyWindow: async (audio) => {
      windows.push(audio);
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      return windows.length;
    },
  };
}

const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0));
const ramp = (from: number, n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => from + i);

beforeEach(() => {
  (globalThis as Record<string, unknown>)['AudioWorkletNode'] = FakeWorkletNode;
});
afterEach(() => {
  delete (globalThis as Record<string, unknown>)['AudioWorkletNode'];
});

describe('startListening', () => {
  it('loads the worklet, wires source -> worklet -> silent gain -> destination, and classifies every hop', async () => {
    const context = new FakeContext(32000);
    const t = target();
    const results: number[] = [];
    const listener = startListening(t, stream(), { hopSeconds: 0.25, onResult: (r) => results.push(r), audioContext: context as unknown as AudioContext });
    await listener.ready;
    expect(context.modules).toHaveLength(1);
    const node = FakeWorkletNode.last as FakeWorkletNode;
    expect(node.name).toBe('spectromix-capture');
    expect(node.connections[0]).toHaveProperty('gain', { value: 0 });
    // 0.25 s at 32 kHz = 8000 samples per hop; the window is 1 s = 32000 samples at the capture rate.
    for (let i = 0; i < 40; i++) {
      node.deliver(ramp(i * 1000, 1000));
      await flush();
    }
    expect(t.windows.map((w) => w.samples.length)).toEqual([8000, 16000, 24000, 32000, 32000]);
    expect(t.windows.every((w) => w.sampleRate === 32000)).toBe(true);
    const last = t.windows[4]?.samples as Float32Array;
    expect([last[0], last[31999]]).toEqual([8000, 39999]);
    expect(results).toEqual([1, 2, 3, 4, 5]);
    listener.stop();
    expect(node.posted).toEqual(['stop']);
    expect(node.disconnected).toBe(true);
    expect(context.closed).toBe(false); // the caller's context stays open
  });

  it('skips hops while a classification is still running, instead of queueing them', async () => {
    const context = new FakeContext(16000);
    const t = target(30);
    const listener = startListening(t, stream(), { hopSeconds: 0.1, onResult: () => undefined, audioContext: context as unknown as AudioContext });
    await listener.ready;
    const node = FakeWorkletNode.last as FakeWorkletNode;
    for (let i = 0; i < 10; i++) node.deliver(ramp(0, 1600));
    expect(t.windows).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 50));
    node.deliver(ramp(0, 1600));
    expect(t.windows).toHaveLength(2);
    listener.stop();
  });

  it('reports classification failures through onError and delivers nothing after stop', async () => {
    const context = new FakeContext(16000);
    const errors: Error[] = [];
    const results: unknown[] = [];
    const failing: ListenTarget<number> = { windowSamples: 1600, sampleRate: 16000, classifyWindow: async () => Promise.reject(new Error('boom')) };
    const listener = startListening(failing, stream(), {
      hopSeconds: 0.1,
      onResult: (r) => results.push(r),
      onError: (e) => errors.push(e),
      audioContext: context as unknown as AudioContext,
    });
    await listener.ready;
    const node = FakeWorkletNode.last as FakeWorkletNode;
    node.deliver(ramp(0, 1600));
    await flush();
    expect(errors.map((e) => e.message)).toEqual(['Classifying the live window failed: boom']);
    listener.stop();
    node.deliver(ramp(0, 1600));
    await flush();
    expect(results).toEqual([]);
  });

  it('rejects ready and calls onError when the worklet cannot load', async () => {
    const context = new FakeContext(16000);
    context.audioWorklet.addModule = async () => {
      throw new Error('AbortError: Unable to load a worklet module');
    };
    const errors: Error[] = [];
    const listener = startListening(target(), stream(), { onResult: () => undefined, onError: (e) => errors.push(e), audioContext: context as unknown as AudioContext });
    await expect(listener.ready).rejects.toThrow(ListenError);
    expect(errors[0]?.message).toMatch(/Live listening could not start: AbortError/);
  });

  it('throws typed errors for a stream without audio, bad hops, and no Web Audio', () => {
    const context = new FakeContext(16000) as unknown as AudioContext;
    expect(() => startListening(target(), stream(false), { onResult: () => undefined, audioContext: context })).toThrow(ListenError);
    expect(() => startListening(target(), stream(), { hopSeconds: 0, onResult: () => undefined, audioContext: context })).toThrow(ClassifierOptionError);
    expect(() => startListening(target(), stream(), { hopSeconds: Number.NaN, onResult: () => undefined, audioContext: context })).toThrow(/hopSeconds/);
    expect(() => startListening(target(), stream(), { onResult: () => undefined })).toThrow(/no Web Audio/);
  });
});
