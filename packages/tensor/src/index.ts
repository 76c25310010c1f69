/**
 * @spectromix/tensor: the one tensor interface of spectromix.
 *
 * Every spectromix package imports tensors, ops and the kernel/gradient registry from here, never from
 * tfjs internals. Importing this module makes sure every tfjs-core gradient is registered (tfjs-core alone
 * registers none). It never imports a backend: apps pick one with `@spectromix/tensor/node` or
 * `@spectromix/tensor/browser`.
 * @packageDocumentation
 */
// Order matters: tfjs-core must create the engine before the bundled gradient definitions load (they carry
// their own copy of tfjs-core's op helpers, which reuse the global engine created here).
import '@tensorflow/tfjs-core';
import './generated/tfjs-gradients.js';
// Then the few gradients spectromix replaces (after tfjs-core's, so they win): reductions that stay on the device.
import './gradients/reductions.js';

export * from '@tensorflow/tfjs-core';
export { tidyAsync, keepAll } from './tidy-async.js';
export { SeededRng, type RngState } from './rng.js';
export { perBackend, type PerBackend } from './per-backend.js';
export { memorySnapshot, checkLeaks, LeakError, type MemorySnapshot } from './leaks.js';
export {
  BACKEND_NAMES,
  BackendUnavailableError,
  NoUsableBackendError,
  TensorflowBackendMissingError,
  WebGPUFeaturesMissingError,
  SpectromixTensorError,
  MATMUL_PRECISIONS,
  isBackendName,
  type BackendName,
  type BackendChoice,
  type BackendInitOptions,
  type MatMulPrecision,
} from './backend-types.js';
export {
  readSafetensors,
  writeSafetensors,
  SafetensorsError,
  MAX_HEADER_BYTES,
  SAFETENSORS_DTYPES,
  READABLE_DTYPES,
  DTYPE_SIZE,
  isSafetensorsDtype,
  halfToFloat,
  floatToHalf,
  encodeHalf,
  decodeHalf,
  bfloat16ToFloat,
  floatToBfloat16,
  type SafetensorsFile,
  type SafetensorsTensor,
  type ReadSafetensorsOptions,
  type SafetensorsInput,
  type WriteSafetensorsOptions,
  type SafetensorsDtype,
  type WritableDtype,
} from './codecs.js';
