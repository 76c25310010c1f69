import * as tf from '@spectromix/tensor';
import type { FeatureMatrix } from '@spectromix/dsp';
import { toModelAudio, type AudioInput, type AudioLimits, type AudioSamples } from './audio-input.js';
import type { BackendName, ClassifierBackend } from './backend.js';
import { ClassifierDisposedError, ClassifierError, InvalidAudioError } from './errors.js';
import { modelInput, probabilities, rankLabels, SpeakerStats, windowSamples, type FeatureSettings, type LabelScore, type ScoreActivation } from '@spectromix/features';
import type { ModelBundle } from './export-format.js';
import { startListening, type Listener, type ListenOptions } from './listen.js';
import type { RunnableModel } from './model.js';
import type { ClassifierPrecision } from './precision.js';

/** Where the time of one classification went, in milliseconds. */
export interface ClassificationTimings {
  /** Decoding, mixing down and resampling the input. */
  readonly decodeMs: number;
  /** Fbank, padding and normalisation. */
  readonly featuresMs: number;
  /** The model's forward pass and reading the probabilities back. */
  readonly inferenceMs: number;
}

/** The result of one classification. */
export interface ClassificationResult {
  /** Every class with its probability, most probable first. */
  readonly labels: readonly LabelScore[];
  /** The most probable class (`labels[0]`). */
  readonly top: LabelScore;
  /** Wall time from input to probabilities, in milliseconds (the sum of `timings`). */
  readonly latencyMs: number;
  /** The parts of `latencyMs`. */
  readonly timings: ClassificationTimings;
  /** The backend the model ran on. */
  readonly backend: BackendName;
  /** The precision of the model's products: `'f16'` (f16 operands, f32 sums) or `'fp32'` (see `classifier.precision`). */
  readonly precision: ClassifierPrecision['name'];
  /** Length of the audio given, in seconds (the model looks at its first `windowSeconds`). */
  readonly durationSeconds: number;
  /** The log-mel fbank of the audio, `[frames, bins]`, before padding and normalisation (for display). */
  readonly spectrogram: FeatureMatrix;
  /**
   * The model's input `[targetLength, numMelBins]` (row-major), as the feature recipe of `@spectromix/features` made
   * it: the same values training and `spectromix predict` give the model for this clip (the skew test checks it).
   */
  readonly input: Float32Array;
}

/** What a classifier knows about its model. */
export interface ModelInfo {
  /** Class names in output order. */
  readonly labels: readonly string[];
  /** Feature settings the model was trained with. */
  readonly features: FeatureSettings;
  /** Seconds of audio one classification looks at (the model's window). */
  readonly windowSeconds: number;
  /** Softmax (single-label) or sigmoid (multi-label) probabilities. */
  readonly activation: ScoreActivation;
  /** The model config from the export (preset, sizes, class count). */
  readonly config: Readonly<Record<string, unknown>>;
}

/**
 * A loaded model, ready to classify clips and live audio. Create it with `loadClassifier`; call `dispose()`
 * to free its weights. Classifications run one at a time, in call order.
 */
export class Classifier {
  /** The backend in use, with the reason it was chosen and what failed before it. */
  readonly backend: ClassifierBackend;
  /** Labels, feature settings and window of the model. */
  readonly info: ModelInfo;
  /** The precision of the model's products (`name`: `'f16'` or `'fp32'`), what was asked for and why it was chosen. */
  readonly precision: ClassifierPrecision;
  readonly #model: RunnableModel;
  readonly #limits: AudioLimits;
  readonly #listeners = new Set<Listener>();
  readonly #speaker: SpeakerStats;
  #queue: Promise<unknown> = Promise.resolve();
  #disposed = false;

  /** @internal Use `loadClassifier`. */
  constructor(model: RunnableModel, bundle: ModelBundle, backend: ClassifierBackend, limits: AudioLimits, precision: ClassifierPrecision) {
    this.#model = model;
    this.precision = precision;
    this.#limits = limits;
    this.#speaker = new SpeakerStats(bundle.features);
    this.backend = backend;
    this.info = {
      labels: bundle.labels,
      features: bundle.features,
      windowSeconds: windowSamples(bundle.features) / bundle.features.sampleRate,
      activation: bundle.activation,
      config: bundle.modelConfig,
    };
  }

