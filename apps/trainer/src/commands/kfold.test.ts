import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, DataError } from '../errors.js';
import { formatKFold, kFoldReport, kfoldCommand } from './kfold.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tmp(): string {
  const root = mkdtempSync(join(tmpdir(), 'kfold-'));
  dirs.push(root);
  return root;
}

interface FoldFixture {
  readonly val: number[];
  readonly test: number[];
  readonly auc?: number[];
  readonly heldOut?: string[];
  readonly seed?: number;
  readonly selection?: 'inner' | 'test';
}

function fold(root: string, name: string, f: FoldFixture): string {
  const dir = join(root, name);
  mkdirSync(dir);
  const history = f.val.map((a, epoch) => ({
    epoch,
    validation: { accuracy: a, macroAuc: 0.5, mAP: 0, loss: 1 },
    test: { accuracy: f.test[epoch], macroAuc: f.auc?.[epoch] ?? 0.5, mAP: 0, loss: 1 },
  }));
  const split = { description: name, heldOut: f.heldOut ?? [name], selection: f.selection ?? 'inner' };
  writeFileSync(join(dir, 'result.json'), JSON.stringify({ history, split, seed: f.seed ?? 0, samplesPerSecond: 100 + f.val.length, wallSeconds: 60 }));
  return dir;
}

describe('spectromix kfold', () => {
  it('picks the epoch on the run-averaged validation curve and reports the test there, not at the test-best epoch', () => {
    const root = tmp();
    // Validation (training speakers) averages best at epoch 1; the test curves average best at epoch 2.
    const a = fold(root, 'a', { val: [0.6, 0.55, 0.3], test: [0.5, 0.45, 0.7], auc: [0.9, 0.85, 0.8] });
    const b = fold(root, 'b', { val: [0.2, 0.4, 0.5], test: [0.3, 0.35, 0.6], auc: [0.7, 0.75, 0.8] });
    const r = kFoldReport([a, b]);
    expect(r.bestEpoch).toBe(1);
    expect(r.validation.perRun).toEqual([0.55, 0.4]);
    expect(r.accuracy.perRun).toEqual([0.45, 0.35]);
    expect(r.accuracy.mean).toBeCloseTo(0.4, 12);
    expect(r.accuracy.std).toBeCloseTo(0.05, 12);
    expect(r.accuracy.lastEpochMean).toBeCloseTo(0.65, 12);
    expect(r.macroAuc.perRun).toEqual([0.85, 0.75]);
    // Each run on its own validation-best epoch: a at 0, b at 2.
    expect(r.ownEpoch.epochs).toEqual([0, 2]);
    expect(r.ownEpoch.mean).toBeCloseTo(0.55, 12);
    // The test curve would have picked epoch 2: reported only as what peeking would give.
    expect(r.peek).toEqual({ epoch: 2, mean: expect.closeTo(0.65, 12) as number });
    kfoldCommand([a, b], {});
    expect(JSON.parse(readFileSync(join(root, 'kfold.json'), 'utf8')).bestEpoch).toBe(1);
  });

  it('groups runs by held-out speaker: one row per speaker with its seeds averaged, mean and spread over all runs', () => {
    const root = tmp();
    const runs = [
      fold(root, 'g0', { val: [0.9, 0.95], test: [0.8, 0.9], heldOut: ['george'], seed: 0 }),
      fold(root, 'g1', { val: [0.9, 0.95], test: [0.8, 0.7], heldOut: ['george'], seed: 1 }),
      fold(root, 'j0', { val: [0.9, 0.95], test: [0.6, 1.0], heldOut: ['jackson'], seed: 0 }),
      fold(root, 'j1', { val: [0.9, 0.95], test: [0.6, 0.8], heldOut: ['jackson'], seed: 1 }),
    ];
    const r = kFoldReport(runs);
    expect(r.bestEpoch).toBe(1);
    expect(r.groups.map((g) => g.heldOut)).toEqual(['george', 'jackson']);
    expect(r.groups[0]!.accuracy).toEqual([0.9, 0.7]);
    expect(r.groups[0]!.meanAccuracy).toBeCloseTo(0.8, 12);
    expect(r.groups[1]!.meanAccuracy).toBeCloseTo(0.9, 12);
    expect(r.accuracy.mean).toBeCloseTo(0.85, 12);
    expect([r.accuracy.min, r.accuracy.max]).toEqual([0.7, 1.0]);
    const text = formatKFold(r);
    expect(text).toMatch(/george\s+80\.00%/);
    expect(text).toMatch(/mean\s+85\.00%/);
  });

  it('refuses runs that validated on their test fold, runs from before inner validation and runs without per-epoch test', () => {
    const root = tmp();
    const a = fold(root, 'a', { val: [0.6, 0.5], test: [0.6, 0.5] });
    const peeked = fold(root, 'peeked', { val: [0.6, 0.5], test: [0.6, 0.5], selection: 'test' });
    expect(() => kFoldReport([a, peeked])).toThrow(/chosen on the test speakers/);
    mkdirSync(join(root, 'old'));
    writeFileSync(join(root, 'old', 'result.json'), JSON.stringify({ history: [{ epoch: 0, validation: { accuracy: 0.5, macroAuc: 0.5 } }, { epoch: 1, validation: { accuracy: 0.5, macroAuc: 0.5 } }] }));
    expect(() => kFoldReport([a, join(root, 'old')])).toThrow(/written before spectromix kept validation apart from test/);
    mkdirSync(join(root, 'notest'));
    writeFileSync(join(root, 'notest', 'result.json'), JSON.stringify({ split: { heldOut: ['x'], selection: 'inner' }, history: [{ epoch: 0, validation: { accuracy: 0.5, macroAuc: 0.5 } }, { epoch: 1, validation: { accuracy: 0.5, macroAuc: 0.5 } }] }));
    expect(() => kFoldReport([a, join(root, 'notest')])).toThrow(/testEachEpoch/);
  });

  it('refuses unfinished runs, a single fold and folds of different lengths', () => {
    const root = tmp();
    const a = fold(root, 'a', { val: [0.6, 0.5], test: [0.6, 0.5] });
    const b = fold(root, 'b', { val: [0.6], test: [0.6] });
    mkdirSync(join(root, 'empty'));
    expect(() => kFoldReport([a, join(root, 'empty')])).toThrow(DataError);
    expect(() => kFoldReport([a])).toThrow(ConfigError);
    expect(() => kFoldReport([a, b])).toThrow(/different numbers of epochs/);
  });
});

