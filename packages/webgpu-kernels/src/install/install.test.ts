import { describe, expect, it } from 'vitest';
import { initBackend } from '@spectromix/tensor/node';
import { mixerOps, plainMatMulOps, setMixerOps, tfjsOps } from '@spectromix/mixer';
import { describeMixerOpsConformance } from '@spectromix/mixer/testing';
import { adamUpdateFor, tfjsAdamUpdate } from '@spectromix/train';
import { describeAdamUpdateConformance } from '@spectromix/train/testing';
import { fastKernelStats, resetFastKernelStats } from '../stats.js';
import { registerFastWebGPUKernels, unregisterFastWebGPUKernels } from '../register.js';
import { installSpectromixKernels, uninstallSpectromixKernels } from './install.js';
import { webgpuOps } from './webgpu-mixer-ops.js';
import { fusedAdamUpdate } from './fused-adam-update.js';

describe('installSpectromixKernels', () => {
  it("installs the ops and the Adam update for 'webgpu' only, and uninstalls them", async () => {
    await initBackend('webgpu');
    try {
      const done = installSpectromixKernels();
      expect(done.mixerOps).toBe(webgpuOps.name);
      expect(done.adamUpdate).toBe(fusedAdamUpdate.name);
      expect(done.kernels).toContain('BatchMatMul');
      expect(done.skipped).toEqual([]);
      expect(mixerOps('webgpu')).toBe(webgpuOps);
      expect(adamUpdateFor('webgpu')).toBe(fusedAdamUpdate);
      expect(mixerOps('wasm')).toBe(plainMatMulOps);
      expect(mixerOps('cpu')).toBe(tfjsOps);
      expect(adamUpdateFor('cpu')).toBe(tfjsAdamUpdate);
      // A user's choice still wins over the installed one.
      setMixerOps('webgpu', tfjsOps);
      expect(mixerOps('webgpu')).toBe(tfjsOps);
      setMixerOps('webgpu', null);
      expect(mixerOps('webgpu')).toBe(webgpuOps);
    } finally {
      expect(uninstallSpectromixKernels()).toContain('BatchMatMul');
    }
    expect(mixerOps('webgpu')).toBe(tfjsOps);
    expect(adamUpdateFor('webgpu')).toBe(tfjsAdamUpdate);
  });
});

// The fused WebGPU ops pass the mixer's conformance suite (issue 9: same values and gradients as the reference path).
// The reference side runs the tfjs reference ops on tfjs's stock kernels (nothing of this package runs there).
const FOLDED_ROLL = ['spectromix.RolledLinear', 'spectromix.RollRemapMatMul'];
describeMixerOpsConformance('webgpuOps', webgpuOps, {
  backends: ['webgpu'],
  reference: async (run) => {
    unregisterFastWebGPUKernels();
    try {
      return await run();
    } finally {
      registerFastWebGPUKernels();
    }
  },
  beforeCase: () => {
    registerFastWebGPUKernels();
    resetFastKernelStats();
  },
  afterCase: (c) => {
    const launched = fastKernelStats().fast;
    // Four linear maps per block; a folded Roll-Time makes the channel MLP's fc1 a rolled one.
    expect((launched['spectromix.Linear'] ?? 0) + (launched['spectromix.RolledLinear'] ?? 0), 'fused linear launches').toBeGreaterThanOrEqual(4);
    // Every block norm hands out its branch's skip, so the skip gradients join the norms' backward passes.
    expect(launched['spectromix.LayerNormSkip'] ?? 0, 'fused LayerNorm (with skip) launches').toBeGreaterThanOrEqual(2);
    expect(launched['spectromix.LayerNormGrad'] ?? 0, 'fused LayerNorm backward launches').toBeGreaterThanOrEqual(2);
    for (const k of FOLDED_ROLL) {
      if (c.foldsRoll) expect(launched[k] ?? 0, `${k} launches`).toBeGreaterThan(0);
      else expect(launched[k] ?? 0, `${k} launches`).toBe(0);
    }
    if (c.foldsRoll) expect(launched['spectromix.RollGroups'] ?? 0, 'no separate roll pass').toBe(0);
    if (c.fusesGelu && !c.training && c.foldsRoll) expect(launched['spectromix.Gelu'] ?? 0, 'spectromix.Gelu launches').toBeGreaterThan(0);
  },
});

// The fused Adam passes the train package's conformance suite. Step 1 of each case takes the two-launch update (the
// variables share buffers with their initial tensors), steps 2-4 update in place, one dispatch per parameter.
describeAdamUpdateConformance('fusedAdamUpdate', fusedAdamUpdate, {
  backends: ['webgpu'],
  beforeCase: () => {
    registerFastWebGPUKernels();
    resetFastKernelStats();
  },
  afterCase: () => {
    const launched = fastKernelStats().fast;
    expect(launched['spectromix.AdamMoments']).toBe(3);
    expect(launched['spectromix.AdamParam']).toBe(3);
    expect(launched['spectromix.AdamInPlace']).toBe(9);
  },
});
