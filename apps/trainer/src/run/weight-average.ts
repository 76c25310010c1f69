import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@spectromix/tensor';
import { readSafetensors, writeSafetensors, type SafetensorsInput } from '@spectromix/tensor/codecs';
import type { EpochRecord, SelectionMetric } from '@spectromix/train';
import type { AverageConfig } from '../config/average.js';
import { writeFileAtomicSync } from '../io/write-atomic.js';

/**
 * The epochs `train.average` averages, from the run's history: the `k` best by the validation `metric` (lowest
 * loss, highest otherwise; ties to the earlier epoch), or the last `k`. Sorted ascending.
 */
export function averagedEpochs(history: readonly EpochRecord[], spec: NonNullable<AverageConfig>, metric: SelectionMetric): number[] {
  if (spec.kind === 'last') return history.slice(-spec.k).map((h) => h.epoch);
  const scored = history.filter((h) => h.validation != null && Number.isFinite(h.validation[metric]));
  const sign = metric === 'loss' ? 1 : -1;
  const ranked = [...scored].sort((a, b) => sign * ((a.validation?.[metric] ?? 0) - (b.validation?.[metric] ?? 0)) || a.epoch - b.epoch);
  return ranked
    .slice(0, spec.k)
    .map((h) => h.epoch)
    .sort((a, b) => a - b);
}

/**
 * The weights of the epochs that may still be averaged, one safetensors file per epoch in `dir` (so a resumed run
 * averages the same epochs as an uninterrupted one). After each epoch {@link WeightPool.add} saves the model and
 * drops the files of epochs that can no longer be chosen.
 */
export class WeightPool {
  /** @param dir the folder of the files (created). */
  constructor(
    readonly dir: string,
    readonly spec: NonNullable<AverageConfig>,
    readonly metric: SelectionMetric,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  /**
   * Saves `state` (a model's state dict, which the caller disposes) as epoch `epoch`'s weights, then keeps only the
   * files of {@link averagedEpochs} of `history`.
   */
  async add(epoch: number, state: ReadonlyMap<string, tf.Tensor>, history: readonly EpochRecord[]): Promise<void> {
    const tensors = new Map<string, SafetensorsInput>();
    for (const [name, t] of state) tensors.set(name, { shape: t.shape, data: (await t.data()) as Float32Array });
    writeFileAtomicSync(this.#file(epoch), writeSafetensors(tensors));
    const keep = new Set(averagedEpochs(history, this.spec, this.metric));
    for (const e of this.epochs()) if (!keep.has(e)) rmSync(this.#file(e), { force: true });
  }

  /** Epochs whose weights are in the folder. */
  epochs(): number[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .map((f) => /^epoch-(\d+)\.safetensors$/.exec(f)?.[1])
      .filter((e): e is string => e != null)
      .map(Number)
      .sort((a, b) => a - b);
  }

  /**
   * The element-wise mean of the weights of `epochs` (each must be in the folder), as a state dict the caller
   * disposes.
   */
  average(epochs: readonly number[]): Map<string, tf.Tensor> {
    const sums = new Map<string, { shape: number[]; data: Float64Array }>();
    for (const e of epochs) {
      for (const [name, t] of readSafetensors(readFileSync(this.#file(e))).tensors) {
        const s = sums.get(name) ?? { shape: [...t.shape], data: new Float64Array(t.data.length) };
        for (let i = 0; i < t.data.length; i++) s.data[i] = (s.data[i] as number) + (t.data[i] as number);
        sums.set(name, s);
      }
    }
    const out = new Map<string, tf.Tensor>();
    for (const [name, s] of sums) out.set(name, tf.tensor(Float32Array.from(s.data, (v) => v / epochs.length), s.shape));
    return out;
  }

  /** Removes the folder. */
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  #file(epoch: number): string {
    return join(this.dir, `epoch-${epoch}.safetensors`);
  }
}
