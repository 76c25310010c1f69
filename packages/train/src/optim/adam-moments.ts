import * as tf from '@spectromix/tensor';

/** Separate moment tensors of one parameter, each shaped like it. */
export interface SeparateMoments {
  /** Running average of the gradient (torch's `exp_avg`). */
  readonly expAvg: tf.Tensor;
  /** Running average of the squared gradient (torch's `exp_avg_sq`). */
  readonly expAvgSq: tf.Tensor;
}

/**
 * One parameter's Adam moments, held in the layout the update that last wrote them uses: two tensors shaped like
 * the parameter (the tfjs-ops update), or one packed `[exp_avg | exp_avg_sq]` vector of `2 n` values (the fused
 * WebGPU update). Each accessor converts on demand (once, when the update in use changes) and before the first
 * step the moments are zeros without any tensor. The tensors are owned here and kept out of `tf.tidy` scopes.
 */
export class AdamMoments {
  private separateTensors: SeparateMoments | null = null;
  private packedTensor: tf.Tensor1D | null = null;

  /** @param shape the parameter's shape. */
  constructor(readonly shape: readonly number[]) {}

  /** Moments from separate tensors shaped like the parameter; takes ownership of them. */
  static fromSeparate(shape: readonly number[], expAvg: tf.Tensor, expAvgSq: tf.Tensor): AdamMoments {
    const moments = new AdamMoments(shape);
    moments.setSeparate(expAvg, expAvgSq);
    return moments;
  }

  private get size(): number {
    return tf.util.sizeFromShape([...this.shape]);
  }

  /** The moments as two tensors shaped like the parameter (owned here: do not dispose). */
  separate(): SeparateMoments {
    if (this.separateTensors == null) {
      const packed = this.packedTensor;
      const n = this.size;
      const shape = [...this.shape];
      this.separateTensors = tf.tidy(() =>
        packed == null
          ? { expAvg: tf.keep(tf.zeros(shape)), expAvgSq: tf.keep(tf.zeros(shape)) }
          : { expAvg: tf.keep(tf.reshape(tf.slice(packed, [0], [n]), shape)), expAvgSq: tf.keep(tf.reshape(tf.slice(packed, [n], [n]), shape)) },
      );
      packed?.dispose();
      this.packedTensor = null;
    }
    return this.separateTensors;
  }

  /** The moments as one `[2 n]` vector, `exp_avg` then `exp_avg_sq` (owned here: do not dispose). */
  packed(): tf.Tensor1D {
    if (this.packedTensor == null) {
      const separate = this.separateTensors;
      const n = this.size;
      this.packedTensor = tf.tidy(() =>
        tf.keep(separate == null ? tf.zeros([2 * n]) : tf.concat([tf.reshape(separate.expAvg, [n]), tf.reshape(separate.expAvgSq, [n])])),
      ) as tf.Tensor1D;
      if (separate != null) tf.dispose([separate.expAvg, separate.expAvgSq]);
      this.separateTensors = null;
    }
    return this.packedTensor;
  }

  /** Replaces the moments by two tensors shaped like the parameter; takes ownership (and keeps them from tidy). */
  setSeparate(expAvg: tf.Tensor, expAvgSq: tf.Tensor): void {
    tf.keep(expAvg);
    tf.keep(expAvgSq);
    this.dispose();
    this.separateTensors = { expAvg, expAvgSq };
  }

  /** Replaces the moments by a packed `[2 n]` vector; takes ownership (and keeps it from tidy). */
  setPacked(packed: tf.Tensor): void {
    tf.keep(packed);
    this.dispose();
    this.packedTensor = packed as tf.Tensor1D;
  }

  /** New copies of `exp_avg` and `exp_avg_sq` shaped like the parameter, in any layout (the caller owns them). */
  copies(): [tf.Tensor, tf.Tensor] {
    const shape = [...this.shape];
    const n = this.size;
    const separate = this.separateTensors;
    const packed = this.packedTensor;
    return tf.tidy(() => {
      if (separate != null) return [tf.clone(separate.expAvg), tf.clone(separate.expAvgSq)];
      if (packed != null) return [tf.reshape(tf.slice(packed, [0], [n]), shape), tf.reshape(tf.slice(packed, [n], [n]), shape)];
      return [tf.zeros(shape), tf.zeros(shape)];
    });
  }

  /** Frees the tensors; the moments read as zeros afterwards. */
  dispose(): void {
    if (this.separateTensors != null) tf.dispose([this.separateTensors.expAvg, this.separateTensors.expAvgSq]);
    this.packedTensor?.dispose();
    this.separateTensors = null;
    this.packedTensor = null;
  }
}
