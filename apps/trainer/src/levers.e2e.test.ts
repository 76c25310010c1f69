import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWithNonFinite } from '@spectromix/train';
import { runCli } from './test-utils/run-cli.js';

// The issue-19 training levers end to end on the embedded dataset (36 clips, 32 frames): each run must finish, and
// its result.json must say what the lever did.
const out = mkdtempSync(join(tmpdir(), 'spectromix-levers-'));
const tiny = ['--set', 'data.synthetic={"train":4,"validation":1,"test":1}', '--target-length', '32', '--batch-size', '6', '--lr', '0.002', '--backend', 'wasm', '--seed', '1', '--workers', '0', '--out', out];
const result = (run: string): Record<string, unknown> => parseWithNonFinite(readFileSync(join(out, run, 'result.json'), 'utf8')) as Record<string, unknown>;

describe('training levers', () => {
  it('train.average: averages the last k epochs, checks the average on validation, records the epochs and what was kept', async () => {
    const r = await runCli(['train', ...tiny, '--epochs', '3', '--set', 'train.average={"kind":"last","k":2}', '--name', 'avg']);
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Averaged epochs 2, 3: validation accuracy [\d.]+% against the best epoch's [\d.]+%; kept the (average|best epoch) \(chosen on validation\)/);
    const res = result('avg') as { averaging: { epochs: number[]; kept: string; validation: { accuracy: number } }; validation: { accuracy: number }; best: { value: number } };
    expect(res.averaging.epochs).toEqual([1, 2]);
    expect(['average', 'best-epoch']).toContain(res.averaging.kept);
    // What was kept is what the result reports on validation.
    expect(res.validation.accuracy).toBe(res.averaging.kept === 'average' ? res.averaging.validation.accuracy : res.best.value);
    expect(existsSync(join(out, 'avg', 'average'))).toBe(false);
  }, 240_000);
});
