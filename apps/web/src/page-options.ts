import { BROWSER_BACKENDS, INFERENCE_PRECISIONS, type BackendName, type InferencePrecision } from '@spectromix/classifier';

/**
 * Options read from the page URL: `?backends=wasm,cpu` narrows the backends tried, `?model=<id>` preselects a model,
 * `?precision=fp32` (or `f16`, `auto`) sets the precision of the model's products.
 */
export interface PageOptions {
  readonly backends: readonly BackendName[];
  readonly model: string | null;
  /** `'auto'` (the default: f16 where WebGPU offers shader-f16), `'f16'` or `'fp32'`. */
  readonly precision: InferencePrecision;
}

/** Parses the page's query string; unknown backend names and precisions are ignored. */
export function pageOptions(search: string): PageOptions {
  const params = new URLSearchParams(search);
  const asked = (params.get('backends') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const backends = asked.filter((b): b is BackendName => (BROWSER_BACKENDS as readonly string[]).includes(b));
  const precision = INFERENCE_PRECISIONS.find((p) => p === params.get('precision')) ?? 'auto';
  return { backends: backends.length > 0 ? backends : BROWSER_BACKENDS, model: params.get('model'), precision };
}
