import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { initBackend } from '@spectromix/tensor/node';
import { SeededRng } from '@spectromix/tensor';
import { createModel } from '@spectromix/asm-rh';
import { ConfigError } from '../errors.js';
import { DEFAULT_PRETRAIN_CONFIG } from './config.js';
import { maskBatch, sampleMask } from './masking.js';
import { MaskedPatchModel } from './model.js';

const config = (over: { preset?: 'asm-rh-tiny' | 'asm-rh-tiny-conv' | 'cnn'; targetLength?: number } = {}): ConstructorParameters<typeof MaskedPatchModel>[0] => ({
  model: { ...DEFAULT_PRETRAIN_CONFIG.model, preset: over.preset ?? 'asm-rh-tiny' },
  loss: DEFAULT_PRETRAIN_CONFIG.loss,
  data: { targetLength: over.targetLength ?? 32 },
  run: { seed: 3 },
});

/** A masked batch of two random 32-frame clips (2 x 12 patches), 12 of them masked per clip. */
function batch(model: MaskedPatchModel, hide: 'input' | 'token', x?: Float32Array) {
  const values = x ?? Float32Array.from({ length: 2 * 32 * 128 }, (_, i) => Math.sin(i * 0.37) + Math.cos(i * 0.011));
  const masks = [0, 1].map((b) => sampleMask(model.geometry.grid, { ratio: 0.5, cluster: null }, new SeededRng(10 + b)));
  const a = maskBatch(values, 2, 32, model.geometry, masks, hide);
  return {
    masks,
    tensors: {
      input: tf.tensor3d(a.input, [2, 32, 128]),
      tokenMask: tf.tensor3d(a.tokenMask, [2, 24, 1]),
      select: tf.tensor3d(a.select, [2, a.masked, 24]),
      target: tf.tensor3d(a.target, [2, a.masked, 256]),
    },
  };
}

describe('MaskedPatchModel', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('refuses models without patches with a ConfigError naming the presets that work', () => {
    expect(() => new MaskedPatchModel(config({ preset: 'asm-rh-tiny-conv' }))).toThrow(ConfigError);
    expect(() => new MaskedPatchModel(config({ preset: 'asm-rh-tiny-conv' }))).toThrow(/convolutional stem.*--model asm-rh-tiny \| asm-rh-small \| asm-rh-base/);
    expect(() => new MaskedPatchModel(config({ preset: 'cnn' }))).toThrow(/CNN baseline has no tokens/);
  });

  it("starts its encoder as train starts the same preset and seed, and trains everything but the encoder's head", () => {
    const model = new MaskedPatchModel(config());
    const names = [...model.trainableParameters().keys()];
    expect(names.some((n) => n.startsWith('encoder.head.'))).toBe(false);
    expect(names).toContain('mask_embed');
    expect(names).toContain('gen_head.fc2.weight');
    expect(names).toContain('disc_head.fc1.bias');
    expect(names).toContain('encoder.patch_embed.proj.weight');
    const trained = createModel('asm-rh-tiny', { numClasses: 8, targetLength: 32, seed: 3 });
    const ours = model.encoder.stateDict();
    const theirs = trained.stateDict();
    for (const [name, t] of theirs) if (!name.startsWith('head.')) expect(Array.from(ours.get(name)?.dataSync() ?? []), name).toEqual(Array.from(t.dataSync()));
    tf.dispose([...ours.values(), ...theirs.values()]);
    trained.dispose();
    model.dispose();
  });

  it('replaces exactly the masked tokens by the mask embedding', () => {
    const model = new MaskedPatchModel(config());
    const tokens = tf.randomNormal([2, 24, 128], 0, 1, 'float32', 5) as tf.Tensor3D;
    const { masks, tensors } = batch(model, 'input');
    const out = model.maskTokens(tokens, tensors.tokenMask).arraySync();
    const before = tokens.arraySync();
    const embed = Array.from(model.maskEmbed.dataSync());
    for (let b = 0; b < 2; b++) {
      for (let n = 0; n < 24; n++) {
        const expected = (masks[b] as Int32Array).includes(n) ? embed : before[b]?.[n];
        expect(out[b]?.[n]?.map((v, k) => Math.abs(v - (expected?.[k] ?? NaN))).every((d) => d < 1e-6)).toBe(true);
      }
    }
    tf.dispose([tokens, ...Object.values(tensors)]);
    model.dispose();
  });

  it("with hidden input, the encoder's output does not depend on the masked patches' content", () => {
    const model = new MaskedPatchModel(config());
    model.train(false);
    const x = Float32Array.from({ length: 2 * 32 * 128 }, (_, i) => Math.sin(i * 0.37));
    const a = batch(model, 'input', x);
    // Change every pixel that a masked patch covers (and nothing else): the hidden input is the same, so are the tokens.
    const changed = Float32Array.from(x);
    for (let b = 0; b < 2; b++) {
      for (const token of a.masks[b] as Int32Array) {
        const [f, t] = [Math.floor(token / 2), token % 2];
        for (let j = 0; j < 16; j++) for (let i = 0; i < 16; i++) changed[b * 32 * 128 + (t * 10 + j) * 128 + f * 10 + i] = 7;
      }
    }
    const b2 = batch(model, 'input', changed);
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(model.encode(a.tensors.input, a.tensors.tokenMask), model.encode(b2.tensors.input, b2.tensors.tokenMask)))).dataSync()[0]);
    expect(diff).toBe(0);
    // ... while the targets of the two batches differ: the loss sees the content the encoder could not.
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(a.tensors.target, b2.tensors.target))).dataSync()[0])).toBeGreaterThan(1);
    tf.dispose([...Object.values(a.tensors), ...Object.values(b2.tensors)]);
    model.dispose();
  });

  it('puts the loss on the masked tokens only: its gradient at every visible token is zero', () => {
    const model = new MaskedPatchModel(config());
    const { masks, tensors } = batch(model, 'token');
    const features = model.encode(tensors.input, tensors.tokenMask);
    const grad = tf.grad((f: tf.Tensor) => model.lossOf(f as tf.Tensor3D, tensors).loss)(features);
    const norms = tf.tidy(() => tf.sum(tf.abs(grad), -1)).arraySync() as number[][];
    for (let b = 0; b < 2; b++) {
      for (let n = 0; n < 24; n++) {
        if ((masks[b] as Int32Array).includes(n)) expect(norms[b]?.[n]).toBeGreaterThan(0);
        else expect(norms[b]?.[n]).toBe(0);
      }
    }
    tf.dispose([features, grad, ...Object.values(tensors)]);
    model.dispose();
  });

  it('weighs the terms as configured and counts the discriminative picks', () => {
    const model = new MaskedPatchModel(config());
    const { tensors } = batch(model, 'input');
    const t = model.loss(tensors);
    const [loss, mse, nce, correct] = [t.loss, t.mse, t.nce, t.correct].map((s) => s.dataSync()[0] as number);
    expect(loss).toBeCloseTo(10 * (mse as number) + (nce as number), 4);
    expect(mse).toBeGreaterThan(0);
    // InfoNCE over the 12 masked patches of a clip: at least 0, and an untrained head is near chance (log 12).
    expect(nce).toBeGreaterThan(0);
    expect(Number.isInteger(correct) && (correct as number) >= 0 && (correct as number) <= 24).toBe(true);
    tf.dispose([t.loss, t.mse, t.nce, t.correct, ...Object.values(tensors)]);
    model.dispose();
  });
});
