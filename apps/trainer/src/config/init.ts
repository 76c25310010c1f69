import { z } from 'zod';

/** Layouts `model.init` reads: `auto` tells them apart by their tensor names. */
export const INIT_KINDS = ['auto', 'timm-mixer', 'spectromix'] as const;

/**
 * `model.init`: weights a run starts from instead of the contract's initialisation (null). Defaults: `kind: 'auto'`
 * because the two layouts never share a tensor name (`stem.proj.weight` vs `patch_embed.proj.weight`);
 * `patchChannels: 'sum'` because a grey spectrogram fed to an RGB network is R = G = B, which summed kernels
 * reproduce (AST's choice).
 */
export const initSchema = z
  .strictObject({
    /** A safetensors file: timm's MLP-Mixer state dict, or weights saved by spectromix (an export's model.safetensors). */
    path: z.string().min(1),
    kind: z.enum(INIT_KINDS).default('auto'),
    patchChannels: z.enum(['sum', 'luma']).default('sum'),
  })
  .nullable();

/** The validated `model.init`. */
export type InitConfig = z.infer<typeof initSchema>;
