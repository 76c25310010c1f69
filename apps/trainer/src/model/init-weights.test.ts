import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@spectromix/tensor';
import { initBackend } from '@spectromix/tensor/node';
import { createModel, importTimmMixer, type AsmRhModel } from '@spectromix/asm-rh';
import { readSafetensors, writeSafetensors, type SafetensorsInput } from '@spectromix/tensor/codecs';
import { ConfigError } from '../errors.js';
import { runCli } from '../test-utils/run-cli.js';
import { applyInitWeights, detectInitKind } from './init-weights.js';

const dir = mkdtempSync(join(tmpdir(), 'spectromix-init-'));
const timmFile = join(dir, 'mixer-tiny-width.safetensors');

/**
 * A state dict in timm's MlpMixer layout (stem.proj, blocks.{i}.norm1/mlp_tokens/norm2/mlp_channels, norm, head)
 * with asm-rh-tiny's widths (D 128, D_S 64, D_C 512), 2 blocks, 196 tokens, a 1000-class head; deterministic
 * values, no download (the layout of timm's mixer_b16_224 itself is tested in @spectromix/asm-rh).
 */
function timmLayout(): Map<string, SafetensorsInput> {
  const [d, ds, dc, n] = [128, 64, 512, 196];
  const shapes: [string, number[]][] = [['stem.proj.weight', [d, 3, 16, 16]], ['stem.proj.bias', [d]]];
  for (let i = 0; i < 2; i++) {
    const p = `blocks.${i}.`;
    shapes.push([`${p}norm1.weight`, [d]], [`${p}norm1.bias`, [d]], [`${p}mlp_tokens.fc1.weight`, [ds, n]], [`${p}mlp_tokens.fc1.bias`, [ds]]);
    shapes.push([`${p}mlp_tokens.fc2.weight`, [n, ds]], [`${p}mlp_tokens.fc2.bias`, [n]], [`${p}norm2.weight`, [d]], [`${p}norm2.bias`, [d]]);
    shapes.push([`${p}mlp_channels.fc1.weight`, [dc, d]], [`${p}mlp_channels.fc1.bias`, [dc]], [`${p}mlp_channels.fc2.weight`, [d, dc]], [`${p}mlp_channels.fc2.bias`, [d]]);
  }
  shapes.push(['norm.weight', [d]], ['norm.bias', [d]], ['head.weight', [1000, d]], ['head.bias', [1000]]);
  let k = 0;
  return new Map(shapes.map(([name, shape]) => [name, { shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => 0.05 * Math.sin(++k * 0.7)) }]));
}

async function values(model: AsmRhModel): Promise<Map<string, Float32Array>> {
  const state = model.stateDict();
  const out = new Map<string, Float32Array>();
  for (const [name, t] of state) out.set(name, (await t.data()) as Float32Array);
  tf.dispose([...state.values()]);
  return out;
}

beforeAll(async () => {
  await initBackend('cpu');
  writeFileSync(timmFile, writeSafetensors(timmLayout(), { format: 'pt' }));
});

