import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseWithNonFinite } from '@spectromix/train';
import { runCli } from '../test-utils/run-cli.js';
import { crossValidationBlock } from './cv-block.js';
import { foldRun, kFoldReportOf } from './kfold.js';

const out = mkdtempSync(join(tmpdir(), 'spectromix-export-cv-'));

/** A finished run's result.json with given per-epoch validation and test accuracy (what kfold reads). */
const result = (heldOut: string, val: number[], test: number[]): string =>
  JSON.stringify({
    split: { heldOut: [heldOut], selection: 'inner', protocol: 'speaker-independent' },
    seed: 0,
    samplesPerSecond: 10,
    wallSeconds: 5,
    history: val.map((v, i) => ({ validation: { accuracy: v, macroAuc: v }, test: { accuracy: test[i], macroAuc: 0.5 + (test[i] as number) / 2 } })),
    test: { accuracy: test[1] },
  });

describe('spectromix export --cv: the model trained on every clip carries the k-fold numbers of its recipe', () => {
  const report = kFoldReportOf([
    foldRun('/runs/a', result('ann', [0.2, 0.6, 0.5], [0.3, 0.7, 0.4]), 'a'),
    foldRun('/runs/b', result('bob', [0.4, 0.8, 0.9], [0.5, 0.9, 0.8]), 'b'),
  ]);
  const kfold = join(out, 'kfold.json');

  beforeAll(async () => {
    writeFileSync(kfold, JSON.stringify(report));
    // split 'all': every clip trains; a checkpoint at the end of each of the 2 epochs is kept
    const r = await runCli(['train', '--set', 'data.synthetic={"train":4,"validation":1,"test":1}', '--set', 'data.split={"kind":"all"}', '--target-length', '32', '--batch-size', '6', '--epochs', '2', '--backend', 'wasm', '--seed', '1', '--keep-last', '5', '--workers', '0', '--out', out, '--name', 'all']);
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/every clip trains/);
  }, 180_000);

  it('the block holds the epoch chosen on validation and the test spread there, per held-out group', () => {
    const cv = crossValidationBlock(report);
    expect(cv.epoch).toBe(2); // run-averaged validation 0.3, 0.7, 0.7: the first best is epoch 2
    expect(cv.accuracy.mean).toBeCloseTo(0.8, 10);
    expect(cv.accuracy.min).toBeCloseTo(0.7, 10);
    expect(cv.groups).toEqual([
      { heldOut: 'ann', accuracy: 0.7, macroAuc: 0.85 },
      { heldOut: 'bob', accuracy: 0.9, macroAuc: 0.95 },
    ]);
    expect(cv.protocol).toBe('speaker-independent');
  });

  it("writes it into the manifest of a checkpoint's export, with the epochs that checkpoint trained", async () => {
    const checkpoints = readdirSync(join(out, 'all', 'checkpoints')).filter((f) => /^step-\d+\.safetensors$/.test(f)).sort((a, b) => Number(a.match(/\d+/)![0]) - Number(b.match(/\d+/)![0]));
    expect(checkpoints.length).toBeGreaterThanOrEqual(2);
    const first = join(out, 'all', 'checkpoints', checkpoints[0]!);
    const r = await runCli(['export', first, '--cv', kfold, '--out', join(out, 'exported')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Cross-validation \(speaker-independent, 2 runs, epoch 2\): test accuracy 80\.0%/);
    expect(r.stdout).toMatch(/trained 1 epochs; the cross-validation chose epoch 2/);
    const manifest = parseWithNonFinite(readFileSync(join(out, 'exported', 'spectromix.json'), 'utf8')) as { training: { epochs: number; split: string; crossValidation: unknown } };
    expect(manifest.training.epochs).toBe(1);
    expect(manifest.training.split).toBe('all');
    expect(manifest.training.crossValidation).toEqual(crossValidationBlock(report));
  }, 120_000);

  it('a --cv file that is not a kfold result stops before any work, saying what to pass', async () => {
    const bad = join(out, 'bad.json');
    writeFileSync(bad, '{"runs": 3}');
    const r = await runCli(['export', join(out, 'all'), '--cv', bad, '--out', join(out, 'never')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--cv .*bad\.json: not a k-fold result/);
    const missing = await runCli(['export', join(out, 'all'), '--cv', join(out, 'nope.json'), '--out', join(out, 'never')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read it as JSON/);
  }, 120_000);
});
