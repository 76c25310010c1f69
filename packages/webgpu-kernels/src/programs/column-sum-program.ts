import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import { GELU_GRAD4_WGSL, GELU_WGSL } from './wgsl-math.js';

/**
 * What is summed down the rows of `[rows, C]`:
 * - `sum`: the input itself.
 * - `geluGrad`: `dy * gelu'(x + bias)` (the bias gradient of biasGelu), inputs dy, x and optionally bias.
 * - `lnGamma`: `dy * (x - mean) * rstd` (the gamma gradient of LayerNorm), inputs dy, x and `[rows, 2]` stats.
 */
export type ColumnSumMode = 'sum' | 'geluGrad' | 'geluGradNoBias' | 'lnGamma';

/** Rows one workgroup sums; the partial sums of the chunks are summed again until one row is left. */
export const COLUMN_CHUNK = 64;
const THREADS = 64;

/**
 * Partial column sums: workgroup (x, y) sums rows `[y * 64, y * 64 + 64)` of 64 (vec4) columns, so every
 * load is coalesced across the workgroup. Output `[ceil(rows / 64), C]`.
 */
export function columnSumProgram(mode: ColumnSumMode, rows: number, cols: number): WebGPUProgram {
  const c = cols % 4 === 0 ? 4 : 1;
  const type = c === 4 ? 'vec4<f32>' : 'f32';
  const width = cols / c;
  const chunks = Math.ceil(rows / COLUMN_CHUNK);
  let names: string[];
  let value: (row: string) => string;
  let helpers = '';
  switch (mode) {
    case 'sum':
      names = ['x'];
      value = () => 'x[idx]';
      break;
    case 'geluGrad':
    case 'geluGradNoBias': {
      names = mode === 'geluGrad' ? ['dy', 'x', 'bias'] : ['dy', 'x'];
      const arg = mode === 'geluGrad' ? 'x[idx] + bias[col]' : 'x[idx]';
      value = () => (c === 4 ? `dy[idx] * spxGeluGrad4(${arg})` : `dy[idx] * spxGeluGrad(${arg})`);
      helpers = GELU_WGSL + (c === 4 ? GELU_GRAD4_WGSL : '');
      break;
    }
    case 'lnGamma':
      names = ['dy', 'x', 'stats'];
      value = (row) => `dy[idx] * (x[idx] - ${type}(stats[${row} * 2])) * stats[${row} * 2 + 1]`;
      break;
  }
  return {
    outputShape: [chunks, cols],
    shaderKey: `spxColumnSum_${mode}_${c}`,
    dispatchLayout: { x: [1], y: [0], z: [] },
    dispatch: [Math.ceil(width / THREADS), chunks, 1],
    workgroupSize: [THREADS, 1, 1],
    variableNames: names,
    variableComponents: names.map((n) => (n === 'stats' ? 1 : c)),
    outputComponent: c,
    uniforms: 'rows : i32, width : i32,',
    getUserCode: () => `
${helpers}
fn main() {
  let col = i32(workgroupId.x) * ${THREADS} + i32(localIndex);
  let chunk = i32(workgroupId.y);
  if (col >= uniforms.width) { return; }
  let r0 = chunk * ${COLUMN_CHUNK};
  let r1 = min(uniforms.rows, r0 + ${COLUMN_CHUNK});
  var s0 = ${type}(0.0);
  var s1 = ${type}(0.0);
  var s2 = ${type}(0.0);
  var s3 = ${type}(0.0);
  var r = r0;
  for (; r + 3 < r1; r = r + 4) {
    ${[0, 1, 2, 3].map((i) => `{ let row = r + ${i}; let idx = row * uniforms.width + col; s${i} = s${i} + ${value('row')}; }`).join('\n    ')}
  }
  for (; r < r1; r = r + 1) {
    let idx = r * uniforms.width + col;
    s0 = s0 + ${value('r')};
  }
  result[chunk * uniforms.width + col] = (s0 + s1) + (s2 + s3);
}
`,
  };
}