describe('model.init', () => {
  it('imports a timm MLP-Mixer file into the run model and says what it did', async () => {
    const model = createModel('asm-rh-tiny', { numClasses: 6, targetLength: 128, seed: 0 });
    const fresh = createModel('asm-rh-tiny', { numClasses: 6, targetLength: 128, seed: 0 });
    const line = applyInitWeights(model, { path: timmFile, kind: 'auto', patchChannels: 'sum' });
    expect(line).toMatch(/timm MLP-Mixer weights .*: 2 of the model's 4 blocks \(the file has 2\), tokens 14x14 -> 12x12, patch channels sum; .* later blocks\); unused: head.bias, head.weight\.$/);
    const expected = importTimmMixer(timmLayout(), model.config).tensors;
    const [got, init] = [await values(model), await values(fresh)];
    for (const [name, v] of got) expect(v, name).toEqual(expected.get(name)?.data ?? init.get(name));
    expect(expected.has('blocks.1.norm3.weight')).toBe(true);
    model.dispose();
    fresh.dispose();
  });

  it('loads a spectromix model but its head, and refuses what does not fit with what to change', async () => {
    const source = createModel('asm-rh-tiny', { numClasses: 3, targetLength: 128, seed: 5 });
    const file = join(dir, 'spectromix.safetensors');
    writeFileSync(file, source.saveWeights());
    expect(detectInitKind(readSafetensors(new Uint8Array(readFileSync(file))).tensors.keys())).toBe('spectromix');
    const model = createModel('asm-rh-tiny', { numClasses: 6, targetLength: 128, seed: 0 });
    expect(applyInitWeights(model, { path: file, kind: 'auto', patchChannels: 'sum' })).toMatch(/spectromix weights .* \(all but the head/);
    const [got, want] = [await values(model), await values(source)];
    expect(got.get('blocks.3.hermit.filter')).toEqual(want.get('blocks.3.hermit.filter'));
    expect(Array.from(got.get('head.weight') ?? []).every((v) => v === 0)).toBe(true);

    const init = (path: string, kind: 'auto' | 'timm-mixer' | 'spectromix' = 'auto') => () => applyInitWeights(model, { path, kind, patchChannels: 'sum' });
    expect(init(join(dir, 'nope.safetensors'))).toThrow(ConfigError);
    expect(init(join(dir, 'nope.safetensors'))).toThrow(/does not exist/);
    expect(init(file, 'timm-mixer')).toThrow(/does not fit this run's model: .*missing .* stem.proj.weight/);
    const small = createModel('asm-rh-small', { numClasses: 6, targetLength: 128, seed: 0 });
    expect(() => applyInitWeights(small, { path: timmFile, kind: 'auto', patchChannels: 'sum' })).toThrow(/'stem.proj.weight' has shape \[128, 3, 16, 16\], expected \[384, 3 or 1, kh, kw\]/);
    const other = join(dir, 'other.safetensors');
    writeFileSync(other, writeSafetensors({ 'cls_token': { shape: [1, 4], data: new Float32Array(4) } }));
    expect(init(other)).toThrow(/neither timm's MLP-Mixer tensors .* nor spectromix's/);
    [source, model, small].forEach((m) => m.dispose());
  });

  it('spectromix train --init starts a short CPU run on the embedded dataset from the imported weights', async () => {
    const out = join(dir, 'runs');
    const r = await runCli(['train', '--init', timmFile, '--set', 'data.synthetic={"train":4,"validation":1,"test":1}', '--target-length', '32', '--batch-size', '6', '--epochs', '1', '--lr', '1e-9', '--backend', 'wasm', '--workers', '0', '--out', out, '--name', 'init']);
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Init: timm MLP-Mixer weights from .*: 2 of the model's 4 blocks .*tokens 14x14 -> 12x2/);
    const config = JSON.parse(readFileSync(join(out, 'init', 'config.json'), 'utf8')) as { model: { init: unknown } };
    expect(config.model.init).toEqual({ path: timmFile, kind: 'auto', patchChannels: 'sum' });
    // With lr 1e-9, four Adam steps move no weight by more than 1e-8: the exported model is the imported one.
    const exported = readSafetensors(new Uint8Array(readFileSync(join(out, 'init', 'model', 'model.safetensors')))).tensors;
    const model = createModel('asm-rh-tiny', { numClasses: 6, targetLength: 32, seed: 0 });
    const imported = importTimmMixer(timmLayout(), model.config).tensors;
    for (const name of ['patch_embed.proj.weight', 'blocks.0.mlp_tokens.fc1.weight', 'blocks.1.norm3.weight', 'blocks.1.mlp_channels.fc2.weight', 'norm.bias']) {
      const want = imported.get(name)?.data ?? new Float32Array();
      const got = exported.get(name)?.data ?? new Float32Array();
      expect(got.length, name).toBe(want.length);
      expect(Math.max(...Array.from(want, (v, i) => Math.abs(v - (got[i] as number)))), name).toBeLessThan(1e-7);
    }
    model.dispose();
  }, 180_000);
});
