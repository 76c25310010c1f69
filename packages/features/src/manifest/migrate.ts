import { ManifestError } from '../errors.js';

/** Trainer options that version 1 wrote into `training.config` and version 2 removed (no recipe used them). */
const REMOVED_CONFIG_OPTIONS = { data: { clipNormalization: 'none', clipFrames: 0 }, augment: { timeStretch: 0, timeShift: 0, freqWarp: 0 } } as const;

/**
 * Brings an older manifest (a plain JSON object) to the current version, or returns it as it is when it is not
 * an older version (parsing reports what is wrong then).
 *
 * Version 1 -> 2: `features.clipNormalization` and `features.clipFrames` are removed (no recipe used them; every
 * shipped export wrote `'none'` and `0`); absent `speakerNormalization` / `speakerRate` (exports made before they
 * existed) become `'none'`; the removed trainer options are dropped from `training.config` where they hold their
 * default (off) value.
 * @throws ManifestError (`'unsupported'`) for a version-1 export that really used a removed option.
 */
export function migrateManifest(value: unknown, source: string): unknown {
  if (!isRecord(value) || value['version'] !== 1) return value;
  const features = isRecord(value['features']) ? { ...value['features'] } : value['features'];
  if (isRecord(features)) {
    const clip = features['clipNormalization'];
    if (clip !== undefined && clip !== 'none') {
      throw new ManifestError(`${source}: features.clipNormalization is ${JSON.stringify(clip)}, an option that export format version 2 removed (no recipe used it). Train the model again without it.`, 'unsupported');
    }
    const clipFrames = features['clipFrames'];
    if (clipFrames !== undefined && clipFrames !== 0) {
      throw new ManifestError(`${source}: features.clipFrames is ${JSON.stringify(clipFrames)}, an option that export format version 2 removed (no recipe used it). Train the model again without it.`, 'unsupported');
    }
    delete features['clipNormalization'];
    delete features['clipFrames'];
    features['speakerNormalization'] ??= 'none';
    features['speakerRate'] ??= 'none';
  }
  const training = isRecord(value['training']) ? { ...value['training'] } : value['training'];
  if (isRecord(training) && isRecord(training['config'])) training['config'] = withoutRemovedOptions(training['config']);
  return { ...value, version: 2, features, ...(training !== undefined ? { training } : {}) };
}

/**
 * A trainer run configuration without the options version 2 removed, where they hold their default (off) value;
 * a non-default value is kept (the trainer's config check then names it).
 */
export function withoutRemovedOptions(config: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...config };
  for (const [section, options] of Object.entries(REMOVED_CONFIG_OPTIONS)) {
    const block = out[section];
    if (!isRecord(block)) continue;
    const kept = { ...block };
    for (const [key, off] of Object.entries(options)) if (kept[key] === off) delete kept[key];
    out[section] = kept;
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
