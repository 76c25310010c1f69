/**
 * Launches per train step on WebGPU: GPU dispatches (each one a uniform buffer, a bind group and a dispatch in
 * tfjs-backend-webgpu), engine kernels (`tf.profile`) and uploads of CPU values (scalars made from JS numbers),
 * counted for a forward+backward, for the optimiser alone and for whole train steps: `tf.train.adam` (what this
 * bench timed before), `@spectromix/train`'s Adam on tfjs ops, and its fused WebGPU update, with and without
 * gradient clipping. The counts depend on T or the batch only through the matmul planner's K splits, so a small
 * input on the local adapter (Mesa lavapipe) gives the GPU host's numbers. `--quick` counts only the forward, the
 * forward+backward and the fused train step; `--by-program` lists their dispatches per program.
 *
 *   pnpm --filter @spectromix/asm-rh bench:launches [--preset asm-rh-small] [--target-length 64] [--batch 2] [--record] [--by-program]
 * `--record` writes the table to the "### Launches per train step" subsection of the asm-rh section of BENCHMARKS.md.
 */
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@spectromix/tensor';
import { initBackend } from '@spectromix/tensor/node';
import { ADAM_IN_PLACE, fastKernelStats, installSpectromixKernels, resetFastKernelStats } from '@spectromix/webgpu-kernels';
import { Adam, clipCoefficient, setAdamUpdate, softmaxCrossEntropy, tfjsAdamUpdate, trainStep, type Optimizer } from '@spectromix/train';
import { createModel, isPresetName } from '../src/index.js';
import { writeSubsection } from './benchmarks-md.js';

const { values } = parseArgs({
  options: {
    preset: { type: 'string', default: 'asm-rh-small' },
    'target-length': { type: 'string', default: '64' },
    batch: { type: 'string', default: '2' },
    'num-classes': { type: 'string', default: '10' },
    record: { type: 'boolean', default: false },
    'by-program': { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
  },
});
const preset = values.preset ?? 'asm-rh-small';
if (!isPresetName(preset)) throw new Error(`unknown preset '${preset}'`);
const targetLength = Number(values['target-length']);
const batch = Number(values.batch);
const numClasses = Number(values['num-classes']);

await initBackend('webgpu');
if (tf.getBackend() !== 'webgpu') throw new Error('the webgpu backend did not start');
installSpectromixKernels();

/** The members of tfjs-backend-webgpu 4.22's backend counted here (internal; bench only). */
interface CountedBackend {
  recordAndSubmit: (...args: unknown[]) => unknown;
  uploadToGPU: (dataId: object) => unknown;
  tensorMap: { get(dataId: object): { values?: unknown; resource?: unknown } | undefined };
}
const backend = tf.backend() as unknown as CountedBackend;
const counters = { dispatches: 0, uploads: 0, uploadBytes: 0 };
/** Dispatches per program family (tfjs program class, or the spectromix shader key's first word). */
const byProgram = new Map<string, number>();
const programName = (program: unknown): string => {
  const p = program as { constructor?: { name?: string }; shaderKey?: string } | null;
  const ctor = p?.constructor?.name;
  if (ctor != null && ctor !== 'Object') return ctor;
  return (p?.shaderKey ?? 'unknown').split('_')[0] ?? 'unknown';
};
const record = backend.recordAndSubmit.bind(backend);
backend.recordAndSubmit = (...args: unknown[]) => {
  counters.dispatches += 1;
  const name = programName(args[0]);
  byProgram.set(name, (byProgram.get(name) ?? 0) + 1);
  return record(...args);
};
const upload = backend.uploadToGPU.bind(backend);
backend.uploadToGPU = (dataId: object) => {
  const d = backend.tensorMap.get(dataId);
  if (d != null && d.resource == null && d.values != null) {
    counters.uploads += 1;
    counters.uploadBytes += (d.values as { byteLength?: number }).byteLength ?? 0;
  }
  return upload(dataId);
};

interface Count {
  readonly dispatches: number;
  /** Dispatches of the in-place Adam, encoded in its own compute pass outside tfjs (not in `dispatches`). */
  readonly inPlace: number;
  readonly kernels: number;
  readonly uploads: number;
  /** Bytes of those uploads: a host-filled tensor shows here even when it is one upload. */
  readonly uploadBytes: number;
  /** Dispatches per program family, most first. */
  readonly programs: readonly (readonly [string, number])[];
}

/** Runs `fn` twice (the first creates optimiser state and compiles pipelines), counting the second. */
async function count(fn: () => tf.Tensor | void): Promise<Count> {
  const warm = fn();
  if (warm != null) {
    await warm.data();
    warm.dispose();
  }
  counters.dispatches = 0;
  counters.uploads = 0;
  counters.uploadBytes = 0;
  byProgram.clear();
  resetFastKernelStats();
  let out: tf.Tensor | void = undefined;
  const info = await tf.profile(() => {
    out = fn();
    return out ?? [];
  });
  const result = {
    ...counters,
    inPlace: fastKernelStats().fast[ADAM_IN_PLACE] ?? 0,
    kernels: info.kernels.length,
    programs: [...byProgram].sort((a, b) => b[1] - a[1]),
  };
  if (out != null) {
    await (out as tf.Tensor).data();
    (out as tf.Tensor).dispose();
  }
  return result;
}

const model = createModel(preset, { numClasses, targetLength, seed: 0 });
const params = model.trainableParameters();
const vars = [...params.values()];
const x = tf.randomNormal([batch, targetLength, 128], 0, 1, 'float32', 1);
const labels = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => i % numClasses), 'int32'), numClasses);
const loss = (): tf.Scalar => softmaxCrossEntropy(model.forward(x, { training: true }), labels);
const named = (grads: tf.NamedTensorMap): Map<string, tf.Tensor> => {
  const out = new Map<string, tf.Tensor>();
  for (const [name, v] of params) {
    const g = grads[v.name];
    if (g != null) out.set(name, g);
  }
  return out;
};

