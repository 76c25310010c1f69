import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSafetensors } from '@spectromix/tensor/codecs';
import { parseWithNonFinite } from '@spectromix/train';
import { readCheckpointMetaFile } from '@spectromix/train/node';
import { killAtStep, runCli } from './test-utils/run-cli.js';

const out = mkdtempSync(join(tmpdir(), 'spectromix-precision-'));
/** A tiny mixed-precision run on the cpu backend: 36 clips, 32 frames, 4 steps per epoch, 2 epochs, a checkpoint after every step. */
const tiny = [
  '--set', 'data.synthetic={"train":4,"validation":1,"test":1}', '--target-length', '32', '--batch-size', '6', '--epochs', '2', '--lr', '0.002',
  '--backend', 'cpu', '--seed', '1', '--checkpoint-every', '1', '--keep-last', '50', '--workers', '0', '--precision', 'mixed', '--out', out,
];

interface Result {
  history: unknown;
  test: unknown;
  best: unknown;
  precision: { mode: string; matmul: string; lossScale: { scale: number; goodSteps: number; skippedSteps: number[]; changes: unknown[] } };
}
const readResult = (run: string): Result => parseWithNonFinite(readFileSync(join(out, run, 'result.json'), 'utf8')) as Result;
const weights = (file: string): Map<string, number[]> => new Map([...readSafetensors(new Uint8Array(readFileSync(file))).tensors].map(([n, t]) => [n, Array.from(t.data)]));
const logEvents = (run: string) => readFileSync(join(out, run, 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; epoch?: number; batch?: number; lossScale?: number; skipped?: boolean; precision?: unknown });

describe('spectromix train --precision mixed [cpu]', () => {
  beforeAll(async () => {
    const r = await runCli(['train', ...tiny, '--name', 'full']);
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Precision: mixed: fp32 matmuls \(the cpu backend has no f16 kernels/);
    expect(r.stdout).toMatch(/Loss scaling: 0 of 8 steps skipped for overflow; scale now 65536\./);
  }, 300_000);

  it('records the precision and the loss scale in the log, the result and every checkpoint', async () => {
    const events = logEvents('full');
    expect(events[0]?.precision).toMatchObject({ mode: 'mixed', matmul: 'fp32' });
    expect(events[0]?.precision).not.toHaveProperty('lossScale');
    const steps = events.filter((e) => e.event === 'step');
    expect(steps).toHaveLength(8);
    expect(steps.every((e) => e.lossScale === 65536 && e.skipped === false)).toBe(true);
    const result = readResult('full');
    expect(result.precision).toMatchObject({ mode: 'mixed', matmul: 'fp32', lossScale: { scale: 65536, goodSteps: 8, skippedSteps: [], changes: [{ step: 0, scale: 65536 }] } });
    const checkpoint = join(out, 'full', 'checkpoints');
    const { DirectoryCheckpointStore } = await import('@spectromix/train/node');
    const meta = await readCheckpointMetaFile(await new DirectoryCheckpointStore(checkpoint).latest());
    expect(meta.states['lossScaler']).toEqual({ scale: 65536, goodSteps: 8 });
    expect(meta.states['lossScaleHistory']).toEqual({ skippedSteps: [], changes: [{ step: 0, scale: 65536 }] });
    expect((meta.config as { runConfig: { train: { precision: string } } }).runConfig.train.precision).toBe('mixed');
  });

  it('on WebGPU, mixed needs f16 matmuls on subgroup matrices: without them (lavapipe) it stops at start, naming what is missing', async () => {
    const r = await runCli(['train', ...tiny, '--backend', 'webgpu', '--name', 'webgpu']);
    if (r.code === 0) {
      // A device with subgroup matrices (a GPU host): the run trained with f16 matmuls.
      expect(readResult('webgpu').precision).toMatchObject({ mode: 'mixed', matmul: 'f16' });
      return;
    }
    expect(r.stderr).toMatch(/error: --precision mixed \(train.precision "mixed"\) needs f16 matmuls/);
    expect(r.stderr).toMatch(/lacks [^.]*chromium-experimental-subgroup-matrix/);
    expect(r.stderr).toMatch(/--precision fp32/);
    expect(r.code).toBe(2);
    // Stopped before any data was read: the run folder made for it is gone.
    expect(existsSync(join(out, 'webgpu'))).toBe(false);
  }, 120_000);

  it('kill -9 mid-epoch, then --resume: weights, metrics and loss-scale state equal the uninterrupted run bit for bit', async () => {
    await killAtStep(['train', ...tiny, '--name', 'killed'], join(out, 'killed', 'log.jsonl'), 1, 1);
    // The precision is part of the run: --resume refuses to change it.
    const changed = await runCli(['train', '--resume', join(out, 'killed'), '--precision', 'fp32']);
    expect(changed.code).toBe(2);
    expect(changed.stderr + changed.stdout).toMatch(/train\.precision cannot change/);
    const resumed = await runCli(['train', '--resume', join(out, 'killed'), '--backend', 'cpu', '--workers', '0']);
    expect(resumed.stderr).not.toMatch(/unexpected error/);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/Resuming at epoch 2/);
    const a = readResult('full');
    const b = readResult('killed');
    expect(b.history).toEqual(a.history);
    expect(b.test).toEqual(a.test);
    expect(b.best).toEqual(a.best);
    expect(b.precision).toEqual(a.precision);
    expect(weights(join(out, 'killed', 'model', 'model.safetensors'))).toEqual(weights(join(out, 'full', 'model', 'model.safetensors')));
  }, 300_000);
});
