/**
 * @spectromix/classifier: run a model exported by the spectromix trainer in a web page. Load it from a URL,
 * files or bytes, classify clips (AudioBuffer, samples, or encoded WAV/FLAC/Opus/Vorbis/MP3), and listen to a
 * microphone live through an AudioWorklet, on WebGPU with fallback to WebGL, WASM and CPU, with exactly the
 * features the model was trained on (`@spectromix/dsp`).
 * @packageDocumentation
 */
export { loadClassifier, DEFAULT_LIMITS, type LoadClassifierOptions } from './load-classifier.js';
export { Classifier, type ClassificationResult, type ClassificationTimings, type ModelInfo } from './classifier.js';
export { requestMicrophone } from './microphone.js';
export { BROWSER_BACKENDS, type BackendName, type ClassifierBackend } from './backend.js';
export { INFERENCE_PRECISIONS, type InferencePrecision, type ClassifierPrecision } from './precision.js';
export type { AudioInput, AudioSamples } from './audio-input.js';
export type { Listener, ListenOptions } from './listen.js';
export type { ModelSource, ModelParts, BinarySource } from './model-source.js';
export { EXPORT_FILES, MANIFEST_METADATA_KEY, type FeatureSettings, type LabelScore, type ScoreActivation } from '@spectromix/features';
export { RingBuffer } from './ring-buffer.js';
export { CAPTURE_WORKLET_SOURCE, CAPTURE_PROCESSOR_NAME } from './capture-worklet.js';
export {
  ClassifierError,
  ModelLoadError,
  InvalidModelError,
  ModelMismatchError,
  InvalidAudioError,
  InputTooLargeError,
  NoBackendError,
  MicrophoneError,
  MicrophonePermissionError,
  ListenError,
  ClassifierDisposedError,
  ClassifierOptionError,
  PrecisionUnavailableError,
} from './errors.js';
