import * as tf from '@spectromix/tensor';
import { readSafetensors, type SafetensorsInput } from '@spectromix/tensor/codecs';
import { ASM_RH_INPUT, validateConfig, type AsmRhConfig } from './config.js';
import { TimmLayoutError } from './errors.js';
import type { AsmRhModel } from './model.js';
import { resizeBilinear, transpose2d } from './resize.js';

/** A timm MLP-Mixer state dict: safetensors bytes, or tensors by name (float32, PyTorch layouts). */
export type TimmMixerSource = Uint8Array | ReadonlyMap<string, SafetensorsInput>;

/** How the RGB patch embedding becomes a one-channel one: `sum` (AST's choice) or `luma` (ITU-R BT.601 weights). */
export type PatchChannels = 'sum' | 'luma';

/** Weights of R, G and B in `patchChannels: 'luma'`. */
export const LUMA_WEIGHTS = [0.299, 0.587, 0.114] as const;

/** Options of {@link importTimmMixer}. */
export interface TimmMixerOptions {
  /**
   * `sum` (default): the three input channels' kernels summed, which is what the ImageNet network computes for a
   * grey image R = G = B (AST's choice for the same step). `luma`: weighted 0.299 R + 0.587 G + 0.114 B.
   */
  readonly patchChannels?: PatchChannels;
  /** The source's token grid `[rows, columns]` (default: the square one, 14 x 14 for 196 tokens). */
  readonly sourceGrid?: readonly [number, number];
}

/** How one model tensor is made from the source (see the README's "Starting from ImageNet weights"). */
export type TimmMixerOp =
  /** copied unchanged */
  | 'copy'
  /** RGB kernel to one channel (sum or luma), resized to 16 x 16 when another size */
  | 'patch'
  /** `fc1.weight`: resized along its input (token) axis, scaled by source / target token count */
  | 'tokens-in'
  /** `fc2.weight`: resized along its output (token) axis */
  | 'tokens-out'
  /** `fc2.bias`: resized as a token grid */
  | 'tokens-bias';

/** One model tensor of an import plan. */
export interface TimmMixerPlanEntry {
  /** The model's tensor name (contract names). */
  readonly target: string;
  /** The timm tensor it comes from. */
  readonly source: string;
  /** Its shape in the model (PyTorch layout). */
  readonly shape: readonly number[];
  /** How it is made. */
  readonly op: TimmMixerOp;
}

/** What {@link planTimmMixer} found: which tensor comes from where, and what is not used. */
export interface TimmMixerPlan {
  /** Model tensors set by the import, in source order. */
  readonly entries: readonly TimmMixerPlanEntry[];
  /** Source tensors the import does not use (the ImageNet head, blocks past the model's depth, anything else). */
  readonly unused: readonly string[];
  /** Blocks in the source. */
  readonly sourceDepth: number;
  /** Blocks imported: `min(model depth, source depth)`; the model's later blocks keep their initialisation. */
  readonly blocks: number;
  /** The source's token grid. */
  readonly sourceGrid: readonly [number, number];
  /** The model's token grid `[F', T']`. */
  readonly targetGrid: readonly [number, number];
}

/** The result of {@link importTimmMixer}: the plan and the model tensors it makes. */
export interface TimmMixerImport extends TimmMixerPlan {
  /** Model tensors by contract name, PyTorch layouts (load with `loadStateDict({ strict: false })` or {@link loadTimmMixer}). */
  readonly tensors: ReadonlyMap<string, SafetensorsInput>;
}

/** The result of {@link loadTimmMixer}. */
export interface TimmMixerLoad extends TimmMixerPlan {
  /** Model tensors that kept their initialisation (Hermit filters and `norm2`, blocks past the source's depth, the head). */
  readonly leftAtInit: readonly string[];
}

