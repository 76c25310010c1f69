import * as tf from '@spectromix/tensor';

/** The slice of tfjs's WASM backend these patches use. */
interface WasmBackendLike {
  disposeData(dataId: object): boolean;
}

/**
 * Patches the gap of tfjs-backend-wasm 4.22 that makes training ASM-RH on 'wasm' fail: it has no
 * `Conv2DBackpropFilter`, so a Conv2d (the patch embedding) cannot be trained. (Its `Conv3DBackpropFilterV2` is no
 * way around: it is wrong for strides above 1.) The filter gradient
 * `dW[i, j, c, o] = sum_{b, p, q} x[b, p s + i, q s + j, c] dy[b, p, q, o]` is a stride-1 convolution of the
 * (padded) input, batch and channels swapped, with `dy` as the filter dilated by the stride: four kernels that the
 * wasm backend has (Transpose, PadV2, Conv2D with dilations, Slice). Called by the app right after it selects
 * 'wasm' (libraries never register kernels). Idempotent. wasm's slow transposed and broadcast `BatchMatMul` needs
 * no patch: `@spectromix/mixer`'s built-in wasm ops (`plainMatMulOps`) multiply without transpose flags or
 * broadcast batches (an asm-rh-tiny train step on wasm launches plain products only).
 * @returns the names of the kernels that were patched now (empty when already patched).
 */
export function patchWasmKernels(): string[] {
  const patched: string[] = [];
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm') == null) {
    const kernels = { transpose: requireKernel('Transpose'), conv: requireKernel('Conv2D'), slice: requireKernel('Slice'), pad: requireKernel('PadV2') };
    tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: (args) => conv2DBackpropFilter(args, kernels) });
    patched.push('Conv2DBackpropFilter');
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

function requireKernel(name: string): tf.KernelConfig {
  const k = tf.getKernel(name, 'wasm');
  if (k == null) throw new Error(`tfjs-backend-wasm has no '${name}' kernel; initialise the 'wasm' backend before patching it`);
  return k;
}
