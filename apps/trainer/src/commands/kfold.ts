import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { bestEpoch, kFoldSummary, parseWithNonFinite } from '@spectromix/train';
import { ConfigError, DataError } from '../errors.js';
import { checkOutputFile } from '../io/output-path.js';
import { writeFileAtomicSync } from '../io/write-atomic.js';

/** Per-epoch accuracy and macro AUC of one subset. */
interface Curves {
  readonly accuracy: number[];
  readonly macroAuc: number[];
}

/** One finished run as `spectromix kfold` reads it from `result.json`. */
export interface FoldRun {
  readonly dir: string;
  /** The speakers or folds it held out for test, joined (`jackson`, `Actor_01+Actor_02+...`). */
  readonly heldOut: string;
  readonly seed: number | null;
  /** Its evaluation protocol (`speaker-independent`, `clip-level`, ...; `unrecorded` for runs made before it was recorded). */
  readonly protocol: string;
  /** Validation (training speakers only): picks the epoch. */
  readonly validation: Curves;
  /** Test (the held-out speakers): reported at the epoch validation picked. */
  readonly test: Curves;
  readonly samplesPerSecond: number;
  readonly wallSeconds: number;
  /** Test accuracy of the model the run kept (`result.json`'s `test`: its validation-best epoch, or the `train.average` average when that validated better), if recorded. */
  readonly keptTest: number | null;
  /** `average` when the run kept a `train.average` average, else `best-epoch`. */
  readonly kept: 'average' | 'best-epoch';
}

/** Mean, population standard deviation, minimum and maximum of a list of scores. */
export interface Spread {
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
}

/** The test scores of the runs that held out one group (one speaker or fold), over seeds. */
export interface GroupRow {
  /** The held-out speakers or folds, joined with `+`. */
  readonly heldOut: string;
  /** Its runs' test accuracy at the chosen epoch, one per seed, and their mean. */
  readonly accuracy: number[];
  readonly meanAccuracy: number;
  /** Its runs' test macro AUC at the chosen epoch, and their mean. */
  readonly meanMacroAuc: number;
}

/** The table `spectromix kfold` prints and writes as `kfold.json`. */
export interface KFoldReport {
  /**
   * The runs' evaluation protocol: `speaker-independent` (no test speaker trained or validated on) or `clip-level`
   * (speakers shared between train and test: speaker-dependent), etc. Runs of different protocols are never combined.
   */
  readonly protocol: string;
  /** Run folders in the order given (folds x seeds). */
  readonly runs: string[];
  /**
   * The epoch (zero-based) with the best run-averaged **validation** accuracy (AST's rule, on validation data drawn
   * from the training speakers only); every run reports its test at this one epoch.
   */
  readonly bestEpoch: number;
  /** Each run's validation accuracy at that epoch. */
  readonly validation: { readonly perRun: number[]; readonly mean: number };
  /** Each run's test accuracy at that epoch, their spread, and the mean at the last epoch. */
  readonly accuracy: Spread & { readonly perRun: number[]; readonly lastEpochMean: number };
  /** Each run's test macro AUC at that epoch, and their spread. */
  readonly macroAuc: Spread & { readonly perRun: number[] };
  /** Each run choosing its own epoch on its own validation curve (what `train` keeps): test accuracy there. */
  readonly ownEpoch: Spread & { readonly epochs: number[]; readonly perRun: number[] };
  /** One row per held-out speaker or fold, its seeds averaged. */
  readonly groups: GroupRow[];
  /**
   * The models the runs kept (each its own validation-best epoch, or its `train.average` average when that validated
   * better): their test accuracy and how many were averages. Null when a run did not record its final test.
   */
  readonly kept: (Spread & { readonly perRun: number[]; readonly averages: number }) | null;
  /** For information only (never used): the epoch the run-averaged test curve would have picked, and its mean. */
  readonly peek: { readonly epoch: number; readonly mean: number };
  /** Training samples per second of each run, and the wall seconds of each. */
  readonly samplesPerSecond: number[];
  readonly wallSeconds: number[];
}

interface ResultFile {
  history?: { validation?: { accuracy: number; macroAuc: number }; test?: { accuracy: number; macroAuc: number } }[];
  split?: { heldOut?: string[]; selection?: string; description?: string; protocol?: string };
  seed?: number;
  samplesPerSecond?: number;
  wallSeconds?: number;
  test?: { accuracy?: number } | null;
  averaging?: { kept?: string };
}

function readFold(dir: string): FoldRun {
  const file = existsSync(dir) && statSync(dir).isDirectory() ? join(dir, 'result.json') : dir;
  if (!existsSync(file)) throw new DataError(`${dir}: no result.json. Pass run folders of finished runs (spectromix train writes result.json at the end; resume an unfinished one with --resume).`);
  return foldRun(file === dir ? dirname(file) : dir, readFileSync(file, 'utf8'), file);
}

