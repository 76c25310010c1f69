import { COLORMAP, colorIndex } from './colormap.js';

/** A feature matrix `[numFrames, numBins]`, row-major (as `@spectromix/dsp` returns fbanks). */
export interface Matrix {
  readonly data: Float32Array;
  readonly numFrames: number;
  readonly numBins: number;
}

/**
 * Draws spectrograms on a canvas, low frequencies at the bottom: a whole clip at once (`showMatrix`), or live
 * columns that scroll in from the right (`pushColumn`).
 */
export class SpectrogramView {
  readonly #canvas: HTMLCanvasElement;
  readonly #ctx: CanvasRenderingContext2D;

  constructor(canvas: HTMLCanvasElement) {
    const ctx = canvas.getContext('2d');
    if (ctx == null) throw new Error('This browser cannot draw on a canvas (no 2D context).');
    this.#canvas = canvas;
    this.#ctx = ctx;
    this.clear();
  }

  /** Paints the canvas black. */
  clear(): void {
    this.#ctx.fillStyle = '#000';
    this.#ctx.fillRect(0, 0, this.#canvas.width, this.#canvas.height);
  }

  /** Shows a whole log-mel matrix, stretched to the canvas, its colour range from the 2nd to the 99.5th percentile. */
  showMatrix(matrix: Matrix): void {
    const { data, numFrames, numBins } = matrix;
    if (numFrames === 0) return this.clear();
    const [lo, hi] = range(data);
    const image = this.#ctx.createImageData(numFrames, numBins);
    for (let t = 0; t < numFrames; t++) {
      for (let b = 0; b < numBins; b++) {
        const c = colorIndex(data[t * numBins + b] as number, lo, hi) * 3;
        const p = ((numBins - 1 - b) * numFrames + t) * 4;
        image.data[p] = COLORMAP[c] as number;
        image.data[p + 1] = COLORMAP[c + 1] as number;
        image.data[p + 2] = COLORMAP[c + 2] as number;
        image.data[p + 3] = 255;
      }
    }
    const off = new OffscreenCanvas(numFrames, numBins);
    off.getContext('2d')?.putImageData(image, 0, 0);
    this.#ctx.imageSmoothingEnabled = false;
    this.#ctx.drawImage(off, 0, 0, this.#canvas.width, this.#canvas.height);
  }

  /**
   * Scrolls the picture one column to the left and draws `column` (values in dB, bottom row first) at the right.
   * @param column one value per row, low frequency first.
   * @param lo value drawn darkest. @param hi value drawn brightest.
   */
  pushColumn(column: Float32Array, lo: number, hi: number): void {
    const { width, height } = this.#canvas;
    this.#ctx.drawImage(this.#canvas, 1, 0, width - 1, height, 0, 0, width - 1, height);
    const image = this.#ctx.createImageData(1, height);
    for (let y = 0; y < height; y++) {
      const row = Math.floor(((height - 1 - y) / height) * column.length);
      const c = colorIndex(column[row] as number, lo, hi) * 3;
      image.data[y * 4] = COLORMAP[c] as number;
      image.data[y * 4 + 1] = COLORMAP[c + 1] as number;
      image.data[y * 4 + 2] = COLORMAP[c + 2] as number;
      image.data[y * 4 + 3] = 255;
    }
    this.#ctx.putImageData(image, width - 1, 0);
  }
}

function range(data: Float32Array): [number, number] {
  const sorted = Float32Array.from(data).sort();
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return [at(0.02), at(0.995)];
}
