import { engine, getBackend, getKernel, type NamedAttrMap, type NamedTensorMap, type Tensor } from '@spectromix/tensor';

/** True when the active backend has a kernel registered under `name` (ops then run it, else compose tfjs ops). */
export function hasKernel(name: string): boolean {
  return getKernel(name, getBackend()) != null;
}

/** Runs a registered kernel through the engine (so the tape records it for gradients). */
export function runKernel(name: string, inputs: Record<string, Tensor | undefined>, attrs: Record<string, unknown> = {}): Tensor {
  const present: NamedTensorMap = {};
  for (const [k, v] of Object.entries(inputs)) if (v != null) present[k] = v;
  return engine().runKernel(name, present, attrs as NamedAttrMap) as Tensor;
}
