import { radices } from '@spectromix/dsp';
import { butterflyWgsl } from './butterflies.js';
import type { WebGPUProgramLike } from './backend-shape.js';

/**
 * What one program computes per row, `N` being the complex FFT length it runs in workgroup memory:
 * - `c2c`: complex `n = N` in, one component of the complex `N` out;
 * - `r2c-packed`: real `n = 2N` in, packed as `x_{2j} + i x_{2j+1}`, one component of `N + 1` bins out;
 * - `r2c-full`: real `n = N` (odd) in, one component of `floor(n/2) + 1` bins out;
 * - `c2r-packed`: `N + 1` bins in, real `n = 2N` out;
 * - `c2r-full`: `(n + 1) / 2` bins in, real `n = N` (odd) out.
 */
export type FftProgramMode = 'c2c' | 'r2c-packed' | 'r2c-full' | 'c2r-packed' | 'c2r-full';

/** Largest complex length run in workgroup memory (2 x 2048 f32 = 16 KiB, WebGPU's guaranteed minimum). */
export const MAX_WORKGROUP_FFT = 2048;

/** Parameters of one {@link FftProgram}. */
export interface FftProgramSpec {
  readonly mode: FftProgramMode;
  /** Complex FFT length, a product of 2, 3, 4 and 5, at most {@link MAX_WORKGROUP_FFT}. */
  readonly size: number;
  /** Direction: `e^{sigma 2 pi i jk / n}`. */
  readonly sigma: 1 | -1;
  /** Output component of complex-output modes: 0 real, 1 imaginary. */
  readonly component: 0 | 1;
  /** Whether an imaginary input is bound (c2c, c2r); without one it is zero. */
  readonly hasImag: boolean;
  /** Rows (signals) to transform. */
  readonly rows: number;
  /** The adjoint bin weighting of `HfftKernelAttrs.adjoint` (real modes only). */
  readonly adjoint: boolean;
}

/** True when `size` can run as one workgroup-memory program. */
export function fitsWorkgroupFft(size: number): boolean {
  return size >= 1 && size <= MAX_WORKGROUP_FFT && radices(size, 5) != null;
}

/** Length of the twiddle table a mode reads: `e^{sigma 2 pi i k / L}` for k < L. */
export function twiddleTableLength(spec: Pick<FftProgramSpec, 'mode' | 'size'>): number {
  return spec.mode === 'r2c-packed' || spec.mode === 'c2r-packed' ? 2 * spec.size : spec.size;
}

/** Signal length of a program: `2N` for packed real modes, `N` otherwise. */
export function signalLength(spec: Pick<FftProgramSpec, 'mode' | 'size'>): number {
  return spec.mode === 'r2c-packed' || spec.mode === 'c2r-packed' ? 2 * spec.size : spec.size;
}

/** Output length per row. */
export function outputLength(spec: Pick<FftProgramSpec, 'mode' | 'size'>): number {
  const n = signalLength(spec);
  return spec.mode.startsWith('r2c') ? Math.floor(n / 2) + 1 : n;
}

/**
 * A Stockham FFT over rows, entirely in workgroup memory: one workgroup transforms `rowsPerGroup` rows; each
 * pass loads its butterflies' inputs into registers, synchronises, and writes the outputs back (radix 4, 2, 3,
 * 5). Real input is packed into a half-length complex FFT and untangled in the store; complex-to-real input is
 * tangled in the load. Inputs: `xRe` (and `xIm`) as `[rows, length]`, and `tw`, the twiddle table as
 * interleaved `[re, im]`. Uniforms: `rows`, `scale`.
 */
