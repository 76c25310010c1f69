import { createModel, type AsmRhModel } from '@spectromix/asm-rh';
import type { RunConfig } from '../config/schema.js';
import { CNN_CHANNELS, CnnClassifier } from './cnn.js';

/** A model the trainer trains, exports and loads: ASM-RH, or the plain CNN baseline (`--model cnn`). */
export type RunModel = AsmRhModel | CnnClassifier;

/**
 * Creates the run's model for `numClasses` classes, seeded with the run seed: the configured ASM-RH preset, or
 * the CNN baseline for preset `cnn` (which has no Hermit, roll or DropPath; those switches do not apply to it).
 */
export function buildModel(config: RunConfig, numClasses: number): RunModel {
  if (config.model.preset === 'cnn') {
    return new CnnClassifier({ kind: 'cnn', preset: 'cnn', channels: [...CNN_CHANNELS], numClasses, targetLength: config.data.targetLength, seed: config.run.seed });
  }
  return createModel(config.model.preset, {
    numClasses,
    targetLength: config.data.targetLength,
    hermit: config.model.hermit,
    roll: config.model.roll,
    dropPath: config.model.dropPath,
    seed: config.run.seed,
  });
}
