import type { ProgramUniform } from '../backend.js';
import type { RollRemap } from './matmul-types.js';

/** Most channel groups a remap moves (Roll-Time moves 4); their shifts travel as `vec4` uniforms. */
export const MAX_ROLL_MOVES = 4;

const wrap = (i: number, n: number): number => ((i % n) + n) % n;

/** Tokens per item, `F' T'`. */
function rollTokens(r: RollRemap): number {
  return r.freq * r.time;
}

/**
 * The groups that move, with how far their source row lies ahead along F' and T' (`(-shift) mod n`, torch.roll's
 * `out[i] = in[(i - k) mod n]`); the others read their own row.
 */
export function rollMoves(r: RollRemap): { group: number; f: number; t: number }[] {
  const groups = Math.max(r.shiftF.length, r.shiftT.length);
  const out: { group: number; f: number; t: number }[] = [];
  for (let g = 0; g < groups; g++) {
    const f = wrap(-(r.shiftF[g] ?? 0), r.freq);
    const t = wrap(-(r.shiftT[g] ?? 0), r.time);
    if (f !== 0 || t !== 0) out.push({ group: g, f, t });
  }
  return out;
}

/**
 * The part of a matmul pipeline's cache key that names the remap: the operand and the geometry, which are
 * constants of the shader. The shifts are uniforms, so the blocks of a model (shifts 1 to 4) share one pipeline.
 */
export function rollRemapKey(r: RollRemap | undefined): string {
  return r == null ? 'noroll' : `roll-${r.operand}-${r.freq}x${r.time}-w${r.groupWidth}`;
}

/** The uniform fields the remap adds to the matmul's (after its own). */
export const ROLL_UNIFORMS = 'rollGroup : vec4<i32>, rollOffF : vec4<i32>, rollOffT : vec4<i32>,';

/** Values of {@link ROLL_UNIFORMS}: the moving groups (-1 pads) and their source offsets along F' and T'. */
export function rollRemapUniforms(r: RollRemap): ProgramUniform[] {
  const moves = rollMoves(r);
  const pad = (f: (m: { group: number; f: number; t: number }) => number, fill: number) => Array.from({ length: MAX_ROLL_MOVES }, (_, i) => (moves[i] == null ? fill : f(moves[i])));
  return [
    { type: 'int32', data: pad((m) => m.group, -1) },
    { type: 'int32', data: pad((m) => m.f, 0) },
    { type: 'int32', data: pad((m) => m.t, 0) },
  ];
}

/**
 * WGSL for the remap, sizes as constants and the moves from uniforms: `spxRollToken(row)` splits a row (a token,
 * item-major: `row = item * F' T' + f * T' + t`) into `(item * F' T', f, t)`; `spxRollMove(col)` is how far
 * channel `col`'s group reads ahead along F' and T'; `spxRollAt(token, shift)` is the row read; `spxRollRow(row,
 * col)` all three. The load code calls the first two once per load unit where the token or the group is fixed.
 */
export function rollRemapWgsl(r: RollRemap): string {
  const n = rollTokens(r);
  return `
fn spxRollToken(row : i32) -> vec3<i32> {
  let item = row / ${n};
  let token = row - item * ${n};
  let f = token / ${r.time};
  return vec3<i32>(item * ${n}, f, token - f * ${r.time});
}
fn spxRollMove(col : i32) -> vec2<i32> {
  let hit = uniforms.rollGroup == vec4<i32>(col / ${r.groupWidth});
  return vec2<i32>(dot(select(vec4<i32>(0), uniforms.rollOffF, hit), vec4<i32>(1)), dot(select(vec4<i32>(0), uniforms.rollOffT, hit), vec4<i32>(1)));
}
fn spxRollAt(token : vec3<i32>, shift : vec2<i32>) -> i32 {
  let f = token.y + shift.x;
  let t = token.z + shift.y;
  return token.x + select(f, f - ${r.freq}, f >= ${r.freq}) * ${r.time} + select(t, t - ${r.time}, t >= ${r.time});
}
fn spxRollRow(row : i32, col : i32) -> i32 {
  return spxRollAt(spxRollToken(row), spxRollMove(col));
}`;
}

/**
 * Why a remap cannot apply to a stored matrix of `rows x cols`, or undefined when it can: rows must be whole
 * items of `F' T'` tokens, the channels whole groups, and at most {@link MAX_ROLL_MOVES} groups may move.
 */
export function rollRemapMismatch(r: RollRemap, rows: number, cols: number): string | undefined {
  const ok = [r.freq, r.time, r.groupWidth].every((v) => Number.isInteger(v) && v > 0);
  if (!ok) return `roll remap sizes must be positive integers (freq ${r.freq}, time ${r.time}, groupWidth ${r.groupWidth})`;
  if (![...r.shiftF, ...r.shiftT].every(Number.isInteger)) return 'roll remap shifts must be integers';
  if (rows % rollTokens(r) !== 0) return `${rows} rows are not whole items of ${r.freq} x ${r.time} tokens`;
  const groups = Math.max(r.shiftF.length, r.shiftT.length);
  if (cols % r.groupWidth !== 0 || groups * r.groupWidth > cols) return `${cols} channels are not whole groups of ${r.groupWidth} covering the ${groups} shifted groups`;
  const moves = rollMoves(r).length;
  if (moves > MAX_ROLL_MOVES) return `${moves} channel groups move; the remap takes at most ${MAX_ROLL_MOVES}`;
  return undefined;
}
