import { describe, expect, it } from 'vitest';
import { getBackend } from '@spectromix/tensor';
import { selectBackend, type BackendName } from './backend.js';
import { ClassifierOptionError, NoBackendError } from './errors.js';

// Node has no navigator.gpu and no WebGL context: the same situation as a browser without them.
describe('selectBackend', () => {
  it('falls back past webgpu and webgl to cpu, listing why each failed', async () => {
    const choice = await selectBackend(['webgpu', 'webgl', 'cpu']);
    expect(choice.name).toBe('cpu');
    expect(getBackend()).toBe('cpu');
    expect(choice.rejected.map((r) => r.name)).toEqual(['webgpu', 'webgl']);
    expect(choice.rejected[0]?.error).toMatch(/navigator\.gpu/);
    expect(choice.reason).toMatch(/'cpu' is the first that works; 'webgpu' failed/);
  });

  it('reports a direct choice without rejections', async () => {
    const choice = await selectBackend(['cpu']);
    expect(choice).toEqual({ name: 'cpu', reason: "'cpu' was asked for and initialised", rejected: [] });
  });

  it('throws NoBackendError with every failure when nothing works (no WebGPU, WebGPU only asked for)', async () => {
    const error = await selectBackend(['webgpu']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoBackendError);
    expect((error as NoBackendError).rejected.map((r) => r.name)).toEqual(['webgpu']);
    expect((error as Error).message).toMatch(/None of the backends \[webgpu\].*Allow more backends/);
  });

  it('rejects unknown or empty preferences before touching any backend', async () => {
    await expect(selectBackend(['tensorflow' as BackendName])).rejects.toThrow(ClassifierOptionError);
    await expect(selectBackend([])).rejects.toThrow(/backends is empty/);
  });
});
