import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Shape of fixtures/reference.json (written by scripts/make_fixtures.py). Test helper only. */
export interface Reference {
  optimisers: {
    name: string;
    kind: 'adam' | 'adamw';
    lr: number;
    betas: [number, number];
    eps: number;
    weightDecay: number;
    clip: number | null;
    x: number[];
    y: number[];
    init: { w: number[]; b: number[] };
    steps: {
      loss: number;
      grads: { w: number[]; b: number[] };
      totalNorm: number | null;
      w: number[];
      b: number[];
      expAvg: { w: number[]; b: number[] };
      expAvgSq: { w: number[]; b: number[] };
    }[];
  }[];
  losses: { logits: number[]; shape: [number, number]; hard: number[]; soft: number[]; multi: number[]; cases: { name: string; value: number; grad: number[] }[] };
  schedules: Record<string, { lr: number; start: number; step: number; gamma: number; lrs: number[] }>;
  metrics: {
    n: number;
    k: number;
    labels: number[];
    scores: number[];
    accuracy: number;
    auc: number[];
    macroAuc: number;
    ap: number[];
    mAP: number;
    confusion: number[][];
    precision: number[];
    recall: number[];
    f1: number[];
  };
}

/** Loads the committed PyTorch/numpy reference values. */
export function loadReference(): Reference {
  return JSON.parse(readFileSync(fileURLToPath(new URL('../../fixtures/reference.json', import.meta.url)), 'utf8')) as Reference;
}
