import { createModel, type AsmRhModel } from '@spectromix/asm-rh';
import type { RunConfig } from '../config/schema.js';

/** Creates the run's model: the configured preset for `numClasses` classes, seeded with the run seed. */
export function buildModel(config: RunConfig, numClasses: number): AsmRhModel {
  return createModel(config.model.preset, {
    numClasses,
    targetLength: config.data.targetLength,
    hermit: config.model.hermit,
    roll: config.model.roll,
    dropPath: config.model.dropPath,
    seed: config.run.seed,
  });
}
