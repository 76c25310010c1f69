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

  it('--model cnn trains and exports; train.distill learns from it on the same split, and refuses a teacher of another split', async () => {
    const cnn = await runCli(['train', ...tiny, '--epochs', '2', '--model', 'cnn', '--name', 'cnn']);
    expect(cnn.stderr).not.toMatch(/unexpected error/);
    expect(cnn.code).toBe(0);
    expect(cnn.stdout).toMatch(/Model: cnn \(1\.1\d\d M parameters/);
    const manifest = JSON.parse(readFileSync(join(out, 'cnn', 'model', 'spectromix.json'), 'utf8')) as { model: { kind: string } };
    expect(manifest.model.kind).toBe('cnn');
    const evaluated = await runCli(['evaluate', join(out, 'cnn'), '--json', '--backend', 'wasm']);
    expect(evaluated.code).toBe(0);

    const teacher = join(out, 'cnn');
    const student = await runCli(['train', ...tiny, '--epochs', '2', '--set', `train.distill={"teacher":${JSON.stringify(teacher)},"kind":"soft","alpha":0.5,"temperature":2}`, '--name', 'kd']);
    expect(student.stderr).not.toMatch(/unexpected error/);
    expect(student.code).toBe(0);
    expect(student.stdout).toMatch(/Distillation: teacher .*cnn, soft, alpha 0\.5, temperature 2/);
    const res = result('kd') as { history: { trainLoss: number }[]; test: { accuracy: number } };
    expect(res.history).toHaveLength(2);
    expect(res.history.every((h) => Number.isFinite(h.trainLoss))).toBe(true);

    const other = await runCli(['train', ...tiny, '--epochs', '1', '--set', 'data.split={"kind":"random","validation":0.2,"test":0.2}', '--set', `train.distill={"teacher":${JSON.stringify(teacher)}}`, '--name', 'kd-other']);
    expect(other.code).not.toBe(0);
    expect(other.stderr + other.stdout).toMatch(/does not fit this run: data\.split is/);
  }, 400_000);
});
