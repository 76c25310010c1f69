import { Adam, createLrSchedule, stringifyWithNonFinite, TrainingInterruptedError, type JsonValue, type TrainingCheckpoint } from '@spectromix/train';
import { DirectoryCheckpointStore, readCheckpointFile } from '@spectromix/train/node';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { writeFileAtomicSync } from '../io/write-atomic.js';
import { selectBackend } from '../backend/select.js';
import { JsonlLog } from '../run/jsonl-log.js';
import { ProgressBar, formatDuration } from '../run/progress.js';
import type { RunPaths } from '../run/run-dir.js';
import type { PretrainConfig } from './config.js';
import { preparePretrainData, type PretrainData } from './data.js';
import { createPretrainBatches } from './batches.js';
import { MaskedPatchModel } from './model.js';
import { maskedCount } from './masking.js';
import { pretrainLoop, type PretrainEpoch } from './loop.js';
import type { BestEpoch } from '@spectromix/train';

/** The file of a pretraining run folder that `spectromix train --init` loads (the encoder in spectromix's safetensors layout). */
export const PRETRAINED_WEIGHTS_FILE = 'pretrained.safetensors';

/** Metadata key of the pretrained weights file that says how they were made (JSON). */
export const PRETRAIN_METADATA_KEY = 'spectromix.pretrain';

/** Options of {@link pretrainRun}. */
export interface PretrainRunOptions {
  /** The run folder (created by the caller). */
  readonly paths: RunPaths;
  /** Continue from this checkpoint file. */
  readonly resume?: string;
  /** Where messages go (default stdout). */
  readonly print?: (line: string) => void;
  /** Progress stream (default stderr). */
  readonly progressStream?: NodeJS.WriteStream;
  /** Stop after the current step (a checkpoint is written first). */
  readonly signal?: AbortSignal;
}

/** What a finished pretraining run produced. */
export interface PretrainRunResult {
  /** Every epoch's training and held-out scores. */
  readonly history: PretrainEpoch[];
  /** The epoch of the lowest held-out loss (its weights are the output). */
  readonly best: BestEpoch | null;
  /** The pretrained encoder weights. */
  readonly weights: string;
  /** Wall time in seconds (features included). */
  readonly wallSeconds: number;
  /** The backend it ran on. */
  readonly backend: string;
  /** The configuration it ran with (normalisation statistics filled in). */
  readonly config: PretrainConfig;
  /** The data it read. */
  readonly data: PretrainData;
}

/**
 * Runs one pretraining end to end: backend, unlabelled data and features, the masked patch model, Adam with warm-up
 * and cosine decay, the loop with progress bar, JSONL log and checkpoints, then `result.json` and the encoder's
 * weights of the best held-out epoch as `pretrained.safetensors` (ASM-RH's safetensors layout; `train --init`
 * loads all of it but the head).
 */
