/** The layout of one product of the shader-f16 tiled matmul (a pipeline per layout). */
export interface F16TiledSpec {
  /** A is read transposed (stored `[K, M]`). */
  readonly transposeA: boolean;
  /** B is read transposed (stored `[N, K]`). */
  readonly transposeB: boolean;
  /** A is stored in f16 (a weight's f16 copy made once at load), not f32. */
  readonly halfA?: boolean;
  /** B is stored in f16. */
  readonly halfB?: boolean;
}

/** Output rows and columns per workgroup, and the K step staged in shared memory per iteration. */
export const F16_TILED_TILE = { tileM: 32, tileN: 32, tileK: 16 } as const;

/** Threads per workgroup side: 16 x 16 threads, each computing a 2 x 2 block of the 32 x 32 output tile. */
const SIDE = 16;

/** Cache key of a spec's pipeline. */
export function f16TiledKey(s: F16TiledSpec): string {
  return `spxF16TiledMatMul_${s.transposeA ? 'tA' : 'nA'}_${s.transposeB ? 'tB' : 'nB'}${s.halfA === true ? '_hA' : ''}${s.halfB === true ? '_hB' : ''}`;
}

/**
 * The f16-input, f32-accumulate matmul for devices with `shader-f16` and no subgroup matrices (Mesa lavapipe, GPUs
 * whose driver lacks cooperative matrices): `out[b] = op(A[b]) @ op(B[b])`, a batch stride of 0 sharing an operand.
 * Same numerics as the subgroup-matrix kernel: each workgroup reads a `32 x 16` tile of A and a `16 x 32` tile of B
 * per K step (f32, bounds-checked, zeros outside), rounds them to f16 into shared memory (half the bytes of f32
 * staging), and each thread accumulates its 2 x 2 outputs in f32 from products of f16 values (a product of two f16
 * values is exact in f32, as in the matrix units). Uniforms are the subgroup kernel's: M, N, K, the batch strides.
 * An operand stored in f16 (`halfA` / `halfB`: a weight converted once) is read as it is, with no rounding.
 */
export function f16TiledShader(s: F16TiledSpec): string {
  const { tileM, tileN, tileK } = F16_TILED_TILE;
  // Element (row r, column c) of op(A) ([M, K]) and op(B) ([K, N]) in the stored operands.
  const atA = s.transposeA ? 'aBase + c * dims.M + r' : 'aBase + r * dims.K + c';
  const atB = s.transposeB ? 'bBase + c * dims.K + r' : 'bBase + r * dims.N + c';
  return `enable f16;

struct Uniforms { M : u32, N : u32, K : u32, strideA : u32, strideB : u32, pad0 : u32, pad1 : u32, pad2 : u32 };

@group(0) @binding(0) var<storage, read_write> result : array<f32>;
@group(0) @binding(1) var<storage, read> A : array<${s.halfA === true ? 'f16' : 'f32'}>;
@group(0) @binding(2) var<storage, read> B : array<${s.halfB === true ? 'f16' : 'f32'}>;
@group(0) @binding(3) var<uniform> dims : Uniforms;

// op(A)'s tile as [tileM][tileK], op(B)'s as [tileK][tileN], in f16.
var<workgroup> As : array<f16, ${tileM * tileK}>;
var<workgroup> Bs : array<f16, ${tileK * tileN}>;

fn loadA(aBase : u32, r : u32, c : u32) -> f16 {
  if (r < dims.M && c < dims.K) { return f16(A[${atA}]); }
  return f16(0.0);
}

fn loadB(bBase : u32, r : u32, c : u32) -> f16 {
  if (r < dims.K && c < dims.N) { return f16(B[${atB}]); }
  return f16(0.0);
}

@compute @workgroup_size(${SIDE}, ${SIDE})
fn main(@builtin(workgroup_id) wg : vec3<u32>, @builtin(local_invocation_id) lid : vec3<u32>) {
  let m0 = wg.y * ${tileM}u;
  let n0 = wg.x * ${tileN}u;
  let aBase = wg.z * dims.strideA;
  let bBase = wg.z * dims.strideB;
  let li = lid.y * ${SIDE}u + lid.x;
  var acc = array<f32, 4>(0.0, 0.0, 0.0, 0.0);
  for (var k0 = 0u; k0 < dims.K; k0 = k0 + ${tileK}u) {
    // ${tileM * tileK} elements of each tile over ${SIDE * SIDE} threads: two each.
    for (var e = li; e < ${tileM * tileK}u; e = e + ${SIDE * SIDE}u) {
      As[e] = loadA(aBase, m0 + e / ${tileK}u, k0 + e % ${tileK}u);
      Bs[e] = loadB(bBase, k0 + e / ${tileN}u, n0 + e % ${tileN}u);
    }
    workgroupBarrier();
    for (var kk = 0u; kk < ${tileK}u; kk = kk + 1u) {
      let a0 = f32(As[(lid.y * 2u) * ${tileK}u + kk]);
      let a1 = f32(As[(lid.y * 2u + 1u) * ${tileK}u + kk]);
      let b0 = f32(Bs[kk * ${tileN}u + lid.x * 2u]);
      let b1 = f32(Bs[kk * ${tileN}u + lid.x * 2u + 1u]);
      acc[0] = acc[0] + a0 * b0;
      acc[1] = acc[1] + a0 * b1;
      acc[2] = acc[2] + a1 * b0;
      acc[3] = acc[3] + a1 * b1;
    }
    workgroupBarrier();
  }
  let outBase = wg.z * dims.M * dims.N;
  for (var i = 0u; i < 4u; i = i + 1u) {
    let r = m0 + lid.y * 2u + i / 2u;
    let c = n0 + lid.x * 2u + i % 2u;
    if (r < dims.M && c < dims.N) { result[outBase + r * dims.N + c] = acc[i]; }
  }
}
`;
}
