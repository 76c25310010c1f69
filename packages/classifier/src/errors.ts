/**
 * Base class of every error thrown by @spectromix/classifier. Catch `ClassifierError` to handle any failure of
 * this package (a web page shows `error.message`, which says what was wrong and what to do); the subclasses
 * name the specific problem. `cause` carries the lower-level error where there is one (a `DspError`, a
 * weights error of `@spectromix/asm-rh`, a `DOMException`).
 */
export class ClassifierError extends Error {
  override name = 'ClassifierError';
}

/** The model could not be fetched or read: a network failure, an HTTP error status, an unreadable file. */
export class ModelLoadError extends ClassifierError {
  override name = 'ModelLoadError';
}

/**
 * The model files are not a spectromix export: missing files, JSON that does not parse, a config without the
 * fields the classifier needs, or a format version this package does not read.
 */
export class InvalidModelError extends ClassifierError {
  override name = 'InvalidModelError';
}

/**
 * The model's parts disagree: the weights do not fit the architecture the config describes (another preset,
 * another class count or target length), or the label list has a different length than the model's outputs.
 */
export class ModelMismatchError extends ClassifierError {
  override name = 'ModelMismatchError';
}

/** The input is not audio this package can decode (not WAV, FLAC, Ogg Opus/Vorbis or MP3), or it is corrupt. */
export class InvalidAudioError extends ClassifierError {
  override name = 'InvalidAudioError';
}

/** The audio or model is larger than the size limit set in the options (a guard against huge files). */
export class InputTooLargeError extends ClassifierError {
  override name = 'InputTooLargeError';
  /**
   * @param what what was too large ('The audio file', 'The model weights').
   * @param size its size in bytes.
   * @param limit the limit in bytes.
   * @param option the option that raises the limit.
   */
  constructor(
    what: string,
    readonly size: number,
    readonly limit: number,
    option: string,
  ) {
    super(
      `${what} is ${formatBytes(size)}, above the limit of ${formatBytes(limit)}. Use a shorter clip, or raise ` +
        `\`${option}\` in the options of loadClassifier if you really mean to process it.`,
    );
  }
}

/** None of the backends asked for works in this browser (each one's failure is listed in `rejected`). */
export class NoBackendError extends ClassifierError {
  override name = 'NoBackendError';
  /** @param rejected each backend tried and why it failed. @param message what failed and what to do. */
  constructor(
    readonly rejected: ReadonlyArray<{ readonly name: string; readonly error: string }>,
    message: string,
  ) {
    super(message);
  }
}

/** The page could not open the microphone: permission denied, no capture device, or the device is busy. */
export class MicrophoneError extends ClassifierError {
  override name = 'MicrophoneError';
}

/** The user (or the browser's policy) refused microphone access. */
export class MicrophonePermissionError extends MicrophoneError {
  override name = 'MicrophonePermissionError';
}

/** Live listening cannot start: no audio track in the stream, or no AudioWorklet (insecure context, old browser). */
export class ListenError extends ClassifierError {
  override name = 'ListenError';
}

/** The classifier was used after `dispose()`. */
export class ClassifierDisposedError extends ClassifierError {
  override name = 'ClassifierDisposedError';
  constructor() {
    super('This classifier was disposed (its weights are freed); load it again with loadClassifier.');
  }
}

/** An option passed to the classifier is out of range (a non-positive hop, an unknown backend name). */
export class ClassifierOptionError extends ClassifierError {
  override name = 'ClassifierOptionError';
}

/** Formats a byte count for messages: `1.5 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/**
 * `precision: 'f16'` was asked for and f16 products cannot run here (`reason` says why: no WebGPU, a device without
 * `shader-f16`, or no backend plug-in that declares f16 inference). Use `'auto'` to fall back to fp32.
 */
export class PrecisionUnavailableError extends ClassifierError {
  override name = 'PrecisionUnavailableError';
  /** @param reason why f16 products cannot run on the backend in use. */
  constructor(readonly reason: string) {
    super(
      `precision 'f16' cannot run here: ${reason}. Use precision 'auto' (f16 where the WebGPU device offers shader-f16, ` +
        "fp32 elsewhere) or 'fp32'; for f16, run on WebGPU in a browser whose adapter offers shader-f16 (Chromium does on " +
        "most GPUs) and install @spectromix/webgpu-kernels in onBackend: (b) => { if (b.name === 'webgpu') installSpectromixKernels(); }.",
    );
  }
}
