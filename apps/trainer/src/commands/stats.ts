import { resolveRunConfig } from '../config/resolve.js';
import { flagsLayer } from '../config/flags.js';
import { prepareData } from '../data/prepare.js';

/** `spectromix stats`: what a recipe's data looks like (classes, subset sizes per class, normalisation, problems). */
export async function statsCommand(options: Record<string, unknown>): Promise<void> {
  const { config } = resolveRunConfig({
    ...(options['recipe'] != null ? { recipe: String(options['recipe']) } : {}),
    ...(options['config'] != null ? { configFile: String(options['config']) } : {}),
    flags: flagsLayer(options),
  });
  // With augment.speed / augment.vtlp, the perturbed copies too: runs-gpu.sh warms the feature cache with this command.
  const data = await prepareData(config, { perturbed: true });
  const { classes, records } = data.dataset;
  const perClass = (rows: number[]): number[] => {
    const counts = new Array<number>(classes.length).fill(0);
    for (const i of rows) if (data.store.has(i)) counts[records[i]?.labelIndex ?? 0]! += 1;
    return counts;
  };
  const subsets = { train: perClass(data.split.train), validation: perClass(data.split.validation), test: perClass(data.split.test) };
  const summary = {
    dataset: data.dataset.name,
    root: data.dataset.root,
    clips: records.length,
    classes,
    split: data.split.description,
    perClass: subsets,
    normalization: data.normalization,
    features: { sampleRate: config.data.sampleRate, targetLength: config.data.targetLength, numBins: data.store.numBins, source: data.featureSource },
    perturbed: data.perturbed != null ? data.perturbed.set.map((p, i) => ({ ...p, source: data.perturbed?.sources[i] })) : [],
    problems: [...data.dataset.problems, ...data.store.problems],
  };
  if (options['json'] === true) {
    console.log(JSON.stringify(summary, null, 2));
    return;
  }
  console.log(`${summary.dataset} at ${summary.root}: ${summary.clips} clips, ${classes.length} classes; ${summary.split}`);
  console.log(`features: ${config.data.sampleRate} Hz, ${config.data.targetLength} frames x ${data.store.numBins} bins (${data.featureSource})`);
  if (data.perturbed != null) console.log(`perturbed training copies: ${data.perturbed.set.map((p) => `speed ${p.speed} alpha ${p.vtlpAlpha}`).join(', ')}`);
  console.log(`normalisation: mean ${data.normalization.mean.toFixed(6)}, std ${data.normalization.std.toFixed(6)} (${data.normalization.source})`);
  const width = Math.max(5, ...classes.map((c) => c.length));
  console.log(`${'class'.padEnd(width)}  ${'train'.padStart(6)} ${'valid'.padStart(6)} ${'test'.padStart(6)}`);
  classes.forEach((c, i) => console.log(`${c.padEnd(width)}  ${String(subsets.train[i]).padStart(6)} ${String(subsets.validation[i]).padStart(6)} ${String(subsets.test[i]).padStart(6)}`));
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  console.log(`${'total'.padEnd(width)}  ${String(sum(subsets.train)).padStart(6)} ${String(sum(subsets.validation)).padStart(6)} ${String(sum(subsets.test)).padStart(6)}`);
  if (summary.problems.length > 0) {
    console.log(`${summary.problems.length} problem(s) (files skipped or unreadable, and why):`);
    for (const p of summary.problems) console.log(`  ${p.path}: ${p.reason}`);
  }
}
