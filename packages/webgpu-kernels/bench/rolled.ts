/**
 * Bench section `rolled`: the channel MLP's fc1 after Roll-Time at asm-rh-base sizes, three ways: the roll as
 * its own pass, then `linear` (what ran before the remap); `rolledLinear` (the roll inside the matmul's loads,
 * and inside its gradient products); and `linear` with no roll at all (the remap's cost on the matmul itself).
 */
import * as tf from '@spectromix/tensor';
import type { Tensor } from '@spectromix/tensor';
import { linear, rollGroups, rolledLinear, rollTimeSpec } from '../src/index.js';
import { MODEL } from './cases.js';
import { relError, timeOp, type Timing } from './timing.js';

/** One timed variant: `flops` of the products it runs, for the TFLOP/s column. */
export interface RolledRow {
  readonly kernel: string;
  readonly variant: string;
  readonly timing: Timing;
  readonly flops: number;
  readonly relErr?: number;
}

/** Times the three variants forward, and forward + backward with a given `dy`, for block shift 2. */
export async function rolledSection(quick: boolean): Promise<RolledRow[]> {
  const { batch, freq, time, width, channelHidden, groups } = quick ? { batch: 2, freq: 4, time: 6, width: 64, channelHidden: 128, groups: 16 } : MODEL;
  const rows = batch * freq * time;
  const roll = { freq, time, ...rollTimeSpec(2, groups) };
  const x = tf.randomNormal([rows, width], 0, 1, 'float32', 11);
  const w = tf.randomNormal([width, channelHidden], 0, 0.05, 'float32', 12);
  const b = tf.randomNormal([channelHidden], 0, 0.1, 'float32', 13);
  const dy = tf.randomNormal([rows, channelHidden], 0, 1, 'float32', 14);
  const rolledX = (t: Tensor) => tf.reshape(rollGroups(tf.reshape(t, [batch, freq, time, width]), roll), [rows, width]);
  const forward: Record<string, (xx: Tensor, ww: Tensor, bb: Tensor) => Tensor> = {
    'roll pass + linear': (xx, ww, bb) => linear(rolledX(xx), ww, { bias: bb }),
    'spectromix fused rolledLinear': (xx, ww, bb) => rolledLinear(xx, ww, roll, { bias: bb }),
    'spectromix linear, no roll': (xx, ww, bb) => linear(xx, ww, { bias: bb }),
  };
  const flops = 2 * rows * width * channelHidden;
  const out: RolledRow[] = [];
  const reference = { fwd: forward['roll pass + linear']?.(x, w, b), grads: undefined as Tensor[] | undefined };
  for (const [variant, f] of Object.entries(forward)) {
    const fwd = () => tf.tidy(() => f(x, w, b));
    const bwd = () => {
      const [gx, gw, gb] = tf.grads((xx: Tensor, ww: Tensor, bb: Tensor) => f(xx, ww, bb))([x, w, b], dy) as [Tensor, Tensor, Tensor];
      gw.dispose();
      gb.dispose();
      return gx;
    };
    const y = fwd();
    const err = variant.includes('no roll') || reference.fwd == null ? undefined : await relError(y, reference.fwd);
    y.dispose();
    out.push({ kernel: 'channel fc1 + Roll-Time fwd', variant, timing: await timeOp(fwd, { gpuTime: true }), flops, ...(err == null ? {} : { relErr: err }) });
    out.push({ kernel: 'channel fc1 + Roll-Time fwd+bwd', variant, timing: await timeOp(bwd, { gpuTime: true }), flops: 3 * flops });
  }
  tf.dispose([x, w, b, dy, ...(reference.fwd == null ? [] : [reference.fwd])]);
  return out;
}