/**
 * One finished run from the text of its `result.json` (read from a run folder, or carried by a sweep job's result).
 * @param dir the run folder, as the report names it.
 * @param resultJson the text of its `result.json`.
 * @param where the file or job it came from, for messages.
 * @throws DataError for runs that validated on their test fold, or lack per-epoch validation or test metrics.
 */
export function foldRun(dir: string, resultJson: string, where: string): FoldRun {
  const r = parseWithNonFinite(resultJson) as ResultFile;
  const history = r.history ?? [];
  if (r.split == null) {
    throw new DataError(
      `${where} was written before spectromix kept validation apart from test (before 2026-12-07): a k-fold run of that time validated on its test fold, ` +
        'so its epoch was chosen on the test speakers, and no run recorded its test score per epoch. Retrain it with the current recipe (data.split.validation { nextFold: n } or "official", train.testEachEpoch true).',
    );
  }
  if (r.split.selection === 'test') {
    throw new DataError(`${where}: this run validated on its test fold (data.split.validation 'test-fold'), so any epoch chosen on it is chosen on the test speakers. Retrain with data.split.validation { nextFold: n } or 'official'.`);
  }
  if (history.length === 0 || history.some((h) => h.validation == null)) {
    throw new DataError(`${where}: every epoch needs validation metrics; this run has ${history.length} epochs, some without a validation set.`);
  }
  if (history.some((h) => h.test == null)) {
    throw new DataError(`${where}: every epoch needs test metrics to report the test at the epoch validation chose; train with --set train.testEachEpoch=true (the ravdess and fsdd recipes do).`);
  }
  const curves = (pick: (h: (typeof history)[number]) => { accuracy: number; macroAuc: number }): Curves => ({
    accuracy: history.map((h) => pick(h).accuracy),
    macroAuc: history.map((h) => pick(h).macroAuc),
  });
  return {
    dir,
    heldOut: (r.split.heldOut ?? []).join('+') || basename(dir),
    seed: r.seed ?? null,
    protocol: r.split.protocol ?? 'unrecorded',
    validation: curves((h) => h.validation!),
    test: curves((h) => h.test!),
    samplesPerSecond: r.samplesPerSecond ?? Number.NaN,
    wallSeconds: r.wallSeconds ?? Number.NaN,
    keptTest: typeof r.test?.accuracy === 'number' ? r.test.accuracy : null,
    kept: r.averaging?.kept === 'average' ? 'average' : 'best-epoch',
  };
}

/** Mean, population standard deviation, minimum and maximum. */
export function spread(xs: readonly number[]): Spread {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
  return { mean, std, min: Math.min(...xs), max: Math.max(...xs) };
}

/**
 * Combines runs trained separately (one `spectromix train --fold <n>` per fold and seed, on one machine or
 * several) into the cross-validation result: the epoch with the best run-averaged validation accuracy (AST's
 * rule, on validation data from the training speakers only), each run's test accuracy and macro AUC at that one
 * epoch, their mean and spread, and one row per held-out speaker or fold with its seeds averaged.
 * @throws DataError for unfinished runs, runs that validated on their test fold, or runs without per-epoch test.
 * @throws ConfigError for fewer than two runs or runs of different lengths.
 */
export function kFoldReport(dirs: readonly string[]): KFoldReport {
  if (dirs.length < 2) throw new ConfigError(`spectromix kfold needs the run folders of at least two folds, got ${dirs.length}.`);
  return kFoldReportOf(dirs.map(readFold));
}

