import { createLoss, evaluate, type ClassificationMetrics } from '@spectromix/train';
import { stringifyWithNonFinite } from '@spectromix/train';
import { validateSavedRunConfig } from '../config/resolve.js';
import { mergeLayer } from '../config/merge.js';
import { selectBackend } from '../backend/select.js';
import { prepareData } from '../data/prepare.js';
import { evalSourceFor } from '../data/batches.js';
import { batchSpeakers } from '../data/speaker-norm.js';
import { loadModel } from '../model/load-model.js';
import { ConfigError, DataError } from '../errors.js';
import { BACKEND_CHOICES, type RunConfig } from '../config/schema.js';

const SUBSETS = ['test', 'validation', 'train', 'all'] as const;

/** `spectromix evaluate <model>`: metrics of a trained model on a subset of its dataset (or another folder). */
export async function evaluateCommand(modelPath: string, options: Record<string, unknown>): Promise<void> {
  const subset = String(options['subset'] ?? 'test');
  if (!(SUBSETS as readonly string[]).includes(subset)) throw new ConfigError(`--subset must be one of ${SUBSETS.join(', ')}, got '${subset}'.`);
  const backendName = String(options['backend'] ?? 'auto');
  if (!(BACKEND_CHOICES as readonly string[]).includes(backendName)) throw new ConfigError(`--backend must be one of ${BACKEND_CHOICES.join(', ')}, got '${backendName}'.`);
  const backend = await selectBackend(backendName as RunConfig['run']['backend']);
  const { model, manifest, source } = await loadModel(modelPath);
  try {
    const trained = manifest.training?.config;
    if (trained == null) throw new DataError(`${source} carries no training configuration (its manifest has no 'training'), so its dataset is unknown; evaluate a model exported by \`spectromix export\`.`);
    const layer: Record<string, unknown> = { data: { normalization: manifest.features.normalization, speakerNormalization: manifest.features.speakerNormalization, speakerRate: manifest.features.speakerRate, targetLength: manifest.features.targetLength, sampleRate: manifest.features.sampleRate } };
    if (options['data'] != null) (layer['data'] as Record<string, unknown>)['root'] = String(options['data']);
    if (options['dataset'] != null) (layer['data'] as Record<string, unknown>)['dataset'] = String(options['dataset']);
    const config = validateSavedRunConfig(mergeLayer(trained, layer), 'the model and flags');
    const data = await prepareData(config);
    if (data.dataset.classes.join('\u0000') !== manifest.labels.join('\u0000')) {
      throw new DataError(`The dataset's classes (${data.dataset.classes.join(', ')}) differ from the model's labels (${manifest.labels.join(', ')}); evaluate on a dataset with the same classes.`);
    }
    const rows = subset === 'all' ? data.dataset.records.map((_, i) => i) : data.split[subset as 'test' | 'validation' | 'train'];
    if (rows.length === 0) throw new DataError(`The ${subset} subset is empty for this split (${data.split.description}).`);
    const evalSource = evalSourceFor(data, rows, batchSpeakers(data, manifest.features));
    let metrics: ClassificationMetrics;
    try {
      metrics = await evaluate(model, evalSource.source, createLoss(config.train.loss));
    } finally {
      await evalSource.close();
    }
    if (options['json'] === true) {
      console.log(stringifyWithNonFinite({ model: source, dataset: data.dataset.name, subset, backend: backend.name, labels: manifest.labels, metrics }));
      return;
    }
    console.log(`Model ${source} on ${data.dataset.name} (${subset}: ${metrics.count} clips, ${data.split.description}) with ${backend.name}:`);
    console.log(`  accuracy ${(100 * metrics.accuracy).toFixed(2)}%  macro AUC ${(100 * metrics.macroAuc).toFixed(2)}%  mAP ${(100 * metrics.mAP).toFixed(2)}%  loss ${metrics.loss?.toFixed(4)}`);
    const width = Math.max(8, ...manifest.labels.map((l) => l.length));
    console.log(`  ${'class'.padEnd(width)}  precision  recall     F1  support`);
    manifest.labels.forEach((label, i) => {
      const f = (v: number | undefined): string => `${(100 * (v ?? 0)).toFixed(1)}%`.padStart(9);
      console.log(`  ${label.padEnd(width)}  ${f(metrics.perClass.precision[i])} ${f(metrics.perClass.recall[i])} ${f(metrics.perClass.f1[i])} ${String(metrics.perClass.support[i]).padStart(8)}`);
    });
    console.log(`  confusion (rows true, columns predicted):`);
    for (const [i, row] of metrics.confusion.entries()) console.log(`  ${(manifest.labels[i] ?? '').padEnd(width)}  ${row.map((v) => String(v).padStart(4)).join('')}`);
  } finally {
    model.dispose();
  }
}
