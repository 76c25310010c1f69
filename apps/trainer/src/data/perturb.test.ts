import { beforeAll, describe, expect, it } from 'vitest';
import type { Tensor } from '@spectromix/tensor';
import { initBackend } from '@spectromix/tensor/node';
import type { EvalSource } from '@spectromix/train';
import { DEFAULT_CONFIG } from '../config/defaults.js';
import { validateRunConfig } from '../config/resolve.js';
import { mergeLayer } from '../config/merge.js';
import type { RunConfig } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import { createRunBatches, evalSourceFor } from './batches.js';
import { configuredPerturbations, prepareData, type PreparedData } from './prepare.js';
import { batchSpeakers } from './speaker-norm.js';

/** The embedded dataset, small: 6 classes x (4 train, 2 validation, 2 test) clips of 40 frames, speakers by clip. */
function config(augment: Record<string, unknown>, data: Record<string, unknown> = {}): RunConfig {
  return validateRunConfig(mergeLayer(DEFAULT_CONFIG, { data: { targetLength: 40, synthetic: { train: 4, validation: 2, test: 2 }, ...data }, augment, train: { batchSize: 5 } }), 'test');
}

async function collect(source: EvalSource | (() => AsyncIterable<{ x: Tensor; y: Tensor }>)): Promise<number[][]> {
  const out: number[][] = [];
  for await (const b of source()) {
    out.push(Array.from((await b.x.data()) as Float32Array));
    b.x.dispose();
    b.y.dispose();
  }
  return out;
}

const perturbing = { speed: { factors: [0.9, 1, 1.1] }, vtlp: { alpha: [0.9, 1.1], count: 2 } };
let plain: PreparedData;
let perturbed: PreparedData;
beforeAll(async () => {
  await initBackend('cpu');
  plain = await prepareData(config({}), { perturbed: true });
  perturbed = await prepareData(config(perturbing), { perturbed: true });
});

describe('speed and VTLP perturbation (augment.speed, augment.vtlp): training only', () => {
  it('prepares one copy per (speed, alpha) pair, the unperturbed one being the store itself, only when asked', async () => {
    expect(plain.perturbed).toBeUndefined();
    expect(perturbed.perturbed?.set).toEqual([
      { speed: 0.9, vtlpAlpha: 0.9 },
      { speed: 0.9, vtlpAlpha: 1.1 },
      { speed: 1, vtlpAlpha: 0.9 },
      { speed: 1, vtlpAlpha: 1.1 },
      { speed: 1.1, vtlpAlpha: 0.9 },
      { speed: 1.1, vtlpAlpha: 1.1 },
    ]);
    expect((await prepareData(config(perturbing))).perturbed).toBeUndefined(); // evaluate / predict paths
    const speedOnly = await prepareData(config({ speed: {} }), { perturbed: true });
    expect(speedOnly.perturbed?.stores[1]).toBe(speedOnly.store); // factor 1 reuses the clips' own features
    // Statistics (mean, std) come from the unperturbed training clips, as the manifest records them.
    expect(perturbed.normalization).toEqual(plain.normalization);
  });

  it('validation, test and evaluation batches are the unperturbed model inputs; training batches are perturbed, the same on every build', async () => {
    const a = createRunBatches(config(perturbing), perturbed, { offThread: false });
    const b = createRunBatches(config({}), plain, { offThread: false });
    expect(await collect(a.validation as EvalSource)).toEqual(await collect(b.validation as EvalSource));
    expect(await collect(a.test as EvalSource)).toEqual(await collect(b.test as EvalSource));
    const evalA = evalSourceFor(perturbed, perturbed.split.test, undefined, 32, false);
    const evalB = evalSourceFor(plain, plain.split.test, undefined, 32, false);
    expect(await collect(evalA.source)).toEqual(await collect(evalB.source));
    const trainA = await collect(() => a.train.epoch(1));
    const trainB = await collect(() => b.train.epoch(1));
    expect(trainA.length).toBe(trainB.length);
    expect(trainA).not.toEqual(trainB);
    const again = createRunBatches(config(perturbing), perturbed, { offThread: false });
    expect(await collect(() => again.train.epoch(1))).toEqual(trainA);
    expect(await collect(() => again.train.epoch(2))).not.toEqual(trainA);
    await Promise.all([a.close(), b.close(), again.close(), evalA.close(), evalB.close()]);
  });

  it('with per-speaker normalisation, evaluation keeps the unperturbed speakers and training uses each copy\'s own', async () => {
    // The embedded dataset has no speakers; give each clip one by its index (4 speakers).
    const withSpeakers = (d: PreparedData): PreparedData => ({ ...d, dataset: { ...d.dataset, records: d.dataset.records.map((r, i) => ({ ...r, speaker: `s${i % 4}` })) } });
    const cfg = config(perturbing, { speakerNormalization: 'mean-per-bin' });
    const p = withSpeakers(perturbed);
    const q = withSpeakers(plain);
    const a = createRunBatches(cfg, p, { offThread: false });
    const b = createRunBatches(config({}, { speakerNormalization: 'mean-per-bin' }), q, { offThread: false });
    expect(await collect(a.test as EvalSource)).toEqual(await collect(b.test as EvalSource));
    const evalA = evalSourceFor(p, p.split.validation, batchSpeakers(p, cfg.data), 32, false);
    const evalB = evalSourceFor(q, q.split.validation, batchSpeakers(q, cfg.data), 32, false);
    expect(await collect(evalA.source)).toEqual(await collect(evalB.source));
    expect(await collect(() => a.train.epoch(0))).not.toEqual(await collect(() => b.train.epoch(0)));
    await Promise.all([a.close(), b.close(), evalA.close(), evalB.close()]);
  });
});

