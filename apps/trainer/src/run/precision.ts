import type { BackendChoice, MatMulPrecision } from '@spectromix/tensor';
import { CheckpointError, DynamicLossScaler, type JsonValue, type StepEvent, type Stateful } from '@spectromix/train';
import { registerFastWebGPUKernels } from '@spectromix/webgpu-kernels';
import type { RunConfig } from '../config/schema.js';
import { PrecisionUnavailableError } from '../errors.js';

/** A run's training precision (`train.precision`). */
export type TrainPrecision = RunConfig['train']['precision'];

/**
 * How WebGPU is set up for a precision (`initBackend`'s `matmulPrecision`). Mixed asks for `'auto'`: the f16 toggles
 * and whatever features the adapter has, without throwing, so that {@link setUpPrecision} decides with one message
 * that names the run's flag.
 */
export function backendMatMulPrecision(precision: TrainPrecision): MatMulPrecision {
  return precision === 'mixed' ? 'auto' : 'fp32';
}

/** What a run's precision turned out to be on its backend. */
export interface RunPrecision {
  /** The configured mode. */
  readonly mode: TrainPrecision;
  /** What the matmuls run in: `f16` (inputs rounded to f16, f32 accumulation) or `fp32`. */
  readonly matmul: 'fp32' | 'f16';
  /** One line for the console and the report. */
  readonly description: string;
  /** Mixed: the dynamic loss scaler to pass to `fit` (its scale is saved in checkpoints). */
  readonly lossScaler?: DynamicLossScaler;
  /** Mixed: the loss-scale history, a checkpointed state (pass it to `fit`'s `states`, feed it every step). */
  readonly history?: LossScaleHistory;
}

/** The backends with no f16 matmul kernels at all: mixed runs there with fp32 matmuls and loss scaling only. */
const NO_F16_BACKENDS = new Set(['cpu', 'wasm', 'tensorflow']);

/**
 * Sets a run's precision up on the backend that was chosen (with {@link backendMatMulPrecision}'s set-up):
 * - `fp32`: nothing to do.
 * - `mixed` on WebGPU: the fast matmuls switch to f16 (`registerFastWebGPUKernels({ matMulPrecision: 'f16' })`),
 *   where the device has `shader-f16`, `subgroups` and f16 subgroup matrices; without them it throws
 *   {@link PrecisionUnavailableError}: a user who asked for mixed precision on a GPU expects its speed, and fp32 matmuls
 *   under a 'mixed' label would mislead every timing and comparison made with the run.
 * - `mixed` on cpu, wasm or tensorflow: these backends have no f16 kernels, so the matmuls stay fp32 and only the loss
 *   scaling is active; said in the description (printed, logged and in the result), never silently. It exercises the
 *   mixed training loop (scaling, skipped steps, checkpointed scale) where no GPU is at hand.
 * In both mixed cases the master weights and Adam's moments stay f32 variables: only matmul inputs are rounded.
 */
