import { readFileSync } from 'node:fs';
import { crossValidationSchema, type ManifestCrossValidation } from '@spectromix/features';
import { ConfigError } from '../errors.js';
import type { KFoldReport } from './kfold.js';

/**
 * The manifest's `training.crossValidation` block from a `spectromix kfold` result: the runs' test accuracy and
 * macro AUC at the epoch chosen on validation, per held-out group and over all runs.
 */
export function crossValidationBlock(report: Pick<KFoldReport, 'protocol' | 'runs' | 'bestEpoch' | 'accuracy' | 'macroAuc' | 'groups'>): ManifestCrossValidation {
  const spread = (s: { mean: number; std: number; min: number; max: number }) => ({ mean: s.mean, std: s.std, min: s.min, max: s.max });
  return crossValidationSchema.parse({
    protocol: report.protocol,
    runs: report.runs.length,
    epoch: report.bestEpoch + 1,
    accuracy: spread(report.accuracy),
    macroAuc: spread(report.macroAuc),
    groups: report.groups.map((g) => ({ heldOut: g.heldOut, accuracy: g.meanAccuracy, macroAuc: g.meanMacroAuc })),
  });
}

/**
 * Reads a `kfold.json` written by `spectromix kfold` (`export --cv`).
 * @throws ConfigError when the file is missing, not JSON, or not a k-fold result.
 */
export function readCrossValidation(path: string): ManifestCrossValidation {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`--cv ${path}: cannot read it as JSON (${(error as Error).message}). Pass the kfold.json that \`spectromix kfold <runs...> --out <file>\` wrote.`);
  }
  const r = json as Partial<KFoldReport>;
  if (typeof r !== 'object' || r == null || typeof r.protocol !== 'string' || !Array.isArray(r.runs) || typeof r.bestEpoch !== 'number' || r.accuracy == null || r.macroAuc == null || !Array.isArray(r.groups)) {
    throw new ConfigError(`--cv ${path}: not a k-fold result (expected the fields protocol, runs, bestEpoch, accuracy, macroAuc and groups that \`spectromix kfold\` writes).`);
  }
  try {
    return crossValidationBlock(r as KFoldReport);
  } catch (error) {
    throw new ConfigError(`--cv ${path}: its numbers do not fit the manifest (${(error as Error).message}).`);
  }
}
