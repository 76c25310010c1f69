import type { ClassificationResult } from '@spectromix/classifier';

/** Most classes shown as bars (the rest are summarised). */
const MAX_BARS = 12;

/** Renders a result: the top class, latency, and a bar per class (an accessible meter each). */
export class ProbabilityView {
  readonly #root: HTMLElement;
  readonly #top: HTMLElement;
  readonly #topProbability: HTMLElement;
  readonly #source: HTMLElement;
  readonly #latency: HTMLElement;
  readonly #inference: HTMLElement;
  readonly #bars: HTMLOListElement;
  #count = 0;

  constructor(root: HTMLElement) {
    this.#root = root;
    this.#top = find(root, '#top-label');
    this.#topProbability = find(root, '#top-probability');
    this.#source = find(root, '#result-source');
    this.#latency = find(root, '#latency');
    this.#inference = find(root, '#inference-ms');
    this.#bars = find(root, '#probabilities') as HTMLOListElement;
  }

  /** Shows `result` for audio described by `source` (a file name or "microphone"). */
  show(result: ClassificationResult, source: string): void {
    this.#count += 1;
    this.#top.textContent = result.top.label;
    this.#topProbability.textContent = `(${percent(result.top.probability)})`;
    this.#source.textContent = source;
    this.#latency.textContent = `${result.latencyMs.toFixed(1)} ms on ${result.backend} (${result.precision})`;
    this.#inference.textContent = `${result.timings.inferenceMs.toFixed(1)} ms model, ${result.timings.featuresMs.toFixed(1)} ms features, ${result.timings.decodeMs.toFixed(1)} ms decode`;
    const items = result.labels.slice(0, MAX_BARS).map((score) => {
      const li = document.createElement('li');
      const name = document.createElement('span');
      name.textContent = score.label;
      name.id = `bar-label-${score.index}`;
      const track = document.createElement('div');
      track.className = 'track';
      track.setAttribute('role', 'meter');
      track.setAttribute('aria-labelledby', name.id);
      track.setAttribute('aria-valuemin', '0');
      track.setAttribute('aria-valuemax', '100');
      track.setAttribute('aria-valuenow', (score.probability * 100).toFixed(1));
      const fill = document.createElement('div');
      fill.className = 'fill';
      fill.style.width = `${(score.probability * 100).toFixed(2)}%`;
      track.append(fill);
      const value = document.createElement('span');
      value.className = 'value';
      value.textContent = percent(score.probability);
      li.append(name, track, value);
      return li;
    });
    this.#bars.replaceChildren(...items);
    this.#root.dataset['source'] = source;
    this.#root.dataset['count'] = String(this.#count);
    this.#root.dataset['backend'] = result.backend;
    this.#root.dataset['precision'] = result.precision;
    // Every class's probability, for scripts and tests reading the page.
    this.#root.dataset['probabilities'] = JSON.stringify(Object.fromEntries(result.labels.map((s) => [s.label, s.probability])));
  }
}

function percent(p: number): string {
  return `${(p * 100).toFixed(1)}%`;
}

function find(root: ParentNode, selector: string): HTMLElement {
  const el = root.querySelector<HTMLElement>(selector);
  if (el == null) throw new Error(`The page is missing ${selector}.`);
  return el;
}
