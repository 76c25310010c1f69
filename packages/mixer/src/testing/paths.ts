/** Test-only: a scalar loss's value and gradients, read back. */
import * as tf from '@spectromix/tensor';

/** The value and the gradient of every variable of a scalar loss, read back (named by the `names` given). */
export async function valueAndGrads(loss: () => tf.Scalar, vars: ReadonlyMap<string, tf.Variable>): Promise<{ value: Float32Array; grads: Map<string, Float32Array> }> {
  const { value, grads } = tf.variableGrads(loss, [...vars.values()]);
  const out = new Map<string, Float32Array>();
  for (const [name, v] of vars) {
    const g = grads[v.name];
    if (g == null) throw new Error(`no gradient for ${name}`);
    out.set(name, (await g.data()) as Float32Array);
  }
  const result = { value: (await value.data()) as Float32Array, grads: out };
  tf.dispose([value, ...Object.values(grads)]);
  return result;
}
