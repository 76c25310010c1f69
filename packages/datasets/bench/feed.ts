// Does the batch pipeline keep asm-rh-tiny fed on the CPU? Times feature extraction, batch assembly (ours and
// PyTorch's AST-style peers in the same run), and, for real training steps of asm-rh-tiny, how long each step
// waits for its next batch. Writes the "## @spectromix/datasets" section of the root BENCHMARKS.md.
// Run: pnpm --filter @spectromix/datasets bench   (BENCH_BACKENDS=cpu,wasm  BENCH_CPU_STEPS=3  BENCH_WASM_STEPS=6)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createModel } from '@spectromix/asm-rh';
import * as tf from '@spectromix/tensor';
import { initBackend } from '@spectromix/tensor/node';
import {
  type Batch,
  FeatureCache,
  assembleBatch,
  computeStats,
  createBatchPipeline,
  holdOutSpeakers,
  loadRavdess,
  type BatchPipelineOptions,
} from '../src/node.js';
import { EpochPlanner } from '../src/pipeline/plan.js';

const here = dirname(fileURLToPath(import.meta.url));
const dataRoot = process.env.SPECTROMIX_DATA ?? resolve(here, '..', '..', '..', '..', 'shared', 'datasets');
const backends = (process.env.BENCH_BACKENDS ?? 'cpu,wasm').split(',') as ('cpu' | 'wasm')[];
const stepsFor = { cpu: Number(process.env.BENCH_CPU_STEPS ?? 3), wasm: Number(process.env.BENCH_WASM_STEPS ?? 6) };
const T = 512;
const B = 8;
const CLIPS_PER_ACTOR = 6;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const ms = (x: number): string => (x < 10 ? x.toFixed(2) : x.toFixed(0));
const lines: string[] = [];
const loads: number[] = [loadavg()[0] as number];
const log = (s: string): void => {
  console.log(s);
};

// Data: 6 clips of each of the 20 RAVDESS actors (120 clips), speaker-independent split (actors 19, 20 held out).
const ravdess = await loadRavdess(join(dataRoot, 'ravdess-speech'));
const byActor = new Map<string, number>();
const records = ravdess.records.filter((r) => {
  const n = byActor.get(r.speaker as string) ?? 0;
  byActor.set(r.speaker as string, n + 1);
  return n % 10 === 0 && n < 10 * CLIPS_PER_ACTOR;
});
const { train } = holdOutSpeakers(records, ['Actor_19', 'Actor_20']);
const trainIdx = train.map((r) => records.indexOf(r));
log(`records: ${records.length} RAVDESS clips, ${trainIdx.length} for training`);

// 1. Feature extraction, one thread and one worker per core.
const cacheRoot = mkdtempSync(join(tmpdir(), 'spx-feed-bench-'));
const extraction: Record<string, { total: number; steady: number; startMs: number }> = {};
for (const workers of [0, cpus().length]) {
  const cache = new FeatureCache({ dir: join(cacheRoot, `w${workers}`), settings: { targetLength: T } });
  const t0 = performance.now();
  let firstAt = 0;
  const s = await cache.features(records, { workers, onProgress: (p) => { if (p.done === 1) firstAt = performance.now(); } });
  const end = performance.now();
  extraction[`w${workers}`] = { total: (records.length / (end - t0)) * 1000, steady: ((records.length - 1) / (end - firstAt)) * 1000, startMs: firstAt - t0 };
  s.close();
  log(`extraction, ${workers} workers: ${JSON.stringify(extraction[`w${workers}`])}`);
}
const store = await new FeatureCache({ dir: join(cacheRoot, `w${cpus().length}`), settings: { targetLength: T } }).features(records);
const stats = computeStats(store, trainIdx);

// 2. Reading rows back from the cache file.
let t0 = performance.now();
for (let r = 0; r < 3; r++) for (let i = 0; i < store.length; i++) store.get(i);
const rowsPerSecond = (3 * store.length * 1000) / (performance.now() - t0);
log(`cache reads: ${rowsPerSecond.toFixed(0)} rows/s (${T}x128, float16)`);

