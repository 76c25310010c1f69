import type { KaldiWindowType } from './kaldi-options.js';
import { blackmanWindow, hammingWindow, hannWindow, poveyWindow, rectangularWindow } from './window.js';

/**
 * Kaldi's frame window (`torchaudio.compliance.kaldi._feature_window_function`): symmetric hann
 * (`'hanning'`), hamming (0.54/0.46), povey (hann^0.85), rectangular, or the generalised Blackman window with
 * `blackmanCoeff`.
 */
export function kaldiWindow(windowType: KaldiWindowType, windowSize: number, blackmanCoeff = 0.42): Float32Array {
  switch (windowType) {
    case 'hanning':
      return hannWindow(windowSize, { periodic: false });
    case 'hamming':
      return hammingWindow(windowSize, { periodic: false });
    case 'povey':
      return poveyWindow(windowSize, { periodic: false });
    case 'rectangular':
      return rectangularWindow(windowSize);
    case 'blackman':
      return blackmanWindow(windowSize, { periodic: false, blackmanCoeff });
  }
}
