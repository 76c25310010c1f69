import type * as WasmBackend from '@tensorflow/tfjs-backend-wasm';
import { BackendUnavailableError } from '../backend-types.js';

/** Loads tfjs's WASM backend (XNNPACK, SIMD where the runtime has it). */
export async function loadWasm(options: { wasmPaths?: string; wasmThreads?: number }): Promise<Record<string, string | number | boolean>> {
  let wasm: typeof WasmBackend;
  try {
    wasm = await import('@tensorflow/tfjs-backend-wasm');
  } catch (error) {
    throw new BackendUnavailableError('wasm', `@tensorflow/tfjs-backend-wasm could not be loaded (${String(error)}); install it beside @spectromix/tensor.`);
  }
  if (options.wasmPaths != null) wasm.setWasmPaths(options.wasmPaths);
  if (options.wasmThreads != null) wasm.setThreadsCount(options.wasmThreads);
  return options.wasmThreads != null ? { threads: options.wasmThreads } : {};
}
