// Load FSDD from its published layout, hold one speaker out, cache AST features, and iterate training batches.
// Run from the repo: pnpm --filter @spectromix/datasets exec tsx --conditions=@spectromix/source examples/fsdd.ts
import { join } from 'node:path';
import { FeatureCache, computeStats, createBatchPipeline, holdOutSpeakers, loadFsdd } from '@spectromix/datasets/node';

const root = process.env.FSDD_ROOT ?? join(process.env.SPECTROMIX_DATA ?? '../shared/datasets', 'fsdd');
const dataset = await loadFsdd(root); // recordings/{digit}_{speaker}_{take}.wav
console.log(`${dataset.records.length} clips, classes ${dataset.classes.join(' ')}, ${dataset.problems.length} problems`);

// Speaker-independent: every clip of 'yweweler' is test data, nobody else's is.
const { train, test } = holdOutSpeakers(dataset.records, ['yweweler']);
const records = [...train, ...test].filter((_, i) => i % 10 === 0); // a tenth, to keep the example quick
const trainIdx = records.map((r, i) => (r.speaker === 'yweweler' ? -1 : i)).filter((i) => i >= 0);

// Decode, resample to 16 kHz and compute 128-bin AST fbanks once; later runs read the cache file.
const cache = new FeatureCache({ dir: '.cache/features', settings: { targetLength: 128 } });
const store = await cache.features(records, { onProgress: (p) => p.done % 50 === 0 && console.log(`features ${p.done}/${p.total}`) });
const stats = computeStats(store, trainIdx); // AST-style mean/std over the training split only

const pipeline = createBatchPipeline({
  store, records, indices: trainIdx, numClasses: dataset.classes.length, batchSize: 16, shuffle: true, seed: 0,
  normalize: stats, specAugment: { freqMaskParam: 24, timeMaskParam: 24 }, mixup: { alpha: 10, prob: 0.5 }, timeRoll: true, noise: 0.1,
});
for (let epoch = 0; epoch < 2; epoch++) {
  for await (const batch of pipeline.epoch(epoch)) {
    // batch.x: [size, 128, 128] features, batch.y: [size, 10] soft labels: feed them to your model here.
    if (batch.index === 0) console.log(`epoch ${epoch}: ${pipeline.batchesPerEpoch} batches, first x has ${batch.x.length} values`);
  }
}
console.log('resume point', pipeline.state());
await pipeline.close();
