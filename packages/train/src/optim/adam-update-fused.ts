import type * as tf from '@spectromix/tensor';
import { adamUpdate, adamUpdateInPlace, registerFastWebGPUKernels, type AdamInPlaceOptions } from '@spectromix/webgpu-kernels';
import type { AdamStepHyper, AdamStepItem, AdamUpdate } from './adam-update.js';

let registered = false;

// Registered on first use rather than at import, so that importing this package has no side effects; only the op
// kernels are registered (the matmul swap is left to the model's ops). Idempotent and global to 'webgpu'.
function ensureKernels(): void {
  if (registered) return;
  registerFastWebGPUKernels({ matMul: false });
  registered = true;
}

/**
 * Adam through `@spectromix/webgpu-kernels`: on WebGPU every parameter whose buffer (and moments buffer) no other
 * tensor shares is updated in place by `adamUpdateInPlace`, all of them in one compute pass (one dispatch per
 * parameter, no tfjs program); the rest by `adamUpdate`, two fused launches each, whose new tensors replace the
 * old ones (so they are updated in place from the next step on). Hyper-parameters travel as uniforms, no scalar
 * tensor is made, and the moments are kept packed `[exp_avg | exp_avg_sq]`. Both kernels compute the same values.
 * The first call registers the package's op kernels. On a backend without the kernels `adamUpdate` runs its
 * tfjs composition, so the results are right anywhere.
 */
export const fusedAdamUpdate: AdamUpdate = {
  name: 'webgpu-fused',
  apply(items: readonly AdamStepItem[], hyper: AdamStepHyper): void {
    ensureKernels();
    const [beta1, beta2] = hyper.betas;
    const options: AdamInPlaceOptions = {
      lr: hyper.lr,
      beta1,
      beta2,
      eps: hyper.eps,
      weightDecay: hyper.weightDecay,
      decoupled: hyper.decoupled,
      gradScale: hyper.gradScale,
    };
    const done = adamUpdateInPlace(
      items.map(({ param, grad, moments, step }) => ({ param, grad, moments: moments.packed(), step })),
      options,
    );
    items.forEach(({ param, grad, moments, step }, i) => {
      if (done[i] === true) return;
      const next = adamUpdate(param, grad, moments.packed(), { ...options, step });
      param.assign(next.param as tf.Tensor);
      next.param.dispose();
      moments.setPacked(next.moments);
    });
  },
};