describe('augment.speed and augment.vtlp options', () => {
  const bad = (set: string[]): string => {
    try {
      validateRunConfig(mergeLayer(DEFAULT_CONFIG, { augment: Object.fromEntries(set.map((s) => [s.split('=')[0], JSON.parse(s.split('=')[1] as string)])) }), 'test');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('expected a ConfigError');
  };

  it('are off by default, and {} gives the papers\' defaults (speed 0.9, 1, 1.1; VTLP alpha 0.9-1.1 in 5 steps)', () => {
    expect(DEFAULT_CONFIG.augment.speed).toBeNull();
    expect(DEFAULT_CONFIG.augment.vtlp).toBeNull();
    const c = config({ speed: {}, vtlp: {} });
    expect(c.augment.speed).toEqual({ factors: [0.9, 1, 1.1] });
    expect(c.augment.vtlp).toEqual({ alpha: [0.9, 1.1], count: 5 });
    expect(configuredPerturbations(c)).toHaveLength(15);
    expect(configuredPerturbations(config({ vtlp: {} })).map((p) => p.vtlpAlpha)).toEqual([0.9, 0.95, 1, 1.05, 1.1]);
    expect(configuredPerturbations(config({}))).toEqual([]);
  });

  it('refuse bad values with a ConfigError naming the option', () => {
    expect(bad(['speed={"factors":[0.9,3]}'])).toMatch(/augment\.speed\.factors\.1/);
    expect(bad(['speed={"factors":[]}'])).toMatch(/augment\.speed\.factors/);
    expect(bad(['speed={"factors":[0.9,0.9]}'])).toMatch(/each speed factor once/);
    expect(bad(['speed={"rate":0.9}'])).toMatch(/rate/);
    expect(bad(['vtlp={"alpha":[1.1,0.9]}'])).toMatch(/augment\.vtlp\.alpha: alpha is \[min, max\]/);
    expect(bad(['vtlp={"alpha":[0.9,1.1],"count":1}'])).toMatch(/augment\.vtlp\.count/);
    expect(bad(['vtlp={"alpha":[0.1,1.1]}'])).toMatch(/augment\.vtlp\.alpha\.0/);
    expect(() => configuredPerturbations(config({ vtlp: {} }, { sampleRate: 8000 }))).toThrow(/above 9600 Hz/);
  });
});
