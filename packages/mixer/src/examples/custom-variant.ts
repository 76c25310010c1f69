import * as tf from '@spectromix/tensor';
import { Mixer, RhMixerBlock, RollTime, mlpFactory, mish, rollShift } from '@spectromix/mixer';

// A Mixer with ASM-RH's Roll-Time, a Mish channel MLP and no Hermit branch: a new block factory, no new class.
export const model = new Mixer({
  targetLength: 128, dim: 64, depth: 4, numClasses: 10, seed: 0,
  block: ({ index, depth, dim, grid }) =>
    new RhMixerBlock({
      dim, grid,
      tokenMlp: mlpFactory(32),
      channelMlp: mlpFactory(256, mish),
      roll: (g) => new RollTime({ ...g, shift: rollShift(index, depth) }),
    }),
});
export const logits = model.forward(tf.randomNormal([2, 128, 128])); // [2, 10]
