import type { F16MatMulSpec, F16Tile } from './f16-types.js';
import type { F16Fragment } from './f16-caps.js';

/** f16 elements of padding after each shared row (16 bytes): rows start on distinct banks, offsets stay 16-byte aligned. */
const PAD = 8;

/** One operand's tile as staged: `rows x cols`, cols contiguous in global and shared memory. */
interface StagedTile {
  readonly rows: number;
  readonly cols: number;
}

/** A's staged tile: `[tileM, tileK]` as stored, or `[tileK, tileM]` when A is read transposed. */
function stagedA(t: F16Tile, transposed: boolean): StagedTile {
  return transposed ? { rows: t.tileK, cols: t.tileM } : { rows: t.tileM, cols: t.tileK };
}

/** B's staged tile: `[tileK, tileN]`, or `[tileN, tileK]` when B is read transposed. */
function stagedB(t: F16Tile, transposed: boolean): StagedTile {
  return transposed ? { rows: t.tileN, cols: t.tileK } : { rows: t.tileK, cols: t.tileN };
}

/** Invocations per workgroup. */
export function f16Threads(tile: F16Tile, fragment: F16Fragment): number {
  return tile.sgM * tile.sgN * fragment.subgroupSize;
}

/** Workgroup memory of a spec in bytes: the two f16 tiles, and the f32 edge scratch of one fragment per subgroup. */
export function f16SharedBytes(spec: Pick<F16MatMulSpec, 'tile' | 'fragment' | 'transposeA' | 'transposeB' | 'edges'>): number {
  const a = stagedA(spec.tile, spec.transposeA);
  const b = stagedB(spec.tile, spec.transposeB);
  const scratch = spec.edges ? 4 * spec.tile.sgM * spec.tile.sgN * spec.fragment.m * spec.fragment.n : 0;
  return 2 * (a.rows * (a.cols + PAD) + b.rows * (b.cols + PAD)) + scratch;
}

/** Why a tile cannot be built from a fragment shape (sizes that do not divide), or undefined. */
export function f16TileMismatch(tile: F16Tile, f: F16Fragment): string | undefined {
  if (tile.tileM % (tile.sgM * f.m) !== 0) return `tileM ${tile.tileM} is not a multiple of ${tile.sgM} subgroups x ${f.m} rows`;
  if (tile.tileN % (tile.sgN * f.n) !== 0) return `tileN ${tile.tileN} is not a multiple of ${tile.sgN} subgroups x ${f.n} columns`;
  if (tile.tileK % f.k !== 0 || tile.tileK % 4 !== 0) return `tileK ${tile.tileK} is not a multiple of ${f.k} and 4`;
  if ((tile.tileM * tile.tileK) % 4 !== 0 || (tile.tileN * tile.tileK) % 4 !== 0) return 'tile sizes must allow 4-wide loads';
  return undefined;
}

/** Cache key of a spec's pipeline. */
export function f16SpecKey(s: F16MatMulSpec): string {
  const t = s.tile;
  const f = s.fragment;
  return ['spxF16MatMul', `${f.m}x${f.n}x${f.k}s${f.subgroupSize}`, `${t.tileM}x${t.tileN}x${t.tileK}@${t.sgM}x${t.sgN}`, s.transposeA ? 'tA' : 'nA', s.transposeB ? 'tB' : 'nB', s.vecA ? 'v4' : 's', s.vecB ? 'v4' : 's', s.edges ? 'edges' : 'full'].join('_');
}

/**
 * WGSL of one operand's loader and stager. Thread `u` of a step loads 4 consecutive elements (one 16-byte load when
 * `vec`, else 4 bounds-checked scalars) of the global tile starting at row `r0`, column `c0` into registers; the
 * stager converts them to f16 and writes them to the shared tile at the same place.
 */
function operandCode(name: 'A' | 'B', tile: StagedTile, vec: boolean, rowLimit: string, colLimit: string, ld: string): string {
  const perRow = tile.cols / 4;
  const stride = tile.cols + PAD;
  const read = vec
    ? `    if (gc < ${colLimit}) { v = ${name}[(base + gr * ${ld} + gc) / 4u]; }`
    : [0, 1, 2, 3].map((j) => `    if (gc + ${j}u < ${colLimit}) { v[${j}] = ${name}[base + gr * ${ld} + gc + ${j}u]; }`).join('\n');
  return `
fn load${name}(base : u32, r0 : u32, c0 : u32, u : u32) -> vec4<f32> {
  let gr = r0 + u / ${perRow}u;
  let gc = c0 + (u % ${perRow}u) * 4u;
  var v = vec4<f32>(0.0);
  if (gr < ${rowLimit}) {
${read}
  }
  return v;
}

fn stage${name}(u : u32, v : vec4<f32>) {
  let i = (u / ${perRow}u) * ${stride}u + (u % ${perRow}u) * 4u;
  let h = vec4<f16>(v);
  ${name}s[i] = h.x;
  ${name}s[i + 1u] = h.y;
  ${name}s[i + 2u] = h.z;
  ${name}s[i + 3u] = h.w;
}`;
}

