import * as tf from '@spectromix/tensor';

const scopes: tf.SeededRng[] = [];
let fallback: tf.SeededRng | null = null;

/**
 * Builds modules with a seeded generator: every layer constructed inside `build` draws its initial weights
 * from `seed`, so the same seed and the same construction order give the same weights on every backend.
 * Scopes nest; outside any scope layers use a generator seeded once from `Math.random`.
 * @example
 * ```ts
 * const mlp = withInitSeed(0, () => new Mlp({ inFeatures: 8, hiddenFeatures: 16, act: gelu }));
 * ```
 */
export function withInitSeed<T>(seed: number | tf.SeededRng, build: () => T): T {
  beginInitScope(seed);
  try {
    return build();
  } finally {
    endInitScope();
  }
}

/**
 * Opens an init scope without a callback (for constructors, which cannot assign their fields inside one).
 * Always pair with {@link endInitScope} in a `finally`.
 */
export function beginInitScope(seed: number | tf.SeededRng): void {
  scopes.push(typeof seed === 'number' ? new tf.SeededRng(seed) : seed);
}

/** Closes the scope opened by the matching {@link beginInitScope}. */
export function endInitScope(): void {
  scopes.pop();
}

/** The generator layers initialise from right now (see {@link withInitSeed}). */
export function initRng(): tf.SeededRng {
  const scoped = scopes[scopes.length - 1];
  if (scoped != null) return scoped;
  fallback ??= new tf.SeededRng(Math.floor(Math.random() * 2 ** 32));
  return fallback;
}

/**
 * Xavier (Glorot) uniform values: `U(-a, a)` with `a = sqrt(6 / (fanIn + fanOut))`, as `torch.nn.init.xavier_uniform_`.
 * @param shape tensor shape.
 * @param fanIn inputs per output unit (times the receptive field for convolutions).
 * @param fanOut outputs per input unit (times the receptive field for convolutions).
 */
export function xavierUniform(shape: readonly number[], fanIn: number, fanOut: number, rng: tf.SeededRng = initRng()): tf.Tensor {
  const bound = Math.sqrt(6 / (fanIn + fanOut));
  const data = new Float32Array(tf.util.sizeFromShape([...shape]));
  for (let i = 0; i < data.length; i++) data[i] = (2 * rng.next() - 1) * bound;
  return tf.tensor(data, [...shape]);
}

/** Normal values with the given mean and standard deviation, as `torch.nn.init.normal_`. */
export function normalInit(shape: readonly number[], std: number, mean = 0, rng: tf.SeededRng = initRng()): tf.Tensor {
  const data = new Float32Array(tf.util.sizeFromShape([...shape]));
  for (let i = 0; i < data.length; i++) data[i] = mean + std * rng.normal();
  return tf.tensor(data, [...shape]);
}
