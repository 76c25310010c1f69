import * as tf from '@spectromix/tensor';
import type { AdamStepHyper, AdamStepItem, AdamUpdate } from './adam-update.js';

/**
 * Adam in tfjs ops (about 11 elementwise ops per parameter), on any backend: the reference, and what every
 * backend other than webgpu runs. Each distinct constant becomes one scalar tensor per step shared by every
 * parameter: passing JS numbers to ops makes tfjs upload a fresh scalar per op (on WebGPU a new GPU buffer).
 */
export const tfjsAdamUpdate: AdamUpdate = {
  name: 'tfjs-ops',
  apply(items: readonly AdamStepItem[], hyper: AdamStepHyper): void {
    const scalars = new Map<number, tf.Scalar>();
    const sc = (value: number): tf.Scalar => {
      let t = scalars.get(value);
      if (t == null) {
        t = tf.keep(tf.scalar(value, 'float32'));
        scalars.set(value, t);
      }
      return t;
    };
    try {
      for (const item of items) updateOne(item, hyper, sc);
    } finally {
      for (const t of scalars.values()) t.dispose();
    }
  },
};

function updateOne({ param, grad, moments, step }: AdamStepItem, hyper: AdamStepHyper, sc: (value: number) => tf.Scalar): void {
  const [beta1, beta2] = hyper.betas;
  const biasCorrection1 = 1 - beta1 ** step;
  const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** step);
  const stepSize = hyper.lr / biasCorrection1;
  const { expAvg, expAvgSq } = moments.separate();
  const [m, v] = tf.tidy(() => {
    let g: tf.Tensor = hyper.gradScale == null ? grad : tf.mul(grad, tf.reshape(hyper.gradScale, []));
    let p: tf.Tensor = param;
    if (hyper.weightDecay !== 0) {
      if (hyper.decoupled) p = tf.mul(p, sc(1 - hyper.lr * hyper.weightDecay));
      else g = tf.add(g, tf.mul(p, sc(hyper.weightDecay)));
    }
    const m = tf.add(tf.mul(expAvg, sc(beta1)), tf.mul(g, sc(1 - beta1)));
    const v = tf.add(tf.mul(expAvgSq, sc(beta2)), tf.mul(tf.mul(g, g), sc(1 - beta2)));
    const denom = tf.add(tf.div(tf.sqrt(v), sc(biasCorrection2Sqrt)), sc(hyper.eps));
    param.assign(tf.add(p, tf.mul(tf.div(m, denom), sc(-stepSize))));
    return [tf.keep(m), tf.keep(v)];
  });
  moments.setSeparate(m as tf.Tensor, v as tf.Tensor);
}