export function setUpPrecision(precision: TrainPrecision, backend: BackendChoice): RunPrecision {
  if (precision === 'fp32') return { mode: 'fp32', matmul: 'fp32', description: 'fp32' };
  const scaling = 'dynamic loss scaling (2^16 start, halved at an overflow, doubled after 2000 good steps), f32 master weights and Adam state';
  const mixed = (matmul: 'fp32' | 'f16', description: string): RunPrecision => ({ mode: 'mixed', matmul, description, lossScaler: new DynamicLossScaler(), history: new LossScaleHistory() });
  if (NO_F16_BACKENDS.has(backend.name)) {
    return mixed('fp32', `mixed: fp32 matmuls (the ${backend.name} backend has no f16 kernels; f16 matmuls need --backend webgpu on a GPU with subgroup matrices), ${scaling}`);
  }
  if (backend.name !== 'webgpu') throw new PrecisionUnavailableError(`--precision mixed needs the webgpu backend (or cpu, wasm, tensorflow with fp32 matmuls); this run is on '${backend.name}'.`);
  if (backend.details['f16MatMul'] !== true) {
    const adapter = [backend.details['vendor'], backend.details['architecture'], backend.details['description']].filter((x) => x != null && x !== '').join(' ') || 'unnamed';
    const missing = String(backend.details['f16MatMulMissing'] ?? 'shader-f16, subgroups, chromium-experimental-subgroup-matrix');
    throw new PrecisionUnavailableError(
      `--precision mixed (train.precision "mixed") needs f16 matmuls, and this WebGPU adapter (${adapter}) lacks ${missing}. ` +
        'Ways out: --precision fp32 (the default) on this device; on NVIDIA, a driver whose Vulkan offers cooperative matrices ' +
        "(Dawn then lists 'chromium-experimental-subgroup-matrix'; the trainer already asks for Dawn's allow_unsafe_apis and vulkan_enable_f16_on_nvidia toggles); " +
        'or --backend cpu / wasm to try the mixed training loop (loss scaling) with fp32 matmuls.',
    );
  }
  registerFastWebGPUKernels({ matMulPrecision: 'f16' });
  const configs = String(backend.details['subgroupMatrixConfigs'] ?? '');
  return mixed('f16', `mixed: f16 matmuls on subgroup matrices${configs !== '' ? ` (${configs})` : ''} with f32 accumulation, ${scaling}`);
}

/** The loss-scale history's savable form. */
export interface LossScaleRecord {
  /** Optimiser steps (1-based `globalStep`) whose update was skipped because the scaled gradients overflowed. */
  readonly skippedSteps: number[];
  /** Every change of scale: after step `step` the scale became `scale` (the first entry is the starting scale, step 0). */
  readonly changes: { step: number; scale: number }[];
}

/**
 * The loss-scale history of a mixed run: skipped steps and changes of scale. It is a checkpointed state (fit's
 * `states`), so a resumed run's result lists the steps skipped before the interruption too.
 */
export class LossScaleHistory implements Stateful {
  private record: LossScaleRecord = { skippedSteps: [], changes: [] };

  /** Records one step's outcome (fit's `onStep` event). */
  observe(event: Pick<StepEvent, 'globalStep' | 'skipped' | 'lossScale'>): void {
    if (event.skipped === true) this.record.skippedSteps.push(event.globalStep);
    const last = this.record.changes[this.record.changes.length - 1];
    if (event.lossScale != null && last?.scale !== event.lossScale) this.record.changes.push({ step: event.globalStep, scale: event.lossScale });
  }

  /** Starts the history at the scaler's first scale (a new run; a resumed one restores it instead). */
  start(scale: number): void {
    if (this.record.changes.length === 0) this.record.changes.push({ step: 0, scale });
  }

  /** The history so far (a copy). */
  get value(): LossScaleRecord {
    return { skippedSteps: [...this.record.skippedSteps], changes: this.record.changes.map((c) => ({ ...c })) };
  }

  /** @returns the history as JSON. */
  getState(): JsonValue {
    return this.value as unknown as JsonValue;
  }

  /** Restores a history from {@link LossScaleHistory.getState}. */
  setState(state: JsonValue): void {
    const s = state as Partial<LossScaleRecord> | null;
    if (s == null || !Array.isArray(s.skippedSteps) || !Array.isArray(s.changes)) throw new CheckpointError('checkpoint', `has a malformed loss-scale history: ${JSON.stringify(state)}`);
    this.record = { skippedSteps: s.skippedSteps.map(Number), changes: s.changes.map((c) => ({ step: Number(c.step), scale: Number(c.scale) })) };
  }
}

/**
 * What the result and the log record of a run's precision.
 * @param withScale also the loss scale now and its history (leave out at start: a resumed run restores them later).
 */
export function precisionSummary(p: RunPrecision, withScale = true): Record<string, JsonValue> {
  return {
    mode: p.mode,
    matmul: p.matmul,
    description: p.description,
    ...(withScale && p.lossScaler != null && p.history != null ? { lossScale: { ...(p.lossScaler.getState() as Record<string, JsonValue>), ...(p.history.getState() as Record<string, JsonValue>) } } : {}),
  };
}
