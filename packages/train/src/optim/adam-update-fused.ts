import type * as tf from '@spectromix/tensor';
import { adamUpdate, registerFastWebGPUKernels } from '@spectromix/webgpu-kernels';
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
 * Adam through `@spectromix/webgpu-kernels`' `adamUpdate`: on WebGPU two fused launches per parameter (moments,
 * then parameter) with the hyper-parameters as uniforms, so no scalar tensor is made; the moments are kept
 * packed `[exp_avg | exp_avg_sq]`. The first call registers the package's op kernels. On a backend without the
 * kernels `adamUpdate` runs its tfjs composition, so the results are right anywhere.
 */
export const fusedAdamUpdate: AdamUpdate = {
  name: 'webgpu-fused',
  apply(items: readonly AdamStepItem[], hyper: AdamStepHyper): void {
    ensureKernels();
    const [beta1, beta2] = hyper.betas;
    for (const { param, grad, moments, step } of items) {
      const next = adamUpdate(param, grad, moments.packed(), {
        lr: hyper.lr,
        beta1,
        beta2,
        eps: hyper.eps,
        weightDecay: hyper.weightDecay,
        decoupled: hyper.decoupled,
        step,
        gradScale: hyper.gradScale,
      });
      param.assign(next.param as tf.Tensor);
      next.param.dispose();
      moments.setPacked(next.moments);
    }
  },
};
