import { GELU_WGSL } from '../programs/wgsl-math.js';
import type { LoadMode, MatMulActivation, MatMulShaderSpec, MatMulTile } from './matmul-types.js';
import { rollRemapWgsl } from './roll-remap.js';

/** Threads in a workgroup for a tile. */
export function tileThreads(t: MatMulTile): number {
  return (t.tileM / t.threadM) * (t.tileN / t.threadN);
}

/** Shared-memory row length in vec4 of one operand's K-major tile (padded by one vec4 against bank conflicts). */
function sharedRow(outer: number, mode: LoadMode): number {
  return outer / 4 + (mode === 'vec4-scatter' ? 1 : 0);
}

/** Bytes of workgroup memory a spec needs (two stages of both operands). */
export function sharedBytes(spec: Pick<MatMulShaderSpec, 'tile' | 'loadA' | 'loadB'>): number {
  const { tileM, tileN, tileK } = spec.tile;
  return 2 * tileK * (sharedRow(tileM, spec.loadA) + sharedRow(tileN, spec.loadB)) * 16;
}

/** Throws unless the tile is one the generator can lay out. */
export function validateTile(t: MatMulTile): void {
  const ok =
    [4, 8].includes(t.threadM) &&
    [4, 8].includes(t.threadN) &&
    t.tileM % t.threadM === 0 &&
    t.tileN % t.threadN === 0 &&
    t.tileM % 4 === 0 &&
    t.tileN % 4 === 0 &&
    t.tileK % 4 === 0 &&
    t.tileK >= 4;
  if (!ok || tileThreads(t) > 1024) {
    throw new Error(`matmul tile ${JSON.stringify(t)} cannot be laid out: threadM/threadN must be 4 or 8, tileM/tileN multiples of 4 and of the thread size, tileK a multiple of 4, and at most 1024 threads`);
  }
}

interface Operand {
  readonly name: 'A' | 'B';
  readonly mode: LoadMode;
  /** The operand's contiguous axis is the output axis (A transposed, or B not transposed). */
  readonly kMajor: boolean;
  readonly outer: number;
  readonly row: number;
  readonly outerDim: string;
  readonly outerStart: string;
  readonly batchOffset: string;
  /** The uniform with the operand's per-item stride (used by a folded batch). */
  readonly stride: string;
  /**
   * Rolled reads (`spxRollRow`): element `(row, col)` of the stored matrix comes from another row. The part
   * of the remap that is fixed for a thread's load unit (its token or its channel group) is worked out once,
   * before the K loop.
   */
  readonly rolled?: boolean;
}

/**
 * Repeats `body(j)` for each unit a thread loads, guarding when there are fewer units than threads, and the last
 * round when the units do not divide evenly among the threads (tiles such as 96x128 with 192 threads).
 */
function perThread(units: number, threads: number, body: (j: number, u: string) => string, offset = 0): string {
  if (units < threads) {
    const first = offset + units <= threads ? offset : 0;
    return first === 0 ? `if (lid < ${units}) {\n${body(0, 'lid')}\n}` : `if (lid >= ${first} && lid < ${first + units}) {\n${body(0, `(lid - ${first})`)}\n}`;
  }
  const out: string[] = [];
  for (let j = 0; j < Math.ceil(units / threads); j++) {
    const u = `(lid + ${j * threads})`;
    out.push((j + 1) * threads <= units ? `{\n${body(j, u)}\n}` : `if (${u} < ${units}) {\n${body(j, u)}\n}`);
  }
  return out.join('\n');
}

/** The load unit a thread handles in round `j` (what {@link perThread} calls `u`, for an operand without offset). */
function unit(j: number, threads: number): string {
  return `(lid + ${j * threads})`;
}

/** Registers a thread needs to hold its share of an operand's tile (at least one, declared even when unused). */
function roundsPerThread(units: number, threads: number): number {
  return Math.max(1, Math.ceil(units / threads));
}

/** Load units (one 16-byte run each) of an operand's tile, for spreading two operands over disjoint threads. */
function loadUnits(outer: number, tileK: number): number {
  return (outer * tileK) / 4;
}

