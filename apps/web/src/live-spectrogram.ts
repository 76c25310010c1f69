import { kaldiInverseMelScale, kaldiMelScale } from '@spectromix/dsp';
import type { SpectrogramView } from './spectrogram-view.js';

/** Rows of the live picture, spaced on the mel scale like the model's fbank. */
const ROWS = 128;

/**
 * Feeds a scrolling spectrogram from a live stream: an AnalyserNode's FFT (dB) each animation frame, regrouped
 * into mel-spaced rows. Display only; the model computes its own features from the same audio.
 * @returns a function that stops it.
 */
export function startLiveSpectrogram(context: AudioContext, stream: MediaStream, view: SpectrogramView): () => void {
  const source = context.createMediaStreamSource(stream);
  const analyser = context.createAnalyser();
  analyser.fftSize = 1024;
  analyser.smoothingTimeConstant = 0;
  source.connect(analyser);
  const spectrum = new Float32Array(analyser.frequencyBinCount);
  const rows = melRowBins(analyser.frequencyBinCount, context.sampleRate, ROWS);
  const column = new Float32Array(ROWS);
  let frame = 0;
  const tick = (): void => {
    analyser.getFloatFrequencyData(spectrum);
    for (let r = 0; r < ROWS; r++) {
      const [from, to] = rows[r] as [number, number];
      let max = -Infinity;
      for (let k = from; k <= to; k++) max = Math.max(max, spectrum[k] as number);
      column[r] = max;
    }
    view.pushColumn(column, -110, -30);
    frame = requestAnimationFrame(tick);
  };
  frame = requestAnimationFrame(tick);
  return () => {
    cancelAnimationFrame(frame);
    source.disconnect();
    analyser.disconnect();
  };
}

/** For each mel-spaced row (20 Hz to 8 kHz, on the Kaldi mel scale of the model's fbank), the FFT bin range it covers. */
export function melRowBins(numBins: number, sampleRate: number, rows: number): Array<[number, number]> {
  const mel = kaldiMelScale;
  const hz = kaldiInverseMelScale;
  const top = Math.min(8000, sampleRate / 2);
  const binHz = sampleRate / 2 / numBins;
  const lo = mel(20);
  const hi = mel(top);
  const out: Array<[number, number]> = [];
  for (let r = 0; r < rows; r++) {
    const from = Math.min(numBins - 1, Math.floor(hz(lo + ((hi - lo) * r) / rows) / binHz));
    const to = Math.min(numBins - 1, Math.max(from, Math.floor(hz(lo + ((hi - lo) * (r + 1)) / rows) / binHz)));
    out.push([from, to]);
  }
  return out;
}
