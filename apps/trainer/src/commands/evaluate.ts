import { classificationMetrics, createLoss, predict, sigmoidScores, softmaxRows, type ClassificationMetrics } from '@spectromix/train';
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

/** What one model scored on the subset: its per-clip scores and metrics, for the printout and the ensemble. */
export interface Evaluated {
  /** The model, as loaded (file or folder). */
  readonly source: string;
  readonly datasetName: string;
  /** Per evaluated clip, the sum of its first frames' features (before normalisation): which clips these were. */
  readonly fingerprint: Float64Array;
  readonly description: string;
  readonly labels: string[];
  readonly output: 'softmax' | 'sigmoid';
  readonly rows: number[];
  readonly truth: Int32Array;
  /** Row-major `[count, K]` probabilities (softmax or sigmoid, as the model's output). */
  readonly probabilities: Float32Array;
  readonly metrics: ClassificationMetrics;
}

/** The sum of the first 4 frames of each row's raw features: the same clips give the same sums, whatever else differs. */
function clipFingerprints(store: { get(i: number): Float32Array; numBins: number }, rows: readonly number[]): Float64Array {
  const out = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    const row = store.get(r);
    let sum = 0;
    for (let j = 0; j < Math.min(row.length, 4 * store.numBins); j++) sum += row[j] as number;
    out[i] = sum;
  });
  return out;
}

async function evaluateOne(modelPath: string, subset: string, options: Record<string, unknown>): Promise<Evaluated> {
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
    try {
      const p = await predict(model, evalSource.source, createLoss(config.train.loss));
      const probabilities = manifest.output === 'sigmoid' ? sigmoidScores(p.logits) : softmaxRows(p.logits, p.numClasses);
      const metrics = classificationMetrics(sigmoidScores(p.logits), p.labels, p.numClasses);
      return {
        source,
        datasetName: data.dataset.name,
        fingerprint: clipFingerprints(data.store, rows),
        description: data.split.description,
        labels: manifest.labels,
        output: manifest.output,
        rows,
        truth: p.labels,
        probabilities,
        metrics: p.loss == null ? metrics : { ...metrics, loss: p.loss },
      };
    } finally {
      await evalSource.close();
    }
  } finally {
    model.dispose();
  }
}

/**
 * The ensemble of models evaluated on the same clips: the mean of their probabilities. Its loss is the mean negative
 * log-likelihood of the true class under the averaged softmax (sigmoid models: none).
 * @throws DataError when the models were not evaluated on the same clips with the same labels (another split, fold
 * or dataset: their average would mix what each model was tested on).
 */
export function ensembleOf(members: readonly Evaluated[]): ClassificationMetrics {
  const first = members[0] as Evaluated;
  for (const m of members.slice(1)) {
    const same = m.rows.length === first.rows.length && m.fingerprint.every((f, i) => f === first.fingerprint[i]) && m.labels.join('\u0000') === first.labels.join('\u0000') && m.output === first.output && m.rows.every((r, i) => r === first.rows[i]) && m.truth.every((t, i) => t === first.truth[i]);
    if (!same) {
      throw new DataError(
        `${m.source} was not evaluated on the same clips as ${first.source} (${m.description} against ${first.description}); an ensemble averages models of the same split and fold (e.g. several seeds), each tested on the same clips.`,
      );
    }
  }
  const k = first.labels.length;
  const mean = new Float32Array(first.probabilities.length);
  for (const m of members) for (let i = 0; i < mean.length; i++) (mean[i] as number) += (m.probabilities[i] as number) / members.length;
  const metrics = classificationMetrics(mean, first.truth, k);
  if (first.output === 'sigmoid') return metrics;
  let nll = 0;
  first.truth.forEach((t, i) => (nll -= Math.log(Math.max(mean[i * k + t] as number, 1e-12))));
  return { ...metrics, loss: nll / first.truth.length };
}

/**
 * `spectromix evaluate <model> [models...]`: metrics of a trained model on a subset of its dataset (or another
 * folder); with several models, each one's accuracy and the metrics of their ensemble (mean probabilities).
 */
export async function evaluateCommand(modelPaths: string | readonly string[], options: Record<string, unknown>): Promise<void> {
  const paths = typeof modelPaths === 'string' ? [modelPaths] : [...modelPaths];
  const subset = String(options['subset'] ?? 'test');
  if (!(SUBSETS as readonly string[]).includes(subset)) throw new ConfigError(`--subset must be one of ${SUBSETS.join(', ')}, got '${subset}'.`);
  const backendName = String(options['backend'] ?? 'auto');
  if (!(BACKEND_CHOICES as readonly string[]).includes(backendName)) throw new ConfigError(`--backend must be one of ${BACKEND_CHOICES.join(', ')}, got '${backendName}'.`);
  const backend = await selectBackend(backendName as RunConfig['run']['backend']);
  const members: Evaluated[] = [];
  for (const path of paths) members.push(await evaluateOne(path, subset, options));
  const first = members[0] as Evaluated;
  const ensemble = members.length > 1 ? ensembleOf(members) : null;
  const metrics = ensemble ?? first.metrics;
  const source = members.length > 1 ? `ensemble of ${members.length} models` : first.source;
  if (options['json'] === true) {
    const each = members.length > 1 ? { members: members.map((m) => ({ model: m.source, metrics: m.metrics })) } : {};
    console.log(stringifyWithNonFinite({ model: source, dataset: first.datasetName, subset, backend: backend.name, labels: first.labels, metrics, ...each }));
    return;
  }
  if (members.length > 1) {
    console.log(`Ensemble (mean ${first.output} probabilities) of ${members.length} models:`);
    for (const m of members) console.log(`  ${m.source}: accuracy ${(100 * m.metrics.accuracy).toFixed(2)}%  macro AUC ${(100 * m.metrics.macroAuc).toFixed(2)}%`);
  }
  const labels = first.labels;
  console.log(`Model ${source} on ${first.datasetName} (${subset}: ${metrics.count} clips, ${first.description}) with ${backend.name}:`);
  console.log(`  accuracy ${(100 * metrics.accuracy).toFixed(2)}%  macro AUC ${(100 * metrics.macroAuc).toFixed(2)}%  mAP ${(100 * metrics.mAP).toFixed(2)}%  loss ${metrics.loss?.toFixed(4)}`);
  const width = Math.max(8, ...labels.map((l) => l.length));
  console.log(`  ${'class'.padEnd(width)}  precision  recall     F1  support`);
  labels.forEach((label, i) => {
    const f = (v: number | undefined): string => `${(100 * (v ?? 0)).toFixed(1)}%`.padStart(9);
    console.log(`  ${label.padEnd(width)}  ${f(metrics.perClass.precision[i])} ${f(metrics.perClass.recall[i])} ${f(metrics.perClass.f1[i])} ${String(metrics.perClass.support[i]).padStart(8)}`);
  });
  console.log(`  confusion (rows true, columns predicted):`);
  for (const [i, row] of metrics.confusion.entries()) console.log(`  ${(labels[i] ?? '').padEnd(width)}  ${row.map((v) => String(v).padStart(4)).join('')}`);
}
