import * as tf from '@spectromix/tensor';
import { ASM_RH_INPUT, createModel, type AsmRhModel } from '@spectromix/asm-rh';
import { Linear, Module, beginInitScope, endInitScope, normalInit } from '@spectromix/mixer';
import type { PretrainConfig } from './config.js';
import { patchPreset } from './config.js';
import type { PatchGeometry } from './masking.js';

/** SSAST's prediction head: `Linear(D, D)`, ReLU, `Linear(D, P*P)`, one prediction of a patch's values per token. */
export class PredictionHead extends Module {
  /** First layer, `D -> D`. */
  readonly fc1: Linear;
  /** Second layer, `D -> P*P`. */
  readonly fc2: Linear;

  /** @param dim token width D; @param values values per patch (16 x 16 = 256). */
  constructor(dim: number, values: number) {
    super();
    this.fc1 = this.registerModule('fc1', new Linear(dim, dim));
    this.fc2 = this.registerModule('fc2', new Linear(dim, values));
  }

  /** `[..., D]` -> `[..., P*P]`. */
  forward(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.fc2.forward(tf.relu(this.fc1.forward(x))));
  }
}

/** One masked batch as tensors (see `maskBatch`); the caller disposes them. */
export interface MaskedBatchTensors {
  /** Encoder input `[B, T, mel]` (masked pixels hidden when `mask.hide` is `input`). */
  readonly input: tf.Tensor3D;
  /** `[B, N, 1]`: 1 at masked tokens. */
  readonly tokenMask: tf.Tensor3D;
  /** `[B, M, N]` one-hot rows selecting the masked tokens. */
  readonly select: tf.Tensor3D;
  /** `[B, M, P*P]` the masked patches' values. */
  readonly target: tf.Tensor3D;
}

/** The terms of the pretraining loss of one batch (scalars, owned by the caller). */
export interface PretrainLossTerms {
  /** `generative * mse + discriminative * nce`: what the optimiser minimises. */
  readonly loss: tf.Scalar;
  /** Mean squared error of the predicted masked patches' values. */
  readonly mse: tf.Scalar;
  /** InfoNCE: mean over masked patches of minus the log-probability of picking the right prediction among the clip's. */
  readonly nce: tf.Scalar;
  /** Masked patches (over the batch) whose best-scoring prediction is their own. */
  readonly correct: tf.Scalar;
}

/**
 * Masked spectrogram patch modelling around an ASM-RH encoder, in the manner of SSAST: the patch embedding of the
 * (masked) input, the masked tokens replaced by a learned mask embedding (a Mixer keeps every token: its token MLPs
 * need the full grid), the encoder's blocks and final norm, then two heads on the masked tokens only: a generative
 * one predicting the patch's values (MSE) and a discriminative one whose prediction must pick the patch among the
 * clip's masked patches (InfoNCE). Parameter names: `encoder.*` (the ASM-RH model's own), `mask_embed`,
 * `gen_head.*`, `disc_head.*`. The encoder's classifier head is not trained (nothing reads it).
 */
export class MaskedPatchModel extends Module {
  /** The ASM-RH model whose weights pretraining produces. */
  readonly encoder: AsmRhModel;
  /** The learned embedding of a masked token, `[D]`. */
  readonly maskEmbed: tf.Variable;
  /** Generative head. */
  readonly genHead: PredictionHead;
  /** Discriminative head. */
  readonly discHead: PredictionHead;
  /** Where the encoder's patches lie in its input. */
  readonly geometry: PatchGeometry;

  /**
   * @param config the pretraining configuration (model switches, target length, seed, loss weights).
   * @throws ConfigError for a preset without patches (conv stem, CNN).
   */
  constructor(readonly config: Pick<PretrainConfig, 'model' | 'loss'> & { readonly data: Pick<PretrainConfig['data'], 'targetLength'>; readonly run: Pick<PretrainConfig['run'], 'seed'> }) {
    super();
    const preset = patchPreset(config.model.preset);
    this.encoder = this.registerModule(
      'encoder',
      createModel(preset, { numClasses: 1, targetLength: config.data.targetLength, hermit: config.model.hermit, roll: config.model.roll, dropPath: config.model.dropPath, seed: config.run.seed }),
    );
    const dim = this.encoder.config.dim;
    const values = ASM_RH_INPUT.patchSize * ASM_RH_INPUT.patchSize;
    // The pretraining parts draw from their own seed, so the encoder starts exactly as `train` would start it.
    beginInitScope(config.run.seed + 1);
    try {
      // SSAST: xavier-normal on a [1, 1, D] tensor, i.e. std sqrt(2 / (1 + D)).
      this.maskEmbed = this.registerParameter('mask_embed', normalInit([dim], Math.sqrt(2 / (1 + dim))));
      this.genHead = this.registerModule('gen_head', new PredictionHead(dim, values));
      this.discHead = this.registerModule('disc_head', new PredictionHead(dim, values));
    } finally {
      endInitScope();
    }
    this.geometry = { grid: this.encoder.grid, patchSize: ASM_RH_INPUT.patchSize, stride: ASM_RH_INPUT.patchStride, numBins: ASM_RH_INPUT.numMelBins };
  }

