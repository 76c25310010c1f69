import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import { FLAT_WORKGROUP_INDEX, flatDispatch } from '../backend.js';

const THREADS = 256;

/**
 * Sums of `[batch, rows, C]` (batch a uniform) over the batch and the last axis, `-> [rows]` (the gradient of a per-row bias),
 * in one pass: workgroup m strides its 256 threads over the `batch * C` values of row m (consecutive threads
 * read consecutive columns) and adds them with a tree reduction in workgroup memory. Vec4 when C allows.
 */
export function rowSumProgram(rows: number, cols: number, maxPerDim: number): WebGPUProgram {
  const c = cols % 4 === 0 ? 4 : 1;
  const type = c === 4 ? 'vec4<f32>' : 'f32';
  const tree: string[] = [];
  for (let stride = THREADS / 2; stride >= 1; stride /= 2) {
    tree.push(`if (lid < ${stride}) { partial[lid] = partial[lid] + partial[lid + ${stride}]; }`);
    tree.push('workgroupBarrier();');
  }
  return {
    outputShape: [rows],
    shaderKey: `spxRowSum_${c}`,
    dispatchLayout: { x: [0], y: [1], z: [] },
    dispatch: flatDispatch(rows, 1, maxPerDim),
    workgroupSize: [THREADS, 1, 1],
    variableNames: ['x'],
    variableComponents: [c],
    outputComponent: 1,
    uniforms: 'batch : i32, rows : i32, width : i32,',
    getUserCode: () => `
var<workgroup> partial : array<f32, ${THREADS}>;

fn main() {
  let lid = i32(localIndex);
  let m = ${FLAT_WORKGROUP_INDEX};
  let count = uniforms.batch * uniforms.width;
  var s0 = ${type}(0.0);
  var s1 = ${type}(0.0);
  if (m < uniforms.rows) {
    var i = lid;
    for (; i + ${THREADS} < count; i = i + ${2 * THREADS}) {
      let j = i + ${THREADS};
      s0 = s0 + x[((i / uniforms.width) * uniforms.rows + m) * uniforms.width + i % uniforms.width];
      s1 = s1 + x[((j / uniforms.width) * uniforms.rows + m) * uniforms.width + j % uniforms.width];
    }
    if (i < count) { s0 = s0 + x[((i / uniforms.width) * uniforms.rows + m) * uniforms.width + i % uniforms.width]; }
  }
  partial[lid] = ${c === 4 ? 'dot(s0 + s1, vec4<f32>(1.0))' : 's0 + s1'};
  workgroupBarrier();
  ${tree.join('\n  ')}
  if (lid == 0 && m < uniforms.rows) { result[m] = partial[0]; }
}
`,
  };
}
