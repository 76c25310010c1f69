import type { PolyphaseKernel } from './resample-kernel.js';
import { RESAMPLE_SIMD_WASM_BASE64 } from './resample-simd-binary.js';

/** The instantiated SIMD kernel (resample-simd.wat) and the polyphase kernel whose tables its memory holds. */
interface SimdRuntime {
  memory: WebAssembly.Memory;
  run: (
    taps: number,
    first: number,
    count: number,
    offset: number,
    phases: number,
    stride: number,
    input: number,
    output: number,
    frames: number,
  ) => void;
  loaded?: PolyphaseKernel;
}

/** A polyphase kernel laid out for the SIMD loop: float32 taps, each phase zero-padded to a multiple of 8. */
interface SimdLayout {
  taps: Float32Array;
  /** First input index of each phase, relative to the frame's first input index `minFirst`. */
  first: Int32Array;
  count: Int32Array;
  offset: Int32Array;
  minFirst: number;
  /** Input samples one frame reads, from `minFirst` on. */
  span: number;
}

/** Outputs computed per call into wasm; bounds the wasm memory to about a megabyte whatever the input length. */
const BLOCK_OUTPUTS = 1 << 16;
const PAGE = 65536;

let runtime: SimdRuntime | null | undefined;
const layouts = new WeakMap<PolyphaseKernel, SimdLayout>();

/** Instantiates the SIMD module once, synchronously (it is 328 bytes); null where WebAssembly SIMD is missing. */
function simdRuntime(): SimdRuntime | null {
  if (runtime !== undefined) return runtime;
  runtime = null;
  if (typeof WebAssembly !== 'object' || typeof atob !== 'function') return runtime;
  const bytes = Uint8Array.from(atob(RESAMPLE_SIMD_WASM_BASE64), (c) => c.charCodeAt(0));
  if (!WebAssembly.validate(bytes)) return runtime;
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes));
  runtime = { memory: exports['memory'] as WebAssembly.Memory, run: exports['run'] as SimdRuntime['run'] };
  return runtime;
}

function layoutOf(kernel: PolyphaseKernel): SimdLayout {
  const cached = layouts.get(kernel);
  if (cached) return cached;
  const { phases, firstTap, tapCount, tapOffset } = kernel;
  const count = tapCount.map((n) => Math.ceil(n / 8) * 8);
  const offset = new Int32Array(phases);
  let total = 0;
  for (let i = 0; i < phases; i++) {
    offset[i] = total;
    total += count[i]!;
  }
  const taps = new Float32Array(total);
  for (let i = 0; i < phases; i++) {
    taps.set(kernel.taps.subarray(tapOffset[i]!, tapOffset[i]! + tapCount[i]!), offset[i]!);
  }
  const minFirst = Math.min(...firstTap);
  const first = firstTap.map((f) => f - minFirst);
  let span = 0;
  for (let i = 0; i < phases; i++) span = Math.max(span, first[i]! + count[i]!);
  const layout = { taps, first, count, offset, minFirst, span };
  layouts.set(kernel, layout);
  return layout;
}

function ensureBytes(memory: WebAssembly.Memory, bytes: number): void {
  const missing = Math.ceil((bytes - memory.buffer.byteLength) / PAGE);
  if (missing > 0) memory.grow(missing);
}

/**
 * Same result as `applyPolyphaseKernel` (float32 accumulation, as torchaudio's conv1d), computed by the
 * WebAssembly SIMD loop in blocks of 65536 outputs. Returns undefined where WebAssembly SIMD is unavailable.
 */
export function applyPolyphaseKernelSimd(kernel: PolyphaseKernel, waveform: Float32Array): Float32Array | undefined {
  const rt = simdRuntime();
  if (!rt) return undefined;
  const { phases, stride } = kernel;
  const length = waveform.length;
  const out = new Float32Array(Math.ceil((phases * length) / stride));
  if (out.length === 0) return out;
  const layout = layoutOf(kernel);
  const blockFrames = Math.max(1, Math.floor(BLOCK_OUTPUTS / phases));
  const blockInput = (blockFrames - 1) * stride + layout.span;
  // Float32 word offsets: taps, the three phase tables, the input block, the output block.
  const firstAt = layout.taps.length;
  const countAt = firstAt + phases;
  const offsetAt = countAt + phases;
  const inputAt = Math.ceil((offsetAt + phases) / 4) * 4;
  const outputAt = Math.ceil((inputAt + blockInput) / 4) * 4;
  ensureBytes(rt.memory, (outputAt + blockFrames * phases) * 4);
  const heap = new Float32Array(rt.memory.buffer);
  if (rt.loaded !== kernel) {
    const ints = new Int32Array(rt.memory.buffer);
    heap.set(layout.taps, 0);
    ints.set(layout.first, firstAt);
    ints.set(layout.count, countAt);
    ints.set(layout.offset, offsetAt);
    rt.loaded = kernel;
  }
  const totalFrames = Math.ceil(out.length / phases);
  for (let k0 = 0; k0 < totalFrames; k0 += blockFrames) {
    const frames = Math.min(blockFrames, totalFrames - k0);
    const start = k0 * stride + layout.minFirst;
    const end = start + (frames - 1) * stride + layout.span;
    const lo = Math.max(start, 0);
    const hi = Math.min(end, length);
    heap.fill(0, inputAt, inputAt + (end - start));
    if (hi > lo) heap.set(waveform.subarray(lo, hi), inputAt + (lo - start));
    rt.run(0, firstAt * 4, countAt * 4, offsetAt * 4, phases, stride, inputAt * 4, outputAt * 4, frames);
    const produced = Math.min(frames * phases, out.length - k0 * phases);
    out.set(heap.subarray(outputAt, outputAt + produced), k0 * phases);
  }
  return out;
}
