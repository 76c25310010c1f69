import * as tf from '@spectromix/tensor';
import type { LinearEpilogue, MixerOps } from '@spectromix/mixer';
import { linear } from '../ops/linear.js';
import { layerNorm, layerNormWithSkip } from '../ops/layer-norm.js';
import { biasGelu, gelu } from '../ops/bias-gelu.js';
import { rollGroups } from '../ops/roll-groups.js';
import { rolledLinear } from '../ops/rolled-linear.js';
import { columnSum } from '../ops/grad-ops.js';
import { f16InferenceActive, webgpuF16Inference } from '../inference/f16-inference.js';

/**
 * A product in f16 inference followed by its epilogue in f32 (the f16 kernels take none): `act(product() + bias) +
 * residual`, the bias per column or (token mixing) per row; intermediates are freed.
 */
function f16Epilogue(product: () => tf.Tensor, bias: tf.Tensor1D | null, rowBias: boolean, e: LinearEpilogue): tf.Tensor {
  return tf.tidy(() => {
    const y = product();
    const b = bias == null ? undefined : rowBias ? tf.reshape(bias, [-1, 1]) : bias;
    let z: tf.Tensor;
    if (e.activation === 'gelu') z = b != null && !rowBias ? biasGelu(y, b) : gelu(b == null ? y : tf.add(y, b));
    else z = b == null ? y : tf.add(y, b);
    if (e.residual != null) z = tf.add(z, e.residual);
    return z;
  });
}

// spectrum * filter ([R, T', D] by [T', D]) whose filter gradient is one column sum of dy * spectrum (the product is
// never materialised): tfjs's Mul gradient sums over axis 0, which tfjs webgpu does by transposing it first.
const scaleByFilter = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [spectrum, filter, save] = args as [tf.Tensor3D, tf.Tensor2D, tf.GradSaveFunc];
  save([spectrum, filter]);
  return {
    value: tf.mul(spectrum, filter),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [s, f] = saved as [tf.Tensor3D, tf.Tensor2D];
      return [tf.mul(dy, f), tf.reshape(columnSum(tf.reshape(dy, [-1, f.size]), tf.reshape(s, [-1, f.size])), f.shape)];
    },
  };
}) as (spectrum: tf.Tensor3D, filter: tf.Tensor2D) => tf.Tensor3D;

/**
 * `@spectromix/mixer`'s {@link MixerOps} on this package's kernels (tfjs's webgpu backend), what
 * `installSpectromixKernels()` installs for 'webgpu': every linear map is one launch of the
 * tiled matmul with bias, GELU and residual in its epilogue (while gradients are recorded the GELU runs as its
 * own fused pass that keeps its input), token mixing multiplies `W^T x[b]` with a per-row bias and no
 * transposes, LayerNorm is one fused pass, Roll-Time before a linear layer is a row remap inside that layer's
 * matmul (forward and gradients; no roll pass) and on its own a single gather by index arithmetic, and Hermit mixing is
 * two products with its `[T', T']` cosine matrix (the transforms along T' as matmuls, no transposes). The ops run
 * their kernels once they are registered (`installSpectromixKernels()` does) and their pure-tfjs compositions before.
 * It declares `f16Inference` ({@link webgpuF16Inference}): inside its scope each linear map is a plain product on f16
 * operands (f32 accumulation) followed by its bias, GELU and residual in f32, and a rolled one rolls first.
 */
export const webgpuOps: MixerOps = {
  name: 'webgpu-kernels',
  f16Inference: webgpuF16Inference,
  tokenwise: true,
  precomputesRollIndex: false,
  linear: (x, weight, bias, e = {}) => {
    if (f16InferenceActive()) return f16Epilogue(() => linear(x, weight), bias, false, e) as tf.Tensor2D;
    return linear(x, weight, { bias: bias ?? undefined, activation: e.activation ?? 'linear', residual: e.residual }) as tf.Tensor2D;
  },
  rolledLinear: (x, weight, bias, plan, e = {}) => {
    if (f16InferenceActive()) {
      // The f16 kernels take no roll remap: the roll runs as its own gather pass, then a plain product.
      const [m, d] = x.shape;
      const rolled = (): tf.Tensor => tf.reshape(rollGroups(tf.reshape(x, [-1, plan.grid.freq, plan.grid.time, d]), plan), [m, d]);
      return f16Epilogue(() => linear(rolled(), weight), bias, false, e) as tf.Tensor2D;
    }
    const roll = { freq: plan.grid.freq, time: plan.grid.time, groups: plan.groups, shiftF: plan.shiftF, shiftT: plan.shiftT };
    return rolledLinear(x, weight, roll, { bias: bias ?? undefined, activation: e.activation ?? 'linear', residual: e.residual }) as tf.Tensor2D;
  },
  linearTokens: (x, weight, bias, e = {}) => {
    if (f16InferenceActive()) return f16Epilogue(() => linear(weight, x, { transposeA: true }), bias, true, e) as tf.Tensor3D;
    return linear(weight, x, { transposeA: true, bias: bias ?? undefined, biasAxis: 'row', activation: e.activation ?? 'linear', residual: e.residual }) as tf.Tensor3D;
  },
  layerNorm: (x, weight, bias, eps) => {
    return layerNorm(x, weight, bias, eps);
  },
  layerNormWithSkip: (x, weight, bias, eps) => {
    return layerNormWithSkip(x, weight, bias, eps);
  },
  gelu: (x) => {
    return gelu(x);
  },
  rollTime: (x, plan) => {
    const [, n, d] = x.shape;
    return tf.tidy(() => tf.reshape(rollGroups(tf.reshape(x, [-1, plan.grid.freq, plan.grid.time, d]), plan), [-1, n, d]));
  },
  hermitMix: (x, filter, plan, residual) => {
    const [, n, d] = x.shape;
    const c = plan.matrix();
    // The DCT-I pair as two products with the [T', T'] cosine matrix, shared across the B F' slices:
    // no transposes to bring T' last, no FFT passes, no padding or cropping; the residual joins the second's epilogue.
    return tf.tidy(() => {
      const shape = [-1, plan.grid.time, d];
      const spectrum = linear(c, tf.reshape(x, shape));
      const skip = residual == null ? undefined : tf.reshape(residual, shape);
      const mixed = scaleByFilter(spectrum as tf.Tensor3D, filter);
      // f16 inference: the residual joins after the plain product (the f16 kernels take no epilogue).
      const out = f16InferenceActive() ? f16Epilogue(() => linear(c, mixed), null, false, { residual: skip }) : linear(c, mixed, { residual: skip });
      return tf.reshape(out, [-1, n, d]);
    });
  },
};
