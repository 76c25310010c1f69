import type { ClassificationMetrics, EpochRecord } from '@spectromix/train';
import { accuracyChart, confusionChart, lossChart, lrChart, renderSvg, stepLossChart, type EpochPoint, type StepPoint } from './charts.js';

/** Everything the report shows. */
export interface ReportInput {
  /** Run title. */
  readonly title: string;
  /** Finished epochs. */
  readonly history: readonly EpochRecord[];
  /** Per-step loss and learning rate. */
  readonly steps: readonly StepPoint[];
  /** Class names. */
  readonly classes: readonly string[];
  /** Final metrics, by subset name (`test`, `validation`). */
  readonly results: Readonly<Record<string, ClassificationMetrics | undefined>>;
  /** Lines of facts (backend, model, data, timing). */
  readonly facts: readonly [string, string][];
  /** The full run configuration. */
  readonly config: unknown;
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
const pct = (v: number): string => (Number.isFinite(v) ? `${(100 * v).toFixed(2)}%` : 'n/a');

/**
 * Renders the run report: a self-contained HTML page (inline SVG charts made with Vega-Lite, inline CSS, no
 * script and no network access) with the loss, accuracy and learning-rate curves, the confusion matrix,
 * per-class precision/recall/F1 and the configuration.
 */
export async function renderReport(input: ReportInput): Promise<string> {
  const epochs: EpochPoint[] = input.history.flatMap((h) => [
    { epoch: h.epoch + 1, series: 'train', loss: h.trainLoss, accuracy: h.trainAccuracy },
    ...(h.validation != null ? [{ epoch: h.epoch + 1, series: 'validation', loss: h.validation.loss, accuracy: h.validation.accuracy }] : []),
  ]);
  const steps = [...input.steps];
  const [main, mainName] = input.results['test'] != null ? [input.results['test'], 'test'] : [input.results['validation'], 'validation'];
  const charts = await Promise.all([
    renderSvg(lossChart(epochs)),
    renderSvg(accuracyChart(epochs)),
    renderSvg(stepLossChart(steps)),
    renderSvg(lrChart(steps)),
    ...(main != null ? [renderSvg(confusionChart(main.confusion, input.classes, `Confusion matrix (${mainName})`))] : []),
  ]);
  const resultRows = Object.entries(input.results)
    .filter((e): e is [string, ClassificationMetrics] => e[1] != null)
    .map(([name, m]) => `<tr><td>${name}</td><td>${m.count}</td><td>${pct(m.accuracy)}</td><td>${pct(m.macroAuc)}</td><td>${pct(m.mAP)}</td><td>${m.loss?.toFixed(4) ?? ''}</td></tr>`)
    .join('');
  const perClass =
    main == null
      ? ''
      : input.classes
          .map((c, i) => `<tr><td>${escapeHtml(c)}</td><td>${pct(main.perClass.precision[i] ?? Number.NaN)}</td><td>${pct(main.perClass.recall[i] ?? Number.NaN)}</td><td>${pct(main.perClass.f1[i] ?? Number.NaN)}</td><td>${main.perClass.support[i] ?? 0}</td><td>${pct(main.auc[i] ?? Number.NaN)}</td></tr>`)
          .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(input.title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:1100px;color:#222}h1{font-size:1.4rem}table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ccc;padding:.25rem .6rem;text-align:right}td:first-child,th:first-child{text-align:left}.charts{display:flex;flex-wrap:wrap;gap:1rem}pre{background:#f6f6f6;padding:1rem;overflow:auto;font-size:.8rem}</style>
</head><body>
<h1>${escapeHtml(input.title)}</h1>
<table>${input.facts.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>
<h2>Results</h2>
<table><tr><th>subset</th><th>clips</th><th>accuracy</th><th>macro AUC</th><th>mAP</th><th>loss</th></tr>${resultRows}</table>
<div class="charts">${charts.join('\n')}</div>
${main != null ? `<h2>Per class (${mainName})</h2><table><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th><th>AUC</th></tr>${perClass}</table>` : ''}
<h2>Configuration</h2>
<pre>${escapeHtml(JSON.stringify(input.config, null, 2))}</pre>
</body></html>
`;
}