/**
 * A shared-memory element reference. The shared tiles are nested arrays (`tile[k][column]`): with the K loop
 * unrolled the row is a constant and the column loop-invariant, so the robustness clamp Dawn adds to each index is
 * hoisted out of the loop (a flat `tile[k * row + column]` layout ran the channel products 19% slower on the H100:
 * docs/perf-notes.md).
 */
function at(op: Operand, row: string, col: string): string {
  return `tile${op.name}[${row}][${col}]`;
}

/** How one operand's K slice travels: register declarations, global fetch and shared store. */
interface FetchCode {
  /** Lets worked out once per thread (the fixed part of a roll remap). */
  readonly setup: string;
  /** Declares the registers that hold a slice in flight. */
  readonly decl: string;
  /** Loads the slice at `k0` into the registers. */
  readonly fetch: string;
  /** Stores the registers into shared stage `buf`. */
  readonly store: (buf: number) => string;
}

function fetchCode(op: Operand, tile: MatMulTile, threads: number, offset: number, fold?: number): FetchCode {
  const K = tile.tileK;
  // Element offset of K row `kk` of an operand stored K-major (rows of `scale` elements), items one after another when folded.
  const kOffset = (kk: string, scale: string) => (fold == null ? `${kk} * ${scale}` : `(${kk} / ${fold}) * ${op.stride} + (${kk} % ${fold}) * ${scale}`);
  const q = op.outer / 4;
  const X = op.name;
  const reg = (j: number) => `r${X}_${j}`;
  if (op.mode === 'vec4-scatter') {
    const units = (op.outer * K) / 4;
    const n = roundsPerThread(units, threads);
    // A unit's row (token) stays across K steps: decompose it once; its channel group changes with kk.
    const setup = op.rolled === true ? Array.from({ length: n }, (_, j) => `let rollTok${X}${j} = spxRollToken(${op.outerStart} + ${unit(j, threads)} / ${K / 4});`).join('\n') : '';
    const fetch = perThread(units, threads, (j, u) => {
        const lines = [`let kk = k0 + (${u} % ${K / 4}) * 4;`, `let oo = ${op.outerStart} + ${u} / ${K / 4};`, `${reg(j)} = vec4<f32>(0.0);`];
        const row = op.rolled === true ? `spxRollAt(rollTok${X}${j}, spxRollMove(kk))` : 'oo';
        const at = fold == null ? `${row} * uniforms.dimK + kk` : `(kk / ${fold}) * ${op.stride} + ${row} * ${fold} + kk % ${fold}`;
        lines.push(`if (oo < ${op.outerDim} && kk < kEnd) { ${reg(j)} = ${X}[(${op.batchOffset} + ${at}) / 4]; }`);
        return lines.join('\n');
      }, offset);
    const store = (buf: number) =>
      perThread(units, threads, (j, u) => {
        const lines = [`let o = ${u} / ${K / 4};`, `let kq = ${buf * K} + (${u} % ${K / 4}) * 4;`, 'let o4 = o / 4;', 'let comp = o % 4;'];
        const comps = ['x', 'y', 'z', 'w'];
        for (let kk = 0; kk < 4; kk++) lines.push(`${at(op, `kq + ${kk}`, 'o4')}[comp] = ${reg(j)}.${comps[kk]};`);
        return lines.join('\n');
      }, offset);
    return { setup, decl: Array.from({ length: n }, (_, j) => `var ${reg(j)} : vec4<f32>;`).join('\n'), fetch, store };
  }
  const units = K * q;
  const n = roundsPerThread(units, threads);
  // A unit's four channels stay across K steps: look their group's move up once; the token (kk) changes.
  const setup =
    op.rolled === true && op.mode === 'vec4-kmajor' ? Array.from({ length: n }, (_, j) => `let rollMove${X}${j} = spxRollMove(${op.outerStart} + (${unit(j, threads)} % ${q}) * 4);`).join('\n') : '';
  const fetch = perThread(units, threads, (j, u) => {
      const r = reg(j);
      const lines = [`let kk = k0 + ${u} / ${q};`, `let oo = ${op.outerStart} + (${u} % ${q}) * 4;`, `${r} = vec4<f32>(0.0);`];
      if (op.mode === 'vec4-kmajor') {
        const at = op.rolled === true ? `spxRollAt(spxRollToken(kk), rollMove${X}${j}) * ${op.outerDim}` : kOffset('kk', op.outerDim);
        lines.push(`if (kk < kEnd && oo < ${op.outerDim}) { ${r} = ${X}[(${op.batchOffset} + ${at} + oo) / 4]; }`);
      } else {
        lines.push('if (kk < kEnd) {');
        for (let e = 0; e < 4; e++) {
          const row = op.kMajor ? 'kk' : `(oo + ${e})`;
          const col = op.kMajor ? `(oo + ${e})` : 'kk';
          const stored = op.rolled === true ? `spxRollRow(${row}, ${col})` : row;
          const elem = op.kMajor ? `${stored} * ${op.outerDim} + ${col}` : `${stored} * uniforms.dimK + ${col}`;
          lines.push(`  if (oo + ${e} < ${op.outerDim}) { ${r}[${e}] = ${X}[${op.batchOffset} + ${elem}]; }`);
        }
        lines.push('}');
      }
      return lines.join('\n');
    }, offset);
  const store = (buf: number) => perThread(units, threads, (j, u) => `${at(op, `${buf * K} + ${u} / ${q}`, `${u} % ${q}`)} = ${reg(j)};`, offset);
  return { setup, decl: Array.from({ length: n }, (_, j) => `var ${reg(j)} : vec4<f32>;`).join('\n'), fetch, store };
}

