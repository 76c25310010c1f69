import { adamComponents, adamMomentsWgsl, adamParamWgsl } from './adam-programs.js';

/** Threads per workgroup of the in-place Adam shader. */
export const ADAM_IN_PLACE_THREADS = 256;

/** Bytes of one parameter's constants in the uniform table (the dynamic-offset stride every device allows). */
export const ADAM_CONSTANTS_STRIDE = 256;

/** The constants struct's size in bytes (ten 4-byte fields, rounded up to 16). */
export const ADAM_CONSTANTS_SIZE = 48;

/** Which shader variant a parameter needs. */
export interface AdamInPlaceVariant {
  /** Components per element: 4 when the parameter size is a multiple of 4. */
  readonly components: 1 | 4;
  /** Multiply the gradient by the one-element scale first. */
  readonly scaled: boolean;
  /** Adam's L2 term `weightDecay * param` added to the gradient. */
  readonly l2: boolean;
  /** AdamW's decay of the parameter by `decay`. */
  readonly decoupled: boolean;
}

/** The variant for a parameter of `size` values. */
export function adamInPlaceVariant(size: number, flags: Omit<AdamInPlaceVariant, 'components'>): AdamInPlaceVariant {
  return { components: adamComponents(size), ...flags };
}

/** A cache key of a variant. */
export function adamInPlaceKey(v: AdamInPlaceVariant): string {
  return `${v.components}_${v.scaled}_${v.l2}_${v.decoupled}`;
}

/**
 * WGSL of one Adam step of one parameter, written in place: the moments pass and the parameter pass of
 * `adamMomentsProgram` / `adamParamProgram` in one thread, with their operations in the same order on the same
 * float32 values (so the results are those of the two-launch path). Bindings: group 0 holds the parameter and its
 * packed moments `[m | v]` (read-write), the constants (uniform, one table slot by dynamic offset) and the
 * gradient scale; group 1 holds the gradient (read-only), so the bind group of the parameter survives across steps.
 */
export function adamInPlaceShader(v: AdamInPlaceVariant): string {
  const t = v.components === 4 ? 'vec4<f32>' : 'f32';
  const update = adamParamWgsl(v.decoupled, 'k');
  return `
struct AdamConstants {
  count : i32,
  beta1 : f32,
  oneMinusBeta1 : f32,
  beta2 : f32,
  oneMinusBeta2 : f32,
  weightDecay : f32,
  decay : f32,
  biasCorrection2Sqrt : f32,
  eps : f32,
  negStepSize : f32,
};
@group(0) @binding(0) var<storage, read_write> param : array<${t}>;
@group(0) @binding(1) var<storage, read_write> moments : array<${t}>;
@group(0) @binding(2) var<uniform> k : AdamConstants;
@group(0) @binding(3) var<storage, read> scale : array<f32>;
@group(1) @binding(0) var<storage, read> grad : array<${t}>;

@compute @workgroup_size(${ADAM_IN_PLACE_THREADS}, 1, 1)
fn main(@builtin(local_invocation_index) lane : u32, @builtin(workgroup_id) group : vec3<u32>, @builtin(num_workgroups) groups : vec3<u32>) {
  let index = i32((group.y * groups.x + group.x) * ${ADAM_IN_PLACE_THREADS}u + lane);
  if (index >= k.count) { return; }
  var p = param[index];${adamMomentsWgsl(v, 'k', 'p')}
  moments[index] = m;
  moments[index + k.count] = v;${update.prelude}
  param[index] = ${update.value};
}
`;
}
