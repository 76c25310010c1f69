import { describe, expect, it } from 'vitest';
import { resolveRunConfig } from '../config/resolve.js';
import { ConfigError } from '../errors.js';
import { foldIndex, resolveTrainConfig } from './train.js';

describe('train --fold', () => {
  it('takes a fold number or a speaker listed in a fold (FSDD leave-one-speaker-out)', () => {
    const fsdd = resolveRunConfig({ recipe: 'fsdd' }).config;
    expect(foldIndex(fsdd, 'lucas')).toBe(2);
    expect(foldIndex(fsdd, '3')).toBe(3);
    expect(() => foldIndex(fsdd, 'zed')).toThrow(/george, jackson, lucas, nicolas, yweweler.*'zed'/);
    const { config } = resolveTrainConfig({ recipe: 'fsdd', fold: 'george' });
    expect(config.data.split).toMatchObject({ kind: 'folds', fold: 0, validation: 'official' });
    expect(resolveTrainConfig({ recipe: 'ravdess', fold: 'Actor_10' }).config.data.split).toMatchObject({ fold: 2 });
  });

  it('refuses --fold on a split without folds', () => {
    const synthetic = resolveRunConfig({}).config;
    expect(() => foldIndex(synthetic, '0')).toThrow(ConfigError);
  });
});
