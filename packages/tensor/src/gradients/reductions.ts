/**
 * Gradients of `Sum` and `Mean` that stay on the device. tfjs-core's own multiply `dy` by `ones(x.shape)`, and
 * `ones` is filled on the host and uploaded. For the Mixer's mean over tokens ([32, 600, 768] in asm-rh-base)
 * that is a 59 MB host fill and upload every training step (a CPU profile on the H100 host showed it as the
 * largest host cost after shader compilation). These broadcast `dy` instead (a Tile kernel on every backend),
 * and the values are bit for bit the same: `dy * 1 / n` and `dy / n` round alike.
 */
import { Mean, Sum, broadcastTo, div, registerGradient, reshape, util, type GradConfig, type NamedAttrMap, type Tensor } from '@tensorflow/tfjs-core';

/** `dy` reshaped to `x`'s rank, the reduced axes kept as 1. */
function expandedDy(dy: Tensor, x: Tensor, axes: number[]): Tensor {
  const shape = x.shape.slice();
  for (const a of axes) shape[a] = 1;
  return reshape(dy, shape);
}

const axesOf = (attrs: NamedAttrMap, x: Tensor): number[] => util.parseAxisParam(attrs['axis'] as number | number[], x.shape);

/** `Sum`: dy broadcast back over the reduced axes. */
export const sumGradConfig: GradConfig = {
  kernelName: Sum,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as [Tensor];
    return { x: () => broadcastTo(expandedDy(dy as Tensor, x, axesOf(attrs, x)), x.shape) };
  },
};

/** `Mean`: dy divided by the count of reduced elements, broadcast back over the reduced axes. */
export const meanGradConfig: GradConfig = {
  kernelName: Mean,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as [Tensor];
    const axes = axesOf(attrs, x);
    const count = axes.reduce((n, a) => n * (x.shape[a] ?? 1), 1);
    return { x: () => broadcastTo(div(expandedDy(dy as Tensor, x, axes), count), x.shape) };
  },
};

registerGradient(sumGradConfig);
registerGradient(meanGradConfig);
