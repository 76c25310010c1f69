import { writeFileAtomicSync } from '../io/write-atomic.js';
import {
  Adam,
  AdamW,
  createLoss,
  createLrSchedule,
  fit,
  stringifyWithNonFinite,
  TrainingInterruptedError,
  type FitResult,
  type JsonValue,
  type LrScheduleSpec,
  type TrainingCheckpoint,
} from '@spectromix/train';
import { DirectoryCheckpointStore, readCheckpointFile } from '@spectromix/train/node';
import type { RunConfig } from '../config/schema.js';
import { protocolOf } from '../config/protocol.js';
import { selectBackend } from '../backend/select.js';
import { DataError } from '../errors.js';
import { configuredPerturbations, prepareData, type PreparedData } from '../data/prepare.js';
import { createRunBatches } from '../data/batches.js';
import { speakerProfiles, trainingRate } from '../data/speaker-norm.js';
import { buildModel } from '../model/build.js';
import { applyInitWeights } from '../model/init-weights.js';
import { createRunManifest } from '../model/manifest.js';
import { writeExport } from '../model/export-io.js';
import { renderReport } from '../report/html.js';
import type { StepPoint } from '../report/charts.js';
import { JsonlLog } from './jsonl-log.js';
import { createAveraging, type AveragingRecord } from './averaging.js';
import { createDistillation, loadTeacher } from './distill.js';
import { ProgressBar, formatDuration } from './progress.js';
import { backendMatMulPrecision, precisionSummary, setUpPrecision } from './precision.js';
import type { RunPaths } from './run-dir.js';

/** Options of {@link trainRun}. */
export interface TrainRunOptions {
  /** The run folder (created by the caller). */
  readonly paths: RunPaths;
  /** Continue from this checkpoint file (its config must equal `config` up to epochs, backend and checkpointing). */
  readonly resume?: string;
  /** Where messages go (default stdout). */
  readonly print?: (line: string) => void;
  /** Progress stream (default stderr). */
  readonly progressStream?: NodeJS.WriteStream;
  /** Build batches on worker threads (default true). */
  readonly offThread?: boolean;
  /** Stop after the current step (a checkpoint is written first). */
  readonly signal?: AbortSignal;
  /** Data already prepared by the caller (k-fold reuses it across folds only when the split is the same). */
  readonly data?: PreparedData;
}

/** What a finished run produced. */
export interface TrainRunResult {
  /** The loop's result: history, best epoch, final validation and test metrics. */
  readonly fit: FitResult;
  /** The data it trained on. */
  readonly data: PreparedData;
  /** Wall time of the whole run in seconds (data preparation included). */
  readonly wallSeconds: number;
  /** The backend it ran on. */
  readonly backend: string;
  /** The configuration it ran with (normalisation statistics filled in). */
  readonly config: RunConfig;
  /** What `train.average` did, when it was on. */
  readonly averaging?: AveragingRecord;
}

/** The optimiser of a run's configuration. */
function schedule(config: RunConfig): LrScheduleSpec {
  const lr = config.optimizer.lr;
  const s = config.schedule;
  if (s.kind === 'constant') return { kind: 'constant', lr };
  if (s.kind === 'ast') return { ...s, lr };
  return { ...s, lr };
}

/** The speakers or folds a split holds out for test (kfold's row label). */
export function heldOutGroups(split: RunConfig['data']['split']): string[] {
  if (split.kind === 'folds') return (split.folds[split.fold] ?? []).map(String);
  if (split.kind === 'hold-out-speakers') return [...split.test];
  if (split.kind === 'stratified-clips') return [`clip-fold-${split.fold}`];
  return [];
}

/** Whether the run's epoch was chosen on data apart from the test (`inner`) or on the test fold itself (`test`). */
export function selectionOf(split: RunConfig['data']['split']): 'inner' | 'test' {
  return split.kind === 'folds' && split.validation === 'test-fold' ? 'test' : 'inner';
}

/**
 * Runs one training run end to end: backend, data and features, model, optimiser, the training loop with
 * progress bar, JSONL log and checkpoints, then the report (HTML), the result (JSON) and the exported model.
 */
