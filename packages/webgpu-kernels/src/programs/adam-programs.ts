import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import { flatDispatch } from '../backend.js';

const THREADS = 256;

/** Which optional inputs the moments pass reads. */
export interface AdamMomentsVariant {
  /** Multiply the gradient by a one-element `scale` tensor first (gradient clipping's coefficient). */
  readonly scaled: boolean;
  /** Add `weightDecay * param` to the gradient (Adam's L2 term; AdamW decays the parameter instead). */
  readonly l2: boolean;
}

/**
 * WGSL of the moments arithmetic, shared by the two-launch and the in-place shaders so both run the same
 * operations: from `grad[index]`, `moments[index]` and `moments[index + count]` it declares `g`, `m` and `v`.
 * @param k how the shader names its constants struct (`uniforms` or `k`).
 * @param param the expression of the current parameter value (for the L2 term).
 */
export function adamMomentsWgsl(variant: AdamMomentsVariant, k: string, param: string): string {
  return `
  var g = grad[index];
  ${variant.scaled ? 'g = g * scale[0];' : ''}
  ${variant.l2 ? `g = g + ${param} * ${k}.weightDecay;` : ''}
  let m = moments[index] * ${k}.beta1 + g * ${k}.oneMinusBeta1;
  let v = moments[index + ${k}.count] * ${k}.beta2 + (g * g) * ${k}.oneMinusBeta2;`;
}

/**
 * WGSL of the parameter arithmetic from `m`, `v` and the parameter value `p` (a `var`), shared like
 * {@link adamMomentsWgsl}: evaluates to the new parameter value.
 */
export function adamParamWgsl(decoupled: boolean, k: string): { readonly prelude: string; readonly value: string } {
  return {
    prelude: `
  ${decoupled ? `p = p * ${k}.decay;` : ''}
  let denom = sqrt(v) / ${k}.biasCorrection2Sqrt + ${k}.eps;`,
    value: `p + (m / denom) * ${k}.negStepSize`,
  };
}

/** Components per element: vec4 when the parameter size is a multiple of 4. */
export function adamComponents(size: number): 1 | 4 {
  return size % 4 === 0 ? 4 : 1;
}

/**
 * The moments pass of one Adam step over a parameter of `size` values, packed moments `[m | v]` (`2 size`):
 * `g = grad (* scale) (+ weightDecay param)`, `m' = beta1 m + (1 - beta1) g`, `v' = beta2 v + (1 - beta2) g g`,
 * written to a new `[2 size]` buffer, with the same operation order as the tfjs composition (so the float32
 * results agree to rounding). Inputs in order: `grad`, `moments`, then `param` (l2), then `scale` (scaled).
 * Uniforms after tfjs's: `count` (elements / components), `beta1`, `oneMinusBeta1`, `beta2`, `oneMinusBeta2`,
 * `weightDecay`.
 */
export function adamMomentsProgram(size: number, variant: AdamMomentsVariant, maxPerDim: number): WebGPUProgram {
  const c = adamComponents(size);
  const names = ['grad', 'moments'];
  if (variant.l2) names.push('param');
  if (variant.scaled) names.push('scale');
  const count = size / c;
  return {
    outputShape: [2 * size],
    shaderKey: `spxAdamMoments_${c}_${variant.l2}_${variant.scaled}`,
    dispatchLayout: { x: [0] },
    dispatch: flatDispatch(count, THREADS, maxPerDim),
    workgroupSize: [THREADS, 1, 1],
    variableNames: names,
    variableComponents: names.map((n) => (n === 'scale' ? 1 : c)),
    outputComponent: c,
    uniforms: 'count : i32, beta1 : f32, oneMinusBeta1 : f32, beta2 : f32, oneMinusBeta2 : f32, weightDecay : f32,',
    getUserCode: () => `
fn main(index : i32) {
  if (index >= uniforms.count) { return; }${adamMomentsWgsl(variant, 'uniforms', 'param[index]')}
  result[index] = m;
  result[index + uniforms.count] = v;
}
`,
  };
}

/**
 * The parameter pass of one Adam step: `p = param (* decay)`, then
 * `p + (m' / (sqrt(v') / biasCorrection2Sqrt + eps)) * negStepSize` from the packed moments the moments pass
 * wrote. Inputs: `param`, `moments`. Uniforms after tfjs's: `count`, `decay` (AdamW's `1 - lr weightDecay`, 1
 * otherwise), `biasCorrection2Sqrt`, `eps`, `negStepSize` (`-lr / (1 - beta1^t)`).
 */
export function adamParamProgram(size: number, decoupled: boolean, maxPerDim: number): WebGPUProgram {
  const c = adamComponents(size);
  const count = size / c;
  return {
    outputShape: [size],
    shaderKey: `spxAdamParam_${c}_${decoupled}`,
    dispatchLayout: { x: [0] },
    dispatch: flatDispatch(count, THREADS, maxPerDim),
    workgroupSize: [THREADS, 1, 1],
    variableNames: ['param', 'moments'],
    variableComponents: [c, c],
    outputComponent: c,
    uniforms: 'count : i32, decay : f32, biasCorrection2Sqrt : f32, eps : f32, negStepSize : f32,',
    getUserCode: () => {
      const update = adamParamWgsl(decoupled, 'uniforms');
      return `
fn main(index : i32) {
  if (index >= uniforms.count) { return; }
  var p = param[index];
  let m = moments[index];
  let v = moments[index + uniforms.count];${update.prelude}
  result[index] = ${update.value};
}
`;
    },
  };
}
