import { describe, expect, it, beforeAll } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSafetensors } from '@spectromix/tensor/codecs';
import { runCli } from './test-utils/run-cli.js';
import { writeFsddLike } from './test-utils/unlabelled-audio.js';

const out = mkdtempSync(join(tmpdir(), 'spectromix-cli-pretrain-'));
const audio = join(out, 'audio');
/** 12 clips of two speakers; bob left out, so 6 clips of 32 frames: 4 train (one batch of 4), 2 held out; cpu backend. */
const tiny = ['--data', audio, '--exclude-speakers', 'bob', '--target-length', '32', '--batch-size', '4', '--held-out', '0.25', '--epochs', '2', '--lr', '0.002', '--seed', '1', '--backend', 'cpu', '--workers', '0', '--set', `data.cacheDir=${join(out, 'cache')}`, '--out', out];
type Result = { kind: string; history: { heldOut: { loss: number } }[]; weights: string; data: { excludeSpeakers: string[] } };
const result = (run: string): Result => JSON.parse(readFileSync(join(out, run, 'result.json'), 'utf8')) as Result;

describe('spectromix pretrain', () => {
  beforeAll(async () => {
    writeFsddLike(audio, ['ann', 'bob'], 6);
    const r = await runCli(['pretrain', ...tiny, '--name', 'pre']);
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.code).toBe(0);
  }, 240_000);

  it('writes the result, the log and the encoder weights, and says what it left out', () => {
    const r = result('pre');
    expect(r.kind).toBe('pretrain');
    expect(r.history).toHaveLength(2);
    expect(r.data.excludeSpeakers).toEqual(['bob']);
    const weights = readSafetensors(new Uint8Array(readFileSync(join(out, 'pre', 'pretrained.safetensors'))));
    expect(weights.tensors.has('patch_embed.proj.weight')).toBe(true);
    expect([...weights.tensors.keys()].some((n) => n.startsWith('gen_head') || n.startsWith('mask_embed'))).toBe(false);
    expect(JSON.parse(weights.metadata['spectromix.pretrain'] ?? '{}')).toMatchObject({ excludeSpeakers: ['bob'], targetLength: 32 });
  });

  it('train --init starts a fine-tuning run from the pretrained encoder', async () => {
    const r = await runCli(['train', '--init', join(out, 'pre', 'pretrained.safetensors'), '--target-length', '32', '--epochs', '1', '--batch-size', '6', '--set', 'data.synthetic={"train":2,"validation":1,"test":1}', '--backend', 'cpu', '--workers', '0', '--out', out, '--name', 'fine']);
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Init: spectromix weights from .*pretrained\.safetensors \(all but the head/);
  }, 120_000);

  it('--resume continues the run (more epochs allowed) and refuses changes that would make it inexact', async () => {
    const more = await runCli(['pretrain', '--resume', join(out, 'pre'), '--epochs', '3', '--backend', 'cpu', '--workers', '0']);
    expect(more.stderr).not.toMatch(/unexpected error/);
    expect(more.code).toBe(0);
    expect(more.stdout).toMatch(/Resuming at epoch 3/);
    expect(result('pre').history).toHaveLength(3);
    const changed = await runCli(['pretrain', '--resume', join(out, 'pre'), '--lr', '0.1']);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toMatch(/optimizer\.lr cannot change/);
  }, 180_000);

  it('bad input gets typed errors that say what to do, and leaves no run folder behind', async () => {
    const empty = join(out, 'empty');
    mkdirSync(join(empty, 'sub'), { recursive: true });
    const common = ['--target-length', '32', '--backend', 'cpu', '--workers', '0', '--out', out];
    const cases: [string[], number, RegExp][] = [
      [['pretrain', ...common, '--name', 'e1'], 2, /pretrain needs at least one --data <folder>/],
      [['pretrain', ...common, '--name', 'e2', '--data', empty], 1, /No audio found under/],
      [['pretrain', ...common, '--name', 'e3', '--data', join(out, 'nowhere')], 1, /no such folder/],
      [['pretrain', ...common, '--name', 'e4', '--data', audio, '--model', 'asm-rh-tiny-conv'], 2, /convolutional stem.*--model asm-rh-tiny \| asm-rh-small \| asm-rh-base/],
      [['pretrain', ...common, '--name', 'e5', '--data', audio, '--exclude-speakers', 'Actor_99'], 2, /no clip of Actor_99/],
      [['pretrain', ...common, '--name', 'e6', '--data', audio, '--exclude-fold', '0'], 2, /--exclude-fold needs --recipe/],
      // The recipe's fold 0 names RAVDESS actors, which this FSDD-like folder does not have.
      [['pretrain', ...common, '--name', 'e7', '--data', audio, '--recipe', 'ravdess', '--exclude-fold', '0'], 2, /no clip of Actor_01, Actor_02, Actor_03, Actor_04/],
      [['pretrain', ...common, '--name', 'e8', '--data', audio, '--init', 'x.safetensors'], 2, /unknown option '--init'/],
      [['pretrain', ...common, '--name', 'e9', '--data', audio, '--mask-ratio', '1'], 2, /mask\.ratio/],
    ];
    const results = await Promise.all(cases.map(([args]) => runCli(args)));
    results.forEach((r, i) => {
      const [, code, message] = cases[i]!;
      expect(r.stderr).toMatch(message);
      expect(r.code).toBe(code);
      expect(r.stderr).not.toMatch(/unexpected error|    at /);
      expect(existsSync(join(out, `e${i + 1}`))).toBe(false);
    });
  }, 180_000);
});
