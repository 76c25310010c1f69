import * as tf from '@spectromix/tensor';
import { Module } from '../module.js';

/** Modules applied in order, registered as `0`, `1`, ... (like `torch.nn.Sequential`, e.g. a model's `blocks`). */
export class Sequential extends Module {
  readonly #layers: Module[];

  /** @param layers the modules, in order. */
  constructor(layers: readonly Module[]) {
    super();
    this.#layers = layers.map((m, i) => this.registerModule(String(i), m));
  }

  /** Number of modules. */
  get length(): number {
    return this.#layers.length;
  }

  /** The module at `index`. */
  at(index: number): Module | undefined {
    return this.#layers[index];
  }

  /** Feeds `x` through every module in order. */
  forward(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      let y = x;
      for (const m of this.#layers) y = m.forward(y);
      return y;
    });
  }
}