function activationCode(a: MatMulActivation): string {
  switch (a) {
    case 'linear':
      return '';
    case 'relu':
      return 'v = max(v, vec4<f32>(0.0));';
    case 'relu6':
      return 'v = clamp(v, vec4<f32>(0.0), vec4<f32>(6.0));';
    case 'elu':
      return 'v = select(exp(v) - vec4<f32>(1.0), v, v >= vec4<f32>(0.0));';
    case 'sigmoid':
      return 'v = vec4<f32>(1.0) / (vec4<f32>(1.0) + exp(-v));';
    case 'leakyrelu':
      return 'v = select(uniforms.alpha * v, v, v >= vec4<f32>(0.0));';
    case 'gelu':
      return 'v = spxGelu4(v);';
  }
}

function writeFunction(spec: MatMulShaderSpec): string {
  const lines: string[] = [];
  if (spec.bias === 'column' && !spec.vecBias) {
    lines.push('fn biasAt(c : i32) -> f32 { if (c < uniforms.dimN) { return bias[c]; } return 0.0; }');
  }
  lines.push('fn mmWrite(outBatch : i32, row : i32, col : i32, valueIn : vec4<f32>) {');
  lines.push('  if (row >= uniforms.dimM || col >= uniforms.dimN) { return; }');
  lines.push('  var v = valueIn;');
  if (spec.bias === 'column') {
    lines.push(spec.vecBias ? '  v = v + bias[col / 4];' : '  v = v + vec4<f32>(biasAt(col), biasAt(col + 1), biasAt(col + 2), biasAt(col + 3));');
  } else if (spec.bias === 'row') {
    lines.push('  v = v + vec4<f32>(bias[row]);');
  }
  lines.push('  ' + activationCode(spec.activation));
  // An output remap (no residual: see run-matmul) writes each row where its column group's token came from.
  const rolled = spec.roll?.operand === 'output';
  const outRow = (c: string) => (rolled ? `spxRollRow(row, ${c})` : 'row');
  if (rolled && !spec.vecOut) {
    // Scalar writes: each column finds its own row (a group may end inside the four).
    lines.push('  let slab = outBatch * uniforms.dimM * uniforms.dimN;');
    for (let e = 0; e < 4; e++) lines.push(`  if (col + ${e} < uniforms.dimN) { result[slab + ${outRow(`col + ${e}`)} * uniforms.dimN + col + ${e}] = v[${e}]; }`);
  } else if (spec.vecOut) {
    lines.push(`  let base = outBatch * uniforms.dimM * uniforms.dimN + ${outRow('col')} * uniforms.dimN + col;`);
    if (spec.residual) lines.push('  v = v + residual[base / 4];');
    lines.push('  result[base / 4] = v;');
  } else {
    lines.push('  let base = outBatch * uniforms.dimM * uniforms.dimN + row * uniforms.dimN + col;');
    for (let e = 0; e < 4; e++) {
      const add = spec.residual ? ` + residual[base + ${e}]` : '';
      lines.push(`  if (col + ${e} < uniforms.dimN) { result[base + ${e}] = v[${e}]${add}; }`);
    }
  }
  lines.push('}');
  return lines.join('\n');
}

