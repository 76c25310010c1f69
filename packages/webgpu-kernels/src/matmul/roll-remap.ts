import type { RollRemap } from './matmul-types.js';

const wrap = (i: number, n: number): number => ((i % n) + n) % n;

/** Tokens per item, `F' T'`. */
export function rollTokens(r: RollRemap): number {
  return r.freq * r.time;
}

/**
 * Per group, how far the source row lies ahead along F' and T' (`(-shift) mod n`, torch.roll's
 * `out[i] = in[(i - k) mod n]`), for the groups that move; the others read their own row.
 */
function sourceOffsets(r: RollRemap): { group: number; f: number; t: number }[] {
  const groups = Math.max(r.shiftF.length, r.shiftT.length);
  const out: { group: number; f: number; t: number }[] = [];
  for (let g = 0; g < groups; g++) {
    const f = wrap(-(r.shiftF[g] ?? 0), r.freq);
    const t = wrap(-(r.shiftT[g] ?? 0), r.time);
    if (f !== 0 || t !== 0) out.push({ group: g, f, t });
  }
  return out;
}

/** The part of a matmul pipeline's cache key that names the remap (its geometry and normalised shifts). */
export function rollRemapKey(r: RollRemap | undefined): string {
  if (r == null) return 'noroll';
  const moves = sourceOffsets(r).map((o) => `${o.group}.${o.f}.${o.t}`);
  return `roll-${r.operand}-${r.freq}x${r.time}-w${r.groupWidth}-${moves.join('-')}`;
}

/**
 * WGSL `spxRollRow(row, col) -> i32`: the row a rolled matrix's `(row, col)` comes from. Rows are tokens,
 * item-major (`row = item * F' T' + f * T' + t`); `col` is a channel whose group (`col / groupWidth`) says
 * how the token moves. Shifts and sizes are constants of the shader.
 */
export function rollRemapWgsl(r: RollRemap): string {
  const cases = sourceOffsets(r).map((o) => `    case ${o.group}: { df = ${o.f}; dt = ${o.t}; }`);
  const n = rollTokens(r);
  return `
fn spxRollRow(row : i32, col : i32) -> i32 {
  let item = row / ${n};
  let token = row - item * ${n};
  let f = token / ${r.time};
  let t = token - f * ${r.time};
  var df = 0;
  var dt = 0;
  switch (col / ${r.groupWidth}) {
${cases.join('\n')}
    default: {}
  }
  return item * ${n} + ((f + df) % ${r.freq}) * ${r.time} + (t + dt) % ${r.time};
}`;
}

/**
 * Why a remap cannot apply to a stored matrix of `rows x cols`, or undefined when it can: rows must be whole
 * items of `F' T'` tokens and the channels whole groups.
 */
export function rollRemapMismatch(r: RollRemap, rows: number, cols: number): string | undefined {
  const ok = [r.freq, r.time, r.groupWidth].every((v) => Number.isInteger(v) && v > 0);
  if (!ok) return `roll remap sizes must be positive integers (freq ${r.freq}, time ${r.time}, groupWidth ${r.groupWidth})`;
  if (![...r.shiftF, ...r.shiftT].every(Number.isInteger)) return 'roll remap shifts must be integers';
  if (rows % rollTokens(r) !== 0) return `${rows} rows are not whole items of ${r.freq} x ${r.time} tokens`;
  const groups = Math.max(r.shiftF.length, r.shiftT.length);
  if (cols % r.groupWidth !== 0 || groups * r.groupWidth > cols) return `${cols} channels are not whole groups of ${r.groupWidth} covering the ${groups} shifted groups`;
  return undefined;
}
