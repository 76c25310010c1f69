/** Name the capture processor is registered under in the AudioWorkletGlobalScope. */
export const CAPTURE_PROCESSOR_NAME = 'spectromix-capture';

/**
 * Source of the AudioWorklet processor that live listening runs on the audio thread. It mixes its input down
 * to mono, collects `chunkSize` samples (processorOptions) and posts each full chunk to the main thread as a
 * transferred Float32Array; it outputs silence. The message `'stop'` ends it. It ships as a string and is
 * loaded from a Blob URL, so bundlers need no worklet configuration.
 */
export const CAPTURE_WORKLET_SOURCE = `
class SpectromixCapture extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const size = options && options.processorOptions && options.processorOptions.chunkSize;
    this.chunkSize = Number.isInteger(size) && size > 0 ? size : 2048;
    this.chunk = new Float32Array(this.chunkSize);
    this.filled = 0;
    this.stopped = false;
    this.port.onmessage = (event) => {
      if (event.data === 'stop') this.stopped = true;
    };
  }
  process(inputs) {
    if (this.stopped) return false;
    const input = inputs[0];
    if (!input || input.length === 0) return true;
    const channels = input.length;
    const frames = input[0].length;
    for (let i = 0; i < frames; i++) {
      let sum = 0;
      for (let c = 0; c < channels; c++) sum += input[c][i];
      this.chunk[this.filled++] = sum / channels;
      if (this.filled === this.chunkSize) {
        this.port.postMessage(this.chunk, [this.chunk.buffer]);
        this.chunk = new Float32Array(this.chunkSize);
        this.filled = 0;
      }
    }
    return true;
  }
}
registerProcessor(${JSON.stringify(CAPTURE_PROCESSOR_NAME)}, SpectromixCapture);
`;

/**
 * Adds the capture processor to an AudioContext's worklet through a Blob URL (revoked once loaded).
 * @param context the context live audio runs in.
 */
export async function addCaptureWorklet(context: BaseAudioContext): Promise<void> {
  const url = URL.createObjectURL(new Blob([CAPTURE_WORKLET_SOURCE], { type: 'text/javascript' }));
  try {
    await context.audioWorklet.addModule(url);
  } finally {
    URL.revokeObjectURL(url);
  }
}
