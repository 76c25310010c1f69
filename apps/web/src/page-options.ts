import { BROWSER_BACKENDS, type BackendName } from '@spectromix/classifier';

/** Options read from the page URL: `?backends=wasm,cpu` narrows the backends tried, `?model=<id>` preselects a model. */
export interface PageOptions {
  readonly backends: readonly BackendName[];
  readonly model: string | null;
}

/** Parses the page's query string; unknown backend names are ignored. */
export function pageOptions(search: string): PageOptions {
  const params = new URLSearchParams(search);
  const asked = (params.get('backends') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const backends = asked.filter((b): b is BackendName => (BROWSER_BACKENDS as readonly string[]).includes(b));
  return { backends: backends.length > 0 ? backends : BROWSER_BACKENDS, model: params.get('model') };
}
