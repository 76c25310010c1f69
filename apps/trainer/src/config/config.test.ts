import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { DEFAULT_CONFIG } from './defaults.js';
import { resolveRunConfig, validateRunConfig, validateSavedRunConfig } from './resolve.js';
import { addConfigFlags, flagsLayer } from './flags.js';
import { mergeLayer } from './merge.js';
import { listRecipes, readRecipe } from './recipes.js';
import { ConfigError } from '../errors.js';

function parseFlags(argv: string[]): Record<string, unknown> {
  const cmd = addConfigFlags(new Command('t').exitOverride());
  cmd.parse(argv, { from: 'user' });
  return flagsLayer(cmd.opts());
}

describe('configuration layers', () => {
  it('the defaults are valid', () => {
    expect(validateRunConfig(DEFAULT_CONFIG, 'defaults')).toEqual(DEFAULT_CONFIG);
  });

  it('applies defaults -> recipe -> config file -> flags, later layers winning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spx-config-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ description: 'doc keys are ignored', train: { epochs: 7, batchSize: 8 }, optimizer: { lr: 5e-4 } }));
    const { config, layers } = resolveRunConfig({ recipe: 'fsdd', configFile: file, flags: parseFlags(['--epochs', '9', '--set', 'augment.freqm=12', '--set', 'run.name="x"']) });
    expect(layers.map((l) => l.source)).toEqual(['defaults', 'recipe fsdd', `config ${file}`, 'flags']);
    expect(config.data.dataset).toBe('fsdd'); // recipe
    expect(config.train.batchSize).toBe(8); // config file over recipe
    expect(config.optimizer.lr).toBe(5e-4);
    expect(config.train.epochs).toBe(9); // flag over file
    expect(config.augment.freqm).toBe(12); // --set
    expect(config.run.name).toBe('x');
    expect(config.optimizer.betas).toEqual([0.95, 0.999]); // untouched default
  });

  it('a layer with another kind replaces the object instead of merging fields', () => {
    const merged = mergeLayer(DEFAULT_CONFIG, { schedule: { kind: 'warmup-cosine', warmup: 2, minLr: 0, interval: 'step' } });
    expect(merged.schedule).toEqual({ kind: 'warmup-cosine', warmup: 2, minLr: 0, interval: 'step' });
  });

  it('rejects unknown presets, out-of-range values and unknown keys with the path in the message', () => {
    const bad = (flags: Record<string, unknown>): string => {
      try {
        resolveRunConfig({ flags });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error('expected a ConfigError');
    };
    expect(bad(parseFlags(['--model', 'asm-rh-huge']))).toMatch(/model\.preset.*asm-rh-tiny/s);
    expect(bad(parseFlags(['--epochs', '0']))).toMatch(/train\.epochs/);
    expect(bad(parseFlags(['--lr', '-1']))).toMatch(/optimizer\.lr/);
    expect(bad(parseFlags(['--target-length', '10']))).toMatch(/data\.targetLength/);
    expect(bad(parseFlags(['--set', 'train.epochz=3']))).toMatch(/epochz/);
    expect(bad(parseFlags(['--backend', 'cuda']))).toMatch(/run\.backend/);
    expect(() => parseFlags(['--epochs', 'ten'])).toThrow(/not a number/);
    expect(() => parseFlags(['--set', 'noequals'])).toThrow(ConfigError);
    expect(() => resolveRunConfig({ recipe: 'nope' })).toThrow(/Unknown recipe 'nope'.*fsdd/);
  });
});

describe('recipes', () => {
  it('every built-in recipe is valid on its own', () => {
    expect(listRecipes()).toEqual(['fsdd', 'ravdess', 'speech-commands', 'urbansound8k']);
    for (const name of listRecipes()) expect(() => resolveRunConfig({ recipe: name })).not.toThrow();
  });

  it("ravdess: 512 frames, AST's lr schedule with Adam, SpecAugment, explicit actor folds (4+ actors, gender-balanced, each actor once)", () => {
    const { config } = resolveRunConfig({ recipe: 'ravdess' });
    expect(config.data.targetLength).toBe(512);
    expect(config.optimizer).toMatchObject({ kind: 'adam', lr: 2.5e-4 });
    expect(config.schedule).toEqual({ kind: 'ast', start: 5, step: 1, gamma: 0.85, interval: 'epoch' });
    expect(config.augment.freqm).toBeGreaterThan(0);
    expect(config.augment.timem).toBeGreaterThan(0);
    const split = config.data.split;
    if (split.kind !== 'folds') throw new Error('ravdess must use folds');
    const actors = split.folds.flat().map((a) => Number(String(a).replace('Actor_', '')));
    expect([...actors].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    for (const fold of split.folds) {
      expect(fold.length).toBeGreaterThanOrEqual(4);
      const male = fold.filter((a) => Number(String(a).replace('Actor_', '')) % 2 === 1).length; // odd actors are male
      expect(male).toBe(fold.length - male);
    }
    // Selection on training actors only: the next fold's first two actors validate, one man and one woman.
    expect(split.validation).toEqual({ nextFold: 2 });
    expect(config.train.testEachEpoch).toBe(true);
    for (const next of split.folds) expect(next.slice(0, 2).map((a) => Number(String(a).replace('Actor_', '')) % 2).sort()).toEqual([0, 1]);
  });

  it('a k-fold config saved before data.split.validation existed reads as the test-fold validation it trained with', () => {
    const { config } = resolveRunConfig({ recipe: 'ravdess' });
    const oldSplit: Record<string, unknown> = { ...config.data.split };
    delete oldSplit['validation'];
    const saved = validateSavedRunConfig({ ...config, data: { ...config.data, split: oldSplit } }, 'old checkpoint');
    expect(saved.data.split).toMatchObject({ kind: 'folds', validation: 'test-fold' });
    // A new config must say where validation comes from.
    expect(() => validateRunConfig({ ...config, data: { ...config.data, split: oldSplit } }, 'test')).toThrow(/data\.split\.validation/);
  });

  it('fsdd holds one speaker out; speech commands follows AST', () => {
    const fsdd = resolveRunConfig({ recipe: 'fsdd' }).config;
    expect(fsdd.data.split).toMatchObject({ kind: 'folds', by: 'speaker', fold: 1, validation: 'official' });
    if (fsdd.data.split.kind !== 'folds') throw new Error('fsdd must use folds');
    expect(fsdd.data.split.folds).toEqual([['george'], ['jackson'], ['lucas'], ['nicolas'], ['yweweler']]);
    expect(fsdd.data.split.folds[fsdd.data.split.fold]).toEqual(['jackson']);
    const sc = resolveRunConfig({ recipe: 'speech-commands' }).config;
    expect(sc.data.normalization).toEqual({ mean: -6.845978, std: 5.5654526 });
    expect(sc.train.loss).toBe('sigmoid-bce');
    expect(sc.augment.mixup).toEqual({ alpha: 10, prob: 0.6 });
    expect(readRecipe('urbansound8k').layer).not.toHaveProperty('description');
  });
});
