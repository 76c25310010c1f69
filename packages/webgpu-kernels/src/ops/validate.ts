import type { Tensor } from '@spectromix/tensor';
import { KernelShapeError } from '../errors.js';

/** Throws unless `t` is float32. */
export function requireFloat32(op: string, name: string, t: Tensor): void {
  if (t.dtype !== 'float32') throw new KernelShapeError(op, `${name} has dtype ${t.dtype}; expected float32 (cast it with tf.cast(${name}, 'float32')).`);
}

/** Throws unless `t` is a vector of `length`. */
export function requireVector(op: string, name: string, t: Tensor, length: number): void {
  if (t.shape.length !== 1 || t.shape[0] !== length) {
    throw new KernelShapeError(op, `${name} has shape [${t.shape.join(', ')}]; expected [${length}] (one value per entry of the axis it applies to).`);
  }
}
