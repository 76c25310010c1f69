import { MixerError, type ShapeMismatch } from '@spectromix/mixer';

/** Base class of every error `@spectromix/asm-rh` throws (itself a `MixerError`). */
export class AsmRhError extends MixerError {
  override name = 'AsmRhError';
}

/** `createModel` was given a preset name the registry does not have. */
export class UnknownPresetError extends AsmRhError {
  override name = 'UnknownPresetError';
  /** @param preset the name given. @param available the registered names. */
  constructor(
    readonly preset: string,
    readonly available: readonly string[],
  ) {
    super(`Unknown ASM-RH preset '${preset}'. Available presets: ${available.join(', ')} (or pass a custom { dim, depth, tokenMlpDim, channelMlpDim }).`);
  }
}

/** A model option or config value is invalid, or values cannot work together. */
export class AsmRhConfigError extends AsmRhError {
  override name = 'AsmRhConfigError';
}

/** The input of `forward` has the wrong rank or size along one dimension. */
export class AsmRhInputError extends AsmRhError {
  override name = 'AsmRhInputError';
  /**
   * @param dimension which dimension is wrong, in words.
   * @param expected what the model needs there.
   * @param got what was given.
   * @param hint what to do about it.
   */
  constructor(
    readonly dimension: string,
    readonly expected: number | string,
    readonly got: number | string,
    hint: string,
  ) {
    super(`ASM-RH input: ${dimension} is ${got}, expected ${expected}. ${hint}`);
  }
}

/** A weight file does not fit the model: tensors missing, unexpected, or of another shape. Nothing was loaded. */
export class WeightsMismatchError extends AsmRhError {
  override name = 'WeightsMismatchError';
  /**
   * @param missing tensor names the model needs that the file lacks.
   * @param unexpected tensor names in the file the model does not have.
   * @param mismatched tensors of another shape (PyTorch layout).
   * @param modelDescription the model's configuration in words, for the message.
   * @param savedFor what the file's metadata says it was saved for, when it says.
   */
  constructor(
    readonly missing: readonly string[],
    readonly unexpected: readonly string[],
    readonly mismatched: readonly ShapeMismatch[],
    modelDescription: string,
    savedFor?: string,
  ) {
    super(describe(missing, unexpected, mismatched, modelDescription, savedFor));
  }
}

function describe(missing: readonly string[], unexpected: readonly string[], mismatched: readonly ShapeMismatch[], model: string, savedFor?: string): string {
  const list = (names: readonly string[]): string => (names.length <= 6 ? names.join(', ') : `${names.slice(0, 6).join(', ')} and ${names.length - 6} more`);
  const parts: string[] = [];
  for (const m of mismatched.slice(0, 6)) parts.push(`tensor '${m.name}' has shape [${m.got.join(', ')}], expected [${m.expected.join(', ')}]`);
  if (mismatched.length > 6) parts.push(`${mismatched.length - 6} more tensors of another shape`);
  if (missing.length > 0) parts.push(`missing ${missing.length} tensor(s): ${list(missing)}`);
  if (unexpected.length > 0) parts.push(`unexpected ${unexpected.length} tensor(s): ${list(unexpected)}`);
  const origin = savedFor == null ? '' : ` The file says it was saved for ${savedFor}.`;
  return `These weights do not fit ${model}: ${parts.join('; ')}.${origin} Create the model with the preset, targetLength, numClasses and hermit/roll switches the weights were trained with.`;
}

/**
 * A file given to `importTimmMixer` is not a timm MLP-Mixer state dict that fits the model: tensors missing or of
 * another shape. The message says what was expected (shapes in PyTorch layout) and how to fix it.
 */
export class TimmLayoutError extends AsmRhError {
  override name = 'TimmLayoutError';
  /**
   * @param missing timm tensor names the import needs that the source lacks.
   * @param mismatched timm tensors of another shape than the model needs (`expected` may name a choice, e.g. `3 or 1`).
   * @param modelDescription the model's configuration in words.
   */
  constructor(
    readonly missing: readonly string[],
    readonly mismatched: readonly { readonly name: string; readonly expected: string; readonly got: readonly number[] }[],
    modelDescription: string,
  ) {
    const parts: string[] = [];
    for (const m of mismatched.slice(0, 6)) parts.push(`'${m.name}' has shape [${m.got.join(', ')}], expected ${m.expected}`);
    if (mismatched.length > 6) parts.push(`${mismatched.length - 6} more tensors of another shape`);
    if (missing.length > 0) parts.push(`missing ${missing.length} tensor(s): ${missing.slice(0, 6).join(', ')}${missing.length > 6 ? ` and ${missing.length - 6} more` : ''}`);
    super(
      `This is not a timm MLP-Mixer state dict that fits ${modelDescription}: ${parts.join('; ')}. ` +
        "importTimmMixer reads timm's MlpMixer layout (stem.proj, blocks.{i}.norm1 / mlp_tokens / norm2 / mlp_channels, norm), e.g. " +
        "timm.create_model('mixer_b16_224', pretrained=True).state_dict() saved as safetensors; its width, token-MLP and channel-MLP hidden sizes must equal the model's (mixer_b16_224 fits asm-rh-base).",
    );
  }
}
