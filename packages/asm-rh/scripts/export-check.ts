/**
 * The TypeScript half of `make-fixtures.py --check-ts-export` (run through tsx on source):
 *   tsx --conditions=@spectromix/source scripts/export-check.ts <fixtures dir> <out dir>
 * Re-saves every fixture case with saveWeights, and trains a seeded asm-rh-tiny for two Adam steps, saving its
 * weights and its logits on the tiny-t128 fixture input, for the PyTorch side to load and compare.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@spectromix/tensor';
import { initBackend } from '@spectromix/tensor/node';
import { readSafetensors } from '@spectromix/tensor/codecs';
import { createModel, type PresetConfig, type PresetName } from '../src/index.js';

interface Case {
  name: string;
  preset: PresetName | PresetConfig;
  numClasses: number;
  targetLength: number;
  hermit: boolean;
  roll: boolean;
}

const [fixtures, out] = process.argv.slice(2) as [string, string];
await initBackend('cpu');
const cases = JSON.parse(readFileSync(join(fixtures, 'cases.json'), 'utf8')) as Case[];
for (const c of cases) {
  const model = createModel(c.preset, { numClasses: c.numClasses, targetLength: c.targetLength, hermit: c.hermit, roll: c.roll, seed: 0 });
  model.loadWeights(readFileSync(join(fixtures, `${c.name}.weights.safetensors`)));
  writeFileSync(join(out, `${c.name}.safetensors`), model.saveWeights());
  model.dispose();
}

const io = readSafetensors(readFileSync(join(fixtures, 'tiny-t128.io.safetensors'))).tensors.get('input');
if (io == null) throw new Error('tiny-t128.io.safetensors has no input');
const model = createModel('asm-rh-tiny', { numClasses: 10, targetLength: 128, seed: 7 });
const x = tf.tensor(io.data, [...io.shape]);
const labels = tf.oneHot(tf.tensor1d([1, 3], 'int32'), 10);
const optimizer = tf.train.adam(1e-3);
const vars = [...model.trainableParameters().values()];
for (let step = 0; step < 2; step++) {
  optimizer.minimize(() => tf.losses.softmaxCrossEntropy(labels, model.forward(x, { training: true })) as tf.Scalar, false, vars);
}
const logits = model.forward(x);
writeFileSync(join(out, 'trained.safetensors'), model.saveWeights());
writeFileSync(join(out, 'trained.json'), JSON.stringify({ config: model.config, inputShape: io.shape, input: Array.from(io.data), logits: Array.from(await logits.data()) }));
console.log(`export-check: re-saved ${cases.length} cases and a trained asm-rh-tiny to ${out}`);