// clipGradNorm as @spectromix/train wrote it before clipCoefficient: tf.norm per gradient, then a scaled copy.
function legacyClip(grads: ReadonlyMap<string, tf.Tensor>, maxNorm: number): Map<string, tf.Tensor> {
  const list = [...grads.values()];
  const total = tf.norm(tf.stack(list.map((g) => tf.norm(g))));
  const coef = tf.minimum(tf.div(maxNorm, tf.add(total, 1e-6)), 1);
  return new Map([...grads.keys()].map((k, i) => [k, tf.mul(list[i] as tf.Tensor, coef)] as const));
}

const rows: [string, Count][] = [];
const fixed = tf.variableGrads(loss, vars);
const fixedGrads = named(fixed.grads);
const last = vars[vars.length - 1] as tf.Variable;

rows.push(['forward (eval)', await count(() => model.forward(x, { training: false }))]);
rows.push(['forward+backward (variableGrads)', await count(() => {
  const { value, grads } = tf.variableGrads(loss, vars);
  tf.dispose(Object.values(grads));
  return value;
})]);

const quick = values.quick === true;
const tfAdam: tf.Optimizer = tf.train.adam(2.5e-4);
if (!quick) rows.push(['optimiser alone: tf.train.adam (applyGradients)', await count(() => {
  tfAdam.applyGradients(fixed.grads);
  return tf.clone(last);
})]);
const adam = new Adam(params, { lr: 2.5e-4 });
setAdamUpdate('webgpu', tfjsAdamUpdate);
if (!quick) rows.push(['optimiser alone: @spectromix/train Adam, tfjs ops', await count(() => {
  adam.step(fixedGrads);
  return tf.clone(last);
})]);
setAdamUpdate('webgpu', null);
if (!quick) rows.push(['optimiser alone: @spectromix/train Adam, fused (in place, one pass)', await count(() => {
  adam.step(fixedGrads);
  return tf.clone(last);
})]);
if (!quick) rows.push(['clipping alone: legacy clipGradNorm (norm of norms, scaled copies)', await count(() => {
  const clipped = legacyClip(fixedGrads, 1);
  const first = [...clipped.values()];
  tf.dispose(first.slice(1));
  return first[0];
})]);
if (!quick) rows.push(['clipping alone: clipCoefficient (scale applied in the update)', await count(() => {
  const { coef, totalNorm } = clipCoefficient(fixedGrads, 1);
  totalNorm.dispose();
  return coef;
})]);

