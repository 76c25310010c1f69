import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@spectromix/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatFailures, fuzzTarget, type FuzzBounds, type FuzzTarget } from './harness.js';
import { checkpointSeed, checkpointTarget, classifierTargets, decoderTargets, exportSeed, safetensorsTarget } from './targets.js';

/** The CI sample: fixed seed, a few hundred cases in all. Bounds far above a healthy read (a few ms) and far below a 1 GB allocation. */
const BOUNDS: FuzzBounds = { timeMs: 5_000, memoryMb: 256 };
const SEED = 20261207;

async function expectClean(target: FuzzTarget, cases: number): Promise<void> {
  const report = await fuzzTarget(target, { cases, seed: SEED, bounds: BOUNDS });
  expect(report.failures, formatFailures(report.failures)).toEqual([]);
  expect(report.accepted + report.rejected).toBe(cases);
  // The zero-length input and most mutations must be rejected; a fuzzer whose inputs all pass tests nothing.
  expect(report.rejected).toBeGreaterThan(0);
}

describe('fuzzing: every reader of untrusted bytes returns or throws its typed error, within bounds', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const target of decoderTargets(4)) {
    it(`${target.name}: 60 mutated real clips`, () => expectClean(target, 60));
  }

  it('readSafetensors: 80 mutated files', () => expectClean(safetensorsTarget(), 80));

  it('decodeCheckpoint: 60 mutated checkpoints', async () => expectClean(checkpointTarget(await checkpointSeed()), 60));

  it('loadClassifier: 40 mutated manifests and 40 mutated single-file exports', async () => {
    const [manifest, single] = classifierTargets(await exportSeed());
    await expectClean(manifest!, 40);
    await expectClean(single!, 40);
  });
});
