/** The tensor path: batched feature ops on whatever backend the app picked. */
export { kaldiFbankBatch } from './kaldi-fbank-batch.js';
export { stftPowerBatch } from './stft-power-batch.js';
export { melSpectrogramBatch } from './mel-spectrogram-batch.js';
export { specAugmentBatch } from './spec-augment-batch.js';
export { normalizeBatch } from './normalize-batch.js';