const BLOCK_TENSORS = [
  ['norm1.weight', 'norm1.weight', 'copy'],
  ['norm1.bias', 'norm1.bias', 'copy'],
  ['mlp_tokens.fc1.weight', 'mlp_tokens.fc1.weight', 'tokens-in'],
  ['mlp_tokens.fc1.bias', 'mlp_tokens.fc1.bias', 'copy'],
  ['mlp_tokens.fc2.weight', 'mlp_tokens.fc2.weight', 'tokens-out'],
  ['mlp_tokens.fc2.bias', 'mlp_tokens.fc2.bias', 'tokens-bias'],
  // timm's second norm is the channel MLP's: ASM-RH's norm3 (its norm2 belongs to the Hermit branch)
  ['norm2.weight', 'norm3.weight', 'copy'],
  ['norm2.bias', 'norm3.bias', 'copy'],
  ['mlp_channels.fc1.weight', 'mlp_channels.fc1.weight', 'copy'],
  ['mlp_channels.fc1.bias', 'mlp_channels.fc1.bias', 'copy'],
  ['mlp_channels.fc2.weight', 'mlp_channels.fc2.weight', 'copy'],
  ['mlp_channels.fc2.bias', 'mlp_channels.fc2.bias', 'copy'],
] as const satisfies readonly (readonly [string, string, TimmMixerOp])[];

/**
 * Checks a timm MLP-Mixer layout (tensor names and shapes only) against an ASM-RH config and plans the import:
 * which model tensor comes from which timm tensor, how, and with which shape.
 * @throws TimmLayoutError naming every missing tensor and every shape that does not fit, with the expected shape.
 */
export function planTimmMixer(shapes: ReadonlyMap<string, readonly number[]>, config: AsmRhConfig, options: TimmMixerOptions = {}): TimmMixerPlan {
  const grid = validateConfig(config);
  const targetGrid = [grid.freq, grid.time] as const;
  const tokens = grid.freq * grid.time;
  const { dim, tokenMlpDim, channelMlpDim } = config;
  const missing: string[] = [];
  const mismatched: { name: string; expected: string; got: readonly number[] }[] = [];
  const entries: TimmMixerPlanEntry[] = [];
  const sourceDepth = new Set([...shapes.keys()].map((k) => /^blocks\.(\d+)\./.exec(k)?.[1]).filter((i) => i != null)).size;
  const blocks = Math.min(config.depth, sourceDepth);
  const used = new Set<string>();

  const fc1 = shapes.get('blocks.0.mlp_tokens.fc1.weight');
  const sourceTokens = fc1?.[1] ?? 0;
  const side = Math.round(Math.sqrt(sourceTokens));
  const sourceGrid = options.sourceGrid ?? ([side, side] as const);
  const gridOk = sourceGrid[0] * sourceGrid[1] === sourceTokens;

  const take = (name: string, expected: readonly (number | null)[], describe?: string): readonly number[] | null => {
    const got = shapes.get(name);
    if (got == null) {
      missing.push(name);
      return null;
    }
    used.add(name);
    const fits = got.length === expected.length && expected.every((e, i) => e == null || e === got[i]);
    if (!fits) mismatched.push({ name, expected: describe ?? `[${expected.join(', ')}]`, got });
    return fits ? got : null;
  };

  const stem = take('stem.proj.weight', [dim, null, null, null], `[${dim}, 3 or 1, kh, kw] (width D = ${dim})`);
  if (stem != null && stem[1] !== 3 && stem[1] !== 1) mismatched.push({ name: 'stem.proj.weight', expected: `[${dim}, 3 or 1, kh, kw] (RGB or grey input)`, got: stem });
  entries.push({ target: 'patch_embed.proj.weight', source: 'stem.proj.weight', shape: [dim, 1, ASM_RH_INPUT.patchSize, ASM_RH_INPUT.patchSize], op: 'patch' });
  take('stem.proj.bias', [dim]);
  entries.push({ target: 'patch_embed.proj.bias', source: 'stem.proj.bias', shape: [dim], op: 'copy' });

  if (sourceDepth === 0) missing.push('blocks.0.* (no blocks at all)');
  else if (fc1 != null && !gridOk) {
    mismatched.push({ name: 'blocks.0.mlp_tokens.fc1.weight', expected: `[${tokenMlpDim}, rows * columns of the token grid] (${sourceTokens} tokens are not ${options.sourceGrid != null ? `the given sourceGrid ${sourceGrid.join(' x ')}` : 'a square grid: pass sourceGrid'})`, got: fc1 });
  }
  const n = fc1 == null ? null : sourceTokens; // unknown without block 0's fc1 (reported missing)
  const sourceShape: Record<string, readonly (number | null)[]> = {
    'norm1.weight': [dim], 'norm1.bias': [dim],
    'mlp_tokens.fc1.weight': [tokenMlpDim, n], 'mlp_tokens.fc1.bias': [tokenMlpDim],
    'mlp_tokens.fc2.weight': [n, tokenMlpDim], 'mlp_tokens.fc2.bias': [n],
    'norm2.weight': [dim], 'norm2.bias': [dim],
    'mlp_channels.fc1.weight': [channelMlpDim, dim], 'mlp_channels.fc1.bias': [channelMlpDim],
    'mlp_channels.fc2.weight': [dim, channelMlpDim], 'mlp_channels.fc2.bias': [dim],
  };
  const targetShape = (name: string, shape: readonly (number | null)[]): readonly number[] =>
    name === 'mlp_tokens.fc1.weight' ? [tokenMlpDim, tokens] : name === 'mlp_tokens.fc2.weight' ? [tokens, tokenMlpDim] : name === 'mlp_tokens.fc2.bias' ? [tokens] : (shape as readonly number[]);
  for (let l = 0; l < blocks; l++) {
    for (const [from, to, op] of BLOCK_TENSORS) {
      const shape = sourceShape[from] as readonly (number | null)[];
      const source = `blocks.${l}.${from}`;
      take(source, shape);
      entries.push({ target: `blocks.${l}.${to}`, source, shape: targetShape(from, shape), op });
    }
  }
  for (const part of ['weight', 'bias']) {
    take(`norm.${part}`, [dim]);
    entries.push({ target: `norm.${part}`, source: `norm.${part}`, shape: [dim], op: 'copy' });
  }
  if (missing.length + mismatched.length > 0) {
    throw new TimmLayoutError(missing, mismatched, `ASM-RH ${config.preset} (D=${dim}, L=${config.depth}, D_S=${tokenMlpDim}, D_C=${channelMlpDim})`);
  }
  return { entries, unused: [...shapes.keys()].filter((k) => !used.has(k)), sourceDepth, blocks, sourceGrid, targetGrid };
}

