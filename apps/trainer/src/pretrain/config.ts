import { z } from 'zod';
import { PRESETS, runConfigSchema } from '../config/schema.js';
import { ConfigError } from '../errors.js';

const positiveInt = z.number().int().positive();

/**
 * The configuration of `spectromix pretrain`: masked spectrogram patch modelling in the manner of SSAST (Gong et al.
 * 2022) on unlabelled audio. Every default is in {@link DEFAULT_PRETRAIN_CONFIG} with its reason.
 */
export const pretrainConfigSchema = z.strictObject({
  data: z.strictObject({
    /** Dataset folders; every audio file under them is used (RAVDESS, FSDD and Speech Commands layouts keep their speakers). */
    roots: z.array(z.string().min(1)).min(1, 'give at least one --data <folder>'),
    /** Speakers whose clips are left out entirely (e.g. a RAVDESS fold's test actors). */
    excludeSpeakers: z.array(z.string().min(1)),
    /** Share of the clips held out to measure the pretraining loss (never trained on). */
    validation: z.number().gt(0).lt(1),
    targetLength: z.number().int().min(26).max(4096),
    sampleRate: z.number().int().min(1000).max(192000),
    normalization: z.strictObject({ mean: z.number(), std: z.number().positive() }).nullable(),
    speakerNormalization: z.enum(['none', 'mean-per-bin']),
    cacheDir: z.string().min(1).nullable(),
    workers: z.number().int().min(0).max(256).nullable(),
  }),
  model: z.strictObject({
    preset: z.enum(PRESETS),
    hermit: z.boolean(),
    roll: z.boolean(),
    dropPath: z.number().min(0).lt(1),
  }),
  mask: z.strictObject({
    /** Share of the patches masked in every clip (rounded to a whole number of patches, the same count in each clip). */
    ratio: z.number().gt(0).lt(1),
    /** Masked patches come in squares of side `min..max` patches (SSAST's cluster masking), or one by one (null). */
    cluster: z.strictObject({ min: positiveInt, max: positiveInt }).refine((c) => c.min <= c.max, 'cluster.min must not exceed cluster.max').nullable(),
    /** `input`: the masked patches' pixels are set to 0 (the normalised mean) and their tokens replaced by the mask embedding; `token`: the token only. */
    hide: z.enum(['input', 'token']),
  }),
  loss: z.strictObject({
    /** Weight of the generative loss (MSE of the masked patches' values). */
    generative: z.number().min(0),
    /** Weight of the discriminative loss (InfoNCE: pick each masked patch among the clip's masked patches). */
    discriminative: z.number().min(0),
  }).refine((l) => l.generative + l.discriminative > 0, 'at least one loss weight must be positive'),
  optimizer: z.strictObject({
    lr: z.number().positive().max(10),
    betas: z.tuple([z.number().min(0).lt(1), z.number().min(0).lt(1)]),
    eps: z.number().min(0).max(1),
    weightDecay: z.number().min(0).max(10),
  }),
  schedule: z.strictObject({ warmupSteps: z.number().int().min(0), minLr: z.number().min(0) }),
  train: z.strictObject({ epochs: positiveInt.max(100000), batchSize: positiveInt.max(65536) }),
  // Checkpointing and the run's folder, seed and backend mean what they mean for `train`.
  checkpoint: runConfigSchema.shape.checkpoint,
  run: runConfigSchema.shape.run,
});

/** The validated pretraining configuration (plain JSON, stored in every checkpoint). */
export type PretrainConfig = z.infer<typeof pretrainConfigSchema>;

/**
 * Defaults of `spectromix pretrain`, each with its reason. SSAST's recipe (its `run_mask_patch.sh` and
 * `traintest_mask.py`): 400 of 512 patches masked in clusters, loss = InfoNCE + 10 x MSE, Adam lr 1e-4 with betas
 * (0.95, 0.999) and weight decay 5e-7, 1000 warm-up steps, batch 24, no SpecAugment or mixup, 10 epochs of 4000 steps.
 */
