import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readSafetensors } from '@spectromix/tensor/codecs';
import { modelFromConfig } from '@spectromix/asm-rh';
import type { RunModel } from './build.js';
import { cnnFromConfig, isCnnConfig } from './cnn.js';
import { ExportFormatError } from '../errors.js';
import { writeFileAtomicSync } from '../io/write-atomic.js';
import { EXPORT_FILES, MANIFEST_METADATA_KEY, type ModelManifest } from '@spectromix/features';
import { manifestModelConfig, parseExportManifest } from './manifest.js';

/**
 * Writes an exported model. A folder gets `model.safetensors` (weights, with the manifest in its metadata too)
 * and `spectromix.json` (the manifest); a single file (`--single-file`) is that safetensors file alone.
 * @returns the paths written.
 */
export async function writeExport(model: RunModel, manifest: ModelManifest, out: string, singleFile: boolean): Promise<string[]> {
  const weights = await model.saveWeightsAsync({ [MANIFEST_METADATA_KEY]: JSON.stringify(manifest) });
  if (singleFile) {
    writeFileAtomicSync(out, weights);
    return [out];
  }
  const w = join(out, EXPORT_FILES.weights);
  const m = join(out, EXPORT_FILES.manifest);
  writeFileAtomicSync(w, weights);
  writeFileAtomicSync(m, `${JSON.stringify(manifest, null, 2)}\n`);
  return [w, m];
}

/**
 * Loads an exported model (folder or single file) and rebuilds it with its weights.
 * @throws ExportFormatError when files are missing or malformed.
 */
export function readExport(path: string): { model: RunModel; manifest: ModelManifest } {
  if (!existsSync(path)) throw new ExportFormatError(`${path} does not exist: pass an export folder or .safetensors file written by \`spectromix export\`.`);
  const weightsPath = statSync(path).isDirectory() ? join(path, EXPORT_FILES.weights) : path;
  if (!existsSync(weightsPath)) throw new ExportFormatError(`${path} has no ${EXPORT_FILES.weights}.`);
  return readExportBytes(new Uint8Array(readFileSync(weightsPath)), weightsPath);
}

/**
 * Rebuilds an exported model from the bytes of its weights file (the manifest is in its metadata). The bytes are
 * untrusted: the model config is checked against their size before any layer is allocated.
 * @param source the file, for messages.
 * @throws ExportFormatError for bytes that are not a spectromix export; the model packages' typed errors for
 * weights that do not fit the config.
 */
export function readExportBytes(bytes: Uint8Array, source: string): { model: RunModel; manifest: ModelManifest } {
  let manifestText: string | undefined;
  try {
    manifestText = readSafetensors(bytes).metadata[MANIFEST_METADATA_KEY];
  } catch (error) {
    throw new ExportFormatError(`${source} is not a readable safetensors file (${(error as Error).message}).`);
  }
  if (manifestText == null) throw new ExportFormatError(`${source} has no '${MANIFEST_METADATA_KEY}' metadata: it is not a spectromix export (checkpoints are read with --checkpoint).`);
  let json: unknown;
  try {
    json = JSON.parse(manifestText);
  } catch (error) {
    throw new ExportFormatError(`${source}: its '${MANIFEST_METADATA_KEY}' metadata is not valid JSON (${(error as Error).message}). Re-export the model with \`spectromix export\`.`);
  }
  const manifest = parseExportManifest(json, source);
  const config = manifestModelConfig(manifest);
  const model: RunModel = isCnnConfig(config) ? cnnFromConfig(config) : modelFromConfig(config, { weightBytes: bytes.byteLength });
  try {
    model.loadWeights(bytes);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return { model, manifest };
}
