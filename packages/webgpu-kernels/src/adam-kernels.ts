import { util, type TensorInfo } from '@spectromix/tensor';
import { view, type FastBackend } from './backend.js';
import { adamMomentsProgram, adamParamProgram } from './programs/adam-programs.js';
import * as names from './names.js';
import { need, type KernelInputs } from './kernel-inputs.js';

type Inputs = KernelInputs;

const f32 = (value: unknown): { type: 'float32'; data: number[] } => ({ type: 'float32', data: [Number(value)] });

/**
 * `spectromix.AdamMoments`: inputs `grad`, `moments` (`[2 n]`, packed `[m | v]`), optional `param` (when
 * `weightDecay` is not 0: Adam's L2 term) and `gradScale` (one element); attrs `beta1`, `beta2`, `weightDecay`.
 * Returns the new packed moments `[2 n]` (a new buffer: nothing is written in place).
 */
export function adamMomentsKernel(backend: FastBackend, inputs: Inputs, attrs: Record<string, unknown>): TensorInfo {
  const grad = need(inputs, 'grad', names.ADAM_MOMENTS);
  const moments = need(inputs, 'moments', names.ADAM_MOMENTS);
  const size = util.sizeFromShape(grad.shape);
  const weightDecay = Number(attrs['weightDecay'] ?? 0);
  const l2 = weightDecay !== 0;
  const scale = inputs['gradScale'];
  const flat = [view(grad, [size]), view(moments, [2 * size])];
  if (l2) flat.push(view(need(inputs, 'param', names.ADAM_MOMENTS), [size]));
  if (scale != null) flat.push(view(scale, [1]));
  const c = size % 4 === 0 ? 4 : 1;
  const beta1 = Number(attrs['beta1']);
  const beta2 = Number(attrs['beta2']);
  return backend.runWebGPUProgram(adamMomentsProgram(size, { l2, scaled: scale != null }, backend.device.limits.maxComputeWorkgroupsPerDimension), flat, 'float32', [
    { type: 'int32', data: [size / c] },
    f32(beta1),
    f32(1 - beta1),
    f32(beta2),
    f32(1 - beta2),
    f32(weightDecay),
  ]);
}

/**
 * `spectromix.AdamParam`: inputs `param` and the new packed `moments`; attrs `decay` (1 unless decoupled
 * weight decay), `biasCorrection2Sqrt`, `eps`, `stepSize`. Returns the new parameter (shaped like `param`).
 */
export function adamParamKernel(backend: FastBackend, inputs: Inputs, attrs: Record<string, unknown>): TensorInfo {
  const param = need(inputs, 'param', names.ADAM_PARAM);
  const moments = need(inputs, 'moments', names.ADAM_PARAM);
  const size = util.sizeFromShape(param.shape);
  const decay = Number(attrs['decay'] ?? 1);
  const c = size % 4 === 0 ? 4 : 1;
  const out = backend.runWebGPUProgram(
    adamParamProgram(size, decay !== 1, backend.device.limits.maxComputeWorkgroupsPerDimension),
    [view(param, [size]), view(moments, [2 * size])],
    'float32',
    [{ type: 'int32', data: [size / c] }, f32(decay), f32(attrs['biasCorrection2Sqrt']), f32(attrs['eps']), f32(-Number(attrs['stepSize']))],
  );
  return { dataId: out.dataId, shape: [...param.shape], dtype: 'float32' };
}
