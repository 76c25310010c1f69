import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import { flatDispatch } from '../backend.js';
import { GELU_GRAD4_WGSL, GELU_WGSL } from './wgsl-math.js';

const THREADS = 256;

/**
 * `gelu(x + bias)` (forward) or `dy * gelu'(x + bias)` (backward) over `[rows, C]`, bias broadcast along
 * rows (or absent); vec4 when C is a multiple of 4.
 */
export function biasGeluProgram(direction: 'forward' | 'backward', withBias: boolean, size: number, cols: number, maxPerDim: number): WebGPUProgram {
  const c = cols % 4 === 0 ? 4 : 1;
  const count = size / c;
  const arg = withBias ? 'x[index] + bias[index % uniforms.width]' : 'x[index]';
  const fn = c === 4 ? (direction === 'forward' ? 'spxGelu4' : 'spxGeluGrad4') : direction === 'forward' ? 'spxGelu' : 'spxGeluGrad';
  const body = direction === 'forward' ? `${fn}(${arg})` : `dy[index] * ${fn}(${arg})`;
  const names = direction === 'forward' ? ['x'] : ['dy', 'x'];
  if (withBias) names.push('bias');
  return {
    outputShape: [size],
    shaderKey: `spxBiasGelu_${direction}_${withBias}_${c}`,
    dispatchLayout: { x: [0] },
    dispatch: flatDispatch(count, THREADS, maxPerDim),
    workgroupSize: [THREADS, 1, 1],
    variableNames: names,
    variableComponents: names.map(() => c),
    outputComponent: c,
    uniforms: 'count : i32, width : i32,',
    getUserCode: () => `
${GELU_WGSL}
${c === 4 ? GELU_GRAD4_WGSL : ''}
fn main(index : i32) {
  if (index < uniforms.count) { result[index] = ${body}; }
}
`,
  };
}

/** Per-group shifts of a group roll: group g moves by `shiftF[g]` along F and `shiftT[g]` along T. */
export interface GroupShifts {
  readonly shiftF: readonly number[];
  readonly shiftT: readonly number[];
}

/**
 * `out[b, f, t, d] = x[b, (f - sF[g]) mod F, (t - sT[g]) mod T, d]` with `g = d / (D / groups)`: the
 * Roll-Time permutation as one gather pass (torch.roll semantics per group). Vec4 when the group width is a
 * multiple of 4, so a vec4 never straddles two groups.
 */
export function rollGroupsProgram(shape: readonly [number, number, number, number], groups: number, shifts: GroupShifts, maxPerDim: number): WebGPUProgram {
  const [b, f, t, d] = shape;
  const groupWidth = d / groups;
  const c = groupWidth % 4 === 0 ? 4 : 1;
  const count = (b * f * t * d) / c;
  const cases: string[] = [];
  const keys: string[] = [];
  for (let g = 0; g < groups; g++) {
    const sf = (((shifts.shiftF[g] ?? 0) % f) + f) % f;
    const st = (((shifts.shiftT[g] ?? 0) % t) + t) % t;
    if (sf === 0 && st === 0) continue;
    cases.push(`if (g == ${g}) { sf = ${sf}; st = ${st}; }`);
    keys.push(`${g}:${sf}:${st}`);
  }
  const key = keys.join(',');
  return {
    outputShape: [count * c],
    shaderKey: `spxRollGroups_${groups}_${c}_${key}`,
    dispatchLayout: { x: [0] },
    dispatch: flatDispatch(count, THREADS, maxPerDim),
    workgroupSize: [THREADS, 1, 1],
    variableNames: ['x'],
    variableComponents: [c],
    outputComponent: c,
    uniforms: 'count : i32, dimF : i32, dimT : i32, width : i32, groupWidth : i32,',
    getUserCode: () => `
fn main(index : i32) {
  if (index >= uniforms.count) { return; }
  let dc = index % uniforms.width;
  let rest = index / uniforms.width;
  let ti = rest % uniforms.dimT;
  let rest2 = rest / uniforms.dimT;
  let fi = rest2 % uniforms.dimF;
  let bi = rest2 / uniforms.dimF;
  let g = (dc * ${c}) / uniforms.groupWidth;
  var sf = 0;
  var st = 0;
  ${cases.join('\n  ')}
  let fs = (fi + uniforms.dimF - sf) % uniforms.dimF;
  let ts = (ti + uniforms.dimT - st) % uniforms.dimT;
  result[index] = x[((bi * uniforms.dimF + fs) * uniforms.dimT + ts) * uniforms.width + dc];
}
`,
  };
}

/** Uniform values of {@link rollGroupsProgram}. */
export function rollGroupsUniforms(shape: readonly [number, number, number, number], groups: number): number[] {
  const [b, f, t, d] = shape;
  const c = (d / groups) % 4 === 0 ? 4 : 1;
  return [(b * f * t * d) / c, f, t, d / c, d / groups];
}
