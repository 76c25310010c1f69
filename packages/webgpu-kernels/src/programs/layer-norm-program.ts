import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import { FLAT_WORKGROUP_INDEX, flatDispatch } from '../backend.js';

/** What a row program computes for each row of `[rows, D]`. */
export type LayerNormMode = 'forward' | 'backward' | 'backwardAdd' | 'stats';

/** Threads per workgroup; each row gets `rowThreads` of them. */
const GROUP_THREADS = 256;

/** Threads per row: a power of two giving each thread about 12 (vec4) items, so loads overlap. */
function rowThreadsFor(width: number): number {
  let t = 4;
  while (t < 64 && t * 12 < width) t *= 2;
  return t;
}

/**
 * One program family for row-wise LayerNorm work, each row held in the registers of 4 to 64 threads:
 * - `forward`: inputs x, gamma, beta -> `y = (x - mean) * rstd * gamma + beta`.
 * - `backward`: inputs dy, x, gamma -> `dx = rstd * (g - mean(g) - xhat * mean(g * xhat))`, `g = dy * gamma`.
 * - `backwardAdd`: inputs dy, x, gamma, addend -> `dx + addend` (the gradient arriving through a skip
 *   connection accumulated in the same pass).
 * - `stats`: input x -> `[rows, 2]` holding mean and rstd.
 * Mean and variance are two-pass over the registers (no E[x^2] - E[x]^2 cancellation).
 * @param rows rows of the flattened input.
 * @param d the normalised (last) axis.
 * @param epsilon added to the variance.
 */
export function layerNormProgram(mode: LayerNormMode, rows: number, d: number, maxGroupsPerDim: number): WebGPUProgram {
  const c = d % 4 === 0 ? 4 : 1;
  const type = c === 4 ? 'vec4<f32>' : 'f32';
  const width = d / c;
  const ROW_THREADS = rowThreadsFor(width);
  const ROWS_PER_GROUP = GROUP_THREADS / ROW_THREADS;
  const items = Math.ceil(width / ROW_THREADS);
  const hsum = c === 4 ? (v: string) => `dot(${v}, vec4<f32>(1.0))` : (v: string) => v;
  const backward = mode === 'backward' || mode === 'backwardAdd';
  const names = mode === 'forward' ? ['x', 'gamma', 'beta'] : backward ? ['dy', 'x', 'gamma'] : ['x'];
  if (mode === 'backwardAdd') names.push('addend');
  const lines: string[] = [];
  for (let j = 0; j < items; j++) {
    lines.push(`let i${j} = lane + ${j * ROW_THREADS};`);
    lines.push(`let ok${j} = valid && i${j} < ${width};`);
    lines.push(`var x${j} = ${type}(0.0);`);
    lines.push(`if (ok${j}) { x${j} = x[rowBase + i${j}]; }`);
    if (backward) {
      lines.push(`var g${j} = ${type}(0.0);`);
      lines.push(`if (ok${j}) { g${j} = dy[rowBase + i${j}] * gamma[i${j}]; }`);
    }
  }
  const sum = (f: (j: number) => string) => Array.from({ length: items }, (_, j) => `select(0.0, ${hsum(f(j))}, ok${j})`).join(' + ');
  lines.push(`let mean = rowSum(${sum((j) => `x${j}`)}, lid) / ${d}.0;`);
  for (let j = 0; j < items; j++) lines.push(`let c${j} = x${j} - ${type}(mean);`);
  lines.push(`let rstd = inverseSqrt(rowSum(${sum((j) => `c${j} * c${j}`)}, lid) / ${d}.0 + uniforms.epsilon);`);
  if (mode === 'forward') {
    for (let j = 0; j < items; j++) lines.push(`if (ok${j}) { result[rowBase + i${j}] = c${j} * rstd * gamma[i${j}] + beta[i${j}]; }`);
  } else if (backward) {
    const add = (j: number) => (mode === 'backwardAdd' ? ` + addend[rowBase + i${j}]` : '');
    lines.push(`let sg = rowSum(${sum((j) => `g${j}`)}, lid) / ${d}.0;`);
    lines.push(`let sgx = rowSum(${sum((j) => `g${j} * c${j}`)}, lid) * rstd / ${d}.0;`);
    for (let j = 0; j < items; j++) {
      lines.push(`if (ok${j}) { result[rowBase + i${j}] = rstd * (g${j} - ${type}(sg) - c${j} * rstd * sgx)${add(j)}; }`);
    }
  } else {
    lines.push('if (valid && lane == 0) { result[row * 2] = mean; result[row * 2 + 1] = rstd; }');
  }
  return {
    outputShape: mode === 'stats' ? [rows, 2] : [rows, d],
    shaderKey: `spxLayerNorm_${mode}_${d}_${c}_${ROW_THREADS}`,
    dispatchLayout: { x: [0], y: [1], z: [] },
    dispatch: flatDispatch(rows, ROWS_PER_GROUP, maxGroupsPerDim),
    workgroupSize: [ROW_THREADS * ROWS_PER_GROUP, 1, 1],
    variableNames: names,
    variableComponents: names.map(() => c),
    outputComponent: mode === 'stats' ? 1 : c,
    uniforms: 'rows : i32, epsilon : f32,',
    getUserCode: () => `
var<workgroup> partial : array<f32, ${ROW_THREADS * ROWS_PER_GROUP}>;

// Sum of p over the ${ROW_THREADS} threads of this thread's row; every thread of the workgroup must call it.
fn rowSum(p : f32, lid : i32) -> f32 {
  partial[lid] = p;
  workgroupBarrier();
  let first = (lid / ${ROW_THREADS}) * ${ROW_THREADS};
  var s = 0.0;
  for (var i = 0; i < ${ROW_THREADS}; i = i + 1) { s = s + partial[first + i]; }
  workgroupBarrier();
  return s;
}

fn main() {
  let lid = i32(localIndex);
  let lane = lid % ${ROW_THREADS};
  let row = ${FLAT_WORKGROUP_INDEX} * ${ROWS_PER_GROUP} + lid / ${ROW_THREADS};
  let valid = row < uniforms.rows;
  let rowBase = row * ${width};
  ${lines.join('\n  ')}
}
`,
  };
}
