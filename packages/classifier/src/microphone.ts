import { MicrophoneError, MicrophonePermissionError } from './errors.js';

/** Capture settings asked for by default: one channel, with the browser's voice processing switched off. */
const DEFAULT_CONSTRAINTS: MediaTrackConstraints = {
  channelCount: 1,
  echoCancellation: false,
  noiseSuppression: false,
  autoGainControl: false,
};

/**
 * Opens the microphone with `getUserMedia`, asking for raw audio (no echo cancellation, noise suppression or
 * automatic gain, which would change the features the model sees), and turns its failures into typed errors.
 * Pass the stream to `classifier.listen`, and stop its tracks when done.
 * @param constraints audio track constraints, merged over the defaults.
 * @throws MicrophonePermissionError when access is refused; MicrophoneError when there is no device, it is busy,
 * or the page is not a secure context.
 */
export async function requestMicrophone(constraints: MediaTrackConstraints = {}): Promise<MediaStream> {
  const mediaDevices = (globalThis as { navigator?: { mediaDevices?: MediaDevices } }).navigator?.mediaDevices;
  if (mediaDevices?.getUserMedia == null) {
    throw new MicrophoneError(
      'This page cannot use the microphone: navigator.mediaDevices is missing. Browsers expose it only on secure ' +
        'pages; serve the page over https or from localhost.',
    );
  }
  try {
    return await mediaDevices.getUserMedia({ audio: { ...DEFAULT_CONSTRAINTS, ...constraints }, video: false });
  } catch (error) {
    throw microphoneFailure(error);
  }
}

/** Maps a getUserMedia rejection to the classifier's typed error, keeping the original as `cause`. */
export function microphoneFailure(error: unknown): MicrophoneError {
  const name = error instanceof Error || isDomException(error) ? (error as { name: string }).name : '';
  const detail = error instanceof Error ? error.message : String(error);
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new MicrophonePermissionError(
        `Microphone access was denied (${detail}). Allow the microphone for this site in the browser's address ` +
          'bar or settings, then try again; files can still be classified without it.',
        { cause: error },
      );
    case 'NotFoundError':
    case 'OverconstrainedError':
      return new MicrophoneError(`No microphone was found (${detail}). Connect one, or classify a file instead.`, { cause: error });
    case 'NotReadableError':
    case 'AbortError':
      return new MicrophoneError(
        `The microphone could not be opened (${detail}); another application may be using it. Close it and try again.`,
        { cause: error },
      );
    default:
      return new MicrophoneError(`Opening the microphone failed: ${detail}.`, { cause: error });
  }
}

function isDomException(error: unknown): boolean {
  return typeof DOMException !== 'undefined' && error instanceof DOMException;
}