  /** Class names in output order. */
  get labels(): readonly string[] {
    return this.info.labels;
  }

  /**
   * For models trained with per-speaker normalisation (`info.features.speakerNormalization === 'mean-per-bin'`, or a
   * `speakerRate`): forget the speaker statistics gathered from the clips classified so far, when a new speaker
   * starts. The first clips of a speaker are classified with a rough estimate; it settles after a few seconds of speech.
   */
  resetSpeaker(): void {
    this.#speaker.reset();
  }

  /** True once `dispose()` ran. */
  get disposed(): boolean {
    return this.#disposed;
  }

  /**
   * Classifies one clip: an `AudioBuffer`, `{ samples, sampleRate }`, or the bytes of a WAV, FLAC, Ogg Opus,
   * Ogg Vorbis or MP3 file (also as a `Blob`/`File`). The clip is mixed to mono, resampled and turned into the
   * training features; the model sees its first `info.windowSeconds` (shorter clips are zero-padded).
   * @throws InvalidAudioError (not audio, corrupt, empty), InputTooLargeError, ClassifierDisposedError.
   */
  classify(audio: AudioInput): Promise<ClassificationResult> {
    return this.#enqueue(() => this.#classify(audio));
  }

  /**
   * Classifies a live MediaStream (a microphone from `requestMicrophone`) every `hopSeconds` over the model's
   * window, through an AudioWorklet and a ring buffer. Returns at once; `ready` resolves when audio flows.
   * @throws ListenError (no audio track, no Web Audio), ClassifierOptionError, ClassifierDisposedError.
   */
  listen(stream: MediaStream, options: ListenOptions<ClassificationResult>): Listener {
    this.#assertLive();
    const listener = startListening(
      {
        windowSamples: windowSamples(this.info.features),
        sampleRate: this.info.features.sampleRate,
        classifyWindow: (window: AudioSamples) => this.classify(window),
      },
      stream,
      options,
    );
    const tracked: Listener = {
      ready: listener.ready,
      audioContext: listener.audioContext,
      stop: () => {
        this.#listeners.delete(tracked);
        listener.stop();
      },
    };
    this.#listeners.add(tracked);
    return tracked;
  }

  /** Stops every listener and frees the model's weights. Later calls throw `ClassifierDisposedError`. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const listener of [...this.#listeners]) listener.stop();
    // Let a classification in flight finish before its weights go.
    void this.#queue.finally(() => this.#model.dispose());
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #classify(audio: AudioInput): Promise<ClassificationResult> {
    this.#assertLive();
    const { features } = this.info;
    const t0 = performance.now();
    const waveform = await toModelAudio(audio, features.sampleRate, this.#limits);
    const t1 = performance.now();
    let feats: ReturnType<typeof modelInput>;
    try {
      feats = modelInput(waveform, features, this.#speaker);
    } catch (error) {
      throw new InvalidAudioError(`Computing the features failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const t2 = performance.now();
    this.#assertLive();
    if (tf.getBackend() !== this.backend.name) await tf.setBackend(this.backend.name);
    const logitsTensor = tf.tidy(() => {
      const x = tf.tensor3d(feats.input, [1, features.targetLength, features.numMelBins]);
      return this.#model.forward(x, { training: false });
    });
    let logits: Float32Array;
    try {
      logits = (await logitsTensor.data()) as Float32Array;
    } finally {
      logitsTensor.dispose();
    }
    if (logits.length !== this.info.labels.length) {
      throw new ClassifierError(`The model returned ${logits.length} scores for ${this.info.labels.length} labels.`);
    }
    const t3 = performance.now();
    const labels = rankLabels(probabilities(logits, this.info.activation), this.info.labels);
    return {
      labels,
      top: labels[0] as LabelScore,
      latencyMs: t3 - t0,
      timings: { decodeMs: t1 - t0, featuresMs: t2 - t1, inferenceMs: t3 - t2 },
      backend: this.backend.name,
      precision: this.precision.name,
      durationSeconds: waveform.length / features.sampleRate,
      spectrogram: feats.spectrogram,
      input: feats.input,
    };
  }

  #assertLive(): void {
    if (this.#disposed) throw new ClassifierDisposedError();
  }
}