if (!quick) rows.push(['train step: tf.train.adam minimize (the bench before)', await count(() => tfAdam.minimize(loss, true, vars) ?? undefined)]);
setAdamUpdate('webgpu', tfjsAdamUpdate);
if (!quick) rows.push(['train step: trainStep, Adam on tfjs ops', await count(() => trainStep(model, params, adam, softmaxCrossEntropy, x, labels))]);
// The train step as it ran before with clipping on: the scaled copies handed to Adam.
const legacyClipping: Optimizer = {
  get lr() {
    return adam.lr;
  },
  set lr(value: number) {
    adam.lr = value;
  },
  get stepCount() {
    return adam.stepCount;
  },
  step: (grads) => tf.tidy(() => adam.step(legacyClip(grads, 1))),
  getState: () => adam.getState(),
  setState: (state) => adam.setState(state),
  dispose: () => undefined,
};
if (!quick) rows.push(['train step: trainStep, Adam on tfjs ops, legacy clipping', await count(() => trainStep(model, params, legacyClipping, softmaxCrossEntropy, x, labels))]);
setAdamUpdate('webgpu', null);
rows.push(['train step: trainStep, fused Adam (in place)', await count(() => trainStep(model, params, adam, softmaxCrossEntropy, x, labels))]);
if (!quick) rows.push(['train step: trainStep, fused Adam (in place), clipGradNorm 1', await count(() => trainStep(model, params, adam, softmaxCrossEntropy, x, labels, { clipGradNorm: 1 }))]);

const heading = '### Launches per train step';
const lines = [
  `${heading} (${new Date().toISOString().slice(0, 10)}; Mesa lavapipe on ${cpus()[0]?.model ?? 'a CPU'}, Node ${process.version}; \`pnpm bench:launches\`)`,
  '',
  'What a train step issues on WebGPU. Each GPU dispatch costs 71 to 113 us to issue on the H100 host (above), and an op whose operand is a JS number (a new scalar uploaded) 1.2 to 1.5 ms, so these counts bound the launch-bound part of a step. They do not depend on T or the batch except through the matmul planner (split-K sums for long reductions): column sums take one launch whatever the row count (until a 2026-11-27 change they chained a pass per 64x fewer rows, so the H100 profile at T 512, batch 32 counted more). The in-place Adam is encoded by hand in one compute pass per step (per parameter a cached bind group and a dispatch: no tfjs program, shader key, uniform buffer or bind group built per launch), counted apart. Before issue 9\'s launch work (2026-11-27, same settings): forward+backward 986 tfjs dispatches, Adam 372, train step 1363. Before one-launch column sums, per-row bias sums and norms that take the skip gradient in (same settings): forward 150, forward+backward 782, train step 787 + 186. Before Roll-Time moved into the channel MLPs\' fc1 matmuls as a row remap (same settings): forward 138, forward+backward 599, train step 604 + 186.',
  '',
  `Launches per call, ${preset} (${params.size} parameter tensors), T = ${targetLength}, batch ${batch}, tfjs webgpu with the spectromix kernels:`,
  '',
  '| what | tfjs GPU dispatches | in-place Adam dispatches (one pass, no tfjs program) | engine kernels | uploads of CPU values | bytes uploaded |',
  '| --- | --- | --- | --- | --- | --- |',
  ...rows.map(([what, c]) => `| ${what} | ${c.dispatches} | ${c.inPlace} | ${c.kernels} | ${c.uploads} | ${c.uploadBytes} |`),
];
process.stdout.write(`${lines.join('\n')}\n`);
if (values['by-program'] === true) {
  for (const [what, c] of rows) {
    if (!what.startsWith('forward') && what !== 'train step: trainStep, fused Adam (in place)') continue;
    process.stdout.write(`\n${what}: ${c.programs.map(([p, n]) => `${p} ${n}`).join(', ')}\n`);
  }
}
if (values.record === true) writeSubsection(fileURLToPath(new URL('../../../BENCHMARKS.md', import.meta.url)), '## @spectromix/asm-rh', heading, lines.join('\n'));
tfAdam.dispose();
adam.dispose();
tf.dispose([x, labels, fixed.value, ...Object.values(fixed.grads)]);
model.dispose();
