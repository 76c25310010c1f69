import { addCaptureWorklet, CAPTURE_PROCESSOR_NAME } from './capture-worklet.js';
import { ClassifierError, ClassifierOptionError, ListenError } from './errors.js';
import { RingBuffer } from './ring-buffer.js';
import type { AudioSamples } from './audio-input.js';

/** Options of `classifier.listen`. */
export interface ListenOptions<R> {
  /** Seconds between two classifications of the latest window (default 0.5). */
  readonly hopSeconds?: number;
  /** Called with each result, latest window first to last. */
  readonly onResult: (result: R) => void;
  /**
   * Called when starting fails (no AudioWorklet, a closed context) or a classification fails; without it such
   * errors go to `console.error`. Always a `ClassifierError`.
   */
  readonly onError?: (error: ClassifierError) => void;
  /** An AudioContext to run in (one is created, and closed on stop, when absent). */
  readonly audioContext?: AudioContext;
}

/** A running live classification. */
export interface Listener {
  /** Stops capturing and classifying (the stream's tracks are left running: the caller owns the stream). */
  stop(): void;
  /** Resolves once audio flows through the worklet; rejects with a `ClassifierError` if starting failed. */
  readonly ready: Promise<void>;
  /** The context the capture runs in (its sample rate is the capture rate). */
  readonly audioContext: AudioContext;
}

/** What live listening needs from the classifier. */
export interface ListenTarget<R> {
  /** Samples of the model's window at the model's sample rate. */
  readonly windowSamples: number;
  /** The model's sample rate. */
  readonly sampleRate: number;
  /** Classifies one window. */
  classifyWindow(audio: AudioSamples): Promise<R>;
}

/** Samples posted by the worklet per message (about 20 ms at 48 kHz). */
const CHUNK_SIZE = 1024;

/**
 * Starts live classification of a MediaStream: an AudioWorklet on the audio thread posts mono chunks, a ring
 * buffer keeps the model's window (at the capture rate; resampled like training before features), and every
 * `hopSeconds` the latest window is classified. A hop that arrives while the previous window is still being
 * classified is skipped, so slow backends fall behind gracefully instead of queueing.
 * @throws ListenError when the stream has no live audio track or Web Audio is missing; ClassifierOptionError for
 * a hop that is not a positive number.
 */
export function startListening<R>(target: ListenTarget<R>, stream: MediaStream, options: ListenOptions<R>): Listener {
  const hopSeconds = options.hopSeconds ?? 0.5;
  if (!(hopSeconds > 0) || !Number.isFinite(hopSeconds)) {
    throw new ClassifierOptionError(`hopSeconds must be a positive number of seconds (e.g. 0.5); got ${hopSeconds}.`);
  }
  if (typeof options.onResult !== 'function') throw new ClassifierOptionError('listen() needs an onResult callback.');
  const tracks = typeof stream?.getAudioTracks === 'function' ? stream.getAudioTracks().filter((t) => t.readyState === 'live') : [];
  if (tracks.length === 0) {
    throw new ListenError('The MediaStream has no live audio track; open it with requestMicrophone() or getUserMedia({ audio: true }).');
  }
  if (options.audioContext == null && typeof AudioContext === 'undefined') {
    throw new ListenError('This environment has no Web Audio (AudioContext); live listening runs in browsers only.');
  }
  const ownsContext = options.audioContext == null;
  const context = options.audioContext ?? new AudioContext({ latencyHint: 'interactive' });
  const report = (error: ClassifierError): void => {
    if (options.onError) options.onError(error);
    else console.error(error);
  };
  const ring = new RingBuffer(Math.ceil((target.windowSamples * context.sampleRate) / target.sampleRate));
  const hopSamples = Math.max(1, Math.round(hopSeconds * context.sampleRate));
  let sinceLast = 0;
  let busy = false;
  let stopped = false;
  let source: MediaStreamAudioSourceNode | undefined;
  let node: AudioWorkletNode | undefined;
  let sink: GainNode | undefined;

  const onChunk = (chunk: Float32Array): void => {
    if (stopped) return;
    ring.push(chunk);
    sinceLast += chunk.length;
    if (sinceLast < hopSamples || busy) return;
    sinceLast = 0;
    busy = true;
    target
      .classifyWindow({ samples: ring.snapshot(), sampleRate: context.sampleRate })
      .then((result) => {
        if (!stopped) options.onResult(result);
      })
      .catch((error: unknown) => {
        if (!stopped) report(asClassifierError(error));
      })
      .finally(() => {
        busy = false;
      });
  };

  const ready = (async () => {
    if (context.audioWorklet == null) {
      throw new ListenError('This browser has no AudioWorklet (it needs a secure context: https or localhost).');
    }
    await addCaptureWorklet(context);
    if (stopped) return;
    source = context.createMediaStreamSource(stream);
    node = new AudioWorkletNode(context, CAPTURE_PROCESSOR_NAME, {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      outputChannelCount: [1],
      processorOptions: { chunkSize: CHUNK_SIZE },
    });
    node.port.onmessage = (event: MessageEvent<Float32Array>) => onChunk(event.data);
    // A silent path to the destination keeps the graph pulling the worklet in every browser.
    sink = context.createGain();
    sink.gain.value = 0;
    source.connect(node).connect(sink).connect(context.destination);
    if (context.state === 'suspended') await context.resume();
  })().catch((error: unknown) => {
    const typed = error instanceof ClassifierError ? error : new ListenError(`Live listening could not start: ${describe(error)}`, { cause: error });
    if (!stopped) report(typed);
    throw typed;
  });
  // The failure is reported through onError; awaiting `ready` is optional.
  ready.catch(() => undefined);

  return {
    ready,
    audioContext: context,
    stop() {
      if (stopped) return;
      stopped = true;
      node?.port.postMessage('stop');
      if (node) node.port.onmessage = null;
      source?.disconnect();
      node?.disconnect();
      sink?.disconnect();
      if (ownsContext) void context.close().catch(() => undefined);
    },
  };
}

function asClassifierError(error: unknown): ClassifierError {
  return error instanceof ClassifierError ? error : new ClassifierError(`Classifying the live window failed: ${describe(error)}`, { cause: error });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
