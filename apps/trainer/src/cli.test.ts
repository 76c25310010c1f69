import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeededRng } from '@spectromix/tensor';
import { encodeWav } from '@spectromix/dsp';
import { readSafetensors } from '@spectromix/tensor/codecs';
import { parseWithNonFinite } from '@spectromix/train';
import { renderClip } from '@spectromix/datasets';
import { runCli, startCli } from './test-utils/run-cli.js';

const out = mkdtempSync(join(tmpdir(), 'spectromix-cli-'));
/** A tiny run on the embedded dataset: 36 clips, 32 frames, 4 steps per epoch, a checkpoint after every step. */
const tiny = ['--set', 'data.synthetic={"train":4,"validation":1,"test":1}', '--target-length', '32', '--batch-size', '6', '--epochs', '3', '--lr', '0.002', '--backend', 'wasm', '--seed', '1', '--checkpoint-every', '1', '--keep-last', '50', '--workers', '0', '--out', out];

type Result = { history: unknown; test: unknown; validation: unknown; best: unknown };
const readResult = (run: string): Result => parseWithNonFinite(readFileSync(join(out, run, 'result.json'), 'utf8')) as Result;
const weights = (file: string): Map<string, number[]> => new Map([...readSafetensors(new Uint8Array(readFileSync(file))).tensors].map(([n, t]) => [n, Array.from(t.data)]));

