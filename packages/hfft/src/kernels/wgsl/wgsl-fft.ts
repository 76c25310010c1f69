import * as tf from '@spectromix/tensor';
import { TRANSFORM_KINDS } from '../../kernel-names.js';
import { normScale } from '../../norm.js';
import { createDeviceCache } from '../device-cache.js';
import { mainInput, type TransformCall } from '../kernel-args.js';
import { unitCircle } from '@spectromix/dsp';
import { composedTransform } from '../composed/families.js';
import type { LeafFft, Pair2D } from '../composed/complex-fft.js';
import { FftProgram, fitsWorkgroupFft, outputLength, twiddleTableLength, type FftProgramMode, type FftProgramSpec } from './fft-program.js';
import { isWebGPUBackend, type WebGPUBackendLike } from './backend-shape.js';

const cache = createDeviceCache();

function twiddleTable(backend: WebGPUBackendLike, length: number, sigma: 1 | -1): tf.Tensor {
  return cache.get(backend, `tw/${length}/${sigma}`, () => {
    const t = new Float32Array(2 * length);
    for (let k = 0; k < length; k++) {
      const [c, s] = unitCircle(k, length);
      t[2 * k] = c;
      t[2 * k + 1] = sigma * s;
    }
    return [tf.tensor1d(t)];
  })[0] as tf.Tensor;
}

/** Runs one program over `[rows, length]` views of the inputs; returns the `[rows, out]` output. */
function runProgram(backend: WebGPUBackendLike, spec: FftProgramSpec, re: tf.TensorInfo, im: tf.TensorInfo | null, scale: number): tf.TensorInfo {
  const program = new FftProgram(spec);
  const view = (t: tf.TensorInfo): tf.TensorInfo => {
    const length = t.shape[t.shape.length - 1] as number;
    return { dataId: t.dataId, dtype: t.dtype, shape: [spec.rows, length] };
  };
  const inputs = [view(re), ...(im != null && spec.hasImag ? [view(im)] : []), twiddleTable(backend, twiddleTableLength(spec), spec.sigma)];
  return backend.runWebGPUProgram(program, inputs, 'float32', [
    { type: 'int32', data: [spec.rows] },
    { type: 'float32', data: [scale] },
  ]);
}

/** The mode and complex length for a kernel family at signal length `n`. */
function programShape(family: 'r2c' | 'c2r' | 'c2c', n: number): { mode: FftProgramMode; size: number } {
  if (family === 'c2c') return { mode: 'c2c', size: n };
  const even = n % 2 === 0;
  if (family === 'r2c') return even ? { mode: 'r2c-packed', size: n / 2 } : { mode: 'r2c-full', size: n };
  return even ? { mode: 'c2r-packed', size: n / 2 } : { mode: 'c2r-full', size: n };
}

function programLeaf(backend: WebGPUBackendLike): LeafFft {
  return {
    accepts: fitsWorkgroupFft,
    run: (re, im, n, sigma): Pair2D => {
      const rows = re.shape[0];
      const base = { mode: 'c2c' as const, size: n, sigma, hasImag: im != null, rows, adjoint: false };
      const make = (component: 0 | 1): tf.Tensor2D =>
        tf.engine().makeTensorFromTensorInfo(runProgram(backend, { ...base, component }, re, im, 1)) as tf.Tensor2D;
      return [make(0), make(1)];
    },
  };
}

/**
 * The `'stockham'` path on `webgpu`: lengths whose FFT is a product of 2, 3, 4, 5 of at most 2048 points (4096
 * for real transforms of even length, packed into half-length complex FFTs) run as one workgroup-memory WGSL
 * program per output component; other lengths run the four-step / Bluestein composition around that program.
 */
export function stockhamTransform(call: TransformCall): tf.TensorInfo[] {
  const { kernel, inputs, attrs, backend } = call;
  if (!isWebGPUBackend(backend)) throw new Error(`the 'stockham' path needs tfjs's WebGPU backend (runWebGPUProgram)`);
  const { family, inverse } = TRANSFORM_KINDS[kernel];
  const { n, norm, adjoint } = attrs;
  const { mode, size } = programShape(family, n);
  if (!fitsWorkgroupFft(size)) return composedTransform(call, programLeaf(backend), cache);
  const main = mainInput(inputs);
  const inner = main.shape[main.shape.length - 1] as number;
  const rows = inner === 0 ? 0 : main.shape.reduce((p, d) => p * d, 1) / inner;
  const sigma = inverse ? 1 : -1;
  const spec = { mode, size, sigma, hasImag: inputs.im != null, rows, adjoint: adjoint && family !== 'c2c' } as const;
  const scale = normScale(norm, n, inverse);
  const outShape = [...main.shape.slice(0, -1), outputLength(spec)];
  const reshape = (t: tf.TensorInfo): tf.TensorInfo => ({ ...t, shape: outShape });
  const im = inputs.im ?? null;
  if (family === 'c2r') return [reshape(runProgram(backend, { ...spec, component: 0 }, main, im, scale))];
  return [reshape(runProgram(backend, { ...spec, component: 0 }, main, im, scale)), reshape(runProgram(backend, { ...spec, component: 1 }, main, im, scale))];
}
