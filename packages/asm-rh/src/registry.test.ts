import { beforeAll, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { describeBackends } from '@spectromix/tensor/testing';
import { createModel } from './create.js';
import { listPresets, type PresetInfo } from './presets.js';

// Generated from the preset registry: every preset x every ablation gets forward shape, finite (and non-zero)
// gradients for every trainable weight, save -> load -> identical logits, and no tensor leak over a training
// step. T = 26 (the smallest grid, 12 x 2 patches) and 3 classes keep it cheap.
//
// asm-rh-base and asm-rh-small run on wasm only: one base training step is about 10 GFLOP, which takes ~10 s on
// wasm (XNNPACK), over a minute on the pure-JS cpu backend and longer on WebGPU-on-lavapipe (a CPU emulation).
// Their layers and ops are the very ones asm-rh-tiny exercises on cpu, wasm and webgpu below (and the parity
// suite checks numerics on all three), so only their sizes are new, and sizes are backend-independent.
const TARGET_LENGTH = 26;
const NUM_CLASSES = 3;
const ABLATIONS = [
  { hermit: true, roll: true },
  { hermit: false, roll: true },
  { hermit: true, roll: false },
  { hermit: false, roll: false },
] as const;

function expectedNames(preset: PresetInfo, hermit: boolean): number {
  const perBlock = 2 + 4 + (hermit ? 3 : 0) + 2 + 4; // norm1, mlp_tokens, [norm2, filter], norm3, mlp_channels
  // patch_embed: proj weight and bias; a conv stem adds conv weight, norm weight and bias per stage
  const stem = 2 + (preset.patchEmbed.kind === 'conv-stem' ? 3 * preset.patchEmbed.channels.length : 0);
  return stem + preset.depth * perBlock + 2 + 2; // patch_embed, blocks, norm, head
}

function registrySuite(presets: readonly PresetInfo[], batch: number): void {
  beforeAll(() => {
    // Warm the FFT basis caches of @spectromix/hfft so that the leak check below sees only
    // per-step tensors (the caches are shared by every model with the same grid). Every stem's grid is warmed: the
    // patch embedding's (12 x 2) and the conv stem's (8 x 2).
    const stems = [...new Map(presets.map((p) => [JSON.stringify(p.patchEmbed), p.patchEmbed])).values()];
    for (const patchEmbed of stems) {
      const warm = createModel({ dim: 16, depth: 1, tokenMlpDim: 4, channelMlpDim: 4, patchEmbed }, { numClasses: 2, targetLength: TARGET_LENGTH, seed: 0 });
      const x = tf.zeros([1, TARGET_LENGTH, 128]);
      const { value, grads } = tf.variableGrads(() => tf.sum(warm.forward(x, { training: true })), [...warm.trainableParameters().values()]);
      tf.dispose([x, value, ...Object.values(grads)]);
      warm.dispose();
    }
  });

  for (const preset of presets) {
    for (const { hermit, roll } of ABLATIONS) {
      it(`${preset.name}, hermit ${hermit ? 'on' : 'off'}, roll ${roll ? 'on' : 'off'}`, async () => {
        const options = { numClasses: NUM_CLASSES, targetLength: TARGET_LENGTH, hermit, roll };
        const model = createModel(preset.name, { ...options, seed: 1 });
        expect(model.stateDictShapes().size).toBe(expectedNames(preset, hermit));
        expect(model.parameters().has('blocks.0.norm2.weight')).toBe(hermit);
        // The contract initialises head.weight to zero, which zeroes every other gradient: give it values first.
        const head = tf.randomNormal([NUM_CLASSES, preset.dim], 0, 0.5, 'float32', 3);
        model.loadStateDict(new Map([['head.weight', head]]), { strict: false });
        head.dispose();

        const x = tf.randomNormal([batch, TARGET_LENGTH, 128], 0, 1, 'float32', 4);
        const labels = tf.oneHot(tf.tensor1d([0, 2].slice(0, batch), 'int32'), NUM_CLASSES);

        // One training step, leak-checked: every trainable weight gets a finite, non-zero gradient.
        const before = tf.memory().numTensors;
        const trainable = [...model.trainableParameters()];
        let logits: tf.Tensor | null = null;
        const { value, grads } = tf.variableGrads(() => {
          logits = tf.keep(model.forward(x, { training: true }));
          return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
        }, trainable.map(([, v]) => v));
        expect(Number.isFinite((await value.data())[0])).toBe(true);
        for (const [name, v] of trainable) {
          const g = grads[v.name];
          expect(g, `gradient of ${name}`).toBeDefined();
          const values = await (g as tf.Tensor).data();
          expect(values.every(Number.isFinite), `finite gradient of ${name}`).toBe(true);
          expect(values.some((e) => e !== 0), `non-zero gradient of ${name}`).toBe(true);
        }
        tf.dispose([value, ...Object.values(grads)]);
        expect(tf.memory().numTensors, 'tensors after a training step').toBe(before + 1); // + the kept logits
        const reference = logits as unknown as tf.Tensor;
        expect(reference.shape).toEqual([batch, NUM_CLASSES]);

        // Save -> zero every weight -> load -> identical logits.
        const bytes = await model.saveWeightsAsync();
        for (const v of model.parameters().values()) tf.tidy(() => v.assign(tf.zerosLike(v)));
        model.loadWeights(bytes);
        const again = model.forward(x);
        expect(Array.from(await again.data())).toEqual(Array.from(await reference.data()));
        tf.dispose([x, labels, reference, again]);
        model.dispose();
      });
    }
  }
}

// Presets whose channel MLPs hold more than a million weights (base, small) are "heavy": wasm only, see above.
const heavy = (p: PresetInfo): boolean => p.dim * p.channelMlpDim * p.depth > 1_000_000;
const presets = listPresets();
describeBackends('preset registry (light presets)', () => registrySuite(presets.filter((p) => !heavy(p)), 2));
describeBackends('preset registry (heavy presets)', () => registrySuite(presets.filter(heavy), 1), ['wasm']);

it('lists every preset of the contract', () => {
  expect(presets.map((p) => [p.name, p.dim, p.depth, p.tokenMlpDim, p.channelMlpDim, p.rollGroups, p.rollRange])).toEqual([
    ['asm-rh-base', 768, 12, 384, 3072, 16, 4],
    ['asm-rh-small', 384, 12, 192, 1536, 16, 4],
    ['asm-rh-tiny', 128, 4, 64, 512, 16, 4],
    ['asm-rh-tiny-conv', 128, 4, 64, 512, 16, 4],
  ]);
  expect(presets.filter((p) => p.patchEmbed.kind !== 'patch').map((p) => p.name)).toEqual(['asm-rh-tiny-conv']);
  expect(presets.filter(heavy).map((p) => p.name)).toEqual(['asm-rh-base', 'asm-rh-small']);
});