/** Statements loading (or staging) every register slot of one operand: `count` units spread over `threads`. */
function perThread(count: number, threads: number, body: (slot: number, unit: string) => string): string {
  const lines: string[] = [];
  for (let s = 0; s < Math.ceil(count / threads); s++) {
    const unit = `li + ${s * threads}u`;
    const line = body(s, unit);
    lines.push((s + 1) * threads > count ? `if (${unit} < ${count}u) { ${line} }` : line);
  }
  return lines.join('\n    ');
}

/**
 * The f16-input, f32-accumulate matmul on subgroup matrices: `out[b] = op(A[b]) @ op(B[b])` (a batch stride of 0
 * shares an operand). Each workgroup owns a `tileM x tileN` output tile; per `tileK` step its threads read both
 * operands' tiles from global memory (f32, the next step's loads in flight during this step's products), convert
 * them to f16 into shared memory, and each subgroup multiplies its block of fragments with
 * `subgroupMatrixMultiplyAccumulate` (f32 accumulators). Transposed operands are staged as stored and read
 * column-major. Full output tiles are stored straight from the accumulators; edge tiles go through shared memory.
 */
export function f16MatMulShader(s: F16MatMulSpec): string {
  const f = s.fragment;
  const t = s.tile;
  const threads = f16Threads(t, f);
  const fm = t.tileM / (t.sgM * f.m);
  const fn = t.tileN / (t.sgN * f.n);
  const a = stagedA(t, s.transposeA);
  const b = stagedB(t, s.transposeB);
  const sa = a.cols + PAD;
  const sb = b.cols + PAD;
  const unitsA = (a.rows * a.cols) / 4;
  const unitsB = (b.rows * b.cols) / 4;
  const slotsA = Math.ceil(unitsA / threads);
  const slotsB = Math.ceil(unitsB / threads);
  // Where step k0's tiles start in the stored operands (rows, columns), per layout.
  const aOrigin = s.transposeA ? ['k0', 'm0'] : ['m0', 'k0'];
  const bOrigin = s.transposeB ? ['n0', 'k0'] : ['k0', 'n0'];
  const left = `subgroup_matrix_left<f16, ${f.k}, ${f.m}>`;
  const right = `subgroup_matrix_right<f16, ${f.n}, ${f.k}>`;
  const resultType = `subgroup_matrix_result<f32, ${f.n}, ${f.m}>`;
  const layoutA = s.transposeA ? 'col_major' : 'row_major';
  const layoutB = s.transposeB ? 'col_major' : 'row_major';
  // Offsets of fragment (i, kk) of A and (kk, j) of B in the shared tiles.
  const offA = (i: number, kk: number) => (s.transposeA ? `${kk * sa}u + rowA + ${i * f.m}u` : `(rowA + ${i * f.m}u) * ${sa}u + ${kk}u`);
  const offB = (j: number, kk: number) => (s.transposeB ? `(colB + ${j * f.n}u) * ${sb}u + ${kk}u` : `${kk * sb}u + colB + ${j * f.n}u`);
  const ij: [number, number][] = [];
  for (let i = 0; i < fm; i++) for (let j = 0; j < fn; j++) ij.push([i, j]);
  const products: string[] = [];
  for (let kk = 0; kk < t.tileK; kk += f.k) {
    for (let i = 0; i < fm; i++) products.push(`let l${i}_${kk} = subgroupMatrixLoad<${left}, ${layoutA}>(&As, ${offA(i, kk)}, ${sa}u);`);
    for (let j = 0; j < fn; j++) {
      products.push(`let r${j}_${kk} = subgroupMatrixLoad<${right}, ${layoutB}>(&Bs, ${offB(j, kk)}, ${sb}u);`);
      for (let i = 0; i < fm; i++) products.push(`acc${i}_${j} = subgroupMatrixMultiplyAccumulate(l${i}_${kk}, r${j}_${kk}, acc${i}_${j});`);
    }
  }
  const fullStores = ij.map(([i, j]) => `subgroupMatrixStore<row_major>(&result, outBase + (m0 + rowA + ${i * f.m}u) * dims.N + n0 + colB + ${j * f.n}u, acc${i}_${j}, dims.N);`);
  const frag = f.m * f.n;
  const edgeStores = ij.map(
    ([i, j]) => `subgroupMatrixStore<row_major>(&Cs, sg * ${frag}u, acc${i}_${j}, ${f.n}u);
    workgroupBarrier();
    for (var e = lane; e < ${frag}u; e = e + ${f.subgroupSize}u) {
      let gr = m0 + rowA + ${i * f.m}u + e / ${f.n}u;
      let gc = n0 + colB + ${j * f.n}u + e % ${f.n}u;
      if (gr < dims.M && gc < dims.N) { result[outBase + gr * dims.N + gc] = Cs[sg * ${frag}u + e]; }
    }
    workgroupBarrier();`,
  );
  const store = s.edges
    ? `if (m0 + ${t.tileM}u <= dims.M && n0 + ${t.tileN}u <= dims.N) {
    ${fullStores.join('\n    ')}
  } else {
    ${edgeStores.join('\n    ')}
  }`
    : fullStores.join('\n  ');
  const elem = (vec: boolean) => (vec ? 'vec4<f32>' : 'f32');
  return `enable f16;
enable subgroups;
enable chromium_experimental_subgroup_matrix;
diagnostic(off, chromium_experimental.subgroup_matrix_uniformity);

struct Uniforms { M : u32, N : u32, K : u32, strideA : u32, strideB : u32, pad0 : u32, pad1 : u32, pad2 : u32 };

@group(0) @binding(0) var<storage, read_write> result : array<f32>;
@group(0) @binding(1) var<storage, read> A : array<${elem(s.vecA)}>;
@group(0) @binding(2) var<storage, read> B : array<${elem(s.vecB)}>;
@group(0) @binding(3) var<uniform> dims : Uniforms;

var<workgroup> As : array<f16, ${a.rows * sa}>;
var<workgroup> Bs : array<f16, ${b.rows * sb}>;
${s.edges ? `var<workgroup> Cs : array<f32, ${t.sgM * t.sgN * frag}>;` : ''}
${operandCode('A', a, s.vecA, s.transposeA ? 'dims.K' : 'dims.M', s.transposeA ? 'dims.M' : 'dims.K', s.transposeA ? 'dims.M' : 'dims.K')}
${operandCode('B', b, s.vecB, s.transposeB ? 'dims.N' : 'dims.K', s.transposeB ? 'dims.K' : 'dims.N', s.transposeB ? 'dims.K' : 'dims.N')}

@compute @workgroup_size(${threads})
fn main(@builtin(workgroup_id) wg : vec3<u32>,
        @builtin(local_invocation_index) li : u32,
        @builtin(subgroup_id) sg : u32,
        @builtin(subgroup_invocation_id) lane : u32) {
  let m0 = wg.y * ${t.tileM}u;
  let n0 = wg.x * ${t.tileN}u;
  let aBase = wg.z * dims.strideA;
  let bBase = wg.z * dims.strideB;
  let outBase = wg.z * dims.M * dims.N;
  // This subgroup's block of fragments: rows rowA.. of the tile, columns colB..
  let rowA = (sg / ${t.sgN}u) * ${fm * f.m}u;
  let colB = (sg % ${t.sgN}u) * ${fn * f.n}u;
  ${ij.map(([i, j]) => `var acc${i}_${j} = ${resultType}();`).join('\n  ')}
  var ra : array<vec4<f32>, ${slotsA}>;
  var rb : array<vec4<f32>, ${slotsB}>;
  var k0 = 0u;
  ${perThread(unitsA, threads, (slot, unit) => `ra[${slot}] = loadA(aBase, ${aOrigin[0]}, ${aOrigin[1]}, ${unit});`)}
  ${perThread(unitsB, threads, (slot, unit) => `rb[${slot}] = loadB(bBase, ${bOrigin[0]}, ${bOrigin[1]}, ${unit});`)}
  let steps = (dims.K + ${t.tileK - 1}u) / ${t.tileK}u;
  for (var step = 0u; step < steps; step = step + 1u) {
    workgroupBarrier();
    ${perThread(unitsA, threads, (slot, unit) => `stageA(${unit}, ra[${slot}]);`)}
    ${perThread(unitsB, threads, (slot, unit) => `stageB(${unit}, rb[${slot}]);`)}
    workgroupBarrier();
    if (step + 1u < steps) {
      k0 = (step + 1u) * ${t.tileK}u;
      ${perThread(unitsA, threads, (slot, unit) => `ra[${slot}] = loadA(aBase, ${aOrigin[0]}, ${aOrigin[1]}, ${unit});`)}
      ${perThread(unitsB, threads, (slot, unit) => `rb[${slot}] = loadB(bBase, ${bOrigin[0]}, ${bOrigin[1]}, ${unit});`)}
    }
    ${products.join('\n    ')}
  }
  ${store}
}
`;
}
