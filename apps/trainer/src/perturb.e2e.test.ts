import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSafetensors } from '@spectromix/tensor/codecs';
import { parseWithNonFinite } from '@spectromix/train';
import { killAtStep, runCli } from './test-utils/run-cli.js';

// Speed perturbation and VTLP end to end on the embedded dataset (36 clips, 32 frames, 6 batches of 4 per epoch, a
// checkpoint after every step) on the cpu backend without worker threads: each option trains, and a run killed in
// its second epoch resumes to the same weights and metrics as the uninterrupted run (the copies it draws per clip
// and epoch depend only on the seed, the epoch and the clip).
const out = mkdtempSync(join(tmpdir(), 'spectromix-perturb-'));
const tiny = ['--set', 'data.synthetic={"train":4,"validation":1,"test":1}', '--target-length', '32', '--batch-size', '4', '--lr', '0.002', '--backend', 'cpu', '--seed', '3', '--workers', '0', '--out', out];
const both = ['--set', 'augment.speed={"factors":[0.9,1,1.1]}', '--set', 'augment.vtlp={"alpha":[0.9,1.1],"count":3}'];
type Result = { history: unknown; test: unknown; validation: unknown; best: unknown };
const result = (run: string): Result => parseWithNonFinite(readFileSync(join(out, run, 'result.json'), 'utf8')) as Result;
const weights = (run: string): Map<string, number[]> => new Map([...readSafetensors(new Uint8Array(readFileSync(join(out, run, 'model', 'model.safetensors')))).tensors].map(([n, t]) => [n, Array.from(t.data)]));

describe('augment.speed and augment.vtlp, end to end', () => {
  it('each option trains one epoch on the cpu backend and says what it draws from', async () => {
    const speed = await runCli(['train', ...tiny, '--epochs', '1', '--set', 'augment.speed={}', '--name', 'speed']);
    expect(speed.stderr).not.toMatch(/unexpected error/);
    expect(speed.code).toBe(0);
    expect(speed.stdout).toMatch(/Perturbation \(training only\): each training clip draws one of 3 copies per epoch: speed 0\.9 alpha 1, speed 1 alpha 1, speed 1\.1 alpha 1/);
    const vtlp = await runCli(['train', ...tiny, '--epochs', '1', '--set', 'augment.vtlp={}', '--name', 'vtlp']);
    expect(vtlp.code).toBe(0);
    expect(vtlp.stdout).toMatch(/one of 5 copies per epoch: speed 1 alpha 0\.9, speed 1 alpha 0\.95, speed 1 alpha 1, speed 1 alpha 1\.05, speed 1 alpha 1\.1/);
    const plain = await runCli(['train', ...tiny, '--epochs', '1', '--name', 'plain']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).not.toMatch(/Perturbation/);
    // Same seed and data, so only the perturbation differs: the trained weights differ.
    expect(weights('speed')).not.toEqual(weights('plain'));
    expect(weights('vtlp')).not.toEqual(weights('plain'));
    const config = JSON.parse(readFileSync(join(out, 'speed', 'config.json'), 'utf8')) as { augment: Record<string, unknown> };
    expect(config.augment['speed']).toEqual({ factors: [0.9, 1, 1.1] });
  }, 300_000);

  it('kill -9 in the second epoch, then --resume: the same weights and metrics as the uninterrupted run', async () => {
    const full = await runCli(['train', ...tiny, ...both, '--epochs', '2', '--checkpoint-every', '1', '--keep-last', '50', '--name', 'full']);
    expect(full.code).toBe(0);
    await killAtStep(['train', ...tiny, ...both, '--epochs', '2', '--checkpoint-every', '1', '--keep-last', '50', '--name', 'killed'], join(out, 'killed', 'log.jsonl'), 1, 2);
    const resumed = await runCli(['train', '--resume', join(out, 'killed'), '--backend', 'cpu', '--workers', '0']);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/Resuming at epoch 2/);
    expect(resumed.stdout).toMatch(/one of 9 copies per epoch/);
    const a = result('full');
    const b = result('killed');
    expect(b.history).toEqual(a.history);
    expect(b.test).toEqual(a.test);
    expect(b.best).toEqual(a.best);
    expect(weights('killed')).toEqual(weights('full'));
  }, 400_000);
});
