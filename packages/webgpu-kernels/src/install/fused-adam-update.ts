import type * as tf from '@spectromix/tensor';
import type { AdamStepHyper, AdamStepItem, AdamUpdate } from '@spectromix/train';
import { adamUpdate } from '../ops/adam-update.js';
import { adamUpdateInPlace, type AdamInPlaceOptions } from '../ops/adam-update-in-place.js';

/**
 * `@spectromix/train`'s {@link AdamUpdate} on this package's kernels, what `installSpectromixKernels()` installs
 * for 'webgpu': on WebGPU every parameter whose buffer (and moments buffer) no other
 * tensor shares is updated in place by `adamUpdateInPlace`, all of them in one compute pass (one dispatch per
 * parameter, no tfjs program); the rest by `adamUpdate`, two fused launches each, whose new tensors replace the
 * old ones (so they are updated in place from the next step on). Hyper-parameters travel as uniforms, no scalar
 * tensor is made, and the moments are kept packed `[exp_avg | exp_avg_sq]`. Both kernels compute the same values.
 * On a backend without the kernels `adamUpdate` runs its tfjs composition, so the results are right anywhere.
 */
export const fusedAdamUpdate: AdamUpdate = {
  name: 'webgpu-fused',
  apply(items: readonly AdamStepItem[], hyper: AdamStepHyper): void {
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
