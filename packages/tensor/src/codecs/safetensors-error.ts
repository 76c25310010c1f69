import { SpectromixTensorError } from '../backend-types.js';

/** A safetensors file (or the tensors given to the writer) is malformed or unsupported. */
export class SafetensorsError extends SpectromixTensorError {
  override name = 'SafetensorsError';
  /**
   * @param problem what is wrong and what was expected.
   * @param tensor the tensor concerned, when the problem is about one tensor.
   */
  constructor(
    problem: string,
    readonly tensor?: string,
  ) {
    super(tensor == null ? `Invalid safetensors data: ${problem}` : `Invalid safetensors data: tensor '${tensor}': ${problem}`);
  }
}
