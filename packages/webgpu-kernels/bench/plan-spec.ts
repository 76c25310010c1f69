import { MATMUL_TILES, type MatMulPlan, type MatMulTileName } from '../src/matmul/matmul-plan.js';

/**
 * A sweep plan of the benchmark, `tile/splitK`, where tile is a name of MATMUL_TILES or `MxNxK` (8x8 per thread) or
 * `MxNxK@RxC` (R x C per thread); splitK defaults to 1.
 * @throws Error naming the accepted forms when `s` is not one of them (a stale tile name or a removed flag).
 */
export function parsePlan(s: string): MatMulPlan {
  const [tile = '', split = '1', ...rest] = s.split('/');
  const custom = /^(\d+)x(\d+)x(\d+)(?:@(\d+)x(\d+))?$/.exec(tile);
  const named = Object.keys(MATMUL_TILES).includes(tile);
  if (rest.length > 0 || !/^[1-9]\d*$/.test(split) || (custom == null && !named)) {
    throw new Error(`bench plan '${s}': expected tile/splitK with tile one of ${Object.keys(MATMUL_TILES).join(', ')} or MxNxK[@RxC] (the flat-layout, warp and prefetch flags were removed)`);
  }
  const t = custom == null ? (tile as MatMulTileName) : { tileM: Number(custom[1]), tileN: Number(custom[2]), tileK: Number(custom[3]), threadM: Number(custom[4] ?? 8), threadN: Number(custom[5] ?? 8) };
  return { tile: t, splitK: Number(split) };
}
