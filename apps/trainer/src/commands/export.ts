import { basename, join, resolve } from 'node:path';
import { writeExport } from '../model/export-io.js';
import { loadModel } from '../model/load-model.js';
import { ConfigError } from '../errors.js';
import { checkOutputDir, checkOutputFile } from '../io/output-path.js';
import { selectBackend } from '../backend/select.js';

/** `spectromix export <run|checkpoint>`: the web-demo format, as a folder or one .safetensors file. */
export async function exportCommand(source: string, options: Record<string, unknown>): Promise<void> {
  const which = String(options['checkpoint'] ?? 'best');
  if (which !== 'best' && which !== 'latest') throw new ConfigError(`--checkpoint must be best or latest, got '${which}'.`);
  const single = options['singleFile'] === true;
  const out = resolve(options['out'] != null ? String(options['out']) : single ? `${basename(resolve(source))}.spectromix.safetensors` : join(resolve(source), 'export'));
  if (single && !out.endsWith('.safetensors')) throw new ConfigError(`--single-file writes a .safetensors file; give --out a name ending in .safetensors (got ${out}).`);
  // Before the model is loaded: a path that cannot be written stops here, not after the work.
  if (single) checkOutputFile(out, '--out');
  else checkOutputDir(out, '--out');
  // Exporting only moves weights: the CPU backend is enough and starts instantly.
  await selectBackend('cpu');
  const { model, manifest, source: from } = await loadModel(source, which);
  try {
    const written = await writeExport(model, manifest, out, single);
    console.log(`Exported ${from} (${manifest.model.preset}, ${manifest.labels.length} labels, ${manifest.features.targetLength} frames) to:\n${written.map((w) => `  ${w}`).join('\n')}`);
  } finally {
    model.dispose();
  }
}
