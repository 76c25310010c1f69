import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@spectromix/tensor';
import type { FuzzTarget } from '../src/harness.js';
import { checkpointSeed, checkpointTarget, classifierTargets, decoderTargets, exportSeed, safetensorsTarget } from '../src/targets.js';

/** Every target of the campaign (16 real clips per audio format), on the cpu backend. */
export async function allTargets(): Promise<FuzzTarget[]> {
  await tf.setBackend('cpu');
  return [...decoderTargets(16), safetensorsTarget(), checkpointTarget(await checkpointSeed()), ...classifierTargets(await exportSeed())];
}