/**
 * Imports a timm MLP-Mixer (`timm.create_model('mixer_b16_224', pretrained=True).state_dict()`, saved as
 * safetensors) into the tensors of an ASM-RH model with `config`. Pure computation on float32 arrays (no tfjs).
 *
 * - `stem.proj` (RGB, 16 x 16, stride 16) -> `patch_embed.proj` (one channel, 16 x 16, stride 10): channels
 *   summed or luma-weighted ({@link TimmMixerOptions.patchChannels}); another kernel size is resized bilinearly
 *   to 16 x 16 and scaled by `kh * kw / 256` (a constant patch keeps its response).
 * - `blocks.{i}.norm1`, `mlp_channels` as they are; timm's `norm2` (before the channel MLP) -> `norm3`.
 * - `mlp_tokens`: the source's token grid (14 x 14, image rows and columns) is resized bilinearly (half-pixel
 *   centres, as torch's `interpolate(mode='bilinear', align_corners=False)`) to the model's `F' x T'` (mel rows,
 *   time columns): `fc1.weight` along its input axis and scaled by `sourceTokens / targetTokens` (a hidden unit
 *   keeps its response to a token-constant input while it sums over more or fewer tokens), `fc2.weight` and
 *   `fc2.bias` along their output axis, unscaled (each output token takes the kernel of its position).
 * - `norm` as it is. Not set: `head` (re-initialised for the task), `hermit.filter` and `norm2` (Hermit branch),
 *   blocks past the source's depth. Source blocks past the model's depth are unused.
 * @throws TimmLayoutError for a missing tensor or a shape that does not fit (e.g. mixer_s16's width 512 into asm-rh-base).
 * @throws SafetensorsError (from `@spectromix/tensor`) for a malformed file.
 */
