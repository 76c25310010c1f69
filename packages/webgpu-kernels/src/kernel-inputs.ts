import type { TensorInfo } from '@spectromix/tensor';
import { KernelShapeError } from './errors.js';

/** A kernel's named inputs, some optional. */
export type KernelInputs = Record<string, TensorInfo | undefined>;

/** The input `name` of `kernel`, or a typed error saying it is missing. */
export function need(inputs: KernelInputs, name: string, kernel: string): TensorInfo {
  const t = inputs[name];
  if (t == null) throw new KernelShapeError(kernel, `input '${name}' is missing`);
  return t;
}
