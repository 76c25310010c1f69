import { DatasetOptionsError } from '../errors.js';
import type { FeatureStore } from '../features/feature-store.js';
import { assembleBatch } from './assemble-batch.js';
import type { AssemblerConfig, BatchAssembler } from './assembler.js';
import { EpochPlanner } from './plan.js';
import type { Batch, BatchPipeline, BatchPipelineOptions, PipelineState } from './types.js';

/**
 * Creates a seeded, prefetching batch pipeline over one split of a feature store. Batches are built ahead of
 * the consumer (`prefetch`, default 2) on a worker thread when the store offers one (the Node feature cache
 * does), so the next batch is ready while the model trains; otherwise on the calling thread between awaits.
 * Every batch depends only on (seed, epoch, batch index): resuming with `epoch(e, startBatch)` replays the
 * interrupted epoch exactly.
 * @throws DatasetOptionsError on invalid options (each message names the option), a store/records mismatch,
 * a label outside `numClasses`, or a split without any row that has features.
 */
export function createBatchPipeline(options: BatchPipelineOptions): BatchPipeline {
  const { store, records, numClasses, batchSize } = options;
  const fail = (msg: string): never => {
    throw new DatasetOptionsError(`createBatchPipeline: ${msg}`);
  };
  if (records.length !== store.length) fail(`the store has ${store.length} rows but ${records.length} records were given; pass the records the store was built for`);
  if (!Number.isInteger(numClasses) || numClasses < 1) fail(`numClasses must be a positive integer, got ${numClasses}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) fail(`batchSize must be a positive integer, got ${batchSize}`);
  const prefetch = options.prefetch ?? 2;
  if (!Number.isInteger(prefetch) || prefetch < 0) fail(`prefetch must be an integer >= 0, got ${prefetch}`);
  const labels = Int32Array.from(records, (r, i) => {
    if (!Number.isInteger(r.labelIndex) || r.labelIndex < 0 || r.labelIndex >= numClasses) {
      fail(`record ${i} ('${r.path}') has labelIndex ${r.labelIndex}, outside 0..${numClasses - 1}`);
    }
    return r.labelIndex;
  });
  const skipped: number[] = [];
  const pool: number[] = [];
  for (const i of options.indices) {
    if (!Number.isInteger(i) || i < 0 || i >= store.length) fail(`index ${i} is not a row of the store (0..${store.length - 1})`);
    (store.has(i) ? pool : skipped).push(i);
  }
  if (pool.length === 0) fail(`none of the ${options.indices.length} indices has features (see store.problems)`);
  const mixup = options.mixup && { alpha: options.mixup.alpha, prob: options.mixup.prob ?? 1 };
  if (mixup && (!(mixup.alpha > 0) || !(mixup.prob >= 0 && mixup.prob <= 1))) fail(`mixup needs alpha > 0 and prob in [0, 1], got alpha ${mixup.alpha}, prob ${mixup.prob}`);
  if (options.noise !== undefined && !(options.noise >= 0)) fail(`noise must be >= 0, got ${options.noise}`);
  const sa = options.specAugment;
  if (sa && !(Number.isInteger(sa.freqMaskParam) && sa.freqMaskParam >= 0 && Number.isInteger(sa.timeMaskParam) && sa.timeMaskParam >= 0)) {
    fail(`specAugment needs integer freqMaskParam and timeMaskParam >= 0, got ${sa.freqMaskParam} and ${sa.timeMaskParam}`);
  }
  if (options.normalize && !(options.normalize.std > 0 && Number.isFinite(options.normalize.mean))) {
    fail(`normalize needs a finite mean and std > 0, got mean ${options.normalize.mean}, std ${options.normalize.std}`);
  }
  const speakers = options.speakers;
  if (speakers && !options.normalize) fail('speakers needs normalize (the speaker steps work on normalised features)');
  if (speakers && speakers.ofRow.length !== store.length) fail(`speakers.ofRow has ${speakers.ofRow.length} entries for a store of ${store.length} rows`);
  if (speakers && !speakers.ofRow.every((k) => k >= 0 && k < speakers.profiles.length)) fail(`speakers.ofRow names a speaker outside 0..${speakers.profiles.length - 1}`);
  const variants = options.variants;
  if (variants) {
    if (variants.stores.length === 0) fail('variants.stores is empty; leave variants out for no perturbed copies');
    for (const [v, s] of variants.stores.entries()) {
      if (s.length !== store.length || s.numFrames !== store.numFrames || s.numBins !== store.numBins) {
        fail(`variants.stores[${v}] has ${s.length} rows of ${s.numFrames} x ${s.numBins}, the store ${store.length} of ${store.numFrames} x ${store.numBins}; build every copy from the same records and settings`);
      }
    }
    if (speakers && variants.speakers?.length !== variants.stores.length) fail(`with speakers, variants.speakers needs one entry per variant store (${variants.stores.length}), got ${variants.speakers?.length ?? 0}`);
  }
  const maxRollShift = options.timeRoll === true ? 10 : options.timeRoll ? options.timeRoll.maxShift : undefined;
  if (maxRollShift !== undefined && !(Number.isInteger(maxRollShift) && maxRollShift >= 0)) fail(`timeRoll.maxShift must be an integer >= 0, got ${maxRollShift}`);

  const planner = new EpochPlanner({
    pool: Int32Array.from(pool),
    labels,
    batchSize,
    shuffle: options.shuffle,
    balanced: options.balanced ?? false,
    dropLast: options.dropLast ?? false,
    seed: options.seed,
    ...(mixup ? { mixup } : {}),
    ...(variants ? { variantCount: variants.stores.length } : {}),
  });
  const config: AssemblerConfig = {
    labels,
    numClasses,
    ...(options.normalize ? { normalize: options.normalize } : {}),
    ...(speakers ? { speakers } : {}),
    ...(options.specAugment ? { specAugment: options.specAugment } : {}),
    ...(maxRollShift ? { maxRollShift } : {}),
    ...(options.noise ? { noise: options.noise } : {}),
    ...(variants?.speakers && speakers ? { variantSpeakers: variants.speakers } : {}),
  };
  const variantStores = variants?.stores ?? [];
  const assembler = ((options.offThread ?? true) ? store.createAssembler?.(config, variantStores) : undefined) ?? inThreadAssembler(store, config, variantStores);
  let position: PipelineState = { seed: options.seed, epoch: 0, batch: 0, batchesPerEpoch: planner.batchesPerEpoch };

  return {
    batchesPerEpoch: planner.batchesPerEpoch,
    size: pool.length,
    skipped,
    state: () => ({ ...position }),
    close: () => assembler.close(),
    epoch(epochIndex: number, startBatch = 0): AsyncIterable<Batch> {
      if (!Number.isInteger(epochIndex) || epochIndex < 0) fail(`epoch index must be an integer >= 0, got ${epochIndex}`);
      if (!Number.isInteger(startBatch) || startBatch < 0 || startBatch > planner.batchesPerEpoch) {
        fail(`startBatch must be an integer in 0..${planner.batchesPerEpoch}, got ${startBatch}`);
      }
      return {
        async *[Symbol.asyncIterator]() {
          const pending: Promise<Batch>[] = [];
          let next = startBatch;
          const launch = (ahead: number): void => {
            while (pending.length < ahead && next < planner.batchesPerEpoch) {
              const promise = assembler.assemble(planner.plan(epochIndex, next++));
              promise.catch(() => {}); // a failure surfaces when awaited; never as an unhandled rejection
              pending.push(promise);
            }
          };
          launch(Math.max(1, prefetch));
          while (pending.length > 0) {
            const batch = await (pending.shift() as Promise<Batch>);
            const done = batch.index + 1 === planner.batchesPerEpoch;
            position = { seed: options.seed, epoch: done ? epochIndex + 1 : epochIndex, batch: done ? 0 : batch.index + 1, batchesPerEpoch: planner.batchesPerEpoch };
            // Queue the following batches before handing this one over, so they build while the consumer works.
            if (prefetch > 0) launch(prefetch);
            yield batch;
            if (prefetch === 0) launch(1);
          }
        },
      };
    },
  };
}

/** Builds batches on the calling thread, each in its own macrotask so that it runs when the consumer awaits. */
export function inThreadAssembler(store: FeatureStore, config: AssemblerConfig, variants: readonly FeatureStore[] = []): BatchAssembler {
  return {
    assemble: (plan) =>
      new Promise((resolve, reject) => {
        const run = (): void => {
          try {
            resolve(assembleBatch(store, plan, config, variants));
          } catch (e) {
            reject(e);
          }
        };
        if (typeof setImmediate === 'function') setImmediate(run);
        else setTimeout(run, 0);
      }),
    close: async () => {},
  };
}