export async function trainRun(config: RunConfig, options: TrainRunOptions): Promise<TrainRunResult> {
  const t0 = performance.now();
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const { paths } = options;
  const log = new JsonlLog(paths.log);
  writeFileAtomicSync(paths.config, `${JSON.stringify(config, null, 2)}\n`);

  const backend = await selectBackend(config.run.backend, backendMatMulPrecision(config.train.precision));
  const precision = setUpPrecision(config.train.precision, backend);
  // Tensors are created only now that the backend is chosen.
  const resume: TrainingCheckpoint | undefined = options.resume != null ? await readCheckpointFile(options.resume) : undefined;
  print(`Backend: ${backend.name} (${backend.reason})${Object.keys(backend.details).length > 0 ? ` ${JSON.stringify(backend.details)}` : ''}`);
  print(`Precision: ${precision.description}`);

  let lastPct = -1;
  const data =
    options.data ??
    (await prepareData(config, {
      perturbed: true,
      onPerturbedProgress: (p, q) => {
        if (q.done === q.total) print(`Features (speed ${p.speed}, VTLP alpha ${p.vtlpAlpha}): ${q.done}/${q.total} clips${q.failed > 0 ? ` (${q.failed} failed)` : ''}`);
      },
      onProgress: (p) => {
        const pct = Math.floor((100 * p.done) / Math.max(1, p.total));
        if (pct !== lastPct && (pct % 25 === 0 || p.done === p.total)) {
          lastPct = pct;
          print(`Features: ${p.done}/${p.total} clips${p.failed > 0 ? ` (${p.failed} failed)` : ''}`);
        }
      },
    }));
  const classes = data.dataset.classes;
  const count = (rows: number[]): number => rows.filter((i) => data.store.has(i)).length;
  print(
    `Data: ${data.dataset.name} at ${data.dataset.root}: ${classes.length} classes, train ${count(data.split.train)} / validation ${count(data.split.validation)} / test ${count(data.split.test)} clips ` +
      `(${data.split.description}); features ${data.featureSource}; normalisation mean ${data.normalization.mean.toFixed(4)} std ${data.normalization.std.toFixed(4)} (${data.normalization.source})`,
  );
  const perturbations = configuredPerturbations(config);
  if (perturbations.length > 0 && data.perturbed == null) throw new DataError('augment.speed / augment.vtlp need the perturbed copies of the features: prepare the data with prepareData(config, { perturbed: true }).');
  if (data.perturbed != null) print(`Perturbation (training only): each training clip draws one of ${data.perturbed.set.length} copies per epoch: ${data.perturbed.set.map((p) => `speed ${p.speed} alpha ${p.vtlpAlpha}`).join(', ')}`);
  if (data.store.problems.length > 0) print(`Skipped ${data.store.problems.length} unreadable clip(s), e.g. ${data.store.problems[0]?.path}: ${data.store.problems[0]?.reason}`);

  // The statistics become part of the run's configuration, so checkpoints and exports carry them.
  config = { ...config, data: { ...config.data, normalization: { mean: data.normalization.mean, std: data.normalization.std } } };
  // Likewise the common speaking rate of speaking-rate normalisation (the training speakers' mean).
  if (config.data.speakerRate === 'normalize') {
    const profiles = speakerProfiles(data, 'data.speakerRate');
    const targetFrames = trainingRate(profiles, data.split.train);
    print(`Speaking rate: ${targetFrames.toFixed(1)} active frames per clip (the training speakers' mean); time scale per speaker ${profiles.names.map((s, k) => `${s} ${(targetFrames / (profiles.profiles[k]?.meanActiveFrames ?? targetFrames)).toFixed(3)}`).join(', ')}`);
    config = { ...config, data: { ...config.data, speakerRate: { targetFrames } } };
  }
  writeFileAtomicSync(paths.config, `${JSON.stringify(config, null, 2)}\n`);
  const model = buildModel(config, classes.length);
  // Pretrained weights (model.init) replace the initialisation of a new run; a resumed run loads its checkpoint.
  if (config.model.init != null && resume == null) {
    try {
      print(applyInitWeights(model, config.model.init));
    } catch (error) {
      model.dispose();
      throw error;
    }
  }
  const params = model.trainableParameters();
  const Opt = config.optimizer.kind === 'adamw' ? AdamW : Adam;
  const optimizer = new Opt(params, { lr: config.optimizer.lr, betas: config.optimizer.betas, eps: config.optimizer.eps, weightDecay: config.optimizer.weightDecay });
  print(`Model: ${config.model.preset} (${(model.numParameters() / 1e6).toFixed(3)} M parameters, ${classes.length} classes, ${config.data.targetLength} frames)`);

  // --workers 0 means no worker threads at all: batches are assembled on the main thread too.
  const batches = createRunBatches(config, data, { offThread: options.offThread ?? config.data.workers !== 0 });
  const store = new DirectoryCheckpointStore(paths.checkpoints, { keepLast: config.checkpoint.keepLast });
  const progress = new ProgressBar(config.train.epochs, options.progressStream ?? process.stderr);
  const averaging = createAveraging(config, paths.dir, batches.validation != null, resume);
  const plainLoss = createLoss(config.train.loss, { labelSmoothing: config.train.labelSmoothing });
  const distill = config.train.distill != null ? createDistillation(await loadTeacher(config, classes), batches.train, config.train.distill, plainLoss) : null;
  if (distill != null && config.train.distill != null) print(`Distillation: teacher ${config.train.distill.teacher}, ${config.train.distill.kind}, alpha ${config.train.distill.alpha}${config.train.distill.kind === 'soft' ? `, temperature ${config.train.distill.temperature}` : ''}`);
  const steps: StepPoint[] = [];
  log.write('start', {
    config,
    backend: { name: backend.name, reason: backend.reason, details: backend.details },
    precision: precisionSummary(precision, false),
    model: { parameters: model.numParameters(), config: model.config },
    data: { name: data.dataset.name, root: data.dataset.root, classes, split: data.split.description, normalization: data.normalization, train: count(data.split.train), validation: count(data.split.validation), test: count(data.split.test) },
    resumedFrom: resume != null ? { file: options.resume, position: resume.meta.position } : null,
  });
  if (resume != null) {
    const p = resume.meta.position;
    print(`Resuming at epoch ${p.epoch + 1}, batch ${p.batch + 1} (step ${p.globalStep}).`);
  }
  print(`Training ${config.train.epochs} epochs of ${batches.train.batchesPerEpoch} batches (batch ${config.train.batchSize}); run folder ${paths.dir}`);

  if (precision.lossScaler != null) precision.history?.start(precision.lossScaler.scale);
  let fitResult: FitResult;
  try {
    fitResult = await fit({
      model,
      optimizer,
      loss: distill?.loss ?? plainLoss,
      schedule: createLrSchedule(schedule(config)),
      train: distill?.train ?? batches.train,
      epochs: config.train.epochs,
      ...(batches.validation != null ? { validation: batches.validation } : {}),
      ...(batches.test != null ? { test: batches.test } : {}),
      selectMetric: config.train.selectMetric,
      testEachEpoch: config.train.testEachEpoch,
      ...(config.train.clipGradNorm != null ? { clipGradNorm: config.train.clipGradNorm } : {}),
      ...(precision.lossScaler != null ? { lossScaler: precision.lossScaler } : {}),
      // The loss-scale history is checkpointed, so a resumed run's result lists every skipped step.
      ...(precision.history != null ? { states: { lossScaleHistory: precision.history } } : {}),
      store,
      checkpointEverySteps: config.checkpoint.everySteps,
      config: { runConfig: config, labels: classes } as unknown as JsonValue,
      ...(resume != null ? { resume } : {}),
      ...(options.signal != null ? { signal: options.signal } : {}),
      onStep: (e) => {
        progress.step(e);
        steps.push({ step: e.globalStep, loss: e.loss, lr: e.lr });
        precision.history?.observe(e);
        const scaling = e.lossScale != null ? { lossScale: e.lossScale, skipped: e.skipped === true } : {};
        log.write('step', { epoch: e.epoch, batch: e.batch, step: e.globalStep, loss: e.loss, lr: e.lr, size: e.size, samplesPerSecond: e.samplesPerSecond, ...scaling });
      },
      onEpoch: (r, val) => {
        averaging?.onEpoch(r, model);
        const last = steps[steps.length - 1];
        log.write('epoch', { ...r, validationMetrics: val ?? null });
        progress.line(
          `epoch ${r.epoch + 1}/${config.train.epochs}: train loss ${r.trainLoss.toFixed(4)} acc ${(100 * r.trainAccuracy).toFixed(2)}%` +
            (r.validation != null ? `, validation loss ${r.validation.loss.toFixed(4)} acc ${(100 * r.validation.accuracy).toFixed(2)}% AUC ${(100 * r.validation.macroAuc).toFixed(2)}%` : '') +
            (r.test != null ? `, test acc ${(100 * r.test.accuracy).toFixed(2)}%` : '') +
            `, lr ${(last?.lr ?? r.lr).toExponential(2)}`,
        );
      },
      onCheckpoint: (id, reason) => log.write('checkpoint', { path: id, reason }),
    });
  } catch (error) {
    log.write('error', { name: (error as Error).name, message: (error as Error).message });
    await batches.close();
    distill?.dispose();
    optimizer.dispose();
    model.dispose();
    if (error instanceof TrainingInterruptedError) progress.line(error.message);
    throw error;
  }
  distill?.dispose();
  let averaged: AveragingRecord | undefined;
  if (averaging != null) {
    try {
      const sources = { ...(batches.validation != null ? { validation: batches.validation } : {}), ...(batches.test != null ? { test: batches.test } : {}) };
      ({ fit: fitResult, record: averaged } = await averaging.finish(model, fitResult, sources, plainLoss));
    } finally {
      await batches.close();
    }
    print(`Averaged epochs ${averaged.epochs.map((e) => e + 1).join(', ')}: validation accuracy ${(100 * averaged.validation.accuracy).toFixed(2)}% against the best epoch's ${averaged.bestEpochValidation != null ? `${(100 * averaged.bestEpochValidation.accuracy).toFixed(2)}%` : '-'}; kept ${averaged.kept === 'average' ? 'the average' : 'the best epoch'} (chosen on validation).`);
    log.write('averaging', averaged as unknown as Record<string, unknown>);
  } else {
    await batches.close();
  }
  if (precision.lossScaler != null && precision.history != null) {
    const h = precision.history.value;
    print(`Loss scaling: ${h.skippedSteps.length} of ${fitResult.globalStep} steps skipped for overflow${h.skippedSteps.length > 0 ? ` (steps ${h.skippedSteps.slice(0, 10).join(', ')}${h.skippedSteps.length > 10 ? ', ...' : ''})` : ''}; scale now ${precision.lossScaler.scale}.`);
  }
  const wallSeconds = (performance.now() - t0) / 1000;
  const results = { validation: fitResult.validation, test: fitResult.test };
  log.write('result', { best: fitResult.best, validation: fitResult.validation ?? null, test: fitResult.test ?? null, samplesPerSecond: fitResult.samplesPerSecond, wallSeconds, globalStep: fitResult.globalStep, backend: backend.name, precision: precisionSummary(precision) });
  const result = {
    best: fitResult.best,
    history: fitResult.history,
    validation: fitResult.validation ?? null,
    test: fitResult.test ?? null,
    samplesPerSecond: fitResult.samplesPerSecond,
    wallSeconds,
    backend: backend.name,
    precision: precisionSummary(precision),
    classes,
    split: { description: data.split.description, heldOut: heldOutGroups(config.data.split), selection: selectionOf(config.data.split), protocol: protocolOf(config.data.split) },
    seed: config.run.seed,
    ...(averaged != null ? { averaging: averaged } : {}),
  };
  writeFileAtomicSync(paths.result, `${stringifyWithNonFinite(result)}\n`);

  const manifest = createRunManifest({ model: model.config, labels: classes, config, normalization: data.normalization, split: data.split.description, bestEpoch: fitResult.best?.epoch ?? null, metrics: results });
  await writeExport(model, manifest, paths.model, false);
  const html = await renderReport({
    title: `spectromix: ${config.model.preset} on ${data.dataset.name}`,
    history: fitResult.history,
    steps,
    classes,
    results,
    facts: [
      ['backend', `${backend.name} ${JSON.stringify(backend.details)}`],
      ['precision', precision.description],
      ['model', `${config.model.preset}, ${(model.numParameters() / 1e6).toFixed(3)} M parameters`],
      ['data', `${data.dataset.name}: ${data.split.description}`],
      ['best epoch', fitResult.best != null ? `${fitResult.best.epoch + 1} (${fitResult.best.metric} ${fitResult.best.value.toFixed(4)})` : 'last'],
      ['throughput', `${fitResult.samplesPerSecond.toFixed(1)} training samples/s`],
      ['wall time', formatDuration(wallSeconds)],
      ['finished', new Date().toISOString()],
    ],
    config,
  });
  writeFileAtomicSync(paths.report, html);
  optimizer.dispose();
  model.dispose();
  return { fit: fitResult, data, wallSeconds, backend: backend.name, config, ...(averaged != null ? { averaging: averaged } : {}) };
}
