import { expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { describeBackends, expectAllClose } from '@spectromix/tensor/testing';
// Everything stateful comes through the package's entry, so the built `testing` entry shares its ops registry.
import { HermitFrequencyMixing, MixerBlock, Module, RhMixerBlock, RollTime, mish, mlpFactory, setMixerOps, tfjsOps, withInitSeed, type MixerOps } from '../index.js';
import { randomArray } from '../testing/reference.js';
import { valueAndGrads } from '../testing/paths.js';

const GRID = { freq: 3, time: 4 };
const N = GRID.freq * GRID.time;
const DIM = 16;
const BATCH = 2;

/** One block the conformance suite runs, and what an implementation may fuse in it. */
export interface MixerOpsCase {
  /** The test's name. */
  readonly name: string;
  /** Whether the block runs in training mode (stochastic depth draws masks). */
  readonly training: boolean;
  /** Whether the block hands a Roll-Time to its channel MLP (`rolledLinear`) instead of running `rollTime`. */
  readonly foldsRoll: boolean;
  /** Whether an MLP's GELU can run in its first linear map's epilogue. */
  readonly fusesGelu: boolean;
}

/** Options of {@link describeMixerOpsConformance}. */
export interface MixerOpsConformanceOptions {
  /** Backends to run on (default: `SPECTROMIX_BACKENDS` or cpu, wasm and webgpu). */
  readonly backends?: readonly tf.BackendName[];
  /**
   * Runs the reference side of every case (default: `run` with `setMixerOps(backend, tfjsOps)`). A backend plug-in
   * wraps it to also put the backend's stock kernels back, so nothing of the plug-in runs on the reference side.
   */
  readonly reference?: <T>(run: () => Promise<T>) => Promise<T>;
  /** Called before the implementation's run of each case (e.g. to reset launch counters). */
  readonly beforeCase?: (c: MixerOpsCase) => void;
  /** Called after the implementation's run of each case (e.g. to check which fused kernels launched). */
  readonly afterCase?: (c: MixerOpsCase) => void;
}

/** A roll module that is not a Roll-Time and declares no fusion (mirrors tokens along T'): blocks must run it. */
class ReverseTime extends Module {
  constructor(readonly grid: { freq: number; time: number }) {
    super();
  }

  forward(x: tf.Tensor): tf.Tensor {
    const d = x.shape[2] as number;
    return tf.reshape(tf.reverse(tf.reshape(x, [-1, this.grid.freq, this.grid.time, d]), 2), x.shape);
  }
}

interface BuiltCase extends MixerOpsCase {
  readonly dim: number;
  readonly build: () => Module;
}

const CASES: readonly BuiltCase[] = [
  {
    name: 'RH block (Hermit, Roll-Time, GELU MLPs; residuals fused)',
    training: false,
    foldsRoll: true,
    fusesGelu: true,
    dim: DIM,
    build: () => new RhMixerBlock({ dim: DIM, grid: GRID, tokenMlp: mlpFactory(4), channelMlp: mlpFactory(8), hermit: (g) => new HermitFrequencyMixing(g), roll: (g) => new RollTime({ ...g, shift: 1 }) }),
  },
  {
    name: 'RH block with stochastic depth in training (residuals added after the drop)',
    training: true,
    foldsRoll: true,
    fusesGelu: true,
    dim: DIM,
    build: () => new RhMixerBlock({ dim: DIM, grid: GRID, tokenMlp: mlpFactory(4), channelMlp: mlpFactory(8), roll: (g) => new RollTime({ ...g, shift: 2 }), dropPath: 0.5 }),
  },
  {
    name: 'RH block with 16-byte roll groups (D = 64) and a Mish channel MLP (GELU not fused)',
    training: false,
    foldsRoll: true,
    fusesGelu: false,
    dim: 64,
    build: () => new RhMixerBlock({ dim: 64, grid: GRID, tokenMlp: mlpFactory(4), channelMlp: mlpFactory(8, mish), roll: (g) => new RollTime({ ...g, shift: 5 }) }),
  },
  {
    name: 'RH block with a roll module that declares no fusion (run as a module)',
    training: false,
    foldsRoll: false,
    fusesGelu: true,
    dim: DIM,
    build: () => new RhMixerBlock({ dim: DIM, grid: GRID, tokenMlp: mlpFactory(4), channelMlp: mlpFactory(8), roll: (g) => new ReverseTime(g.grid) }),
  },
  {
    name: 'plain block with a Mish token MLP (activation not fused)',
    training: false,
    foldsRoll: false,
    fusesGelu: true,
    dim: DIM,
    build: () => new MixerBlock({ dim: DIM, numTokens: N, tokenMlp: mlpFactory(4, mish), channelMlp: mlpFactory(8) }),
  },
];

/**
 * The one conformance suite of {@link MixerOps} (tfjs's model: every backend's implementation passes the same
 * tests): each case builds a Mixer block twice from one seed (same weights, same DropPath masks), runs one copy
 * on the reference ops ({@link tfjsOps}) and the other on `ops`, and compares the output and the gradient of
 * every weight and of the input to 1e-4 of each tensor's largest magnitude. `@spectromix/mixer` runs it for its
 * own implementations; a backend plug-in runs it for the ops it installs. Needs vitest (call it from a test file).
 * @param title the suite's title.
 * @param ops the implementation under test, chosen for the backend while each case runs.
 */
export function describeMixerOpsConformance(title: string, ops: MixerOps, options: MixerOpsConformanceOptions = {}): void {
  describeBackends(
    `${title}: MixerOps conformance`,
    ({ backend }) => {
      const reference =
        options.reference ??
        (async <T>(run: () => Promise<T>): Promise<T> => {
          setMixerOps(backend, tfjsOps);
          try {
            return await run();
          } finally {
            setMixerOps(backend, null);
          }
        });
      for (const c of CASES) {
        it(c.name, async () => {
          const run = async (): Promise<{ value: Float32Array; grads: Map<string, Float32Array> }> => {
            const block = withInitSeed(7, c.build);
            block.train(c.training);
            const vars = new Map(block.trainableParameters());
            const x = tf.variable(tf.tensor(randomArray(BATCH * N * c.dim, 21), [BATCH, N, c.dim]));
            vars.set('input', x);
            const w = tf.tensor(randomArray(BATCH * N * c.dim, 22), [BATCH, N, c.dim]);
            const outputs = await valueAndGrads(() => tf.sum(tf.mul(block.forward(x), w)), vars);
            tf.dispose([x, w]);
            block.dispose();
            return outputs;
          };
          const expected = await reference(run);
          options.beforeCase?.(c);
          setMixerOps(backend, ops);
          let actual: Awaited<ReturnType<typeof run>>;
          try {
            actual = await run();
          } finally {
            setMixerOps(backend, null);
          }
          options.afterCase?.(c);
          const close = (a: Float32Array, e: Float32Array, label: string): void => {
            const scale = Math.max(...Array.from(e, Math.abs));
            expectAllClose(a, e, { rtol: 1e-4, atol: 1e-4 * scale }, label);
          };
          close(actual.value, expected.value, 'loss');
          expect([...actual.grads.keys()]).toEqual([...expected.grads.keys()]);
          for (const [name, g] of expected.grads) close(actual.grads.get(name) as Float32Array, g, `gradient of ${name}`);
        });
      }
    },
    options.backends,
  );
}
