/** A JSON-like object. */
type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Merges `over` onto `base` (neither is modified): objects merge key by key, everything else (numbers,
 * strings, arrays, null) replaces. An object with a different `kind` (a schedule, a split) replaces the
 * base object whole, so fields of the old kind do not leak into the new one.
 */
export function mergeLayer<T>(base: T, over: unknown): T {
  if (!isObject(base) || !isObject(over)) return (over === undefined ? base : over) as T;
  if ('kind' in over && over['kind'] !== base['kind']) return structuredClone(over) as T;
  const out: Obj = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    out[key] = isObject(value) && isObject(base[key]) ? mergeLayer(base[key], value) : structuredClone(value);
  }
  return out as T;
}

/**
 * Sets `path` (dotted, e.g. `train.epochs`) in a layer object, creating intermediate objects.
 * @returns the layer, for chaining.
 */
export function setPath(layer: Obj, path: string, value: unknown): Obj {
  const keys = path.split('.');
  let node = layer;
  keys.slice(0, -1).forEach((k) => {
    if (!isObject(node[k])) node[k] = {};
    node = node[k] as Obj;
  });
  node[keys[keys.length - 1] as string] = value;
  return layer;
}