export class FftProgram implements WebGPUProgramLike {
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0, 1] };
  dispatch: [number, number, number];
  variableNames: string[];
  uniforms = 'rows : i32, scale : f32,';
  workgroupSize: [number, number, number];
  private readonly threadsPerRow: number;
  private readonly rowsPerGroup: number;

  constructor(private readonly spec: FftProgramSpec) {
    const { size, mode, sigma, component, hasImag, rows, adjoint } = spec;
    this.threadsPerRow = Math.min(256, Math.max(1, Math.ceil(size / 4)));
    this.rowsPerGroup = Math.max(1, Math.min(Math.floor(64 / this.threadsPerRow), Math.floor(MAX_WORKGROUP_FFT / size)));
    this.workgroupSize = [this.threadsPerRow * this.rowsPerGroup, 1, 1];
    this.outputShape = [rows, outputLength(spec)];
    this.dispatch = [Math.max(1, Math.ceil(rows / this.rowsPerGroup)), 1, 1];
    this.variableNames = hasImag ? ['xRe', 'xIm', 'tw'] : ['xRe', 'tw'];
    this.shaderKey = `spectromix_fft_${mode}_${size}_${sigma}_${component}_${hasImag ? 'im' : 're'}_${this.rowsPerGroup}${adjoint ? '_adj' : ''}`;
  }

  getUserCode(): string {
    const { size: N, rowsPerGroup: R, threadsPerRow: TP } = this;
    return `
      fn hfMul(a : vec2<f32>, b : vec2<f32>) -> vec2<f32> {
        return vec2<f32>(a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x);
      }
      fn hfTw(t : i32) -> vec2<f32> {
        return vec2<f32>(tw[2 * t], tw[2 * t + 1]);
      }
      var<workgroup> hfRe : array<f32, ${R * N}>;
      var<workgroup> hfIm : array<f32, ${R * N}>;

      fn main(index : i32) {
        let hfGroup = i32(workgroupId.z * numWorkgroups.x * numWorkgroups.y + workgroupId.y * numWorkgroups.x + workgroupId.x);
        let lt = i32(localIndex) % ${TP};
        let lr = i32(localIndex) / ${TP};
        let row = hfGroup * ${R} + lr;
        let valid = row < uniforms.rows;
        let base = lr * ${N};
        _ = tw[0]; // keep the table bound even when no pass reads it (auto layouts drop unused bindings)
        ${this.loadCode()}
        workgroupBarrier();
        ${this.stagesCode()}
        ${this.storeCode()}
      }
    `;
  }

  private get size(): number {
    return this.spec.size;
  }

  /** Twiddle-table index of `W_N^t` (packed modes use a table of length 2N). */
  private twIndex(t: string): string {
    return twiddleTableLength(this.spec) === this.size ? t : `2 * (${t})`;
  }

  private loadCode(): string {
    const { mode, hasImag } = this.spec;
    const N = this.size;
    const TP = this.threadsPerRow;
    const im = (idx: string): string => (hasImag ? `xIm[${idx}]` : '0.0');
    const loop = (count: number, body: string): string =>
      `for (var k = lt; k < ${count}; k = k + ${TP}) {\n var v = vec2<f32>(0.0, 0.0);\n if (valid) {\n ${body}\n }\n hfRe[base + k] = v.x;\n hfIm[base + k] = v.y;\n }`;
    switch (mode) {
      case 'c2c':
        return loop(N, `v = vec2<f32>(xRe[row * ${N} + k], ${im(`row * ${N} + k`)});`);
      case 'r2c-full':
        return loop(N, `v = vec2<f32>(xRe[row * ${N} + k], 0.0);`);
      case 'r2c-packed':
        return loop(N, `v = vec2<f32>(xRe[row * ${2 * N} + 2 * k], xRe[row * ${2 * N} + 2 * k + 1]);`);
      case 'c2r-packed': {
        const h = N + 1;
        // Z_k = (A + B) + i w^k (A - B), A = X_k, B = conj X_{N-k}; imaginary parts of DC and Nyquist ignored.
        return loop(N, [
          `let j = ${N} - k;`,
          `let a = ${this.inWeight('k == 0')}vec2<f32>(xRe[row * ${h} + k], select(${im(`row * ${h} + k`)}, 0.0, k == 0));`,
          `let b = ${this.inWeight(`j == ${N}`)}vec2<f32>(xRe[row * ${h} + j], select(-${im(`row * ${h} + j`)}, 0.0, j == ${N}));`,
          'let t = hfMul(hfTw(k), a - b);',
          'v = a + b + vec2<f32>(-t.y, t.x);',
        ].join('\n'));
      }
      case 'c2r-full': {
        const h = Math.floor(N / 2) + 1;
        return loop(N, [
          `if (k == 0) { v = vec2<f32>(xRe[row * ${h}], 0.0); }`,
          `else if (k < ${h}) { v = vec2<f32>(xRe[row * ${h} + k], ${im(`row * ${h} + k`)}); }`,
          `else { v = vec2<f32>(xRe[row * ${h} + ${N} - k], -${im(`row * ${h} + ${N} - k`)}); }`,
          this.spec.adjoint ? `v = ${this.inWeight('k == 0')}v;` : '',
        ].join('\n'));
      }
    }
  }

  /** With adjoint weighting, c2r input bins are halved except where `unitWhen` (DC, Nyquist) holds. */
  private inWeight(unitWhen: string): string {
    return this.spec.adjoint ? `select(0.5, 1.0, ${unitWhen}) * ` : '';
  }

  /** With adjoint weighting, r2c output bins are doubled except where `unitWhen` (DC, Nyquist) holds. */
  private outWeight(unitWhen: string): string {
    return this.spec.adjoint ? `select(2.0, 1.0, ${unitWhen}) * ` : '';
  }

  private stagesCode(): string {
    const N = this.size;
    const TP = this.threadsPerRow;
    const factors = radices(N, 5);
    if (factors == null) throw new Error(`FftProgram: length ${N} is not a product of 2, 3 and 5`);
    const parts: string[] = [];
    let s = 1;
    factors.forEach((r, stage) => {
      const m = N / (s * r);
      const butterflies = m * s;
      const perThread = Math.ceil(butterflies / TP);
      const guard = (i: number): string => (perThread * TP === butterflies ? '' : `if (b${stage}_${i} < ${butterflies})`);
      const load: string[] = [];
      const store: string[] = [];
      const decls: string[] = [];
      for (let i = 0; i < perThread; i++) {
        const v = (k: number): string => `v${stage}_${i}_${k}`;
        for (let k = 0; k < r; k++) decls.push(`var ${v(k)} : vec2<f32>;`);
        const b = `b${stage}_${i}`;
        decls.push(`let ${b} = lt + ${i * TP};`);
        const pq = `let p = ${b} / ${s}; let q = ${b} - p * ${s};`;
        load.push(`${guard(i)} { ${pq} let src = base + q + ${s} * p;\n${Array.from({ length: r }, (_, k) => `${v(k)} = vec2<f32>(hfRe[src + ${k * s * m}], hfIm[src + ${k * s * m}]);`).join('\n')} }`);
        const ys = Array.from({ length: r }, (_, j) => `y${stage}_${i}_${j}`);
        const writes = ys.map((y, j) => {
          const value = j === 0 || m === 1 ? y : `hfMul(${y}, hfTw(${this.twIndex(`${j} * p * ${s}`)}))`;
          return `{ let o = dst + ${j * s}; let w = ${value}; hfRe[o] = w.x; hfIm[o] = w.y; }`;
        });
        store.push(`${guard(i)} { ${pq} let dst = base + q + ${s * r} * p;\n${butterflyWgsl(r, this.spec.sigma, Array.from({ length: r }, (_, k) => v(k)), ys, `${stage}_${i}`)}\n${writes.join('\n')} }`);
      }
      parts.push(`{ // pass ${stage}: radix ${r}, m ${m}, stride ${s}\n${decls.join('\n')}\n${load.join('\n')}\nworkgroupBarrier();\n${store.join('\n')}\nworkgroupBarrier();\n}`);
      s *= r;
    });
    return parts.join('\n');
  }

  private storeCode(): string {
    const { mode, component } = this.spec;
    const N = this.size;
    const TP = this.threadsPerRow;
    const comp = component === 0 ? 'x' : 'y';
    const loop = (count: number, body: string): string => `if (valid) {\n for (var k = lt; k < ${count}; k = k + ${TP}) {\n ${body}\n }\n }`;
    switch (mode) {
      case 'c2c':
        return loop(N, `result[row * ${N} + k] = uniforms.scale * ${component === 0 ? 'hfRe' : 'hfIm'}[base + k];`);
      case 'r2c-full': {
        const h = Math.floor(N / 2) + 1;
        return loop(h, `result[row * ${h} + k] = uniforms.scale * ${this.outWeight('k == 0')}${component === 0 ? 'hfRe' : 'hfIm'}[base + k];`);
      }
      case 'r2c-packed':
        // X_k = E + w^k O, E = (Z_k + conj Z_{N-k}) / 2, O = (Z_k - conj Z_{N-k}) / 2i.
        return loop(N + 1, [
          `let ia = select(k, 0, k == ${N}); let ib = select(${N} - k, 0, k == 0);`,
          'let za = vec2<f32>(hfRe[base + ia], hfIm[base + ia]);',
          'let zb = vec2<f32>(hfRe[base + ib], -hfIm[base + ib]);',
          'let d = za - zb;',
          'let x = 0.5 * (za + zb) + hfMul(hfTw(k), vec2<f32>(0.5 * d.y, -0.5 * d.x));',
          `result[row * ${N + 1} + k] = uniforms.scale * ${this.outWeight(`k == 0 || k == ${N}`)}x.${comp};`,
        ].join('\n'));
      case 'c2r-packed':
        return loop(2 * N, `let j = k / 2; result[row * ${2 * N} + k] = uniforms.scale * select(hfIm[base + j], hfRe[base + j], (k & 1) == 0);`);
      case 'c2r-full':
        return loop(N, `result[row * ${N} + k] = uniforms.scale * hfRe[base + k];`);
    }
  }
}