describe('spectromix kfold protocols', () => {
  function labelled(root: string, name: string, protocol: string | null): string {
    const dir = fold(root, name, { val: [0.5, 0.6], test: [0.4, 0.5] });
    const file = join(dir, 'result.json');
    const r = JSON.parse(readFileSync(file, 'utf8')) as { split: Record<string, unknown> };
    if (protocol != null) r.split['protocol'] = protocol;
    writeFileSync(file, JSON.stringify(r));
    return dir;
  }

  it('labels the table with the runs\' protocol', () => {
    const root = tmp();
    const r = kFoldReport([labelled(root, 'a', 'clip-level'), labelled(root, 'b', 'clip-level')]);
    expect(r.protocol).toBe('clip-level');
    expect(formatKFold(r)).toMatch(/^Protocol: clip-level \(speakers shared between train and test/);
    expect(kFoldReport([labelled(root, 'c', 'speaker-independent'), labelled(root, 'd', 'speaker-independent')]).protocol).toBe('speaker-independent');
    expect(kFoldReport([labelled(root, 'e', null), labelled(root, 'f', null)]).protocol).toBe('unrecorded');
  });

  it('refuses to combine runs of different protocols', () => {
    const root = tmp();
    expect(() => kFoldReport([labelled(root, 'a', 'clip-level'), labelled(root, 'b', 'speaker-independent')])).toThrow(/mix evaluation protocols \(clip-level: a; speaker-independent: b\)/);
  });

  it("reports the models the runs kept (train.average's average where it validated better) beside the epoch rule", () => {
    const root = tmp();
    const withKept = (name: string, test: number, kept: string | null): string => {
      const dir = labelled(root, name, 'speaker-independent');
      const file = join(dir, 'result.json');
      const r = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      r['test'] = { accuracy: test };
      if (kept != null) r['averaging'] = { kept };
      writeFileSync(file, JSON.stringify(r));
      return dir;
    };
    const r = kFoldReport([withKept('a', 0.6, 'average'), withKept('b', 0.4, 'best-epoch')]);
    expect(r.kept).toMatchObject({ perRun: [0.6, 0.4], averages: 1 });
    expect(r.kept?.mean).toBeCloseTo(0.5, 12);
    expect(formatKFold(r)).toMatch(/checkpoint average where it validated better: 1 of 2 runs\): test accuracy mean 50\.00%/);
    expect(kFoldReport([labelled(root, 'c', null), labelled(root, 'd', null)]).kept).toBeNull();
  });
});
