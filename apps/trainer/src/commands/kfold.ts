import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { kFoldSummary, parseWithNonFinite } from '@spectromix/train';
import { ConfigError, DataError } from '../errors.js';
import { checkOutputFile } from '../io/output-path.js';
import { writeFileAtomicSync } from '../io/write-atomic.js';

/** One fold's finished run as `spectromix kfold` reads it from `result.json`. */
interface FoldRun {
  readonly dir: string;
  readonly accuracy: number[];
  readonly macroAuc: number[];
  readonly samplesPerSecond: number;
  readonly wallSeconds: number;
}

/** The table `spectromix kfold` prints and writes as `kfold.json`. */
export interface KFoldReport {
  /** Run folders in the order given (one per fold). */
  readonly runs: string[];
  /** The epoch (zero-based) with the best fold-averaged validation accuracy (AST's rule). */
  readonly bestEpoch: number;
  /** Each fold's accuracy and macro AUC at that epoch, and their means. */
  readonly accuracy: { readonly perFold: number[]; readonly mean: number; readonly lastEpochMean: number };
  readonly macroAuc: { readonly perFold: number[]; readonly mean: number };
  /** Training samples per second of each run, and the wall seconds of each. */
  readonly samplesPerSecond: number[];
  readonly wallSeconds: number[];
}

function readFold(dir: string): FoldRun {
  const file = existsSync(dir) && statSync(dir).isDirectory() ? join(dir, 'result.json') : dir;
  if (!existsSync(file)) throw new DataError(`${dir}: no result.json. Pass run folders of finished runs (spectromix train writes result.json at the end; resume an unfinished one with --resume).`);
  const r = parseWithNonFinite(readFileSync(file, 'utf8')) as {
    history?: { validation?: { accuracy: number; macroAuc: number } }[];
    samplesPerSecond?: number;
    wallSeconds?: number;
  };
  const history = r.history ?? [];
  if (history.length === 0 || history.some((h) => h.validation == null)) {
    throw new DataError(`${file}: every epoch needs validation metrics; this run has ${history.length} epochs, some without a validation set.`);
  }
  return {
    dir: file === dir ? dirname(file) : dir,
    accuracy: history.map((h) => h.validation!.accuracy),
    macroAuc: history.map((h) => h.validation!.macroAuc),
    samplesPerSecond: r.samplesPerSecond ?? Number.NaN,
    wallSeconds: r.wallSeconds ?? Number.NaN,
  };
}

/**
 * Combines folds trained separately (one `spectromix train --fold <n>` per fold, on one machine or several) into
 * the k-fold result by AST's rule, the same as `train --fold all` prints: the epoch with the best fold-averaged
 * validation accuracy, and each fold's accuracy and macro AUC at that one epoch.
 */
export function kFoldReport(dirs: readonly string[]): KFoldReport {
  if (dirs.length < 2) throw new ConfigError(`spectromix kfold needs the run folders of at least two folds, got ${dirs.length}.`);
  const runs = dirs.map(readFold);
  const lengths = new Set(runs.map((r) => r.accuracy.length));
  if (lengths.size > 1) throw new ConfigError(`the folds trained different numbers of epochs (${runs.map((r) => `${basename(r.dir)}: ${r.accuracy.length}`).join(', ')}); AST's rule compares them epoch by epoch.`);
  const acc = kFoldSummary(runs.map((r) => r.accuracy));
  const auc = runs.map((r) => r.macroAuc[Math.max(0, acc.bestEpoch)] as number);
  return {
    runs: runs.map((r) => r.dir),
    bestEpoch: acc.bestEpoch,
    accuracy: { perFold: acc.perFold, mean: acc.mean, lastEpochMean: acc.last.mean },
    macroAuc: { perFold: auc, mean: auc.reduce((a, b) => a + b, 0) / auc.length },
    samplesPerSecond: runs.map((r) => r.samplesPerSecond),
    wallSeconds: runs.map((r) => r.wallSeconds),
  };
}

/** `spectromix kfold <run folders...>`: print the k-fold result and write it to `--out` (default: kfold.json beside the first run). */
export function kfoldCommand(dirs: string[], options: Record<string, unknown>): void {
  const report = kFoldReport(dirs);
  const out = checkOutputFile(options['out'] != null ? String(options['out']) : join(dirname(report.runs[0] as string), 'kfold.json'), '--out');
  writeFileAtomicSync(out, `${JSON.stringify(report, null, 2)}\n`);
  const pct = (v: number): string => `${(100 * v).toFixed(2)}%`;
  console.log(
    `k-fold result over ${report.runs.length} folds (AST's rule: the best epoch of the fold-averaged validation accuracy): epoch ${report.bestEpoch + 1}\n` +
      `accuracy ${pct(report.accuracy.mean)} (folds: ${report.accuracy.perFold.map(pct).join(', ')}; last epoch mean ${pct(report.accuracy.lastEpochMean)})\n` +
      `macro AUC ${pct(report.macroAuc.mean)} (folds: ${report.macroAuc.perFold.map(pct).join(', ')})\n` +
      `training samples/s per fold: ${report.samplesPerSecond.map((v) => v.toFixed(1)).join(', ')}; wall ${report.wallSeconds.map((v) => `${Math.round(v)} s`).join(', ')}\n` +
      `Written to ${out}.`,
  );
}