  /** Every parameter but the encoder's classifier head, which pretraining never reads. */
  override trainableParameters(): Map<string, tf.Variable> {
    return new Map([...super.trainableParameters()].filter(([name]) => !name.startsWith('encoder.head.')));
  }

  /** Patch tokens `[B, N, D]` with every masked one (`tokenMask` `[B, N, 1]` is 1) replaced by the mask embedding. */
  maskTokens(tokens: tf.Tensor3D, tokenMask: tf.Tensor3D): tf.Tensor3D {
    return tf.tidy(() => tf.add(tf.mul(tokens, tf.sub(1, tokenMask)), tf.mul(tokenMask, this.maskEmbed)) as tf.Tensor3D);
  }

  /** Encoder tokens `[B, N, D]` after the final norm, the masked tokens replaced by the mask embedding at the input of the blocks. */
  encode(input: tf.Tensor3D, tokenMask: tf.Tensor3D): tf.Tensor3D {
    return tf.tidy(() => this.encoder.norm.forward(this.encoder.blocks.forward(this.maskTokens(this.encoder.patchEmbed.forward(input) as tf.Tensor3D, tokenMask))) as tf.Tensor3D);
  }

  /** The loss terms of encoder tokens `[B, N, D]` (see {@link maskedPatchLoss}). */
  lossOf(features: tf.Tensor3D, batch: Pick<MaskedBatchTensors, 'select' | 'target'>): PretrainLossTerms {
    return maskedPatchLoss(features, batch, this.genHead, this.discHead, this.config.loss);
  }

  /** Forward pass and loss of a masked batch (training mode as the module's). */
  loss(batch: MaskedBatchTensors): PretrainLossTerms {
    const features = this.encode(batch.input, batch.tokenMask);
    try {
      return this.lossOf(features, batch);
    } finally {
      features.dispose();
    }
  }

  /** The encoder's tokens of an unmasked input (`Module.forward`): `[B, T, mel]` -> `[B, N, D]`. */
  forward(x: tf.Tensor): tf.Tensor {
    return this.encoder.forwardFeatures(x);
  }
}

/**
 * The pretraining loss on the masked tokens only: `select` (`[B, M, N]`, one-hot rows) picks the M masked tokens
 * of each clip out of `features` (`[B, N, D]`), so nothing at a visible token reaches the loss. The generative head
 * predicts each masked patch's values (mean squared error against `target`, `[B, M, P*P]`); the discriminative
 * head's predictions score every masked patch of the clip (`target_i . pred_j`), and InfoNCE asks each patch to
 * score its own prediction highest (SSAST's `mpc`: log-softmax over the clip's predictions, the diagonal averaged).
 */
export function maskedPatchLoss(
  features: tf.Tensor3D,
  batch: Pick<MaskedBatchTensors, 'select' | 'target'>,
  genHead: PredictionHead,
  discHead: PredictionHead,
  weights: PretrainConfig['loss'],
): PretrainLossTerms {
  return tf.tidy(() => {
    const masked = tf.matMul(batch.select, features);
    const mse = tf.mean(tf.squaredDifference(genHead.forward(masked), batch.target)) as tf.Scalar;
    const scores = tf.matMul(batch.target, discHead.forward(masked) as tf.Tensor3D, false, true);
    const m = scores.shape[1] as number;
    const logp = tf.logSoftmax(scores);
    const eye = tf.eye(m);
    const nce = tf.neg(tf.div(tf.sum(tf.mul(logp, eye)), scores.shape[0] * m)) as tf.Scalar;
    const correct = tf.sum(tf.cast(tf.equal(tf.argMax(scores, -1), tf.range(0, m, 1, 'int32')), 'float32')) as tf.Scalar;
    const loss = tf.add(tf.mul(mse, weights.generative), tf.mul(nce, weights.discriminative)) as tf.Scalar;
    return { loss, mse, nce, correct };
  });
}
