import { expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { describeBackends, expectAllClose } from '@spectromix/tensor/testing';
import { createModel } from './create.js';
import { fixtureCases, fixtureIo, fixtureWeights } from './testing/fixtures.js';

// Logits of the PyTorch reference (scripts/asm_rh_torch.py, float64) for random non-trivial weights: the tiny
// preset at T = 128 (T' = 12) and a reduced-width architecture at T = 100, 64, 26 (T' = 9, 5, 2) with every
// ablation. "1e-4 relative": |ours - torch| <= 1e-4 * max |torch logit| for every logit.
describeBackends('ASM-RH logits match the PyTorch reference', () => {
  for (const c of fixtureCases()) {
    it(`${c.name} (${typeof c.preset === 'string' ? c.preset : `D=${c.preset.dim} L=${c.preset.depth}`}, T=${c.targetLength}, hermit ${c.hermit ? 'on' : 'off'}, roll ${c.roll ? 'on' : 'off'}, ${c.weightsDtype} weights)`, async () => {
      const model = createModel(c.preset, { numClasses: c.numClasses, targetLength: c.targetLength, hermit: c.hermit, roll: c.roll, seed: 0 });
      model.loadWeights(fixtureWeights(c.name));
      const io = fixtureIo(c.name);
      const x = tf.tensor(io.input.data, io.input.shape);
      const logits = model.forward(x);
      expect(logits.shape).toEqual(io.logits.shape);
      const scale = Math.max(...Array.from(io.logits.data, Math.abs));
      expectAllClose(await logits.data(), io.logits.data, { rtol: 1e-4, atol: 1e-4 * scale }, `${c.name} logits`);
      tf.dispose([x, logits]);
      model.dispose();
    });
  }
});
