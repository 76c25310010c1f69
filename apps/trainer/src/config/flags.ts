import { InvalidArgumentError, type Command } from 'commander';
import { ConfigError } from '../errors.js';
import { setPath } from './merge.js';

/** A flag that sets one config value. */
interface ConfigFlag {
  /** Commander flag spec. */
  readonly flag: string;
  /** Help text. */
  readonly help: string;
  /** Dotted config path. */
  readonly path: string;
  /** Value parser. */
  readonly parse?: (value: string) => unknown;
}

/** Parses a finite number (range checks happen in the schema). */
export function number(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`'${value}' is not a number.`);
  return n;
}

/** Parses an integer. */
export function integer(value: string): number {
  const n = number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`'${value}' is not an integer.`);
  return n;
}

/** The flags shared by `train`, `stats` and `quickstart`, each mapped to one config value. */
export const CONFIG_FLAGS: readonly ConfigFlag[] = [
  { flag: '--data <folder>', help: 'dataset folder (data.root)', path: 'data.root' },
  { flag: '--dataset <kind>', help: 'synthetic | fsdd | ravdess | speech-commands | urbansound8k | esc50 | folder', path: 'data.dataset' },
  { flag: '--model <preset>', help: 'asm-rh-tiny | asm-rh-small | asm-rh-base | asm-rh-tiny-conv | cnn', path: 'model.preset' },
  { flag: '--init <file>', help: "start from these weights: timm's MLP-Mixer (mixer_b16_224) or a spectromix model, as safetensors (model.init.path)", path: 'model.init.path' },
  { flag: '--epochs <n>', help: 'training epochs', path: 'train.epochs', parse: integer },
  { flag: '--batch-size <n>', help: 'examples per batch', path: 'train.batchSize', parse: integer },
  { flag: '--lr <x>', help: 'base learning rate', path: 'optimizer.lr', parse: number },
  { flag: '--optimizer <kind>', help: 'adam | adamw', path: 'optimizer.kind' },
  { flag: '--weight-decay <x>', help: 'weight decay (L2 for adam, decoupled for adamw)', path: 'optimizer.weightDecay', parse: number },
  { flag: '--loss <name>', help: 'softmax-ce | sigmoid-bce', path: 'train.loss' },
  { flag: '--label-smoothing <x>', help: 'label smoothing for softmax-ce', path: 'train.labelSmoothing', parse: number },
  { flag: '--clip-grad-norm <x>', help: 'clip gradients to this global L2 norm', path: 'train.clipGradNorm', parse: number },
  { flag: '--target-length <frames>', help: 'frames per clip (10 ms each)', path: 'data.targetLength', parse: integer },
  { flag: '--seed <n>', help: 'seed of weights, data order and augmentation', path: 'run.seed', parse: integer },
  { flag: '--precision <mode>', help: 'fp32 | mixed (f16 matmuls with dynamic loss scaling; WebGPU with subgroup matrices)', path: 'train.precision' },
  { flag: '--backend <name>', help: 'auto | webgpu | tensorflow | wasm | cpu', path: 'run.backend' },
  { flag: '--out <folder>', help: 'folder that receives run folders', path: 'run.out' },
  { flag: '--name <name>', help: 'run folder name', path: 'run.name' },
  { flag: '--checkpoint-every <steps>', help: 'also checkpoint every N optimiser steps (0: epoch ends only)', path: 'checkpoint.everySteps', parse: integer },
  { flag: '--keep-last <n>', help: 'checkpoints to keep besides the best', path: 'checkpoint.keepLast', parse: integer },
  { flag: '--workers <n>', help: 'feature-extraction worker threads', path: 'data.workers', parse: integer },
];

/** Adds {@link CONFIG_FLAGS}, `--recipe`, `--config` and `--set` to a command. */
export function addConfigFlags(command: Command): Command {
  command.option('--recipe <name|file>', 'recipe: fsdd, ravdess, speech-commands, urbansound8k or a .json file');
  command.option('--config <file>', 'JSON config file (applied after the recipe)');
  for (const f of CONFIG_FLAGS) {
    if (f.parse != null) command.option(f.flag, f.help, f.parse as (v: string, prev: unknown) => unknown);
    else command.option(f.flag, f.help);
  }
  command.option('--set <path=value>', 'set any config value, e.g. --set augment.freqm=24 (repeatable; value parsed as JSON when it can be)', collect, []);
  return command;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Commander's camelCase option key of a flag (`--batch-size <n>` -> `batchSize`). */
function optionKey(flag: string): string {
  const name = (flag.split(' ')[0] as string).replace(/^--/, '');
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * Turns parsed options into a config layer: each {@link CONFIG_FLAGS} value at its path, then every `--set`.
 * @throws ConfigError for a malformed `--set`.
 */
export function flagsLayer(options: Record<string, unknown>): Record<string, unknown> {
  const layer: Record<string, unknown> = {};
  for (const f of CONFIG_FLAGS) {
    const v = options[optionKey(f.flag)];
    if (v !== undefined) setPath(layer, f.path, v);
  }
  for (const assignment of (options['set'] as string[] | undefined) ?? []) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new ConfigError(`--set expects path=value (e.g. --set augment.freqm=24), got '${assignment}'.`);
    const raw = assignment.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // a bare string
    }
    setPath(layer, assignment.slice(0, eq), value);
  }
  return layer;
}
