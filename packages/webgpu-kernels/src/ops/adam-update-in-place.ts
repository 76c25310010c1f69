import { backend as activeBackend, type Tensor } from '@spectromix/tensor';
import { asInPlaceBackend, exclusiveBuffer, flushBackend, forgetCpuCopy, storageBuffer, type InPlaceBackend } from '../adam/in-place-backend.js';
import { adamInPlaceState } from '../adam/in-place-pipelines.js';
import { ADAM_CONSTANTS_STRIDE, ADAM_IN_PLACE_THREADS, adamInPlaceVariant } from '../programs/adam-in-place-shader.js';
import { flatDispatch } from '../backend.js';
import { countFast } from '../stats.js';
import { adamStepConstants, hasFusedAdam, validateAdamUpdate, type AdamUpdateOptions } from './adam-update.js';

/** The `fastKernelStats().fast` key counting {@link adamUpdateInPlace}'s dispatches (one per parameter updated). */
export const ADAM_IN_PLACE = 'spectromix.AdamInPlace';

/** One parameter of an {@link adamUpdateInPlace} call. */
export interface AdamInPlaceItem {
  /** The parameter (a `tf.Variable`'s value), float32; overwritten with the updated values. */
  readonly param: Tensor;
  /** Its gradient, shaped like `param` (read only). */
  readonly grad: Tensor;
  /** Packed `[exp_avg | exp_avg_sq]`, `[2 n]`; overwritten with the updated moments. */
  readonly moments: Tensor;
  /** This parameter's step number, counting from 1. */
  readonly step: number;
}

/** Hyper-parameters of an {@link adamUpdateInPlace} call: {@link AdamUpdateOptions} less the per-parameter `step`. */
export type AdamInPlaceOptions = Omit<AdamUpdateOptions, 'step'>;

interface Planned {
  readonly index: number;
  readonly param: GPUBuffer;
  readonly moments: GPUBuffer;
  readonly grad: GPUBuffer;
  readonly size: number;
}

/**
 * One Adam / AdamW step of many parameters at once, writing each parameter and its packed moments in place into
 * their own GPU buffers: one command buffer, one compute pass, one dispatch per parameter (no tfjs program, no
 * per-launch uniform upload; pipelines and bind groups are cached across steps). The arithmetic is
 * {@link adamUpdate}'s fused kernels', operation for operation, so the values are the same.
 *
 * An item is updated in place only when the active backend is tfjs's webgpu with the kernels registered and
 * neither its parameter nor its moments share their buffer with another tensor (tfjs's reference count is 1);
 * the others are left untouched and reported `false`, for the caller to update with {@link adamUpdate} (whose
 * new tensors it then owns exclusively, so they qualify next step). On every other backend every item is `false`.
 * @returns per item, whether it was updated.
 */
export function adamUpdateInPlace(items: readonly AdamInPlaceItem[], options: AdamInPlaceOptions): boolean[] {
  for (const item of items) validateAdamUpdate(item.param, item.grad, item.moments, { ...options, step: item.step });
  const done = items.map(() => false);
  if (items.length === 0 || !hasFusedAdam()) return done;
  const backend = asInPlaceBackend(activeBackend());
  if (backend == null) return done;
  const planned = plan(backend, items);
  if (planned.length === 0) return done;
  const scale = options.gradScale == null ? null : storageBuffer(backend, options.gradScale.dataId);
  if (options.gradScale != null && scale == null) return done;
  // tfjs's recorded work (the gradients, uploads) must run first: submit it before ours.
  flushBackend(backend);
  encode(backend, items, planned, options, scale);
  for (const p of planned) {
    const item = items[p.index] as AdamInPlaceItem;
    forgetCpuCopy(backend, item.param.dataId);
    forgetCpuCopy(backend, item.moments.dataId);
    done[p.index] = true;
    countFast(ADAM_IN_PLACE);
  }
  return done;
}

function plan(backend: InPlaceBackend, items: readonly AdamInPlaceItem[]): Planned[] {
  const planned: Planned[] = [];
  items.forEach((item, index) => {
    if (item.param.dataId === item.moments.dataId) return;
    const param = exclusiveBuffer(backend, item.param.dataId);
    const moments = param == null ? null : exclusiveBuffer(backend, item.moments.dataId);
    const grad = moments == null ? null : storageBuffer(backend, item.grad.dataId);
    if (param == null || moments == null || grad == null) return;
    planned.push({ index, param, moments, grad, size: item.param.size });
  });
  return planned;
}

function encode(backend: InPlaceBackend, items: readonly AdamInPlaceItem[], planned: readonly Planned[], options: AdamInPlaceOptions, scale: GPUBuffer | null): void {
  const { device } = backend;
  const state = adamInPlaceState(device);
  const table = new ArrayBuffer(planned.length * ADAM_CONSTANTS_STRIDE);
  planned.forEach((p, slot) => writeConstants(table, slot, p.size, { ...options, step: (items[p.index] as AdamInPlaceItem).step }));
  state.writeConstants(table, planned.length);
  const encoder = device.createCommandEncoder();
  if (scale != null) encoder.copyBufferToBuffer(scale, 0, state.scale, 0, 4);
  const pass = encoder.beginComputePass();
  const k = adamStepConstants({ ...options, step: 1 });
  const flags = { scaled: scale != null, l2: k.l2 !== 0, decoupled: k.decay !== 1 };
  let current: GPUComputePipeline | null = null;
  const maxPerDim = device.limits.maxComputeWorkgroupsPerDimension;
  planned.forEach((p, slot) => {
    const variant = adamInPlaceVariant(p.size, flags);
    const pipeline = state.pipeline(variant);
    if (pipeline !== current) {
      pass.setPipeline(pipeline);
      current = pipeline;
    }
    pass.setBindGroup(0, state.paramGroup(p.param, p.moments, p.size), [slot * ADAM_CONSTANTS_STRIDE]);
    pass.setBindGroup(1, state.gradGroup(p.grad, 4 * p.size));
    const [x, y] = flatDispatch(p.size / variant.components, ADAM_IN_PLACE_THREADS, maxPerDim);
    pass.dispatchWorkgroups(x, y, 1);
  });
  pass.end();
  device.queue.submit([encoder.finish()]);
}

// The constants of one parameter, as the two-launch kernels receive them (float32 of the float64 values).
function writeConstants(table: ArrayBuffer, slot: number, size: number, options: AdamUpdateOptions): void {
  const k = adamStepConstants(options);
  const base = slot * ADAM_CONSTANTS_STRIDE;
  new Int32Array(table, base, 1)[0] = size / adamInPlaceVariant(size, { scaled: false, l2: false, decoupled: false }).components;
  new Float32Array(table, base + 4, 9).set([k.beta1, 1 - k.beta1, k.beta2, 1 - k.beta2, k.l2, k.decay, k.biasCorrection2Sqrt, k.eps, -k.stepSize]);
}
