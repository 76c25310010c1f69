import type { z } from 'zod';
import { ManifestError } from '../errors.js';
import { MANIFEST_VERSION } from './export-files.js';
import { migrateManifest } from './migrate.js';
import { manifestSchema, type ModelManifest } from './schema.js';

/**
 * Checks a parsed JSON value and returns it as a current-version manifest, migrating older versions
 * (`migrateManifest`).
 * @param source the file or URL, for messages.
 * @throws ManifestError: `'invalid'` naming the first wrong field, `'mismatch'` when the labels and the model's
 * class count or the features and the model's input length disagree, `'unsupported'` for a newer version or a
 * removed option.
 */
export function parseManifest(value: unknown, source: string): ModelManifest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ManifestError(`${source}: the manifest must be a JSON object; got ${Array.isArray(value) ? 'an array' : (JSON.stringify(value) ?? 'nothing')}. ${REEXPORT}`, 'invalid');
  }
  const record = value as Record<string, unknown>;
  if (record['format'] !== 'spectromix-model') {
    throw new ManifestError(`${source}: the manifest has format ${JSON.stringify(record['format']) ?? 'nothing'}, expected "spectromix-model". ${REEXPORT}`, 'invalid');
  }
  const version = record['version'];
  if (typeof version === 'number' && Number.isInteger(version) && version > MANIFEST_VERSION) {
    throw new ManifestError(`${source}: the manifest is version ${version}; this @spectromix/features reads versions 1 to ${MANIFEST_VERSION}. Update the package.`, 'unsupported');
  }
  if (version !== 1 && version !== MANIFEST_VERSION) {
    throw new ManifestError(`${source}: the manifest has version ${JSON.stringify(version) ?? 'nothing'}; expected 1 to ${MANIFEST_VERSION}. ${REEXPORT}`, 'invalid');
  }
  const result = manifestSchema.safeParse(migrateManifest(value, source));
  if (!result.success) throw new ManifestError(`${source}: ${describeIssue(result.error.issues[0], value)}. ${REEXPORT}`, 'invalid');
  const manifest = result.data;
  if (manifest.model.numClasses !== manifest.labels.length) {
    throw new ManifestError(
      `${source}: the model has ${manifest.model.numClasses} outputs but the label list has ${manifest.labels.length} names. The manifest was edited or mixed from two exports: export the model again with \`spectromix export\`.`,
      'mismatch',
    );
  }
  if (manifest.model.targetLength !== manifest.features.targetLength) {
    throw new ManifestError(
      `${source}: the model expects ${manifest.model.targetLength} frames but the features are set to ${manifest.features.targetLength}. The manifest was edited or mixed from two exports: export the model again.`,
      'mismatch',
    );
  }
  return manifest;
}

const REEXPORT = 'Re-create it with `spectromix export`.';

/** "field a.b is <value>: <what was expected>" for the first zod issue. */
function describeIssue(issue: z.core.$ZodIssue | undefined, value: unknown): string {
  if (issue == null) return 'the manifest is malformed';
  const path = issue.path.map(String).join('.');
  let found: unknown = value;
  for (const key of issue.path) found = typeof found === 'object' && found !== null ? (found as Record<PropertyKey, unknown>)[key as PropertyKey] : undefined;
  if (issue.code === 'unrecognized_keys') return `${path === '' ? 'the manifest' : `field ${path}`} has unknown keys ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
  return `field ${path} is ${JSON.stringify(found) ?? 'missing'}: ${issue.message}`;
}
