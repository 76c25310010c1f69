import { describe, expect, it } from 'vitest';
import { describeMixerOpsConformance } from '../testing.js';
import { installMixerOps, mixerOps, setMixerOps } from './select.js';
import { plainMatMulOps, tfjsOps } from './tfjs-ops.js';

describe('mixerOps', () => {
  it('picks the ops by backend: a setMixerOps choice, else installed ops, else the built-in ones', () => {
    expect(mixerOps('webgpu')).toBe(tfjsOps);
    expect(mixerOps('wasm')).toBe(plainMatMulOps);
    expect(mixerOps('cpu')).toBe(tfjsOps);
    expect(mixerOps('some-other-backend')).toBe(tfjsOps);
    const plugin = { ...tfjsOps, name: 'plug-in' };
    installMixerOps('webgpu', plugin);
    try {
      expect(mixerOps('webgpu')).toBe(plugin);
      setMixerOps('webgpu', plainMatMulOps);
      expect(mixerOps('webgpu')).toBe(plainMatMulOps);
      expect(mixerOps('wasm')).toBe(plainMatMulOps);
      setMixerOps('webgpu', null);
      expect(mixerOps('webgpu')).toBe(plugin);
    } finally {
      setMixerOps('webgpu', null);
      installMixerOps('webgpu', null);
    }
    expect(mixerOps('webgpu')).toBe(tfjsOps);
  });
});

// The mixer's own second implementation passes the suite every backend plug-in runs (tfjsOps is its reference).
describeMixerOpsConformance('plainMatMulOps', plainMatMulOps);
