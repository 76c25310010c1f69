import type * as tf from '@spectromix/tensor';
import { TRANSFORM_KINDS } from '../../kernel-names.js';
import { halfLength, normScale } from '../../norm.js';
import { mainInput, type TransformCall } from '../kernel-args.js';
import { rowTransform } from './real.js';

/**
 * The `'mixed-radix'` path for backends whose data is readable synchronously (`cpu`, `wasm`): reads the input
 * with `backend.readSync`, transforms each row in JavaScript (float64 arithmetic), and hands the float32
 * result back with `backend.write`.
 */
export function mixedRadixTransform(call: TransformCall): tf.TensorInfo[] {
  const { kernel, inputs, attrs, backend } = call;
  const { family, inverse } = TRANSFORM_KINDS[kernel];
  const { n, norm, adjoint } = attrs;
  const main = mainInput(inputs);
  const inLength = main.shape[main.shape.length - 1] as number;
  const rows = inLength === 0 ? 0 : main.shape.reduce((p, d) => p * d, 1) / inLength;
  const outLength = family === 'r2c' ? halfLength(n) : n;
  const outShape = [...main.shape.slice(0, -1), outLength];
  const inRe = backend.readSync(main.dataId) as Float32Array;
  const inIm = inputs.im == null ? null : (backend.readSync(inputs.im.dataId) as Float32Array);
  const outRe = new Float32Array(rows * outLength);
  const outIm = family === 'c2r' ? null : new Float32Array(rows * outLength);
  const run = rowTransform(family, inverse ? 1 : -1, n, normScale(norm, n, inverse), adjoint);
  for (let r = 0; r < rows; r++) run(inRe, inIm, r * inLength, outRe, outIm, r * outLength);
  const info = (values: Float32Array): tf.TensorInfo => ({ dataId: backend.write(values, outShape, 'float32'), shape: outShape, dtype: 'float32' });
  return outIm == null ? [info(outRe)] : [info(outRe), info(outIm)];
}
