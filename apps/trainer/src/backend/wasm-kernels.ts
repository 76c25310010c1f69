import * as tf from '@spectromix/tensor';

/** The slice of tfjs's WASM backend these patches use. */
interface WasmBackendLike {
  disposeData(dataId: object): boolean;
}

/**
 * Patches two gaps of tfjs-backend-wasm 4.22 that make training ASM-RH on 'wasm' fail or crawl. Called by the
 * app right after it selects 'wasm' (libraries never register kernels). Idempotent.
 *
 * 1. It has no `Conv2DBackpropFilter`, so a Conv2d (the patch embedding) cannot be trained. (Its
 *    `Conv3DBackpropFilterV2` is no way around: it is wrong for strides above 1.) The filter gradient
 *    `dW[i, j, c, o] = sum_{b, p, q} x[b, p s + i, q s + j, c] dy[b, p, q, o]` is a stride-1 convolution of the
 *    (padded) input, batch and channels swapped, with `dy` as the filter dilated by the stride: four kernels
 *    that the wasm backend has (Transpose, PadV2, Conv2D with dilations, Slice).
 * 2. Its `BatchMatMul` with `transposeA` / `transposeB` runs a slow generic loop (measured on 864x128x512:
 *    0.28 GFLOP/s for A^T B against 6.7 GFLOP/s plain); every Linear's weight gradient is such a product.
 *    The wrapper transposes explicitly with the `Transpose` kernel, then multiplies without flags.
 * @returns the names of the kernels that were patched now (empty when already patched).
 */
export function patchWasmKernels(): string[] {
  const patched: string[] = [];
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm') == null) {
    const kernels = { transpose: requireKernel('Transpose'), conv: requireKernel('Conv2D'), slice: requireKernel('Slice'), pad: requireKernel('PadV2') };
    tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: (args) => conv2DBackpropFilter(args, kernels) });
    patched.push('Conv2DBackpropFilter');
  }
  const matmul = requireKernel('BatchMatMul');
  if ((matmul.kernelFunc as { spectromixPatched?: boolean }).spectromixPatched !== true) {
    const kernelFunc: tf.KernelFunc & { spectromixPatched?: boolean } = (args) => fastBatchMatMul(args, matmul, requireKernel('Transpose'));
    kernelFunc.spectromixPatched = true;
    tf.unregisterKernel('BatchMatMul', 'wasm');
    tf.registerKernel({ ...matmul, kernelFunc });
    patched.push('BatchMatMul');
  }
  return patched;
}

/** Kernels {@link conv2DBackpropFilter} is built from. */
interface ConvKernels {
  readonly transpose: tf.KernelConfig;
  readonly conv: tf.KernelConfig;
  readonly slice: tf.KernelConfig;
  readonly pad: tf.KernelConfig;
}

/** The filter gradient of a 2-D convolution on wasm, from kernels it has (see {@link patchWasmKernels}). */
function conv2DBackpropFilter({ inputs, backend, attrs }: Parameters<tf.KernelFunc>[0], k: ConvKernels): tf.TensorInfo {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const a = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (a.dataFormat !== 'NHWC') throw new Error(`Conv2DBackpropFilter on wasm supports NHWC only, got ${a.dataFormat}`);
  const [kh, kw, cin, cout] = a.filterShape;
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], a.filterShape, a.strides, 1, a.pad, a.dimRoundingMode);
  const temps: tf.TensorInfo[] = [];
  const run = (config: tf.KernelConfig, kernelInputs: tf.NamedTensorInfoMap, kernelAttrs: object): tf.TensorInfo => {
    const out = config.kernelFunc({ inputs: kernelInputs, backend, attrs: kernelAttrs as tf.NamedAttrMap }) as tf.TensorInfo;
    temps.push(out);
    return out;
  };
  try {
    const { top, bottom, left, right } = info.padInfo;
    let xs = run(k.transpose, { x }, { perm: [3, 1, 2, 0] }); // [cin, H, W, B]
    if (top + bottom + left + right > 0) xs = run(k.pad, { x: xs }, { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 });
    const filter = run(k.transpose, { x: dy }, { perm: [1, 2, 0, 3] }); // [OH, OW, B, cout]
    const full = run(k.conv, { x: xs, filter }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [info.strideHeight, info.strideWidth], dimRoundingMode: undefined });
    const cropped = run(k.slice, { x: full }, { begin: [0, 0, 0, 0], size: [cin, kh, kw, cout] });
    const result = run(k.transpose, { x: cropped }, { perm: [1, 2, 0, 3] }); // [kh, kw, cin, cout]
    temps.pop();
    return result;
  } finally {
    for (const t of temps) (backend as unknown as WasmBackendLike).disposeData(t.dataId);
  }
}

