import { existsSync, readFileSync } from 'node:fs';
import { AsmRhModel, loadTimmMixer } from '@spectromix/asm-rh';
import type { RunModel } from './build.js';
import { readSafetensors } from '@spectromix/tensor/codecs';
import type { InitConfig } from '../config/init.js';
import { ConfigError } from '../errors.js';

/** The layout of a weights file, from its tensor names; null when it is neither. */
export function detectInitKind(names: Iterable<string>): 'timm-mixer' | 'spectromix' | null {
  const set = new Set(names);
  if (set.has('stem.proj.weight')) return 'timm-mixer';
  if (set.has('patch_embed.proj.weight')) return 'spectromix';
  return null;
}

/**
 * Sets `model`'s weights from `model.init` before training: timm's MLP-Mixer layout through `loadTimmMixer`
 * (the head, Hermit filters and norm2 keep their initialisation), or a spectromix model's weights except the head
 * (re-initialised for this run's classes). Every failure is a `ConfigError` naming the file and what to change.
 * @returns one line saying what was loaded, for the run's output.
 */
export function applyInitWeights(model: RunModel, init: NonNullable<InitConfig>): string {
  const { path } = init;
  if (!(model instanceof AsmRhModel)) throw new ConfigError(`model.init: ${model.describe()} starts from its own initialisation; pretrained weights load into ASM-RH presets only.`);
  if (!existsSync(path)) throw new ConfigError(`model.init: ${path} does not exist. Pass a .safetensors file (--init <file>).`);
  try {
    const bytes = new Uint8Array(readFileSync(path));
    const kind = init.kind === 'auto' ? detectInitKind(readSafetensors(bytes).tensors.keys()) : init.kind;
    if (kind == null) {
      throw new ConfigError(`model.init: ${path} has neither timm's MLP-Mixer tensors (stem.proj.weight, ...) nor spectromix's (patch_embed.proj.weight, ...); set model.init.kind if it is one of them.`);
    }
    if (kind === 'spectromix') {
      model.loadWeights(bytes, { ignore: ['head.'] });
      return `Init: spectromix weights from ${path} (all but the head, which starts at its initialisation).`;
    }
    const r = loadTimmMixer(model, bytes, { patchChannels: init.patchChannels });
    return (
      `Init: timm MLP-Mixer weights from ${path}: ${r.blocks} of the model's ${model.config.depth} blocks (the file has ${r.sourceDepth}), ` +
      `tokens ${r.sourceGrid.join('x')} -> ${r.targetGrid.join('x')}, patch channels ${init.patchChannels}; ` +
      `${r.leftAtInit.length} tensors at their initialisation (head, Hermit filters and norm2${r.blocks < model.config.depth ? ', later blocks' : ''}); unused: ${r.unused.join(', ') || 'none'}.`
    );
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`model.init: ${path} does not fit this run's model: ${(error as Error).message}`);
  }
}
