import { describe, expect, it } from 'vitest';
import type { BackendChoice } from '@spectromix/tensor';
import { CheckpointError } from '@spectromix/train';
import { resolveRunConfig } from '../config/resolve.js';
import { ConfigError, PrecisionUnavailableError } from '../errors.js';
import { backendMatMulPrecision, LossScaleHistory, precisionSummary, setUpPrecision } from './precision.js';

const backend = (name: BackendChoice['name'], details: BackendChoice['details'] = {}): BackendChoice => ({ name, reason: 'test', rejected: [], details });

describe('train.precision', () => {
  it('defaults to fp32, takes --precision mixed, and rejects other modes', () => {
    expect(resolveRunConfig({}).config.train.precision).toBe('fp32');
    expect(resolveRunConfig({ flags: { train: { precision: 'mixed' } } }).config.train.precision).toBe('mixed');
    expect(() => resolveRunConfig({ flags: { train: { precision: 'bf16' } } })).toThrow(ConfigError);
  });

  it('mixed sets WebGPU up with the f16 features where they exist (auto), fp32 asks for nothing', () => {
    expect(backendMatMulPrecision('mixed')).toBe('auto');
    expect(backendMatMulPrecision('fp32')).toBe('fp32');
  });

  it('fp32 needs no scaler', () => {
    const p = setUpPrecision('fp32', backend('webgpu'));
    expect(p).toMatchObject({ mode: 'fp32', matmul: 'fp32' });
    expect(p.lossScaler).toBeUndefined();
    expect(precisionSummary(p)).toEqual({ mode: 'fp32', matmul: 'fp32', description: 'fp32' });
    const mixed = setUpPrecision('mixed', backend('cpu'));
    mixed.history?.start(65536);
    expect(precisionSummary(mixed)).toMatchObject({ mode: 'mixed', lossScale: { scale: 65536, goodSteps: 0, skippedSteps: [], changes: [{ step: 0, scale: 65536 }] } });
    expect(precisionSummary(mixed, false)).not.toHaveProperty('lossScale');
  });

  it('mixed on a CPU backend keeps fp32 matmuls, scales the loss, and says so', () => {
    for (const name of ['cpu', 'wasm', 'tensorflow'] as const) {
      const p = setUpPrecision('mixed', backend(name));
      expect(p.matmul).toBe('fp32');
      expect(p.lossScaler?.scale).toBe(65536);
      expect(p.description).toContain(`the ${name} backend has no f16 kernels`);
      expect(p.description).toContain('--backend webgpu');
    }
  });

  it('mixed on a WebGPU device without subgroup matrices is a typed error naming what is missing and the ways out', () => {
    const lavapipe = backend('webgpu', { vendor: 'mesa', description: 'llvmpipe (LLVM 19)', f16MatMul: false, f16MatMulMissing: 'chromium-experimental-subgroup-matrix' });
    const error = (() => {
      try {
        setUpPrecision('mixed', lavapipe);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(PrecisionUnavailableError);
    const message = (error as Error).message;
    expect(message).toContain('adapter (mesa llvmpipe (LLVM 19)) lacks chromium-experimental-subgroup-matrix');
    expect(message).toContain('--precision fp32');
    expect(message).toContain('--backend cpu / wasm');
    expect((error as PrecisionUnavailableError).exitCode).toBe(2);
    expect(() => setUpPrecision('mixed', backend('webgl'))).toThrow(PrecisionUnavailableError);
  });
});

describe('LossScaleHistory', () => {
  it('records skipped steps and changes of scale, and round-trips through a checkpoint state', () => {
    const h = new LossScaleHistory();
    h.start(65536);
    h.observe({ globalStep: 1, skipped: true, lossScale: 32768 });
    h.observe({ globalStep: 2, skipped: false, lossScale: 32768 });
    h.observe({ globalStep: 3, skipped: false, lossScale: 65536 });
    expect(h.value).toEqual({ skippedSteps: [1], changes: [{ step: 0, scale: 65536 }, { step: 1, scale: 32768 }, { step: 3, scale: 65536 }] });
    const resumed = new LossScaleHistory();
    resumed.setState(h.getState());
    // A resumed run starts from the checkpoint's history, not a new one.
    resumed.start(1);
    expect(resumed.value).toEqual(h.value);
    expect(() => resumed.setState({ skipped: 1 })).toThrow(CheckpointError);
  });
});