/**
 * The WGSL lets that place a thread: thread i takes column `i % wgX` and row `i / wgX` of the tile's grid of
 * `threadM x threadN` blocks; `aCol{c}` / `bCol{d}` are the shared-memory vec4 columns (output rows / 4, output
 * columns / 4) of its c-th and d-th 4x4 sub-block. (Warp tiling, each warp of 32 on a 4 x 8 patch of blocks, ran
 * every model product within 2% of this on the H100: docs/perf-notes.md.)
 */
function laneCode(wgX: number, wgY: number, cm: number, cn: number): string {
  const cols = (name: string, n: number, base: string, stride: number) => Array.from({ length: n }, (_, c) => `let ${name}${c} = ${base} + ${c * stride};`).join('\n  ');
  return [`let tx = lid % ${wgX};`, `let ty = lid / ${wgX};`, cols('aCol', cm, 'ty', wgY), cols('bCol', cn, 'tx', wgX)].join('\n  ');
}

/**
 * Generates the WGSL body (after tfjs's preamble of bindings and uniforms) of the tiled matmul:
 * `result[b] = act(op(A[b]) @ op(B[b]) + bias) + residual[b]`, one workgroup per `tileM x tileN` output tile
 * and per (batch, K split) on z. Two shared-memory stages: while the threads multiply one stage, the next
 * K slice is already in registers (fetched before the arithmetic) and lands in the other stage after it, so
 * one barrier per K step suffices. (Two slices in flight, in two register sets, gained nothing at 128x192 and cost
 * 5-10% at 128x128 on the H100: docs/perf-notes.md.) The K loop is fully unrolled with every accumulator a named vec4, and the stage loop is unrolled by
 * two so that, with nested shared arrays, every shared read has a constant K row and a loop-invariant column:
 * the robustness clamp Dawn adds to each index is hoisted out of the loop.
 */
