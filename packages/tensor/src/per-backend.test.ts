import { describe, expect, it } from 'vitest';
import { perBackend } from './index.js';

describe('perBackend', () => {
  it('looks up override, then installed, then built-in, then the fallback, and restores each layer with null', () => {
    const choice = perBackend('fallback', { wasm: 'built-in wasm' });
    expect(choice.get('cpu')).toBe('fallback');
    expect(choice.get('wasm')).toBe('built-in wasm');
    choice.install('webgpu', 'plug-in');
    choice.install('wasm', 'plug-in wasm');
    expect(choice.get('webgpu')).toBe('plug-in');
    expect(choice.get('wasm')).toBe('plug-in wasm');
    choice.override('webgpu', 'user');
    expect(choice.get('webgpu')).toBe('user');
    choice.override('webgpu', null);
    expect(choice.get('webgpu')).toBe('plug-in');
    choice.install('webgpu', null);
    choice.install('wasm', null);
    expect(choice.get('webgpu')).toBe('fallback');
    expect(choice.get('wasm')).toBe('built-in wasm');
  });

  it('defaults to the active backend', async () => {
    const { initBackend } = await import('./node.js');
    await initBackend('cpu');
    expect(perBackend('other', { cpu: 'cpu choice' }).get()).toBe('cpu choice');
  });
});
