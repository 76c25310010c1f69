import { TensorflowBackendMissingError } from '../backend-types.js';

/** Loads `@tensorflow/tfjs-node-gpu`, else `@tensorflow/tfjs-node`; throws a typed error when neither loads. */
export async function loadTensorflow(): Promise<Record<string, string | number | boolean>> {
  const causes: string[] = [];
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      await import(/* @vite-ignore */ pkg);
      return { package: pkg };
    } catch (error) {
      causes.push(`${pkg}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  }
  throw new TensorflowBackendMissingError(causes);
}
