import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseWithNonFinite } from '@spectromix/train';
import { classificationMetrics } from '@spectromix/train';
import { runCli } from '../test-utils/run-cli.js';
import { ensembleOf, type Evaluated } from './evaluate.js';

const out = mkdtempSync(join(tmpdir(), 'spectromix-ensemble-'));
/** Tiny runs on the embedded dataset (generated from the seed: same seed, same clips and split). */
const tiny = (name: string, lr: string, seed = '1'): string[] => ['train', '--set', 'data.synthetic={"train":4,"validation":2,"test":3}', '--target-length', '32', '--batch-size', '6', '--epochs', '2', '--lr', lr, '--backend', 'wasm', '--seed', seed, '--workers', '0', '--out', out, '--name', name];

interface Json {
  model: string;
  metrics: { accuracy: number; count: number; loss: number };
  members?: { model: string; metrics: { accuracy: number } }[];
}

describe('spectromix evaluate with several models: their ensemble', () => {
  beforeAll(async () => {
    const runs = await Promise.all([runCli(tiny('a', '0.002')), runCli(tiny('b', '0.004')), runCli(tiny('other-data', '0.002', '2'))]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
  }, 240_000);

  it('reports each model and the mean of their probabilities on the same test clips', async () => {
    const one = await runCli(['evaluate', join(out, 'a'), '--json', '--backend', 'wasm']);
    const both = await runCli(['evaluate', join(out, 'a'), join(out, 'b'), '--json', '--backend', 'wasm']);
    expect(both.code, both.stderr).toBe(0);
    const single = parseWithNonFinite(one.stdout) as Json;
    const ensemble = parseWithNonFinite(both.stdout) as Json;
    expect(ensemble.model).toBe('ensemble of 2 models');
    expect(ensemble.members?.map((m) => m.model)).toEqual([join(out, 'a', 'model'), join(out, 'b', 'model')]);
    // A member's numbers are what evaluating it alone gives
    expect(ensemble.members?.[0]?.metrics.accuracy).toBe(single.metrics.accuracy);
    expect(ensemble.metrics.count).toBe(single.metrics.count);
    expect(Number.isFinite(ensemble.metrics.loss)).toBe(true);
    const text = await runCli(['evaluate', join(out, 'a'), join(out, 'b'), '--backend', 'wasm']);
    expect(text.stdout).toMatch(/Ensemble \(mean softmax probabilities\) of 2 models:/);
    expect(text.stdout).toMatch(/Model ensemble of 2 models on spectromix-synth \(test: \d+ clips/);
  }, 120_000);

  it('refuses models tested on other clips, saying why', async () => {
    const r = await runCli(['evaluate', join(out, 'a'), join(out, 'other-data'), '--backend', 'wasm']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/was not evaluated on the same clips as .*an ensemble averages models of the same split and fold/);
  }, 120_000);
});

describe('ensembleOf', () => {
  const member = (source: string, probabilities: number[], fingerprint = [1, 2, 3]): Evaluated => ({
    source,
    datasetName: 'd',
    fingerprint: Float64Array.from(fingerprint),
    description: 'fold 0',
    labels: ['a', 'b'],
    output: 'softmax',
    rows: [4, 5, 6],
    truth: Int32Array.from([0, 1, 1]),
    probabilities: Float32Array.from(probabilities),
    metrics: classificationMetrics(Float32Array.from(probabilities), Int32Array.from([0, 1, 1]), 2),
  });

  it('averages the probabilities: two models wrong on different clips make a right ensemble', () => {
    // m1 misses clip 1 (b at 0.3), m2 misses clip 0 (a at 0.4); the means are 0.65 a, 0.55 b, 0.725 b: all right
    const m1 = member('m1', [0.9, 0.1, 0.7, 0.3, 0.1, 0.9]);
    const m2 = member('m2', [0.4, 0.6, 0.2, 0.8, 0.45, 0.55]);
    expect([m1.metrics.accuracy, m2.metrics.accuracy]).toEqual([2 / 3, 2 / 3]);
    const e = ensembleOf([m1, m2]);
    expect(e.accuracy).toBe(1);
    expect(e.loss).toBeCloseTo(-(Math.log(0.65) + Math.log(0.55) + Math.log(0.725)) / 3, 6);
  });

  it('refuses members evaluated on other clips', () => {
    expect(() => ensembleOf([member('m1', [1, 0, 0, 1, 0, 1]), member('m2', [1, 0, 0, 1, 0, 1], [1, 2, 4])])).toThrow(/m2 was not evaluated on the same clips as m1/);
  });
});
