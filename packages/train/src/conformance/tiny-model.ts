import * as tf from '@spectromix/tensor';
import { DropPath, Linear, Module } from '@spectromix/mixer';
import type { BatchSource, TrainBatch } from '../loop/types.js';

/** Test model: mean over time, Linear, GELU, a DropPath'd residual Linear, then a Linear head. */
export class TinyClassifier extends Module {
  readonly fc1: Linear;
  readonly fc2: Linear;
  readonly drop: DropPath;
  readonly head: Linear;

  constructor(features: number, hidden: number, classes: number, dropRate = 0.2) {
    super();
    this.fc1 = this.registerModule('fc1', new Linear(features, hidden));
    this.fc2 = this.registerModule('fc2', new Linear(hidden, hidden));
    this.drop = this.registerModule('drop', new DropPath(dropRate));
    this.head = this.registerModule('head', new Linear(hidden, classes));
  }

  forward(x: tf.Tensor, options: { training?: boolean } = {}): tf.Tensor {
    const previous = this.training;
    if (options.training != null) this.train(options.training);
    try {
      return tf.tidy(() => {
        const h = tf.relu(this.fc1.forward(tf.mean(x, 1)));
        const r = tf.add(h, this.drop.forward(this.fc2.forward(h)));
        return this.head.forward(r);
      });
    } finally {
      this.train(previous);
    }
  }
}

/** A seeded synthetic set: class c has a bump at feature c (of F) plus noise; T frames. */
export function syntheticSet(count: number, classes: number, features: number, frames: number, seed: number): { x: Float32Array; labels: Int32Array } {
  const rng = new tf.SeededRng(seed);
  const x = new Float32Array(count * frames * features);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const c = i % classes;
    labels[i] = c;
    for (let t = 0; t < frames; t++) {
      for (let f = 0; f < features; f++) x[(i * frames + t) * features + f] = rng.normal() * 0.8 + (f % classes === c ? 1 : 0);
    }
  }
  return { x, labels };
}

/** An in-memory batch source whose order is `SeededRng(seed + epoch)`'s shuffle: a pure function of the epoch. */
export function memorySource(data: { x: Float32Array; labels: Int32Array }, classes: number, features: number, frames: number, batchSize: number, seed: number | null): BatchSource & { evalSource: () => AsyncIterable<TrainBatch> } {
  const n = data.labels.length;
  const batchesPerEpoch = Math.ceil(n / batchSize);
  const batch = (idx: number[]): TrainBatch => {
    const xs = new Float32Array(idx.length * frames * features);
    idx.forEach((j, k) => xs.set(data.x.subarray(j * frames * features, (j + 1) * frames * features), k * frames * features));
    const labels = idx.map((j) => data.labels[j] as number);
    return {
      x: tf.tensor3d(xs, [idx.length, frames, features]),
      y: tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), classes), 'float32')),
      labels,
      size: idx.length,
    };
  };
  async function* run(order: number[], start: number): AsyncIterable<TrainBatch> {
    for (let b = start; b < batchesPerEpoch; b++) yield batch(order.slice(b * batchSize, (b + 1) * batchSize));
  }
  const identity = Array.from({ length: n }, (_, i) => i);
  return {
    batchesPerEpoch,
    epoch: (e, start = 0) => run(seed == null ? identity : new tf.SeededRng(seed + e).shuffle([...identity]), start),
    evalSource: () => run(identity, 0),
  };
}

/** Every weight of a model's state dict, flattened in state-dict order (for bit-exact comparisons). */
export async function weightsOf(model: Module): Promise<number[]> {
  const out: number[] = [];
  for (const t of model.stateDict().values()) {
    out.push(...(await t.data()));
    t.dispose();
  }
  return out;
}