export function importTimmMixer(source: TimmMixerSource, config: AsmRhConfig, options: TimmMixerOptions = {}): TimmMixerImport {
  const values: ReadonlyMap<string, SafetensorsInput> = source instanceof Uint8Array ? readSafetensors(source).tensors : source;
  const plan = planTimmMixer(new Map([...values].map(([k, v]) => [k, v.shape])), config, options);
  const [sh, sw] = plan.sourceGrid;
  const [th, tw] = plan.targetGrid;
  const tensors = new Map<string, SafetensorsInput>();
  for (const e of plan.entries) {
    const from = values.get(e.source) as SafetensorsInput;
    let data: Float32Array;
    if (e.op === 'copy') data = Float32Array.from(from.data);
    else if (e.op === 'patch') data = patchKernel(from, options.patchChannels ?? 'sum');
    else if (e.op === 'tokens-in') {
      const rows = from.shape[0] as number;
      data = resizeBilinear(from.data, rows, [sh, sw], [th, tw]);
      const scale = (sh * sw) / (th * tw);
      for (let i = 0; i < data.length; i++) data[i] = (data[i] as number) * scale;
    } else if (e.op === 'tokens-out') {
      const hidden = from.shape[1] as number;
      data = transpose2d(resizeBilinear(transpose2d(from.data, sh * sw, hidden), hidden, [sh, sw], [th, tw]), hidden, th * tw);
    } else data = resizeBilinear(from.data, 1, [sh, sw], [th, tw]);
    tensors.set(e.target, { shape: e.shape, data });
  }
  return { ...plan, tensors };
}

/** `[D, C, kh, kw]` -> `[D, 1, 16, 16]`: channels combined, then resized when the kernel is not 16 x 16. */
function patchKernel(w: SafetensorsInput, mode: PatchChannels): Float32Array {
  const [d, c, kh, kw] = w.shape as [number, number, number, number];
  const area = kh * kw;
  const weights = c === 1 ? [1] : mode === 'sum' ? [1, 1, 1] : LUMA_WEIGHTS;
  const grey = new Float32Array(d * area);
  for (let o = 0; o < d; o++) {
    for (let p = 0; p < area; p++) {
      let s = 0;
      for (let ch = 0; ch < c; ch++) s += (weights[ch] as number) * (w.data[(o * c + ch) * area + p] as number);
      grey[o * area + p] = s;
    }
  }
  const size = ASM_RH_INPUT.patchSize;
  if (kh === size && kw === size) return grey;
  const resized = resizeBilinear(grey, d, [kh, kw], [size, size]);
  const scale = area / (size * size);
  for (let i = 0; i < resized.length; i++) resized[i] = (resized[i] as number) * scale;
  return resized;
}

/**
 * {@link importTimmMixer} into `model`: sets every imported tensor and leaves the rest (Hermit filters and
 * `norm2`, later blocks, the head) at the model's initialisation.
 * @example
 * ```ts
 * const model = createModel('asm-rh-base', { numClasses: 8, targetLength: 512, seed: 0 });
 * const report = loadTimmMixer(model, readFileSync('mixer_b16_224.safetensors'));
 * console.log(report.blocks, report.leftAtInit.length); // 12, 38 (hermit.filter and norm2 of each block, the head)
 * ```
 * @throws TimmLayoutError, SafetensorsError as {@link importTimmMixer}; nothing is assigned then.
 */
export function loadTimmMixer(model: AsmRhModel, source: TimmMixerSource, options: TimmMixerOptions = {}): TimmMixerLoad {
  const { tensors, ...plan } = importTimmMixer(source, model.config, options);
  const state = new Map<string, tf.Tensor>();
  try {
    for (const [name, t] of tensors) state.set(name, tf.tensor(t.data, [...t.shape]));
    const { missing } = model.loadStateDict(state, { strict: false });
    return { ...plan, leftAtInit: missing };
  } finally {
    tf.dispose([...state.values()]);
  }
}