export function matMulShader(spec: MatMulShaderSpec): string {
  const t = spec.tile;
  validateTile(t);
  const threads = tileThreads(t);
  const wgX = t.tileN / t.threadN;
  const wgY = t.tileM / t.threadM;
  const cm = t.threadM / 4;
  const cn = t.threadN / 4;
  const opA: Operand = {
    name: 'A',
    mode: spec.loadA,
    kMajor: spec.transposeA,
    outer: t.tileM,
    row: sharedRow(t.tileM, spec.loadA),
    outerDim: 'uniforms.dimM',
    outerStart: 'mStart',
    batchOffset: 'offA',
    stride: 'uniforms.strideA',
    rolled: spec.roll?.operand === 'a',
  };
  const opB: Operand = {
    name: 'B',
    mode: spec.loadB,
    kMajor: !spec.transposeB,
    outer: t.tileN,
    row: sharedRow(t.tileN, spec.loadB),
    outerDim: 'uniforms.dimN',
    outerStart: 'nStart',
    batchOffset: 'offB',
    stride: 'uniforms.strideB',
  };
  const unitsA = loadUnits(t.tileM, t.tileK);
  if (spec.foldK != null && (spec.foldK % t.tileK !== 0 || spec.loadA === 'scalar' || spec.loadB === 'scalar' || spec.roll != null)) {
    throw new Error(`a folded batch needs 16-byte loads, no roll remap and K per item (${spec.foldK}) a multiple of the tile's K depth (${t.tileK})`);
  }
  const la = fetchCode(opA, t, threads, 0, spec.foldK);
  // When both operands need fewer load units than there are threads, B's go to the threads after A's.
  const lb = fetchCode(opB, t, threads, unitsA < threads ? unitsA : 0, spec.foldK);
  const fetch = (k0: string) => `{\n  let k0 = ${k0};\n  ${la.fetch}\n  ${lb.fetch}\n}`;
  const store = (buf: number) => `${la.store(buf)}\n${lb.store(buf)}`;
  const accDecl: string[] = [];
  for (let r = 0; r < t.threadM; r++) for (let c = 0; c < cn; c++) accDecl.push(`var acc${r}_${c} = vec4<f32>(0.0);`);
  const compute = (cur: number): string => {
    const steps: string[] = [];
    for (let k = 0; k < t.tileK; k++) {
      const row = `${cur * t.tileK + k}`;
      const body: string[] = [];
      for (let c = 0; c < cm; c++) body.push(`let a${c} = ${at(opA, row, `aCol${c}`)};`);
      for (let c = 0; c < cn; c++) body.push(`let b${c} = ${at(opB, row, `bCol${c}`)};`);
      const comps = ['x', 'y', 'z', 'w'];
      for (let c = 0; c < cm; c++)
        for (let i = 0; i < 4; i++)
          for (let d = 0; d < cn; d++) {
            const r = c * 4 + i;
            body.push(`acc${r}_${d} = fma(vec4<f32>(a${c}.${comps[i]}), b${d}, acc${r}_${d});`);
          }
      steps.push(`{\n${body.join('\n')}\n}`);
    }
    return steps.join('\n');
  };
  // One K step on stage `cur` (step tt): fetch slice tt + 1 into registers, multiply, park it in the other stage.
  const step = (tt: string, cur: number): string => `
    {
      if (${tt} + 1 < numTiles) ${fetch(`kBegin + (${tt} + 1) * ${t.tileK}`)}
      ${compute(cur)}
      if (${tt} + 1 < numTiles) {
        ${store(1 - cur)}
      }
      workgroupBarrier();
    }`;
  const prologue = [fetch('kBegin'), store(0)];
  const epilogue: string[] = [];
  for (let c = 0; c < cm; c++)
    for (let i = 0; i < 4; i++)
      for (let d = 0; d < cn; d++) {
        const r = c * 4 + i;
        epilogue.push(`mmWrite(outBatch, mStart + aCol${c} * 4 + ${i}, nStart + bCol${d} * 4, acc${r}_${d});`);
      }
  const decl = (op: Operand) => `array<array<vec4<f32>, ${op.row}>, ${2 * t.tileK}>`;
  const sets = `${la.decl}\n  ${lb.decl}`;
  return `
${spec.activation === 'gelu' ? GELU_WGSL : ''}
${spec.roll == null ? '' : rollRemapWgsl(spec.roll)}
${writeFunction(spec)}

var<workgroup> tileA : ${decl(opA)};
var<workgroup> tileB : ${decl(opB)};

fn main() {
  let lid = i32(localIndex);
  ${laneCode(wgX, wgY, cm, cn)}
  let nStart = i32(workgroupId.x) * ${t.tileN};
  let mStart = i32(workgroupId.y) * ${t.tileM};
  let z = i32(workgroupId.z);
  let batch = z / uniforms.numSplits;
  let outBatch = z;
  let offA = batch * uniforms.strideA;
  let offB = batch * uniforms.strideB;
  let kBegin = (z % uniforms.numSplits) * uniforms.kSplit;
  let kEnd = min(uniforms.dimK, kBegin + uniforms.kSplit);
  let numTiles = (uniforms.kSplit + ${t.tileK - 1}) / ${t.tileK};
  ${accDecl.join('\n  ')}
  ${la.setup}
  ${lb.setup}
  ${sets}
  ${prologue.join('\n  ')}
  workgroupBarrier();
  // Unrolled by two so every stage index in the arithmetic is a constant.
  for (var t = 0; t < numTiles; t = t + 2) {
    ${step('t', 0)}
    if (t + 1 < numTiles) {
      ${step('(t + 1)', 1)}
    }
  }
  ${epilogue.join('\n  ')}
}
`;
}
