import { describe, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { describeBackends } from '@spectromix/tensor/testing';
import { readSafetensors, type SafetensorsInput } from '@spectromix/tensor/codecs';
import { resolveConfig } from './config.js';
import { createModel } from './create.js';
import { TimmLayoutError } from './errors.js';
import { importTimmMixer, loadTimmMixer, planTimmMixer } from './timm-mixer.js';
import { mixerB16Shapes, timmFixture, timmFixtureCases } from './testing/fixtures.js';

const MINI = { dim: 32, depth: 3, tokenMlpDim: 16, channelMlpDim: 48 };
const source = (): Map<string, SafetensorsInput> => new Map(readSafetensors(timmFixture('timm-mini.safetensors')).tensors);
const config = (preset: Parameters<typeof resolveConfig>[0], targetLength: number) => resolveConfig(preset, { numClasses: 5, targetLength, seed: 0 });

describe('importTimmMixer', () => {
  it.each(timmFixtureCases())('matches the PyTorch reference mapping: $name', (c) => {
    const result = importTimmMixer(timmFixture('timm-mini.safetensors'), config(c.preset, c.targetLength), { patchChannels: c.patchChannels });
    const expected = readSafetensors(timmFixture(`${c.name}.expected.safetensors`)).tensors;
    expect([...result.tensors.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [name, want] of expected) {
      const got = result.tensors.get(name) as SafetensorsInput;
      expect(got.shape, name).toEqual(want.shape);
      const scale = Math.max(...Array.from(want.data, Math.abs));
      const err = Math.max(...Array.from(want.data, (v, i) => Math.abs(v - (got.data[i] as number))));
      expect(err, name).toBeLessThanOrEqual(1e-6 * scale);
    }
    const dropped = [...source().keys()].filter((k) => k.startsWith('head.') || Number(/^blocks\.(\d+)\./.exec(k)?.[1] ?? -1) >= c.preset.depth);
    expect([...result.unused].sort()).toEqual(dropped.sort());
    expect(result.blocks).toBe(Math.min(2, c.preset.depth));
  });

  it("plans timm's full mixer_b16_224 table into asm-rh-base: every Mixer tensor but the head, the contract's shapes", () => {
    const shapes = mixerB16Shapes();
    expect(shapes.size).toBe(2 + 12 * 12 + 4);
    for (const [targetLength, time] of [[512, 50], [128, 12]] as const) {
      const plan = planTimmMixer(shapes, config('asm-rh-base', targetLength));
      const n = 12 * time;
      expect(plan).toMatchObject({ sourceDepth: 12, blocks: 12, sourceGrid: [14, 14], targetGrid: [12, time], unused: ['head.weight', 'head.bias'] });
      // The contract's section 2 table for asm-rh-base, minus what the import leaves at init (hermit, norm2, head).
      const contract = new Map<string, number[]>([['patch_embed.proj.weight', [768, 1, 16, 16]], ['patch_embed.proj.bias', [768]], ['norm.weight', [768]], ['norm.bias', [768]]]);
      for (let l = 0; l < 12; l++) {
        for (const norm of ['norm1', 'norm3']) for (const p of ['weight', 'bias']) contract.set(`blocks.${l}.${norm}.${p}`, [768]);
        contract.set(`blocks.${l}.mlp_tokens.fc1.weight`, [384, n]).set(`blocks.${l}.mlp_tokens.fc1.bias`, [384]);
        contract.set(`blocks.${l}.mlp_tokens.fc2.weight`, [n, 384]).set(`blocks.${l}.mlp_tokens.fc2.bias`, [n]);
        contract.set(`blocks.${l}.mlp_channels.fc1.weight`, [3072, 768]).set(`blocks.${l}.mlp_channels.fc1.bias`, [3072]);
        contract.set(`blocks.${l}.mlp_channels.fc2.weight`, [768, 3072]).set(`blocks.${l}.mlp_channels.fc2.bias`, [768]);
      }
      expect(new Map(plan.entries.map((e) => [e.target, [...e.shape]]))).toEqual(contract);
      expect(plan.entries.find((e) => e.target === 'blocks.4.norm3.weight')?.source).toBe('blocks.4.norm2.weight');
    }
  });

  it('says what was expected for another width, a missing tensor or a token count that is not a grid', () => {
    const shapes = mixerB16Shapes();
    const small = (): unknown => planTimmMixer(shapes, config('asm-rh-small', 512));
    expect(small).toThrow(TimmLayoutError);
    expect(small).toThrow(/'stem.proj.weight' has shape \[768, 3, 16, 16\], expected \[384, 3 or 1, kh, kw\]/);
    expect(small).toThrow(/'blocks.0.mlp_tokens.fc1.weight' has shape \[384, 196\], expected \[192, 196\]/);
    const lacking = new Map(shapes);
    lacking.delete('blocks.3.norm2.weight');
    expect(() => planTimmMixer(lacking, config('asm-rh-base', 512))).toThrow(/missing 1 tensor\(s\): blocks.3.norm2.weight/);
    const vit = new Map([['patch_embed.proj.weight', [768, 3, 16, 16]], ['cls_token', [1, 1, 768]]]);
    expect(() => planTimmMixer(vit, config('asm-rh-base', 512))).toThrow(/missing 5 tensor\(s\): stem.proj.weight, stem.proj.bias, blocks.0.\* \(no blocks at all\), norm.weight, norm.bias/);
    const odd = new Map(source());
    for (const name of [...odd.keys()].filter((k) => k.includes('mlp_tokens'))) odd.delete(name);
    odd.set('blocks.0.mlp_tokens.fc1.weight', { shape: [16, 195], data: new Float32Array(16 * 195) });
    expect(() => planTimmMixer(new Map([...odd].map(([k, v]) => [k, v.shape])), config(MINI, 100))).toThrow(/195 tokens are not a square grid: pass sourceGrid/);
    expect(() => importTimmMixer(new Uint8Array([1, 2, 3]), config(MINI, 100))).toThrow(/8-byte little-endian header length/);
  });

  it('resizes another patch size to 16 x 16 keeping the response to a constant patch, and takes a one-channel stem as it is', () => {
    const src = source();
    const d = 32;
    const big = Float32Array.from({ length: d * 3 * 32 * 32 }, (_, i) => Math.sin(i * 0.37));
    src.set('stem.proj.weight', { shape: [d, 3, 32, 32], data: big });
    const w = importTimmMixer(src, config(MINI, 100)).tensors.get('patch_embed.proj.weight') as SafetensorsInput;
    expect(w.shape).toEqual([d, 1, 16, 16]);
    for (const o of [0, 17, 31]) {
      const before = big.slice(o * 3 * 1024, (o + 1) * 3 * 1024).reduce((a, b) => a + b, 0);
      const after = w.data.slice(o * 256, (o + 1) * 256).reduce((a, b) => a + b, 0);
      expect(after).toBeCloseTo(before, 3);
    }
    const grey = Float32Array.from({ length: d * 256 }, (_, i) => Math.cos(i));
    src.set('stem.proj.weight', { shape: [d, 1, 16, 16], data: grey });
    expect(importTimmMixer(src, config(MINI, 100), { patchChannels: 'luma' }).tensors.get('patch_embed.proj.weight')?.data).toEqual(grey);
  });
});

describeBackends('loadTimmMixer', () => {
  it('sets the imported tensors and leaves the Hermit branch, later blocks and the head at their initialisation', async () => {
    const model = createModel(MINI, { numClasses: 5, targetLength: 100, seed: 1 });
    const fresh = createModel(MINI, { numClasses: 5, targetLength: 100, seed: 1 });
    const report = loadTimmMixer(model, timmFixture('timm-mini.safetensors'));
    const expected = readSafetensors(timmFixture('mini-t100-sum.expected.safetensors')).tensors;
    const after = model.stateDict();
    const before = fresh.stateDict();
    try {
      const atInit = [...after.keys()].filter((k) => !expected.has(k));
      expect([...report.leftAtInit].sort()).toEqual(atInit.sort());
      expect(atInit).toEqual(expect.arrayContaining(['blocks.0.hermit.filter', 'blocks.1.norm2.weight', 'blocks.2.mlp_tokens.fc1.weight', 'head.weight']));
      for (const [name, t] of after) {
        const want = expected.get(name)?.data ?? ((await before.get(name)?.data()) as Float32Array);
        const got = (await t.data()) as Float32Array;
        const err = Math.max(...Array.from(want, (v, i) => Math.abs(v - (got[i] as number))));
        expect(err, name).toBeLessThanOrEqual(1e-6 * Math.max(1, ...Array.from(want, Math.abs)));
      }
      const logits = model.forward(tf.randomNormal([2, 100, 128], 0, 1, 'float32', 3));
      expect(Array.from(await logits.data()).every(Number.isFinite)).toBe(true);
      logits.dispose();
    } finally {
      tf.dispose([...after.values(), ...before.values()]);
      model.dispose();
      fresh.dispose();
    }
  });

  it('assigns nothing when the layout does not fit', async () => {
    const model = createModel({ ...MINI, dim: 48 }, { numClasses: 5, targetLength: 100, seed: 1 });
    const w0 = model.stateDict();
    const before = (await w0.get('norm.weight')?.data()) as Float32Array;
    expect(() => loadTimmMixer(model, timmFixture('timm-mini.safetensors'))).toThrow(/expected \[48, 3 or 1, kh, kw\]/);
    const w1 = model.stateDict();
    expect(await w1.get('norm.weight')?.data()).toEqual(before);
    tf.dispose([...w0.values(), ...w1.values()]);
    model.dispose();
  });
}, ['cpu']);
