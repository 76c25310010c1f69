/**
 * Bilinear resizing of stacks of 2-D grids, as `torch.nn.functional.interpolate(x, size, mode='bilinear',
 * align_corners=False)` without antialiasing: output pixel centres map to `(i + 0.5) * in / out - 0.5` in the
 * input, clamped at 0 below and to the last pixel above, and each output is the linear blend of its two
 * neighbours along each axis (separable).
 */

/** The two input indices and the weight of the second for each output index along one axis. */
function axisWeights(inSize: number, outSize: number): { lo: Int32Array; hi: Int32Array; t: Float64Array } {
  const lo = new Int32Array(outSize);
  const hi = new Int32Array(outSize);
  const t = new Float64Array(outSize);
  const scale = inSize / outSize;
  for (let i = 0; i < outSize; i++) {
    const src = Math.max(0, (i + 0.5) * scale - 0.5);
    const i0 = Math.min(Math.floor(src), inSize - 1);
    lo[i] = i0;
    hi[i] = Math.min(i0 + 1, inSize - 1);
    t[i] = src - i0;
  }
  return { lo, hi, t };
}

/**
 * Resizes `count` row-major grids of `from = [h, w]` stored one after another in `values` to `to = [H, W]`.
 * @returns `count * H * W` values, grid after grid.
 */
export function resizeBilinear(values: Float32Array, count: number, from: readonly [number, number], to: readonly [number, number]): Float32Array {
  const [h, w] = from;
  const [outH, outW] = to;
  if (values.length !== count * h * w) throw new RangeError(`resizeBilinear: ${values.length} values are not ${count} grids of ${h} x ${w}.`);
  const rows = axisWeights(h, outH);
  const cols = axisWeights(w, outW);
  const out = new Float32Array(count * outH * outW);
  for (let g = 0; g < count; g++) {
    const src = g * h * w;
    const dst = g * outH * outW;
    for (let i = 0; i < outH; i++) {
      const r0 = src + (rows.lo[i] as number) * w;
      const r1 = src + (rows.hi[i] as number) * w;
      const ti = rows.t[i] as number;
      for (let j = 0; j < outW; j++) {
        const c0 = cols.lo[j] as number;
        const c1 = cols.hi[j] as number;
        const tj = cols.t[j] as number;
        const top = (values[r0 + c0] as number) * (1 - tj) + (values[r0 + c1] as number) * tj;
        const bottom = (values[r1 + c0] as number) * (1 - tj) + (values[r1 + c1] as number) * tj;
        out[dst + i * outW + j] = top * (1 - ti) + bottom * ti;
      }
    }
  }
  return out;
}

/** The transpose of a row-major `[rows, cols]` matrix. */
export function transpose2d(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c] as number;
  return out;
}
