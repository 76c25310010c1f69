/** A model shipped with the app under `public/models/<id>/` (listed in `public/models/index.json`). */
export interface BundledModel {
  /** Folder name under models/. */
  readonly id: string;
  /** Name shown in the picker. */
  readonly name: string;
  /** One line on what it recognises and how it was trained. */
  readonly description: string;
}

/** Reads the list of bundled models. */
export async function loadModelIndex(base: URL): Promise<BundledModel[]> {
  const response = await fetch(new URL('models/index.json', base));
  if (!response.ok) throw new Error(`models/index.json could not be loaded (HTTP ${response.status}).`);
  const list = (await response.json()) as { models?: BundledModel[] };
  if (!Array.isArray(list.models) || list.models.length === 0) throw new Error('models/index.json lists no models.');
  return list.models;
}

/** The folder URL of a bundled model. */
export function modelUrl(base: URL, model: BundledModel): URL {
  return new URL(`models/${model.id}/`, base);
}