// 3. Building one batch of 8 on this thread, with every augmentation on.
const augment = { normalize: stats, specAugment: { freqMaskParam: 48, timeMaskParam: 192 }, mixup: { alpha: 10, prob: 0.5 }, noise: 0.1, timeRoll: true } as const;
const labels = Int32Array.from(records, (r) => r.labelIndex);
const planner = new EpochPlanner({ pool: Int32Array.from(trainIdx), labels, batchSize: B, shuffle: true, balanced: false, dropLast: false, seed: 1, mixup: { alpha: 10, prob: 0.5 } });
const assembleTimes: number[] = [];
for (let k = 0; k < 12; k++) {
  const plan = planner.plan(0, k % planner.batchesPerEpoch);
  const a = performance.now();
  assembleBatch(store, plan, { labels, numClasses: 8, normalize: stats, specAugment: augment.specAugment, maxRollShift: 10, noise: 0.1 });
  assembleTimes.push(performance.now() - a);
}
const assembleMs = median(assembleTimes.slice(2));
log(`batch assembly (main thread): median ${ms(assembleMs)} ms per batch of ${B}`);

// 4. PyTorch peers on the same clips (AST's dataloader item path, and augmentation from memory).
let peer: { on_the_fly: number; from_memory: number; torch: string; torchaudio: string } | undefined;
const python = '/usr/bin/python3';
if (existsSync(python)) {
  const list = join(cacheRoot, 'files.json');
  writeFileSync(list, JSON.stringify(train.slice(0, 24).map((r) => r.path)));
  try {
    peer = JSON.parse(execFileSync(python, [join(here, '..', 'scripts', 'peer_batch.py'), list, String(T), String(B), '3'], { encoding: 'utf8' })) as typeof peer;
    log(`peer: AST on-the-fly ${ms(peer?.on_the_fly ?? 0)} ms, torch from memory ${ms(peer?.from_memory ?? 0)} ms per batch`);
  } catch (e) {
    log(`peer skipped: ${(e as Error).message.split('\n')[0]}`);
  }
}

// 5. Training steps of asm-rh-tiny fed by the pipeline: how long does each step wait for its batch?
interface FeedResult { backend: string; offThread: boolean; steps: number; stepMs: number; firstWaitMs: number; waits: number[]; margins: number[] }
const feeds: FeedResult[] = [];
async function feed(backend: 'cpu' | 'wasm', offThread: boolean, steps: number): Promise<void> {
  const model = createModel('asm-rh-tiny', { numClasses: 8, targetLength: T, seed: 0 });
  const params = [...model.trainableParameters().values()];
  const options: BatchPipelineOptions = { store, records, indices: trainIdx, numClasses: 8, batchSize: B, shuffle: true, seed: 7, offThread, prefetch: 2, ...augment };
  const pipeline = createBatchPipeline(options);
  const it = pipeline.epoch(0)[Symbol.asyncIterator]();
  const waits: number[] = [];
  const stepTimes: number[] = [];
  const margins: number[] = [];
  let lastStepEnd = 0;
  for (let s = 0; s < steps; s++) {
    const w0 = performance.now();
    const next = await it.next();
    waits.push(performance.now() - w0);
    const batch = next.value as Batch;
    // How long before the previous step ended was this batch finished (positive: it was ready in time)?
    if (s > 0) margins.push(lastStepEnd - batch.builtAt);
    const s0 = performance.now();
    const x = tf.tensor3d(batch.x, [batch.size, T, 128]);
    const y = tf.tensor2d(batch.y, [batch.size, 8]);
    const loss = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.forward(x, { training: true })) as tf.Scalar, params);
      for (const v of params) v.assign(tf.sub(v, tf.mul(grads[v.name] as tf.Tensor, 1e-4)));
      return value;
    });
    await loss.data();
    tf.dispose([x, y, loss]);
    stepTimes.push(performance.now() - s0);
    lastStepEnd = performance.timeOrigin + performance.now();
    log(`  ${backend} ${offThread ? 'worker' : 'main-thread'} step ${s}: waited ${ms(waits.at(-1) as number)} ms, step ${ms(stepTimes.at(-1) as number)} ms, batch ready ${s > 0 ? ms(margins.at(-1) as number) : '-'} ms before the previous step ended`);
  }
  await it.return?.();
  await pipeline.close();
  model.dispose();
  feeds.push({ backend, offThread, steps, stepMs: median(stepTimes), firstWaitMs: waits[0] as number, waits: waits.slice(1), margins });
}
for (const backend of backends) {
  await initBackend(backend);
  await feed(backend, true, stepsFor[backend]);
  if (backend === 'wasm') await feed(backend, false, stepsFor[backend]);
}
loads.push(loadavg()[0] as number);
store.close();
rmSync(cacheRoot, { recursive: true, force: true });

