import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** One training step's numbers, for the per-step charts. */
export interface StepPoint {
  /** Global step (1-based). */
  readonly step: number;
  /** Batch loss. */
  readonly loss: number;
  /** Learning rate. */
  readonly lr: number;
}

/** One epoch's numbers, for the per-epoch charts. */
export interface EpochPoint {
  /** Epoch (1-based). */
  readonly epoch: number;
  /** Series name (`train`, `validation`). */
  readonly series: string;
  /** Loss of that series. */
  readonly loss: number;
  /** Accuracy of that series. */
  readonly accuracy: number;
}

const WIDTH = 420;
const HEIGHT = 220;

/** Renders a Vega-Lite spec to a standalone SVG string in Node (no browser, no canvas). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const finite = <T extends object>(rows: T[], key: keyof T): T[] => rows.filter((r) => Number.isFinite(r[key] as number));

/** A per-epoch line chart of one field, one line per series (train, validation). */
function epochChart(title: string, field: 'loss' | 'accuracy', epochs: EpochPoint[]): TopLevelSpec {
  const y = field === 'accuracy' ? { scale: { domain: [0, 1] }, axis: { format: '%' } } : { scale: { zero: false } };
  return {
    title,
    width: WIDTH,
    height: HEIGHT,
    data: { values: finite(epochs, field) },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } },
      y: { field, type: 'quantitative', title: field, ...y },
      color: { field: 'series', type: 'nominal', title: null },
    },
  };
}

/** Loss per epoch, train and validation. */
export function lossChart(epochs: EpochPoint[]): TopLevelSpec {
  return epochChart('Loss per epoch', 'loss', epochs);
}

/** Accuracy per epoch, train and validation. */
export function accuracyChart(epochs: EpochPoint[]): TopLevelSpec {
  return epochChart('Accuracy per epoch', 'accuracy', epochs);
}

/** Training loss per step. */
export function stepLossChart(steps: StepPoint[]): TopLevelSpec {
  return {
    title: 'Training loss per step',
    width: WIDTH,
    height: HEIGHT,
    data: { values: finite(steps, 'loss') },
    mark: { type: 'line', strokeWidth: 1 },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'optimizer step' },
      y: { field: 'loss', type: 'quantitative', title: 'batch loss', scale: { zero: false } },
    },
  };
}

/** Learning rate per step. */
export function lrChart(steps: StepPoint[]): TopLevelSpec {
  return {
    title: 'Learning rate',
    width: WIDTH,
    height: HEIGHT,
    data: { values: steps },
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'optimizer step' },
      y: { field: 'lr', type: 'quantitative', title: 'learning rate', axis: { format: '.1e' } },
    },
  };
}

/** Confusion matrix heatmap with counts: rows true class, columns predicted class. */
export function confusionChart(confusion: number[][], classes: readonly string[], title: string): TopLevelSpec {
  const values = confusion.flatMap((row, t) => row.map((count, p) => ({ actual: classes[t] ?? String(t), predicted: classes[p] ?? String(p), count })));
  const size = Math.max(160, Math.min(560, 28 * classes.length));
  const max = Math.max(1, ...values.map((v) => v.count));
  return {
    title,
    width: size,
    height: size,
    data: { values },
    encoding: {
      x: { field: 'predicted', type: 'ordinal', sort: [...classes], title: 'predicted' },
      y: { field: 'actual', type: 'ordinal', sort: [...classes], title: 'true class' },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'count', type: 'quantitative', scale: { scheme: 'blues', domain: [0, max] }, legend: null } } },
      {
        mark: { type: 'text', fontSize: classes.length > 20 ? 7 : 10 },
        encoding: {
          text: { field: 'count', type: 'quantitative' },
          color: { condition: { test: `datum.count > ${max / 2}`, value: 'white' }, value: 'black' },
        },
      },
    ],
  };
}
