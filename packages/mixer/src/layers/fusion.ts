import type * as tf from '@spectromix/tensor';
import type { ChannelOptions, ResidualOptions } from './linear.js';
import type { RollTimePlan } from '../ops/mixer-ops.js';

/**
 * The fused paths a layer supports, declared by the layer itself (timm-style capability flags): blocks and mixing
 * layers choose a fused path from what a layer declares, never from its class, so a custom layer opts in by
 * declaring a capability and implementing what it promises (see {@link FusedLayer}). A subclass inherits its parent's
 * declaration: one that overrides a method a capability relies on should restate `fusion` to match.
 */
export interface FusionSupport {
  /** `forward(x, { residual })` adds the residual itself (inside its last op where the backend's ops can). */
  readonly residual?: boolean;
  /** `forward(x, { inputRoll, residual })` reads its input through a Roll-Time plan (a channel MLP folding the roll). */
  readonly inputRoll?: boolean;
  /** `planFor(x)` gives the Roll-Time plan of this roll module, so a consumer can fold the roll instead of running it. */
  readonly rollPlan?: boolean;
  /** `forwardWithSkip(x)` returns `[norm(x), skip]`, the skip's gradient joining the norm's backward. */
  readonly normSkip?: boolean;
}

/** One fusion capability. */
export type FusionCapability = keyof FusionSupport;

/** What a layer that declares each capability implements. */
export interface FusionContracts {
  readonly residual: { forward(x: tf.Tensor, options?: ResidualOptions): tf.Tensor };
  readonly inputRoll: { forward(x: tf.Tensor, options?: ChannelOptions): tf.Tensor };
  readonly rollPlan: { planFor(x: tf.Tensor): RollTimePlan };
  readonly normSkip: { forwardWithSkip(x: tf.Tensor): [tf.Tensor, tf.Tensor] };
}

/** A layer that declares `capability` in its `fusion` property, with the method that capability promises. */
export type FusedLayer<C extends FusionCapability> = FusionContracts[C] & { readonly fusion: FusionSupport };

/**
 * Whether `layer` declares `capability` (its `fusion` property has it set), narrowing it to the capability's contract.
 * @example
 * ```ts
 * class MyRoll extends Module {
 *   readonly fusion: FusionSupport = { rollPlan: true };   // a block folds it into the channel MLP
 *   planFor(x: tf.Tensor): RollTimePlan { ... }
 * }
 * ```
 */
export function declaresFusion<C extends FusionCapability>(layer: object, capability: C): layer is FusedLayer<C> {
  const support = (layer as { readonly fusion?: FusionSupport }).fusion;
  return support?.[capability] === true;
}