// Report.
const cpu = cpus()[0]?.model ?? 'unknown CPU';
const date = new Date().toISOString().slice(0, 10);
lines.push('## @spectromix/datasets', '');
lines.push(
  `Feeding asm-rh-tiny (T = ${T}, 128 mel bins, 8 classes, batch ${B}) from the feature cache with every training augmentation on ` +
    `(mixup alpha 10 p 0.5, SpecAugment 48/192, AST normalisation, noise 0.1, time roll). Data: ${records.length} RAVDESS clips ` +
    `(${CLIPS_PER_ACTOR} per actor), ${trainIdx.length} for training (actors 19-20 held out). Machine: ${cpu}, ${cpus().length} cores, ` +
    `Node ${process.version}; ${date}. Timings are wall clock on a shared machine (1-minute load average ${loads.map((l) => l.toFixed(1)).join(' at the start, ')} at the end), so treat them as rough.`,
  '',
  '| training step | steps | step (median) | next batch finished before the step ended (min over steps) | consumer wait in `next()` (median / max, steps 2..n) | first batch (cold start) |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
);
for (const f of feeds) {
  lines.push(
    `| asm-rh-tiny forward+backward+update, tfjs ${f.backend}, batches built ${f.offThread ? 'on a worker thread' : 'on the main thread'} | ${f.steps} | ${ms(f.stepMs)} ms | ` +
      `${f.margins.length ? (Math.min(...f.margins) > 0 ? `yes, by ${ms(Math.min(...f.margins))} ms` : `no: ${ms(-Math.min(...f.margins))} ms after`) : 'n/a'} | ` +
      `${f.waits.length ? `${ms(median(f.waits))} / ${ms(Math.max(...f.waits))} ms` : 'n/a'} | ${ms(f.firstWaitMs)} ms |`,
  );
}
lines.push('', '| batch preparation (8 x 512 x 128, all augmentations) | ms per batch | spectromix is |', '| --- | ---: | ---: |');
lines.push(`| spectromix: read 8 float16 rows from the cache file + augment (one thread) | ${ms(assembleMs)} | 1x |`);
if (peer) {
  lines.push(`| PyTorch ${peer.torch} / torchaudio ${peer.torchaudio}: AST dataloader item path (load, resample, waveform mixup, kaldi.fbank, augment), 1 thread | ${ms(peer.on_the_fly)} | ${(peer.on_the_fly / assembleMs).toFixed(1)}x faster |`);
  lines.push(`| PyTorch: the same augmentation on fbanks held in memory, 1 thread | ${ms(peer.from_memory)} | ${(peer.from_memory / assembleMs).toFixed(2)}x ${peer.from_memory >= assembleMs ? 'faster' : 'slower'} |`);
} else {
  lines.push('| PyTorch peers | not run (no /usr/bin/python3 with torch) | |');
}
lines.push(
  '',
  `Feature extraction of the ${records.length} clips (decode Opus, resample to 16 kHz, AST fbank, pad to ${T}, float16 row), clips/s overall and after the first clip: ` +
    `one thread ${extraction.w0?.total.toFixed(1)} / ${extraction.w0?.steady.toFixed(1)}; ${cpus().length} worker threads ` +
    `${extraction[`w${cpus().length}`]?.total.toFixed(1)} / ${extraction[`w${cpus().length}`]?.steady.toFixed(1)} ` +
    `(worker start-up ${ms(extraction[`w${cpus().length}`]?.startMs ?? 0)} ms when running from TypeScript source, where workers load tsx). ` +
    `Cache reads: ${rowsPerSecond.toFixed(0)} rows/s.`,
  '',
  'Reading it: with batches built on the worker thread each next batch was finished well before the step ended; the few ' +
    'milliseconds the consumer still spends in `next()` are the event-loop turn and garbage collection after a tfjs step, not ' +
    'assembly (the first batch pays the worker start-up once). On the main thread a batch can only be built between steps, so ' +
    'the step waits for the whole assembly.',
  '',
  'Run it: `pnpm --filter @spectromix/datasets bench` (BENCH_BACKENDS, BENCH_CPU_STEPS, BENCH_WASM_STEPS tune it; the PyTorch peer needs /usr/bin/python3 with torch and torchaudio).',
  '',
);

const benchPath = resolve(here, '..', '..', '..', 'BENCHMARKS.md');
const previous = existsSync(benchPath) ? readFileSync(benchPath, 'utf8') : '# Benchmarks\n';
const start = previous.indexOf('## @spectromix/datasets');
const section = lines.join('\n');
let next: string;
if (start < 0) next = `${previous.trimEnd()}\n\n${section}`;
else {
  const end = previous.indexOf('\n## ', start + 1);
  next = `${previous.slice(0, start)}${section}${end < 0 ? '' : `\n${previous.slice(end + 1)}`}`;
}
writeFileSync(benchPath, `${next.trimEnd()}\n`);
console.log(`\nwrote the @spectromix/datasets section of ${benchPath}`);