export const DEFAULT_PRETRAIN_CONFIG: Omit<PretrainConfig, 'data'> & { data: Omit<PretrainConfig['data'], 'roots'> } = {
  data: {
    excludeSpeakers: [], // nothing left out unless asked (the README says when to leave out test speakers)
    validation: 0.1, // a tenth of the clips: enough (hundreds of clips) to see the held-out loss move, most of the audio still trains
    targetLength: 128, // train's default; pass the fine-tuning recipe's length (--recipe ravdess: 512), the token MLPs are sized by it
    sampleRate: 16000, // the model contract's rate
    normalization: null, // null: mean/std of the training clips' padded features, as train computes them (AST's get_norm_stats)
    speakerNormalization: 'none', // train's default; set it as the fine-tuning run does, so the encoder sees the same inputs
    cacheDir: null, // null: the feature cache train uses ($SPECTROMIX_CACHE/features or ~/.cache/spectromix/features)
    workers: null, // null: one feature-extraction worker per core
  },
  model: {
    preset: 'asm-rh-tiny', // the CPU-sized preset, train's default
    hermit: true, // the paper's model; must match the fine-tuning run's switches for the weights to load
    roll: true, // idem
    dropPath: 0, // train's default (the paper reports no stochastic depth)
  },
  mask: {
    ratio: 0.75, // SSAST hides 78% of the spectrogram (400 of 512 non-overlapping patches); ours overlap (16 wide every 10): 0.75 in clusters hides 79% (0.5: 57%; masking.test.ts measures it at 512 frames)
    cluster: { min: 3, max: 5 }, // SSAST's cluster masking (squares of 3-5 patches): neighbouring patches cannot give a masked one away
    hide: 'input', // overlapping patches would show 60% of a masked patch's pixels through its neighbours; SSAST avoids overlap in pretraining, a Mixer cannot change its grid, so the pixels go
  },
  loss: {
    generative: 10, // SSAST's joint objective: loss = mpc + 10 * mpg
    discriminative: 1, // idem
  },
  optimizer: {
    lr: 1e-4, // SSAST's pretraining rate
    betas: [0.95, 0.999], // SSAST's (and AST's) Adam betas
    eps: 1e-8, // torch's default
    weightDecay: 5e-7, // SSAST's (L2, coupled, as torch.optim.Adam)
  },
  schedule: {
    warmupSteps: 100, // SSAST warms up over 1000 of ~40k steps; our runs are about 1k steps, so a tenth of that
    minLr: 0, // cosine to zero over the run in place of SSAST's ReduceLROnPlateau (short runs have too few evaluations for a plateau rule)
  },
  train: {
    epochs: 10, // SSAST's 10 (its epochs are 4000 steps; ours are one pass over the clips)
    batchSize: 32, // train's batch: fits a 2-core CPU's cache and a browser GPU (SSAST: 24)
  },
  checkpoint: {
    everySteps: 0, // at the end of every epoch, as train
    keepLast: 3, // as train
  },
  run: {
    out: 'runs', // as train: runs go to <out>/<name>/
    name: null, // null: pretrain-<preset>-<UTC time>
    seed: 0, // one seed for the weights, the held-out share, the data order and every mask
    backend: 'auto', // as train
  },
};

/** The presets pretraining accepts: ASM-RH with the contract's 16x16 patch embedding. */
export const PATCH_PRESETS = ['asm-rh-tiny', 'asm-rh-small', 'asm-rh-base'] as const;

/** A preset with the contract's patch embedding. */
export type PatchPreset = (typeof PATCH_PRESETS)[number];

/**
 * The preset, checked to cut its input into patches, which masked patch modelling needs.
 * @throws ConfigError for the conv-stem preset and the CNN, naming the presets that work.
 */
export function patchPreset(preset: PretrainConfig['model']['preset']): PatchPreset {
  if ((PATCH_PRESETS as readonly string[]).includes(preset)) return preset as PatchPreset;
  const why = preset === 'cnn' ? 'the CNN baseline has no tokens to mask' : `${preset} embeds its input with a convolutional stem, so its tokens are not 16x16 patches whose values could be predicted`;
  throw new ConfigError(`pretrain masks 16x16 spectrogram patches, but ${why}. Use --model ${PATCH_PRESETS.join(' | ')}.`);
}
