import type { RunConfig } from './schema.js';

/**
 * The bottom layer of every run's configuration (then recipe, config file, flags). Each default is the
 * paper's or AST's choice unless its comment says otherwise.
 */
export const DEFAULT_CONFIG: RunConfig = {
  model: {
    preset: 'asm-rh-tiny', // the CPU-sized preset: trains in minutes on two cores; recipes pick the paper's size
    hermit: true, // the paper's Hermit-frequency mixing branch (off: the ASM ablation)
    roll: true, // the paper's Roll-Time mixing (off: the ASM ablation)
    dropPath: 0, // the paper reports no stochastic depth
    init: null, // the contract's initialisation; { path } starts from pretrained weights (timm's ImageNet mixer_b16_224, as AST and ASM start from ImageNet)
  },
  data: {
    dataset: 'synthetic', // the embedded dataset: runs offline with no files
    root: null, // null: $SPECTROMIX_DATA or ../shared/datasets next to the repo, plus the dataset's folder name
    targetLength: 128, // AST's Speech Commands length (1.28 s of 10 ms frames); 512 for UrbanSound8K and RAVDESS
    sampleRate: 16000, // the model contract's rate
    split: { kind: 'official' }, // the publisher's split where one exists
    normalization: null, // null: mean/std of the padded training features (AST's get_norm_stats)
    speakerNormalization: 'none', // AST's features; 'mean-per-bin' removes each speaker's mean per mel bin (Kaldi's per-speaker CMN)
    speakerRate: 'none', // AST's features; 'normalize' scales each speaker's clips in time to a common speaking rate
    cacheDir: null, // null: $SPECTROMIX_CACHE/features or ~/.cache/spectromix/features
    workers: null, // null: one feature-extraction worker per core
    synthetic: { train: 100, validation: 10, test: 25 }, // embedded dataset clips per class and subset (6 classes)
  },
  augment: {
    freqm: 0, // SpecAugment frequency mask width (AST: 48 Speech Commands, 24 ESC-50); off by default
    timem: 0, // SpecAugment time mask width (AST: 48 Speech Commands, 96 ESC-50); off by default
    mixup: null, // AST's feature mixup (Speech Commands: prob 0.6, Beta(10, 10)); off by default
    timeRoll: false, // AST's random time roll ("noise" option); off by default
    noise: 0, // AST's uniform feature noise amplitude ("noise" option: 0.1); off by default
    freqShift: 0, // random shift along the mel axis in bins (not in AST; helps across speakers); off by default
    gainDb: 0, // random level change in dB (not in AST; recordings differ in level); off by default
    speed: null, // speed perturbation (Ko et al.; not in AST): { factors } (default [0.9, 1, 1.1]), one cached feature copy per factor; off by default (extraction x3, once)
    vtlp: null, // vocal-tract-length perturbation (Jaitly & Hinton; not in AST): { alpha: [0.9, 1.1], count: 5 }, the exact warped filter bank cached per factor; off by default
  },
  optimizer: {
    kind: 'adam', // AST's optimiser
    lr: 2.5e-4, // the paper's and AST's Speech Commands learning rate
    betas: [0.95, 0.999], // AST's betas
    eps: 1e-8, // torch's default
    weightDecay: 5e-7, // AST's (L2, coupled)
  },
  schedule: { kind: 'ast', start: 5, step: 1, gamma: 0.85, interval: 'epoch' }, // the paper: lr for 5 epochs, then x0.85 per epoch
  train: {
    epochs: 30, // AST's Speech Commands budget
    batchSize: 32, // fits a 2-core CPU's cache and a browser GPU; AST uses 128 on 4 GPUs
    loss: 'softmax-ce', // single-label classification; AST uses BCE with mixup on Speech Commands
    labelSmoothing: 0, // torch's default
    clipGradNorm: null, // AST does not clip
    selectMetric: 'accuracy', // AST's main metric for single-label sets
    testEachEpoch: false, // one test pass per epoch costs time on large test sets; on, kfold reports the test at the epoch validation picked
    balanced: false, // each clip once per epoch
    precision: 'fp32', // until a mixed run matches fp32's accuracy within a point on FSDD and a RAVDESS fold (issue 18); 'mixed' needs f16 matmuls (WebGPU with subgroup matrices)
    distill: null, // no teacher (AST); { teacher: <run folder>, alpha, temperature, kind } adds DeiT's distillation loss
    average: null, // AST keeps the best epoch; { kind: 'best' | 'last', k } averages k epochs' weights, kept only when it validates at least as well
  },
  checkpoint: {
    everySteps: 0, // 0: a checkpoint at the end of every epoch only
    keepLast: 3, // enough to step back from a bad epoch without filling the disk
  },
  run: {
    out: 'runs', // runs go to <out>/<name>/
    name: null, // null: <dataset>-<preset>-<UTC time>
    seed: 0, // one seed for the weights, the data order and every augmentation
    backend: 'auto', // webgpu on a real GPU, else wasm (the fastest CPU backend here, see the README)
  },
};
