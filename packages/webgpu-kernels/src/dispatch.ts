import { engine, getBackend, getKernel, type NamedAttrMap, type NamedTensorMap, type Tensor } from '@spectromix/tensor';

/** True when the active backend has a kernel registered under `name` (ops then run it, else compose tfjs ops). */
export function hasKernel(name: string): boolean {
  return getKernel(name, getBackend()) != null;
}

/** Runs a registered kernel through the engine (so the tape records it for gradients). */
export function runKernel(name: string, inputs: Record<string, Tensor | undefined>, attrs: Record<string, unknown> = {}): Tensor {
  return engine().runKernel(name, presentInputs(inputs), attrs as NamedAttrMap) as Tensor;
}

function presentInputs(inputs: Record<string, Tensor | undefined>): NamedTensorMap {
  const present: NamedTensorMap = {};
  for (const [k, v] of Object.entries(inputs)) if (v != null) present[k] = v;
  return present;
}

/** Runs a registered kernel with several outputs through the engine. */
export function runKernelOutputs(name: string, inputs: Record<string, Tensor | undefined>, attrs: Record<string, unknown> = {}): Tensor[] {
  return engine().runKernel(name, presentInputs(inputs), attrs as NamedAttrMap) as Tensor[];
}