export async function pretrainRun(config: PretrainConfig, options: PretrainRunOptions): Promise<PretrainRunResult> {
  const t0 = performance.now();
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const { paths } = options;
  const log = new JsonlLog(paths.log);
  writeFileAtomicSync(paths.config, `${JSON.stringify(config, null, 2)}\n`);
  const backend = await selectBackend(config.run.backend, 'fp32');
  const resume: TrainingCheckpoint | undefined = options.resume != null ? await readCheckpointFile(options.resume) : undefined;
  print(`Backend: ${backend.name} (${backend.reason})${Object.keys(backend.details).length > 0 ? ` ${JSON.stringify(backend.details)}` : ''}`);
  const data = await preparePretrainData(config, {
    onProgress: (root, p) => {
      if (p.done === p.total) print(`Features: ${root}: ${p.done}/${p.total} clips${p.failed > 0 ? ` (${p.failed} failed)` : ''}`);
    },
  });
  for (const s of data.sources) print(`Data: ${s.root} read as ${s.layout}: ${s.clips} clips${s.excluded > 0 ? `, ${s.excluded} left out (excluded speakers)` : ''}`);
  print(`Split: ${data.split.description}; normalisation mean ${data.normalization.mean.toFixed(4)} std ${data.normalization.std.toFixed(4)} (${data.normalization.source})`);
  config = { ...config, data: { ...config.data, normalization: { mean: data.normalization.mean, std: data.normalization.std } } };
  writeFileAtomicSync(paths.config, `${JSON.stringify(config, null, 2)}\n`);

  const model = new MaskedPatchModel(config);
  const optimizer = new Adam(model.trainableParameters(), { lr: config.optimizer.lr, betas: config.optimizer.betas, eps: config.optimizer.eps, weightDecay: config.optimizer.weightDecay });
  const tokens = model.geometry.grid.freq * model.geometry.grid.time;
  print(`Model: ${model.encoder.describe()}; ${(model.encoder.numParameters() / 1e6).toFixed(3)} M encoder parameters; masking ${maskedCount(tokens, config.mask.ratio)} of ${tokens} patches (${config.mask.cluster != null ? `clusters of ${config.mask.cluster.min}-${config.mask.cluster.max}` : 'one by one'}, hide ${config.mask.hide})`);
  const batches = createPretrainBatches(config, data, model.geometry);
  const store = new DirectoryCheckpointStore(paths.checkpoints, { keepLast: config.checkpoint.keepLast });
  const progress = new ProgressBar(config.train.epochs, options.progressStream ?? process.stderr);
  log.write('start', {
    kind: 'pretrain',
    config,
    backend: { name: backend.name, reason: backend.reason, details: backend.details },
    model: { parameters: model.numParameters(), encoder: model.encoder.config },
    data: { sources: data.sources, split: data.split.description, normalization: data.normalization, train: data.split.train.length, heldOut: data.split.validation.length },
    resumedFrom: resume != null ? { file: options.resume, position: resume.meta.position } : null,
  });
  if (resume != null) print(`Resuming at epoch ${resume.meta.position.epoch + 1}, batch ${resume.meta.position.batch + 1} (step ${resume.meta.position.globalStep}).`);
  print(`Pretraining ${config.train.epochs} epochs of ${batches.batchesPerEpoch} batches (batch ${config.train.batchSize}); run folder ${paths.dir}`);
  const totalSteps = config.train.epochs * batches.batchesPerEpoch;
  const schedule = createLrSchedule({ kind: 'warmup-cosine', lr: config.optimizer.lr, warmup: Math.min(config.schedule.warmupSteps, Math.max(0, totalSteps - 1)), minLr: config.schedule.minLr, interval: 'step' });
  let result;
  try {
    result = await pretrainLoop({
      model,
      optimizer,
      batches,
      epochs: config.train.epochs,
      schedule,
      store,
      checkpointEverySteps: config.checkpoint.everySteps,
      config: { pretrainConfig: config } as unknown as JsonValue,
      ...(resume != null ? { resume } : {}),
      ...(options.signal != null ? { signal: options.signal } : {}),
      onStep: (e) => {
        progress.step(e);
        log.write('step', { epoch: e.epoch, batch: e.batch, step: e.globalStep, loss: e.loss, mse: e.mse, nce: e.nce, lr: e.lr, size: e.size, samplesPerSecond: e.samplesPerSecond });
      },
      onEpoch: (r) => {
        log.write('epoch', r as unknown as Record<string, unknown>);
        progress.line(
          `epoch ${r.epoch + 1}/${config.train.epochs}: train loss ${r.train.loss.toFixed(4)} (mse ${r.train.mse.toFixed(4)}, nce ${r.train.nce.toFixed(4)}, pick ${(100 * r.train.pickAccuracy).toFixed(1)}%), ` +
            `held-out loss ${r.heldOut.loss.toFixed(4)} (mse ${r.heldOut.mse.toFixed(4)}, nce ${r.heldOut.nce.toFixed(4)}, pick ${(100 * r.heldOut.pickAccuracy).toFixed(1)}%), lr ${r.lr.toExponential(2)}`,
        );
      },
      onCheckpoint: (id, reason) => log.write('checkpoint', { path: id, reason }),
    });
  } catch (error) {
    log.write('error', { name: (error as Error).name, message: (error as Error).message });
    await batches.close();
    optimizer.dispose();
    model.dispose();
    if (error instanceof TrainingInterruptedError) progress.line(error.message);
    throw error;
  }
  await batches.close();
  const weights = join(paths.dir, PRETRAINED_WEIGHTS_FILE);
  const about = { method: 'masked spectrogram patch modelling (SSAST-style)', bestEpoch: result.best?.epoch ?? null, heldOutLoss: result.best?.value ?? null, sources: data.sources.map((s) => ({ root: s.root, clips: s.clips, excluded: s.excluded })), excludeSpeakers: config.data.excludeSpeakers, targetLength: config.data.targetLength, normalization: config.data.normalization, speakerNormalization: config.data.speakerNormalization };
  writeFileSync(weights, await model.encoder.saveWeightsAsync({ [PRETRAIN_METADATA_KEY]: JSON.stringify(about) }));
  const wallSeconds = (performance.now() - t0) / 1000;
  const summary = {
    kind: 'pretrain',
    best: result.best,
    history: result.history,
    heldOut: result.best != null ? result.history[result.best.epoch]?.heldOut ?? null : null,
    weights,
    samplesPerSecond: result.samplesPerSecond,
    wallSeconds,
    backend: backend.name,
    globalStep: result.globalStep,
    data: { sources: data.sources, split: data.split.description, excludeSpeakers: config.data.excludeSpeakers },
    seed: config.run.seed,
  };
  log.write('result', { best: result.best, heldOut: summary.heldOut, weights, samplesPerSecond: result.samplesPerSecond, wallSeconds, globalStep: result.globalStep, backend: backend.name });
  writeFileAtomicSync(paths.result, `${stringifyWithNonFinite(summary)}\n`);
  print(`Finished in ${formatDuration(wallSeconds)} on ${backend.name}: ${result.samplesPerSecond.toFixed(1)} training clips/s.`);
  if (result.best != null) print(`Best held-out loss ${result.best.value.toFixed(4)} at epoch ${result.best.epoch + 1}; its encoder weights: ${weights}`);
  print(`Fine-tune with: spectromix train --init ${weights} (same --model, --target-length${config.data.speakerNormalization !== 'none' ? ' and data.speakerNormalization' : ''} as here)`);
  optimizer.dispose();
  model.dispose();
  return { history: result.history, best: result.best, weights, wallSeconds, backend: backend.name, config, data };
}
