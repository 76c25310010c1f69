import * as tf from '@spectromix/tensor';
import { createModel, type AsmRhModel } from '@spectromix/asm-rh';
import { MANIFEST_METADATA_KEY, MANIFEST_VERSION } from '@spectromix/features';

/** Options of {@link makeExport}. */
export interface MakeExportOptions {
  readonly labels?: readonly string[];
  readonly targetLength?: number;
  readonly seed?: number;
  readonly output?: 'softmax' | 'sigmoid';
  readonly normalization?: { mean: number; std: number };
  readonly speakerNormalization?: 'none' | 'mean-per-bin';
}

/** A current-version manifest as `spectromix export` writes it (`createManifest` of @spectromix/features). */
export function manifestOf(model: AsmRhModel, options: MakeExportOptions = {}): Record<string, unknown> {
  return {
    format: 'spectromix-model',
    version: MANIFEST_VERSION,
    model: { ...model.config },
    labels: [...(options.labels ?? ['low', 'mid', 'high'])],
    output: options.output ?? 'softmax',
    features: {
      sampleRate: 16000,
      subtractMean: true,
      fbank: { htkCompat: true, useEnergy: false, windowType: 'hanning', numMelBins: 128, dither: 0, frameShift: 10, frameLength: 25 },
      targetLength: model.config.targetLength,
      normalization: options.normalization ?? { mean: -6.5, std: 4.0 },
      speakerNormalization: options.speakerNormalization ?? 'none',
      speakerRate: 'none',
    },
    training: { dataset: 'test', split: 'none', epochs: 0, bestEpoch: null, metrics: {}, config: {} },
    createdAt: '2026-01-01T00:00:00.000Z',
  };
}

/**
 * A small random ASM-RH-tiny export made the way `spectromix export` makes one: safetensors weights with the
 * manifest in their metadata, plus the manifest itself. The head gets random weights so the classes differ.
 */
export function makeExport(options: MakeExportOptions = {}): { model: AsmRhModel; weights: Uint8Array; manifest: Record<string, unknown> } {
  const labels = options.labels ?? ['low', 'mid', 'high'];
  const seed = options.seed ?? 7;
  const model = createModel('asm-rh-tiny', { numClasses: labels.length, targetLength: options.targetLength ?? 64, seed });
  const head = tf.randomNormal([labels.length, 128], 0, 0.5, 'float32', seed);
  model.loadStateDict(new Map([['head.weight', head]]), { strict: false });
  head.dispose();
  const manifest = manifestOf(model, { ...options, labels });
  return { model, weights: model.saveWeights({ [MANIFEST_METADATA_KEY]: JSON.stringify(manifest) }), manifest };
}
