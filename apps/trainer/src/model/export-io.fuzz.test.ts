import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@spectromix/tensor';
import { writeSafetensors } from '@spectromix/tensor/codecs';
import { exportSeed, formatFailures, fuzzTarget, manifestTarget, mutateSafetensorsHeader, type FuzzTarget } from '@spectromix/fuzz';
import { beforeAll, describe, expect, it } from 'vitest';
import { isExpectedFailure } from '../cli-failure.js';
import { readExportBytes } from './export-io.js';
import { MANIFEST_METADATA_KEY } from '@spectromix/features';

// The trainer's reader of exports (evaluate, predict and export read models through it) under the fuzzer of
// tooling/fuzz: mutated manifests and mutated single-file exports either load or fail with an expected, typed
// error (ExportFormatError or a model package's error), within the time and memory bounds.
const BOUNDS = { timeMs: 5_000, memoryMb: 256 };

async function expectClean(target: FuzzTarget, cases: number): Promise<void> {
  const report = await fuzzTarget(target, { cases, seed: 20261207, bounds: BOUNDS });
  expect(report.failures, formatFailures(report.failures)).toEqual([]);
  expect(report.rejected).toBeGreaterThan(0);
}

describe('fuzzing the trainer manifest and export reader', () => {
  let seed: Awaited<ReturnType<typeof exportSeed>>;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    seed = await exportSeed();
  });

  const read = (bytes: Uint8Array): void => readExportBytes(bytes, 'fuzz.safetensors').model.dispose();

  it('mutated manifests (structure and values) in the weights metadata: 60 cases', async () => {
    const weights = new Map([...(await import('@spectromix/tensor/codecs')).readSafetensors(seed.weights).tensors].map(([n, t]) => [n, { shape: t.shape, data: t.data }]));
    const withManifest = (bytes: Uint8Array): Uint8Array => writeSafetensors(weights, { [MANIFEST_METADATA_KEY]: new TextDecoder().decode(bytes) });
    await expectClean(manifestTarget('trainer readExportBytes (manifest)', seed.manifest, (bytes) => read(withManifest(bytes)), isExpectedFailure), 60);
  });

  it('mutated single-file exports (bytes and safetensors header): 60 cases', async () => {
    await expectClean({ name: 'trainer readExportBytes (file)', seeds: [{ name: 'export', bytes: seed.weights }], read, isTyped: isExpectedFailure, mutators: [mutateSafetensorsHeader] }, 60);
  });
});
