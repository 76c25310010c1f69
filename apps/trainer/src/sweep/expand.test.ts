import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveRunConfig } from '../config/resolve.js';
import { ConfigError } from '../errors.js';
import { expandSweep } from './expand.js';
import { loadSweepSpec } from './spec.js';
import { sweepFromArgs } from './submit.js';

describe('sweep expansion', () => {
  it('recipes/sweeps/ravdess-ablation.json: the 4 variants x 5 actor folds of the ravdess recipe, 20 jobs', () => {
    const { sweep } = sweepFromArgs('ravdess-ablation', {});
    expect(sweep.id).toMatch(/^ravdess-ablation-[0-9a-f]{10}$/);
    expect(sweep.jobs).toHaveLength(20);
    const variants = { rh: [true, true], 'no-hermit': [false, true], 'no-roll': [true, false], mixer: [false, false] } as const;
    const recipe = resolveRunConfig({ recipe: 'ravdess' }).config;
    for (const [v, [hermit, roll]] of Object.entries(variants)) {
      for (let fold = 0; fold < 5; fold++) {
        const job = sweep.jobs.find((j) => j.label === `${v}-seed0-fold${fold}`);
        expect(job, `${v} fold ${fold}`).toBeDefined();
        expect(job!.group).toBe(`${v}-seed0`);
        // The recipe's run, with only the variant's switches and the fold changed (and the run's name).
        expect(job!.config).toEqual({
          ...recipe,
          model: { ...recipe.model, hermit, roll },
          data: { ...recipe.data, split: { ...recipe.data.split, fold } },
          run: { ...recipe.run, name: job!.label },
        });
      }
    }
    // Stable: the same spec gives the same ids (so submitting it again adds nothing); another setting, another sweep.
    expect(sweepFromArgs('ravdess-ablation', {}).sweep.id).toBe(sweep.id);
    expect(sweepFromArgs('ravdess-ablation', { set: ['train.epochs=5'] }).sweep.id).not.toBe(sweep.id);
  });

  it('crosses variants x grid values x seeds x folds, later layers winning', () => {
    const { sweep } = sweepFromArgs('ravdess', { grid: ['optimizer.lr=0.001,0.0005'], seeds: '1,2', folds: '0,3', set: ['train.epochs=4'] });
    expect(sweep.id).toMatch(/^ravdess-/);
    expect(sweep.jobs.map((j) => j.label)).toEqual(
      ['lr_0.001', 'lr_0.0005'].flatMap((g) => [1, 2].flatMap((s) => [0, 3].map((f) => `base-${g}-seed${s}-fold${f}`))),
    );
    const j = sweep.jobs[5]!;
    expect(j).toMatchObject({ group: 'base-lr_0.0005-seed1', fold: 3, seed: 1, grid: { 'optimizer.lr': 0.0005 } });
    expect(j.config.optimizer.lr).toBe(0.0005);
    expect(j.config.run.seed).toBe(1);
    expect(j.config.train.epochs).toBe(4);
    expect(j.config.data.split).toMatchObject({ kind: 'folds', fold: 3 });
  });

  it('a recipe without folds gives one job per seed; bad specs fail before anything is queued', () => {
    expect(sweepFromArgs('speech-commands', { seeds: '0,1' }).sweep.jobs.map((j) => [j.label, j.fold])).toEqual([
      ['base-seed0', null],
      ['base-seed1', null],
    ]);
    expect(() => sweepFromArgs('speech-commands', { folds: 'all' })).toThrow(/'folds' needs a k-fold recipe/);
    expect(() => sweepFromArgs('ravdess', { folds: '7' })).toThrow(/fold 7 does not exist/);
    expect(() => sweepFromArgs('ravdess', { grid: ['train.epochs=0'] })).toThrow(/job base-epochs_0-seed0-fold0: .*train\.epochs/s);
    const dir = mkdtempSync(join(tmpdir(), 'spx-spec-'));
    const spec = (o: unknown): string => {
      const f = join(dir, `s${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(f, JSON.stringify(o));
      return f;
    };
    expect(() => loadSweepSpec(spec({ recipe: 'ravdess', variants: { '../x': {} } }))).toThrow(ConfigError);
    expect(() => loadSweepSpec(spec({ recipe: 'ravdess', code: 'rm -rf /' }))).toThrow(/Unrecognized key/);
    expect(() => expandSweep(loadSweepSpec(spec({ recipe: 'ravdess', variants: { a: { model: { preset: 'huge' } } } })))).toThrow(/job a-seed0-fold0.*model\.preset/s);
  });
});
