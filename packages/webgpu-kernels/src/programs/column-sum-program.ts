import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import { FLAT_WORKGROUP_INDEX, flatDispatch } from '../backend.js';
import { GELU_GRAD4_WGSL, GELU_WGSL } from './wgsl-math.js';

/**
 * What is summed down the rows of `[rows, C]`:
 * - `sum`: the input itself.
 * - `product`: `x * y`, two inputs of the same shape (the gradient of a broadcast multiply).
 * - `geluGrad`: `dy * gelu'(x + bias)` (the bias gradient of biasGelu), inputs dy, x and optionally bias.
 * - `lnGamma`: `dy * (x - mean) * rstd` (the gamma gradient of LayerNorm), inputs dy, x and `[rows, 2]` stats.
 */
export type ColumnSumMode = 'sum' | 'product' | 'geluGrad' | 'geluGradNoBias' | 'lnGamma';

/** The device limits that size a column-sum workgroup. */
export interface ColumnSumLimits {
  readonly maxThreads: number;
  readonly maxShared: number;
  readonly maxPerDim: number;
}

/** Threads across the columns of a tile when rows are many: 128 bytes of each row per load. */
const MIN_COL_LANES = { 4: 8, 1: 32 } as const;

const floorPow2 = (n: number) => 2 ** Math.floor(Math.log2(Math.max(1, n)));
const ceilPow2 = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(1, n)));

/** Threads per workgroup across columns and down rows, for `rows` rows of `width` (vec4 or scalar) columns. */
export function columnSumLanes(rows: number, width: number, c: 1 | 4, limits: ColumnSumLimits): { colLanes: number; rowLanes: number } {
  const threads = floorPow2(Math.min(1024, limits.maxThreads, limits.maxShared / (4 * c)));
  const minCols = Math.min(MIN_COL_LANES[c], threads);
  const rowLanes = Math.max(1, Math.min(threads / minCols, ceilPow2(rows)));
  const colLanes = Math.max(minCols, Math.min(64, threads / rowLanes, ceilPow2(width)));
  return { colLanes, rowLanes };
}

/**
 * Column sums of `[rows, C]` in one pass, whatever the row count: each workgroup owns a tile of columns,
 * its threads stride down all rows (four accumulators each, loads coalesced across the tile's columns),
 * and a tree reduction in workgroup memory adds the row lanes. Output `[C]`.
 */
export function columnSumProgram(mode: ColumnSumMode, rows: number, cols: number, limits: ColumnSumLimits): WebGPUProgram {
  const c = cols % 4 === 0 ? 4 : 1;
  const type = c === 4 ? 'vec4<f32>' : 'f32';
  const width = cols / c;
  const { colLanes, rowLanes } = columnSumLanes(rows, width, c, limits);
  let names: string[];
  let value: (row: string) => string;
  let helpers = '';
  switch (mode) {
    case 'sum':
      names = ['x'];
      value = () => 'x[idx]';
      break;
    case 'product':
      names = ['x', 'y'];
      value = () => 'x[idx] * y[idx]';
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
  const term = (i: number) => `{ let row = r + ${i * rowLanes}; let idx = row * uniforms.width + col; s${i} = s${i} + ${value('row')}; }`;
  const tree: string[] = [];
  for (let stride = rowLanes / 2; stride >= 1; stride /= 2) {
    tree.push(`if (rowLane < ${stride}) { partial[lid] = partial[lid] + partial[lid + ${stride * colLanes}]; }`);
    tree.push('workgroupBarrier();');
  }
  return {
    outputShape: [cols],
    shaderKey: `spxColumnSum_${mode}_${c}_${colLanes}x${rowLanes}`,
    dispatchLayout: { x: [0], y: [1], z: [] },
    dispatch: flatDispatch(Math.ceil(width / colLanes), 1, limits.maxPerDim),
    workgroupSize: [colLanes * rowLanes, 1, 1],
    variableNames: names,
    variableComponents: names.map((n) => (n === 'stats' ? 1 : c)),
    outputComponent: c,
    uniforms: 'rows : i32, width : i32,',
    getUserCode: () => `
${helpers}
var<workgroup> partial : array<${type}, ${colLanes * rowLanes}>;

fn main() {
  let lid = i32(localIndex);
  let rowLane = lid / ${colLanes};
  let col = ${FLAT_WORKGROUP_INDEX} * ${colLanes} + lid % ${colLanes};
  let valid = col < uniforms.width;
  var s0 = ${type}(0.0);
  var s1 = ${type}(0.0);
  var s2 = ${type}(0.0);
  var s3 = ${type}(0.0);
  if (valid) {
    var r = rowLane;
    for (; r + ${3 * rowLanes} < uniforms.rows; r = r + ${4 * rowLanes}) {
      ${[0, 1, 2, 3].map(term).join('\n      ')}
    }
    for (; r < uniforms.rows; r = r + ${rowLanes}) {
      ${term(0)}
    }
  }
  partial[lid] = (s0 + s1) + (s2 + s3);
  workgroupBarrier();
  ${tree.join('\n  ')}
  if (valid && rowLane == 0) { result[col] = partial[lid]; }
}
`,
  };
}
