import { describe, expect, it } from 'vitest';
import { F16_TILES, f16TileUnfit, planF16MatMul } from './f16-plan.js';
import { f16MatMulShader, f16SharedBytes } from './f16-shader.js';

const NVIDIA = { m: 16, n: 16, k: 16, subgroupSize: 32 };
const LIMITS = { maxShared: 49152, maxThreads: 1024, computeUnits: 132 };
const problem = (m: number, n: number, batch = 1) => ({ batch, m, n, transposeA: false, transposeB: false });

describe('f16 matmul planner', () => {
  it('takes 128x128 tiles where they fill the card twice over, 64x64 below', () => {
    expect(planF16MatMul(problem(19200, 3072), NVIDIA, LIMITS)).toBe(F16_TILES.f16Large);
    expect(planF16MatMul(problem(4096, 4096), NVIDIA, LIMITS)).toBe(F16_TILES.f16Large);
    expect(planF16MatMul(problem(512, 512), NVIDIA, LIMITS)).toBe(F16_TILES.f16Medium);
    expect(planF16MatMul(problem(384, 768, 32), NVIDIA, LIMITS)).toBe(F16_TILES.f16Large);
    // A smaller GPU fills up with fewer tiles: 16 tiles of 128x128 are two per compute unit of 8.
    expect(planF16MatMul(problem(512, 512), NVIDIA, { ...LIMITS, computeUnits: 8 })).toBe(F16_TILES.f16Large);
  });

  it('falls back to a tile that fits, or says why none does', () => {
    const large = F16_TILES.f16Large;
    const bytes = f16SharedBytes({ tile: large, fragment: NVIDIA, transposeA: false, transposeB: false, edges: false });
    expect(planF16MatMul(problem(19200, 3072), NVIDIA, { ...LIMITS, maxShared: bytes - 1 })).toBe(F16_TILES.f16Medium);
    expect(planF16MatMul(problem(19200, 3072), NVIDIA, { ...LIMITS, maxShared: 1024 })).toMatch(/no f16 tile fits.*workgroup memory/);
    // Fragments that do not divide a tile rule it out: 48-row fragments fit neither 128 nor 64 rows over 2 subgroups.
    expect(f16TileUnfit(large, problem(256, 256), { ...NVIDIA, m: 48 }, LIMITS)).toMatch(/tileM 128/);
  });

  it('stages transposed operands as stored and reads them column-major', () => {
    const plain = f16MatMulShader({ fragment: NVIDIA, tile: F16_TILES.f16Large, transposeA: false, transposeB: false, vecA: true, vecB: true, edges: false });
    const both = f16MatMulShader({ fragment: NVIDIA, tile: F16_TILES.f16Large, transposeA: true, transposeB: true, vecA: true, vecB: true, edges: true });
    expect(plain).toMatch(/subgroupMatrixLoad<subgroup_matrix_left<f16, 16, 16>, row_major>/);
    expect(plain).not.toMatch(/col_major|var<workgroup> Cs/);
    expect(both).toMatch(/subgroupMatrixLoad<subgroup_matrix_left<f16, 16, 16>, col_major>/);
    expect(both).toMatch(/subgroupMatrixLoad<subgroup_matrix_right<f16, 16, 16>, col_major>/);
    expect(both).toMatch(/var<workgroup> Cs : array<f32, 1024>/);
    // 4 subgroups of 4x4 fragments: 16 accumulators, 2 K sub-steps of 16 per 32-deep stage.
    expect(plain.match(/subgroupMatrixMultiplyAccumulate/g)?.length).toBe(32);
  });
});
