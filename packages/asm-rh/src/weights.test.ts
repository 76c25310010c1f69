import { expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { describeBackends } from '@spectromix/tensor/testing';
import { readSafetensors } from '@spectromix/tensor/codecs';
import { createModel, modelFromConfig } from './create.js';
import { CONFIG_METADATA_KEY } from './model.js';
import type { AsmRhConfig } from './config.js';
import { fixtureWeights } from './testing/fixtures.js';

const MINI = { dim: 32, depth: 3, tokenMlpDim: 16, channelMlpDim: 48 };

async function weightsOf(model: { stateDict(): Map<string, tf.Tensor> }): Promise<Map<string, Float32Array>> {
  const state = model.stateDict();
  const out = new Map<string, Float32Array>();
  for (const [name, t] of state) out.set(name, (await t.data()) as Float32Array);
  tf.dispose([...state.values()]);
  return out;
}

// Weight files and configs are bookkeeping over the same kernels the parity suite runs everywhere: cpu only.
describeBackends('ASM-RH weights and config', () => {
  it('saveWeights writes back exactly the tensors of a PyTorch file (F32 and F16), with the config in the metadata', () => {
    for (const [name, preset, numClasses, targetLength] of [['mini-t100', MINI, 4, 100], ['tiny-t128', 'asm-rh-tiny', 10, 128]] as const) {
      const reference = readSafetensors(fixtureWeights(name));
      const model = createModel(preset, { numClasses, targetLength, seed: 0 });
      model.loadWeights(fixtureWeights(name));
      const saved = readSafetensors(model.saveWeights({ note: 'x' }));
      expect([...saved.tensors.keys()].sort()).toEqual([...reference.tensors.keys()].sort());
      for (const [key, t] of reference.tensors) {
        const ours = saved.tensors.get(key);
        expect(ours?.dtype).toBe('F32');
        expect(ours?.shape).toEqual(t.shape);
        expect(ours?.data).toEqual(t.data);
      }
      expect(saved.metadata['format']).toBe('pt');
      expect(saved.metadata['note']).toBe('x');
      expect(JSON.parse(saved.metadata[CONFIG_METADATA_KEY] ?? '{}')).toEqual(model.config);
      model.dispose();
    }
  });

  it('config is plain JSON that recreates the model, initial weights included', async () => {
    const model = createModel('asm-rh-tiny', { numClasses: 5, targetLength: 64, roll: false, seed: 42, dropPath: 0.1 });
    const config = JSON.parse(JSON.stringify(model.config)) as AsmRhConfig;
    expect(config).toEqual({ preset: 'asm-rh-tiny', dim: 128, depth: 4, tokenMlpDim: 64, channelMlpDim: 512, rollGroups: 16, rollRange: 4, numClasses: 5, targetLength: 64, hermit: true, roll: false, dropPath: 0.1, seed: 42 });
    const copy = modelFromConfig(config);
    expect(await weightsOf(copy)).toEqual(await weightsOf(model));
    const other = createModel('asm-rh-tiny', { numClasses: 5, targetLength: 64, roll: false, seed: 43 });
    expect((await weightsOf(other)).get('blocks.0.mlp_channels.fc1.weight')).not.toEqual((await weightsOf(model)).get('blocks.0.mlp_channels.fc1.weight'));
    const unseeded = createModel('asm-rh-tiny', { numClasses: 5, targetLength: 64 });
    expect(Number.isSafeInteger(unseeded.config.seed)).toBe(true);
    [model, copy, other, unseeded].forEach((m) => m.dispose());
  });

  it('initialises as the contract says: xavier-uniform, zero biases, LayerNorm 1/0, filter N(0, 0.02), zero head', async () => {
    const model = createModel('asm-rh-tiny', { numClasses: 5, targetLength: 128, seed: 3 });
    const w = await weightsOf(model);
    const values = (name: string): number[] => Array.from(w.get(name) ?? []);
    const bound = (fanIn: number, fanOut: number): number => Math.sqrt(6 / (fanIn + fanOut));
    const fc1 = values('blocks.0.mlp_channels.fc1.weight');
    expect(Math.max(...fc1.map(Math.abs))).toBeLessThanOrEqual(bound(128, 512));
    expect(Math.max(...fc1.map(Math.abs))).toBeGreaterThan(0.95 * bound(128, 512));
    expect(Math.max(...values('patch_embed.proj.weight').map(Math.abs))).toBeLessThanOrEqual(bound(256, 128 * 256));
    for (const [name, v] of w) {
      if (name.endsWith('.bias')) expect(v.every((e) => e === 0), name).toBe(true);
      if (name.includes('norm') && name.endsWith('.weight')) expect(v.every((e) => e === 1), name).toBe(true);
    }
    expect(values('head.weight').every((e) => e === 0)).toBe(true);
    const filter = values('blocks.2.hermit.filter');
    const std = Math.sqrt(filter.reduce((a, b) => a + b * b, 0) / filter.length);
    expect(std).toBeGreaterThan(0.018);
    expect(std).toBeLessThan(0.022);
    model.dispose();
  });

  it('counts parameters like PyTorch and by part', () => {
    const model = createModel('asm-rh-tiny', { numClasses: 5, targetLength: 128, seed: 0 });
    expect(model.numParameters()).toBe(644421); // sum(p.numel()) of asm_rh_torch.create_model('asm-rh-tiny', 5, 128)
    const counts = model.parameterCounts();
    expect(counts).toEqual({
      patch_embed: 128 * 256 + 128,
      'blocks.norm1': 4 * 256,
      'blocks.mlp_tokens': 4 * (2 * 144 * 64 + 64 + 144),
      'blocks.norm2': 4 * 256,
      'blocks.hermit': 4 * 12 * 128,
      'blocks.norm3': 4 * 256,
      'blocks.mlp_channels': 4 * (2 * 128 * 512 + 512 + 128),
      norm: 256,
      head: 5 * 128 + 5,
    });
    expect(Object.values(counts).reduce((a, b) => a + b)).toBe(model.numParameters());
    model.dispose();
  });

  it('loadWeights can leave the head alone to fine-tune on other classes', async () => {
    const model = createModel(MINI, { numClasses: 7, targetLength: 100, seed: 0 });
    expect(() => model.loadWeights(fixtureWeights('mini-t100'))).toThrow(/head.weight' has shape \[4, 32\], expected \[7, 32\]/);
    model.loadWeights(fixtureWeights('mini-t100'), { ignore: ['head.'] });
    const reference = readSafetensors(fixtureWeights('mini-t100')).tensors;
    const w = await weightsOf(model);
    expect(w.get('blocks.1.hermit.filter')).toEqual(reference.get('blocks.1.hermit.filter')?.data);
    expect(Array.from(w.get('head.weight') ?? []).every((e) => e === 0)).toBe(true);
    model.dispose();
  });
}, ['cpu']);