/** {@link kFoldReport} of runs already read (`spectromix sweep results` gets them from the queue). */
export function kFoldReportOf(runs: readonly FoldRun[]): KFoldReport {
  if (runs.length < 2) throw new ConfigError(`a k-fold result needs at least two runs, got ${runs.length}.`);
  const protocols = [...new Set(runs.map((r) => r.protocol))];
  if (protocols.length > 1) {
    throw new ConfigError(
      `the runs mix evaluation protocols (${protocols.map((p) => `${p}: ${runs.filter((r) => r.protocol === p).map((r) => basename(r.dir)).join(', ')}`).join('; ')}); ` +
        'a speaker-independent number and a clip-level one (speakers shared between train and test) measure different things: combine each protocol\'s runs separately.',
    );
  }
  const lengths = new Set(runs.map((r) => r.validation.accuracy.length));
  if (lengths.size > 1) throw new ConfigError(`the folds trained different numbers of epochs (${runs.map((r) => `${basename(r.dir)}: ${r.validation.accuracy.length}`).join(', ')}); AST's rule compares them epoch by epoch.`);
  const val = kFoldSummary(runs.map((r) => r.validation.accuracy));
  const epoch = Math.max(0, val.bestEpoch);
  const at = (pick: (r: FoldRun) => number[], e: number): number[] => runs.map((r) => pick(r)[e] as number);
  const accuracy = at((r) => r.test.accuracy, epoch);
  const auc = at((r) => r.test.macroAuc, epoch);
  const last = at((r) => r.test.accuracy, (runs[0]?.test.accuracy.length ?? 1) - 1);
  const ownEpochs = runs.map((r) => Math.max(0, bestEpoch(r.validation.accuracy)));
  const own = runs.map((r, i) => r.test.accuracy[ownEpochs[i] as number] as number);
  const peek = kFoldSummary(runs.map((r) => r.test.accuracy));
  const order = [...new Set(runs.map((r) => r.heldOut))];
  const groups = order.map((heldOut) => {
    const idx = runs.flatMap((r, i) => (r.heldOut === heldOut ? [i] : []));
    const accs = idx.map((i) => accuracy[i] as number);
    return { heldOut, accuracy: accs, meanAccuracy: spread(accs).mean, meanMacroAuc: spread(idx.map((i) => auc[i] as number)).mean };
  });
  return {
    protocol: protocols[0] as string,
    runs: runs.map((r) => r.dir),
    bestEpoch: val.bestEpoch,
    validation: { perRun: val.perFold, mean: val.mean },
    accuracy: { perRun: accuracy, ...spread(accuracy), lastEpochMean: spread(last).mean },
    macroAuc: { perRun: auc, ...spread(auc) },
    ownEpoch: { epochs: ownEpochs, perRun: own, ...spread(own) },
    groups,
    kept: runs.every((r) => r.keptTest != null) ? { perRun: runs.map((r) => r.keptTest as number), ...spread(runs.map((r) => r.keptTest as number)), averages: runs.filter((r) => r.kept === 'average').length } : null,
    peek: { epoch: peek.bestEpoch, mean: peek.mean },
    samplesPerSecond: runs.map((r) => r.samplesPerSecond),
    wallSeconds: runs.map((r) => r.wallSeconds),
  };
}

/** What each protocol means, after its name in the printout. */
const PROTOCOL_NOTES: Readonly<Record<string, string>> = {
  'speaker-independent': ' (no test speaker is trained or validated on)',
  'clip-level': ' (speakers shared between train and test: speaker-dependent, not comparable with speaker-independent numbers)',
  unrecorded: ' (runs written before the protocol was recorded)',
};

/** The printed k-fold result: the protocol, the rule, the per-group table and the spread. */
export function formatKFold(report: KFoldReport): string {
  const pct = (v: number): string => `${(100 * v).toFixed(2)}%`;
  const width = Math.max(8, ...report.groups.map((g) => g.heldOut.length));
  const rows = report.groups.map((g) => `${g.heldOut.padEnd(width)}  ${pct(g.meanAccuracy).padStart(7)}  ${pct(g.meanMacroAuc).padStart(7)}  ${g.accuracy.map(pct).join(', ')}`);
  return [
    `Protocol: ${report.protocol}${PROTOCOL_NOTES[report.protocol] ?? ''}.`,
    `Cross-validation over ${report.runs.length} runs: epoch ${report.bestEpoch + 1}, chosen on the run-averaged validation accuracy (${pct(report.validation.mean)}; validation never includes the test ${report.protocol === 'clip-level' ? 'clips' : 'speakers'}).`,
    `${'held out'.padEnd(width)}  test acc  mac AUC  per seed`,
    ...rows,
    `${'mean'.padEnd(width)}  ${pct(report.accuracy.mean).padStart(7)}  ${pct(report.macroAuc.mean).padStart(7)}  (runs: std ${pct(report.accuracy.std)}, min ${pct(report.accuracy.min)}, max ${pct(report.accuracy.max)})`,
    `Test accuracy at the last epoch: mean ${pct(report.accuracy.lastEpochMean)}; each run at its own validation-best epoch (${report.ownEpoch.epochs.map((e) => e + 1).join(', ')}): mean ${pct(report.ownEpoch.mean)}.`,
    ...(report.kept != null ? [`The models the runs kept (own validation-best epoch${report.kept.averages > 0 ? `, or the checkpoint average where it validated better: ${report.kept.averages} of ${report.runs.length} runs` : ''}): test accuracy mean ${pct(report.kept.mean)}, std ${pct(report.kept.std)}.`] : []),
    `Not a result (the test curve's own best epoch ${report.peek.epoch + 1}, i.e. chosen on the test): ${pct(report.peek.mean)}.`,
    `Training samples/s per run: ${report.samplesPerSecond.map((v) => v.toFixed(1)).join(', ')}; wall ${report.wallSeconds.map((v) => `${Math.round(v)} s`).join(', ')}`,
  ].join('\n');
}

/** `spectromix kfold <run folders...>`: print the result and write it to `--out` (default: kfold.json beside the first run). */
export function kfoldCommand(dirs: string[], options: Record<string, unknown>): void {
  const report = kFoldReport(dirs);
  const out = checkOutputFile(options['out'] != null ? String(options['out']) : join(dirname(report.runs[0] as string), 'kfold.json'), '--out');
  writeFileAtomicSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`${formatKFold(report)}\nWritten to ${out}.`);
}
