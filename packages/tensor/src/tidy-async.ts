import { engine, keep, type Tensor, type TensorContainer } from '@tensorflow/tfjs-core';

/**
 * `tf.tidy` for async code. tfjs's `tidy` refuses async functions, so asynchronous steps (a WebGPU read, a
 * data load) usually leak their intermediates. `tidyAsync` opens an engine scope, awaits `fn`, then disposes
 * every tensor created in the scope except those in the resolved value and those marked with `tf.keep` or
 * {@link keepAll}. If `fn` throws, everything it created is disposed and the error is rethrown.
 *
 * The scope is the engine's active scope while `fn` is pending: do not run two `tidyAsync` calls (or other
 * tensor-creating work) concurrently, or one scope would claim the other's tensors.
 * @param fn async work creating tensors.
 * @returns what `fn` resolved to; tensors inside it survive.
 */
export async function tidyAsync<T extends TensorContainer | void>(fn: () => Promise<T>): Promise<T> {
  const eng = engine();
  eng.startScope('tidyAsync');
  let result: T | undefined;
  try {
    result = await fn();
    return result;
  } finally {
    eng.endScope(result as TensorContainer);
  }
}

/** Marks every tensor in a container as kept, so no `tidy`/`tidyAsync` scope disposes it. */
export function keepAll<T extends TensorContainer>(container: T): T {
  visitTensors(container, (t) => keep(t));
  return container;
}

function visitTensors(value: unknown, visit: (t: Tensor) => void): void {
  if (value == null || typeof value !== 'object') return;
  if ('dataId' in value && 'shape' in value && 'dtype' in value) {
    visit(value as Tensor);
    return;
  }
  for (const v of Array.isArray(value) ? value : Object.values(value)) visitTensors(v, visit);
}