/**
 * BatchMatMul through the fast path of the wasm kernel (plain products, no flags, equal batches):
 * transposes become explicit `Transpose` calls; a shared matrix times a batch (`W [m, k] @ X [B, k, n]`, token
 * mixing) becomes one `[m, k] @ [k, B * n]` product between two transposes; a batch times a shared matrix folds
 * the batch into the rows. Temporary buffers are freed before returning.
 */
function fastBatchMatMul({ inputs, backend, attrs }: Parameters<tf.KernelFunc>[0], matmul: tf.KernelConfig, transpose: tf.KernelConfig): tf.TensorInfo {
  const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
  const temps: tf.TensorInfo[] = [];
  const run = (config: tf.KernelConfig, kernelInputs: tf.NamedTensorInfoMap, kernelAttrs: tf.NamedAttrMap): tf.TensorInfo => {
    const out = config.kernelFunc({ inputs: kernelInputs, backend, attrs: kernelAttrs }) as tf.TensorInfo;
    temps.push(out);
    return out;
  };
  const permute = (t: tf.TensorInfo, perm: number[]): tf.TensorInfo => run(transpose, { x: t }, { perm });
  const flip = (t: tf.TensorInfo): tf.TensorInfo => {
    const perm = t.shape.map((_, i) => i);
    const r = perm.length;
    [perm[r - 2], perm[r - 1]] = [perm[r - 1] as number, perm[r - 2] as number];
    return permute(t, perm);
  };
  const view = (t: tf.TensorInfo, shape: number[]): tf.TensorInfo => ({ dataId: t.dataId, shape, dtype: t.dtype });
  try {
    const x = transposeA ? flip(a) : a;
    const y = transposeB ? flip(b) : b;
    const [m, k] = x.shape.slice(-2) as [number, number];
    const n = y.shape[y.shape.length - 1] as number;
    const xBatch = x.shape.slice(0, -2);
    const yBatch = y.shape.slice(0, -2);
    const bx = xBatch.reduce((p, d) => p * d, 1);
    const by = yBatch.reduce((p, d) => p * d, 1);
    const flags = { transposeA: false, transposeB: false };
    let result: tf.TensorInfo;
    if (bx === 1 && by > 1) {
      const spread = permute(view(y, [by, k, n]), [1, 0, 2]);
      const product = run(matmul, { a: view(x, [1, m, k]), b: view(spread, [1, k, by * n]) }, flags);
      result = view(permute(view(product, [m, by, n]), [1, 0, 2]), [...yBatch, m, n]);
    } else if (by === 1 && bx > 1) {
      result = view(run(matmul, { a: view(x, [1, bx * m, k]), b: view(y, [1, k, n]) }, flags), [...xBatch, m, n]);
    } else {
      result = run(matmul, { a: x, b: y }, flags);
    }
    temps.splice(temps.findIndex((t) => t.dataId === result.dataId), 1);
    return result;
  } finally {
    for (const t of temps) (backend as unknown as WasmBackendLike).disposeData(t.dataId);
  }
}

function requireKernel(name: string): tf.KernelConfig {
  const k = tf.getKernel(name, 'wasm');
  if (k == null) throw new Error(`tfjs-backend-wasm has no '${name}' kernel; initialise the 'wasm' backend before patching it`);
  return k;
}
