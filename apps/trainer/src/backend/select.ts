import { initBackend } from '@spectromix/tensor/node';
import type { BackendChoice, BackendName, MatMulPrecision } from '@spectromix/tensor';
import type { RunConfig } from '../config/schema.js';
import { patchWasmKernels } from './wasm-kernels.js';
import { probeWebGpuAdapter } from './probe-webgpu.js';

/** Software WebGPU adapters (CPU emulations): slower than 'wasm' for training, so `auto` skips them. */
const SOFTWARE_ADAPTER = /llvmpipe|lavapipe|swiftshader|software/i;

/**
 * Activates the backend of a run. `auto` takes WebGPU when the adapter is a real GPU, else 'wasm' (measured
 * 10x faster than 'cpu' for asm-rh-tiny training on this project's 2-core CI machine; see the README).
 * Selecting 'wasm' also patches its missing/slow training kernels ({@link patchWasmKernels}).
 * @param matmulPrecision how WebGPU is set up (`initBackend`'s option; 'fp32' unless a run asks for mixed precision).
 */
export async function selectBackend(choice: RunConfig['run']['backend'], matmulPrecision: MatMulPrecision = 'fp32'): Promise<BackendChoice> {
  if (choice === 'auto') {
    // Dawn is asked in a child process first: on a CPU emulation it is never loaded here (nor prints its warnings).
    const probe = await probeWebGpuAdapter();
    if (probe != null && !probe.found) return { ...(await activate('wasm')), reason: `auto: no WebGPU (${probe.reason}); using 'wasm'` };
    if (probe?.found === true && SOFTWARE_ADAPTER.test(`${probe.architecture} ${probe.device} ${probe.description}`)) {
      return { ...(await activate('wasm')), reason: `auto: the WebGPU adapter is a CPU emulation (${probe.device}); 'wasm' trains faster here` };
    }
    try {
      const gpu = await initBackend('webgpu', { matmulPrecision });
      const adapter = `${String(gpu.details['architecture'] ?? '')} ${String(gpu.details['device'] ?? '')} ${String(gpu.details['description'] ?? '')}`;
      if (!SOFTWARE_ADAPTER.test(adapter)) return { ...gpu, reason: `auto: WebGPU adapter ${gpu.details['description'] ?? gpu.details['device']} is a GPU` };
      const wasm = await activate('wasm');
      return { ...wasm, reason: `auto: the WebGPU adapter is a CPU emulation (${String(gpu.details['device'])}); 'wasm' trains faster here` };
    } catch (error) {
      const wasm = await activate('wasm');
      return { ...wasm, reason: `auto: no WebGPU (${(error as Error).message.split('\n')[0]}); using 'wasm'` };
    }
  }
  return activate(choice, matmulPrecision);
}

async function activate(name: BackendName, matmulPrecision: MatMulPrecision = 'fp32'): Promise<BackendChoice> {
  const choice = await initBackend(name, name === 'webgpu' ? { matmulPrecision } : {});
  if (name === 'wasm') {
    const patched = patchWasmKernels();
    return { ...choice, details: { ...choice.details, ...(patched.length > 0 ? { patchedKernels: patched.join(',') } : {}) } };
  }
  return choice;
}
