import { basename, join, resolve } from 'node:path';
import { writeExport } from '../model/export-io.js';
import { loadModel } from '../model/load-model.js';
import { ConfigError } from '../errors.js';
import { checkOutputDir, checkOutputFile } from '../io/output-path.js';
import { selectBackend } from '../backend/select.js';
import { readCrossValidation } from './cv-block.js';

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
  const cv = options['cv'] != null ? readCrossValidation(String(options['cv'])) : undefined;
  // Exporting only moves weights: the CPU backend is enough and starts instantly.
  await selectBackend('cpu');
  const { model, manifest: loaded, source: from } = await loadModel(source, which);
  try {
    if (cv != null && loaded.training == null) throw new ConfigError(`--cv: ${from} records no training block to add the cross-validation to; export a run folder or one of its checkpoints.`);
    const manifest = cv != null && loaded.training != null ? { ...loaded, training: { ...loaded.training, crossValidation: cv } } : loaded;
    const written = await writeExport(model, manifest, out, single);
    console.log(`Exported ${from} (${manifest.model.preset}, ${manifest.labels.length} labels, ${manifest.features.targetLength} frames) to:\n${written.map((w) => `  ${w}`).join('\n')}`);
    if (cv != null) {
      const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;
      console.log(`Cross-validation (${cv.protocol}, ${cv.runs} runs, epoch ${cv.epoch}): test accuracy ${pct(cv.accuracy.mean)} (std ${pct(cv.accuracy.std)}), macro AUC ${pct(cv.macroAuc.mean)}.`);
      const trained = manifest.training?.epochs;
      if (trained != null && trained !== cv.epoch) console.log(`Note: this model trained ${trained} epochs; the cross-validation chose epoch ${cv.epoch}. Export the checkpoint of that epoch (checkpoints/step-<epoch x steps per epoch>.safetensors) for the recipe the numbers describe.`);
    }
  } finally {
    model.dispose();
  }
}
