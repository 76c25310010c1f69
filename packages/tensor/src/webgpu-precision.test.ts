import { describe, expect, it } from 'vitest';
import { F16_DAWN_FLAGS, F16_MATMUL_FEATURES, initBackend, installNodeWebGPU, mergeDawnFlags } from './node.js';
import { WebGPUFeaturesMissingError } from './backend-types.js';
import * as tf from './index.js';

/** What the adapter itself says, with the f16 toggles on: the features of F16_MATMUL_FEATURES it lacks. */
async function adapterMissing(): Promise<{ missing: string[]; description: string }> {
  const gpu = await installNodeWebGPU(F16_DAWN_FLAGS);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (adapter == null) throw new Error('no WebGPU adapter: install a Vulkan driver (mesa-vulkan-drivers)');
  return { missing: F16_MATMUL_FEATURES.filter((f) => !adapter.features.has(f)), description: adapter.info.description };
}

describe('Dawn flags', () => {
  it('merges toggle lists and keeps other flags once', () => {
    expect(mergeDawnFlags(['disable-dawn-features=timestamp_quantization', 'x'], ['enable-dawn-features=a,b', 'x'], ['enable-dawn-features=b,c'])).toEqual([
      'disable-dawn-features=timestamp_quantization',
      'enable-dawn-features=a,b,c',
      'x',
    ]);
  });

  it('replaces the Dawn instance only when a call adds toggles', async () => {
    const first = await installNodeWebGPU(['disable-dawn-features=timestamp_quantization']);
    expect(await installNodeWebGPU([])).toBe(first);
    const withF16 = await installNodeWebGPU(F16_DAWN_FLAGS);
    expect(withF16).not.toBe(first);
    expect(navigator.gpu).toBe(withF16);
    expect(await installNodeWebGPU(['enable-dawn-features=allow_unsafe_apis'])).toBe(withF16);
  });
});

describe("initBackend('webgpu') with a matmul precision", () => {
  it("'auto' requests shader-f16 and subgroups where the adapter has them and reports what f16 matmuls lack", async () => {
    const { missing } = await adapterMissing();
    const choice = await initBackend('webgpu', { matmulPrecision: 'auto' });
    expect(choice.details['matmulPrecision']).toBe('auto');
    expect(choice.details['f16MatMul']).toBe(missing.length === 0);
    const granted = String(choice.details['features']).split(',');
    for (const f of F16_MATMUL_FEATURES) expect(granted.includes(f)).toBe(!missing.includes(f));
    for (const f of missing) expect(String(choice.details['f16MatMulMissing'])).toContain(f);
    // The device really has the features it reports: an f16 shader compiles where shader-f16 was granted.
    const y = tf.matMul(tf.ones([4, 4]), tf.ones([4, 4]));
    expect(Array.from(await y.data())).toEqual(new Array(16).fill(4));
    y.dispose();
  });

  it("'f16' throws a typed error naming exactly the missing features (or succeeds where none is missing)", async () => {
    const { missing } = await adapterMissing();
    const result = await initBackend('webgpu', { matmulPrecision: 'f16' }).catch((e: unknown) => e);
    if (missing.length === 0) {
      expect((result as { details: Record<string, unknown> }).details['f16MatMul']).toBe(true);
      return;
    }
    console.log(`this adapter lacks ${missing.join(', ')}: checking the error f16 set-up gives`);
    expect(result).toBeInstanceOf(WebGPUFeaturesMissingError);
    const error = result as WebGPUFeaturesMissingError;
    expect(error.missing).toEqual(missing);
    expect(error.message).toContain("matmulPrecision 'auto'");
  });

  it("'fp32' (the default) asks for no f16 toggles and reports the precision", async () => {
    const choice = await initBackend('webgpu');
    expect(choice.details['matmulPrecision']).toBe('fp32');
    expect(choice.details['f16MatMul']).toBeUndefined();
  });
});