describe('spectromix CLI', () => {
  beforeAll(async () => {
    const r = await runCli(['train', ...tiny, '--name', 'full']);
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Configuration \(defaults -> flags\)/);
  }, 180_000);

  it('writes the JSONL log, result, HTML report with inline SVG plots, and the web-demo export', () => {
    const dir = join(out, 'full');
    const events = readFileSync(join(dir, 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; samplesPerSecond?: number });
    expect(events[0]?.event).toBe('start');
    expect(events.filter((e) => e.event === 'step')).toHaveLength(12);
    expect(events.filter((e) => e.event === 'step').every((e) => (e.samplesPerSecond ?? 0) > 0)).toBe(true);
    expect(events.filter((e) => e.event === 'epoch')).toHaveLength(3);
    expect(events[events.length - 1]?.event).toBe('result');
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect((html.match(/<svg/g) ?? []).length).toBe(5);
    expect(html).not.toMatch(/<script|<link|src="http/);
    const manifest = JSON.parse(readFileSync(join(dir, 'model', 'spectromix.json'), 'utf8')) as { labels: string[]; features: { targetLength: number; normalization: { std: number } } };
    expect(manifest.labels).toHaveLength(6);
    expect(manifest.features.targetLength).toBe(32);
    expect(manifest.features.normalization.std).toBeGreaterThan(0);
  });

  it("dump-inputs writes the run's initial weights and normalised features for the PyTorch reference", async () => {
    const dir = join(out, 'dump');
    const r = await runCli(['dump-inputs', ...tiny, '--out', dir]);
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.code).toBe(0);
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { frames: number; bins: number; config: { data: { normalization: unknown } }; subsets: Record<string, { count: number; labels: number[] }> };
    expect([meta.frames, meta.bins]).toEqual([32, 128]);
    // The same normalisation statistics as the training run with these flags, and every subset in full.
    const runConfig = JSON.parse(readFileSync(join(out, 'full', 'config.json'), 'utf8')) as { data: { normalization: unknown } };
    expect(meta.config.data.normalization).toEqual(runConfig.data.normalization);
    for (const [name, count] of [['train', 24], ['validation', 6], ['test', 6]] as const) {
      expect(meta.subsets[name]?.count).toBe(count);
      expect(meta.subsets[name]?.labels).toHaveLength(count);
      expect(readFileSync(join(dir, `${name}.f32`)).byteLength).toBe(count * 32 * 128 * 4);
    }
    const init = weights(join(dir, 'init.safetensors'));
    const trained = weights(join(out, 'full', 'model', 'model.safetensors'));
    expect([...init.keys()].sort()).toEqual([...trained.keys()].sort());
    expect(init.get('head.weight')).not.toEqual(trained.get('head.weight'));
  }, 180_000);

  it('kill -9 during an epoch, then --resume: final metrics and weights equal the uninterrupted run', async () => {
    const child = startCli(['train', ...tiny, '--name', 'killed']);
    const log = join(out, 'killed', 'log.jsonl');
    const killedAt = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const lines = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
        const midEpoch = lines.map((l) => JSON.parse(l) as { event: string; epoch?: number; batch?: number }).find((e) => e.event === 'step' && e.epoch === 1 && e.batch === 1);
        if (midEpoch != null) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve(JSON.stringify(midEpoch));
        }
      }, 20);
      child.on('close', () => {
        clearInterval(timer);
        reject(new Error('the run finished before it could be killed'));
      });
    });
    expect(killedAt).toMatch(/"epoch":1/);
    await new Promise((r) => setTimeout(r, 200));
    const resumed = await runCli(['train', '--resume', join(out, 'killed'), '--backend', 'wasm', '--workers', '0']);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/Resuming at epoch 2/);
    const a = readResult('full');
    const b = readResult('killed');
    expect(b.history).toEqual(a.history);
    expect(b.test).toEqual(a.test);
    expect(b.best).toEqual(a.best);
    expect(weights(join(out, 'killed', 'model', 'model.safetensors'))).toEqual(weights(join(out, 'full', 'model', 'model.safetensors')));
  }, 180_000);

  it('predicts files and folders as JSON and CSV, exports one file, and evaluates it', async () => {
    const audio = join(out, 'audio');
    mkdirSync(join(audio, 'sub'), { recursive: true });
    for (const [i, c] of [0, 3, 4].entries()) {
      const w = renderClip(c, 5360, 16000, new SeededRng(100 + i));
      writeFileSync(join(audio, i === 2 ? 'sub' : '', `clip${i}.wav`), encodeWav([w], 16000));
    }
    const csv = await runCli(['predict', join(out, 'full'), audio, '--format', 'csv', '--backend', 'wasm']);
    expect(csv.code).toBe(0);
    const rows = csv.stdout.trim().split('\n');
    expect(rows[0]).toBe('file,label,probability,rising-chirp,falling-chirp,steady-tone,pulse-train,noise-burst,harmonic-buzz');
    expect(rows).toHaveLength(4);
    const json = await runCli(['predict', join(out, 'full', 'model'), join(audio, 'clip0.wav'), '--top', '2', '--backend', 'wasm']);
    const predictions = JSON.parse(json.stdout) as { label: string; probability: number; probabilities: { label: string; probability: number }[] }[];
    expect(predictions).toHaveLength(1);
    const top = predictions[0]!.probabilities;
    expect(top).toHaveLength(2);
    expect(top[0]).toEqual({ label: predictions[0]!.label, probability: predictions[0]!.probability });
    expect(top[0]!.probability).toBeGreaterThanOrEqual(top[1]!.probability);

    const file = join(out, 'full.safetensors');
    const exported = await runCli(['export', join(out, 'full'), '--single-file', '--out', file]);
    expect(exported.code).toBe(0);
    const evaluated = await runCli(['evaluate', file, '--json', '--backend', 'wasm']);
    expect(evaluated.code).toBe(0);
    const metrics = (parseWithNonFinite(evaluated.stdout) as { metrics: { accuracy: number; count: number } }).metrics;
    expect(metrics.count).toBe(6);
    expect(metrics.accuracy).toBeCloseTo((readResult('full').test as { accuracy: number }).accuracy, 10);
  }, 180_000);

  it('bad input: unknown flags, presets and recipes, values out of range, unreadable data, truncated checkpoints', async () => {
    const cases: [string[], number, RegExp][] = [
      [['train', '--bogus'], 2, /unknown option '--bogus'/],
      [['train', '--model', 'asm-rh-huge'], 2, /model\.preset/],
      [['train', '--epochs', '0'], 2, /train\.epochs/],
      [['train', '--recipe', 'nope'], 2, /Unknown recipe 'nope'/],
      [['train', '--dataset', 'fsdd', '--data', join(out, 'no-such-folder'), '--backend', 'cpu'], 1, /Cannot load the fsdd dataset/],
      [['evaluate', join(out, 'full'), '--subset', 'nope'], 2, /--subset must be one of/],
    ];
    const results = await Promise.all(cases.map(([args]) => runCli(args)));
    results.forEach((r, i) => {
      const [, code, message] = cases[i]!;
      expect(r.code).toBe(code);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/unexpected error|    at /);
    });
    const ckpts = readdirSync(join(out, 'full', 'checkpoints')).filter((f) => f.startsWith('step-'));
    const cut = join(out, 'cut.safetensors');
    const bytes = readFileSync(join(out, 'full', 'checkpoints', ckpts[0]!));
    writeFileSync(cut, bytes.subarray(0, bytes.length - 100));
    const truncated = await runCli(['train', '--resume', cut, '--backend', 'wasm']);
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toMatch(/truncated or corrupted/);
  }, 120_000);

  it('a NaN loss stops the run with NonFiniteLossError and leaves no half-written checkpoint', async () => {
    const r = await runCli(['train', ...tiny, '--name', 'nan', '--set', 'data.normalization={"mean":0,"std":1e-45}']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/NonFiniteLossError.*loss is NaN/s);
    const dir = join(out, 'nan', 'checkpoints');
    const files = existsSync(dir) ? readdirSync(dir) : [];
    expect(files.filter((f) => f.startsWith('.'))).toEqual([]);
  }, 120_000);
});
