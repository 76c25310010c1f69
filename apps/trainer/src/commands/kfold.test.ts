import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, DataError } from '../errors.js';
import { kFoldReport, kfoldCommand } from './kfold.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fold(root: string, name: string, accuracy: number[], macroAuc: number[]): string {
  const dir = join(root, name);
  mkdirSync(dir);
  const history = accuracy.map((a, epoch) => ({ epoch, validation: { accuracy: a, macroAuc: macroAuc[epoch], mAP: 0, loss: 1 } }));
  writeFileSync(join(dir, 'result.json'), JSON.stringify({ history, samplesPerSecond: 100 + accuracy.length, wallSeconds: 60 }));
  return dir;
}

describe('spectromix kfold', () => {
  it("applies AST's rule: one epoch for every fold, chosen on the fold-averaged accuracy; AUC at that epoch", () => {
    const root = mkdtempSync(join(tmpdir(), 'kfold-'));
    dirs.push(root);
    // Fold a peaks at epoch 0, fold b at epoch 2; the averaged curve peaks at epoch 1.
    const a = fold(root, 'a', [0.6, 0.55, 0.3], [0.9, 0.85, 0.8]);
    const b = fold(root, 'b', [0.2, 0.4, 0.5], [0.7, 0.75, 0.8]);
    const r = kFoldReport([a, b]);
    expect(r.bestEpoch).toBe(1);
    expect(r.accuracy.perFold).toEqual([0.55, 0.4]);
    expect(r.accuracy.mean).toBeCloseTo(0.475, 12);
    expect(r.accuracy.lastEpochMean).toBeCloseTo(0.4, 12);
    expect(r.macroAuc.perFold).toEqual([0.85, 0.75]);
    expect(r.macroAuc.mean).toBeCloseTo(0.8, 12);
    kfoldCommand([a, b], {});
    expect(JSON.parse(readFileSync(join(root, 'kfold.json'), 'utf8')).bestEpoch).toBe(1);
  });

  it('refuses unfinished runs, a single fold and folds of different lengths', () => {
    const root = mkdtempSync(join(tmpdir(), 'kfold-'));
    dirs.push(root);
    const a = fold(root, 'a', [0.6, 0.5], [0.9, 0.8]);
    const b = fold(root, 'b', [0.6], [0.9]);
    mkdirSync(join(root, 'empty'));
    expect(() => kFoldReport([a, join(root, 'empty')])).toThrow(DataError);
    expect(() => kFoldReport([a])).toThrow(ConfigError);
    expect(() => kFoldReport([a, b])).toThrow(/different numbers of epochs/);
  });
});
