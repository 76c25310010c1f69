import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@spectromix/tensor';
import { createModel } from '@spectromix/asm-rh';
import { readSafetensors } from '@spectromix/tensor/codecs';
import { TrainingInterruptedError } from '@spectromix/train';
import { DirectoryCheckpointStore, readCheckpointMetaFile } from '@spectromix/train/node';
import { applyInitWeights } from '../model/init-weights.js';
import { runPaths } from '../run/run-dir.js';
import { writeFsddLike } from '../test-utils/unlabelled-audio.js';
import { DEFAULT_PRETRAIN_CONFIG, type PretrainConfig } from './config.js';
import { pretrainRun, type PretrainRunResult } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'spectromix-pretrain-run-'));
const quiet = { print: (): void => undefined, progressStream: { write: () => true } as unknown as NodeJS.WriteStream };

/** 18 clips of 3 speakers, 32 frames: 14 train in 4 batches of 4, 4 held out; 4 epochs on the cpu backend. */
const config: PretrainConfig = {
  ...DEFAULT_PRETRAIN_CONFIG,
  data: { ...DEFAULT_PRETRAIN_CONFIG.data, roots: [join(dir, 'audio')], targetLength: 32, validation: 0.25, cacheDir: join(dir, 'cache'), workers: 0 },
  optimizer: { ...DEFAULT_PRETRAIN_CONFIG.optimizer, lr: 2e-3 },
  schedule: { warmupSteps: 2, minLr: 0 },
  train: { epochs: 4, batchSize: 4 },
  checkpoint: { everySteps: 0, keepLast: 50 },
  run: { ...DEFAULT_PRETRAIN_CONFIG.run, backend: 'cpu', seed: 1 },
};
const folder = (name: string): ReturnType<typeof runPaths> => {
  mkdirSync(join(dir, name), { recursive: true });
  return runPaths(join(dir, name));
};
const tensors = (file: string): Map<string, number[]> => new Map([...readSafetensors(new Uint8Array(readFileSync(file))).tensors].map(([n, t]) => [n, Array.from(t.data)]));

describe('pretrainRun (cpu backend)', () => {
  let full: PretrainRunResult;
  beforeAll(async () => {
    writeFsddLike(join(dir, 'audio'), ['ann', 'bob', 'cid'], 6);
    full = await pretrainRun(config, { paths: folder('full'), ...quiet });
  }, 300_000);

  it('lowers the loss on the held-out clips and keeps the encoder of the best held-out epoch', () => {
    const heldOut = full.history.map((h) => h.heldOut.loss);
    expect(heldOut).toHaveLength(4);
    expect(heldOut[3]).toBeLessThan(0.9 * (heldOut[0] as number));
    expect(full.best?.value).toBe(Math.min(...heldOut));
    const result = JSON.parse(readFileSync(join(dir, 'full', 'result.json'), 'utf8')) as { kind: string; history: unknown[]; heldOut: { loss: number }; weights: string };
    expect(result.kind).toBe('pretrain');
    expect(result.heldOut.loss).toBe(full.best?.value);
    expect(result.weights).toBe(full.weights);
    const events = readFileSync(join(dir, 'full', 'log.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { event: string }).event);
    expect(events.filter((e) => e === 'epoch')).toHaveLength(4);
    expect(events.filter((e) => e === 'step')).toHaveLength(16);
    expect(events.at(-1)).toBe('result');
  });

  it('writes the encoder in the layout train --init loads: every tensor but the head lands in a fine-tuning model', () => {
    const saved = tensors(full.weights);
    const model = createModel('asm-rh-tiny', { numClasses: 8, targetLength: 32, seed: 9 });
    expect(applyInitWeights(model, { path: full.weights, kind: 'auto', patchChannels: 'sum' })).toMatch(/spectromix weights from .*all but the head/);
    const loaded = model.stateDict();
    let compared = 0;
    for (const [name, t] of loaded) {
      if (name.startsWith('head.')) continue;
      expect(Array.from(t.dataSync()), name).toEqual(saved.get(name));
      compared += 1;
    }
    expect(compared).toBe(saved.size - 2);
    tf.dispose([...loaded.values()]);
    model.dispose();
  });

  it('resumes an interrupted run exactly: the same history and the same weights as the run that was not stopped', async () => {
    const paths = folder('interrupted');
    const controller = new AbortController();
    let writes = 0;
    // The progress display writes once per step here: stop in the middle of the second epoch.
    const stream = { write: () => (++writes === 6 && controller.abort(), true) } as unknown as NodeJS.WriteStream;
    await expect(pretrainRun(config, { paths, print: quiet.print, progressStream: stream, signal: controller.signal })).rejects.toThrow(TrainingInterruptedError);
    const latest = await new DirectoryCheckpointStore(paths.checkpoints).latest();
    const stopped = (await readCheckpointMetaFile(latest)).position;
    expect(stopped.epoch).toBe(1);
    expect(stopped.batch).toBeGreaterThan(0);
    expect(stopped.batch).toBeLessThan(4);
    const resumed = await pretrainRun(config, { paths, resume: latest, ...quiet });
    expect(resumed.history).toEqual(full.history);
    expect(tensors(resumed.weights)).toEqual(tensors(full.weights));
  }, 300_000);
});
