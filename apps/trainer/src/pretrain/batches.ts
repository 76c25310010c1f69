import * as tf from '@spectromix/tensor';
import { createBatchPipeline, type Batch, type BatchPipeline } from '@spectromix/datasets';
import { batchSpeakers } from '../data/speaker-norm.js';
import type { PretrainConfig } from './config.js';
import type { PretrainData } from './data.js';
import { maskBatch, maskSeed, sampleMask, type PatchGeometry } from './masking.js';
import type { MaskedBatchTensors } from './model.js';

/** A masked batch with its size. */
export interface PretrainBatch extends MaskedBatchTensors {
  /** Clips in the batch. */
  readonly size: number;
}

/** The batches of a pretraining run: training (shuffled, masks drawn per epoch) and held-out (fixed masks). */
export interface PretrainBatches {
  /** The batches of one epoch from batch `start`: a pure function of (seed, epoch, batch), so a resume replays them. */
  epoch(epoch: number, start?: number): AsyncIterable<PretrainBatch>;
  /** Batches per training epoch. */
  readonly batchesPerEpoch: number;
  /** The held-out clips, each with the same mask at every evaluation. */
  heldOut(): AsyncIterable<PretrainBatch>;
  /** Training clips. */
  readonly trainSize: number;
  /** Stops the pipelines. */
  close(): Promise<void>;
}

/** Frees a batch's tensors. */
export function disposeBatch(b: MaskedBatchTensors): void {
  tf.dispose([b.input, b.tokenMask, b.select, b.target]);
}

/**
 * The pretraining batches: the model inputs of `@spectromix/features`'s recipe from the datasets batch pipeline
 * (normalisation, then per-speaker mean normalisation when configured; no augmentation, as SSAST pretrains
 * without SpecAugment or mixup), then masked by {@link maskBatch}. A clip's mask is drawn from
 * `maskSeed(seed, epoch, row)` in training (a new mask every epoch) and from `maskSeed(seed, held-out, row)` when held out.
 */
export function createPretrainBatches(config: PretrainConfig, data: PretrainData, geometry: PatchGeometry): PretrainBatches {
  const speakers = batchSpeakers(data, { speakerNormalization: config.data.speakerNormalization, speakerRate: 'none' });
  const common = {
    store: data.store,
    records: data.dataset.records,
    numClasses: 1,
    normalize: { mean: data.normalization.mean, std: data.normalization.std },
    ...(speakers != null ? { speakers } : {}),
    offThread: false,
  };
  const train = createBatchPipeline({ ...common, indices: data.split.train, batchSize: config.train.batchSize, shuffle: true, seed: config.run.seed });
  const held = createBatchPipeline({ ...common, indices: data.split.validation, batchSize: Math.max(config.train.batchSize, 32), shuffle: false, seed: 0 });
  const HELD_OUT = 0xffffffff;
  async function* masked(batches: AsyncIterable<Batch>, epochOf: (b: Batch) => number): AsyncIterable<PretrainBatch> {
    for await (const b of batches) {
      const masks = Array.from(b.indices.subarray(0, b.size), (row) => sampleMask(geometry.grid, config.mask, new tf.SeededRng(maskSeed(config.run.seed, epochOf(b), row))));
      const a = maskBatch(b.x, b.size, data.store.numFrames, geometry, masks, config.mask.hide);
      const n = geometry.grid.freq * geometry.grid.time;
      const p = geometry.patchSize * geometry.patchSize;
      yield {
        size: b.size,
        input: tf.tensor3d(a.input, [b.size, data.store.numFrames, data.store.numBins]),
        tokenMask: tf.tensor3d(a.tokenMask, [b.size, n, 1]),
        select: tf.tensor3d(a.select, [b.size, a.masked, n]),
        target: tf.tensor3d(a.target, [b.size, a.masked, p]),
      };
    }
  }
  const pipelines: BatchPipeline[] = [train, held];
  return {
    epoch: (epoch, start = 0) => masked(train.epoch(epoch, start), (b) => b.epoch),
    batchesPerEpoch: train.batchesPerEpoch,
    heldOut: () => masked(held.epoch(0), () => HELD_OUT),
    trainSize: train.size,
    close: async () => {
      await Promise.all(pipelines.map((p) => p.close()));
    },
  };
}
