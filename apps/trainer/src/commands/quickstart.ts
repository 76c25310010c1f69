import { resolveRunConfig } from '../config/resolve.js';
import { flagsLayer } from '../config/flags.js';
import { mergeLayer } from '../config/merge.js';
import { newRunDir } from '../run/run-dir.js';
import { formatConfig } from '../run/print-config.js';
import { removeRunDirIfNotStarted } from '../run/start-guard.js';
import { trainRun } from '../run/train-run.js';
import { formatDuration } from '../run/progress.js';

/**
 * The quickstart on the embedded dataset: 6 synthetic sound classes, 0.64 s clips (64 frames), asm-rh-tiny,
 * a budget that finishes in about two minutes on 2 idle CPU cores.
 */
export const QUICKSTART_SYNTHETIC = {
  model: { preset: 'asm-rh-tiny' }, // the CPU preset
  data: { dataset: 'synthetic', targetLength: 64, synthetic: { train: 120, validation: 10, test: 25 }, split: { kind: 'official' } }, // 930 clips: 720 train, 60 validation, 150 test
  optimizer: { kind: 'adam', lr: 3e-3 }, // from scratch on a small set: a larger step than the paper's 2.5e-4 (measured best of 1e-3, 3e-3)
  schedule: { kind: 'ast', start: 3, step: 1, gamma: 0.85, interval: 'epoch' }, // AST's decay, started earlier for a short run
  train: { epochs: 5, batchSize: 16 }, // 45 steps per epoch; more unique clips beat more epochs over fewer (measured)
} as const;

/**
 * The quickstart on FSDD (with `--data <fsdd folder>`): the fsdd recipe (speaker jackson held out) with a
 * budget for a few minutes on 2 CPU cores.
 */
export const QUICKSTART_FSDD = {
  model: { preset: 'asm-rh-tiny' },
  data: { dataset: 'fsdd', targetLength: 64, split: { kind: 'hold-out-speakers', test: ['jackson'], validation: 'official' } }, // 0.64 s: most digits fit
  optimizer: { kind: 'adam', lr: 2e-3 }, // the fsdd recipe's
  schedule: { kind: 'ast', start: 2, step: 1, gamma: 0.85, interval: 'epoch' }, // decay early in a short run
  augment: { freqm: 24, timem: 16, timeRoll: true }, // the fsdd recipe's
  train: { epochs: 4, batchSize: 32, labelSmoothing: 0.1 }, // about 4 minutes of 2 cores
} as const;

/** `spectromix quickstart`: train and evaluate asm-rh-tiny, offline, then print the held-out accuracy. */
export async function quickstartCommand(options: Record<string, unknown>, signal?: AbortSignal): Promise<void> {
  const flags = flagsLayer(options);
  const onFsdd = options['data'] != null;
  const base = onFsdd ? QUICKSTART_FSDD : QUICKSTART_SYNTHETIC;
  const { config, layers } = resolveRunConfig({ flags: mergeLayer(structuredClone(base) as Record<string, unknown>, flags) });
  console.log(
    onFsdd
      ? `spectromix quickstart: asm-rh-tiny on FSDD at ${String(options['data'])} (speaker jackson held out).`
      : 'spectromix quickstart: asm-rh-tiny on the embedded dataset (6 synthetic sound classes generated in code, seeded; see the README).',
  );
  console.log(formatConfig(config, [{ source: 'defaults', layer: {} }, { source: onFsdd ? 'quickstart (FSDD)' : 'quickstart (embedded dataset)', layer: {} }, ...layers.slice(1)]));
  const paths = newRunDir(config);
  const r = await removeRunDirIfNotStarted(paths.dir, () => trainRun(config, { paths, ...(signal != null ? { signal } : {}) }));
  const test = r.fit.test;
  console.log('');
  console.log(`Finished in ${formatDuration(r.wallSeconds)} on ${r.backend} (${r.fit.samplesPerSecond.toFixed(1)} training samples/s).`);
  if (test != null) {
    console.log(`Held-out accuracy: ${(100 * test.accuracy).toFixed(2)}% on ${test.count} test clips never seen in training (macro AUC ${(100 * test.macroAuc).toFixed(2)}%).`);
    const perClass = r.data.dataset.classes.map((c, i) => `${c} ${(100 * (test.perClass.recall[i] ?? 0)).toFixed(0)}%`).join(', ');
    console.log(`Per-class recall: ${perClass}.`);
  }
  console.log(`Report: ${paths.report}\nModel for the web demo: ${paths.model}`);
}
