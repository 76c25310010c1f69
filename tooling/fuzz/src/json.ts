import type { SeededRng } from '@spectromix/tensor';
import type { Mutant } from './mutate.js';

/** JSON values a field is replaced with: wrong types, extremes of numbers, a 1 GB claimed length, huge nesting. */
const JSON_EXTREMES: readonly unknown[] = [null, true, 0, -1, 1.5, 1e9, 2 ** 53, -(2 ** 53), 1e308, '', 'NaN', '\u0000', [], {}, [1e9, 1e9], [0, 1e9], [[[[[]]]]], 'x'.repeat(1000)];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path (keys and indices) to a value inside `value`, its root included. */
function paths(value: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

/**
 * One structural mutation of a JSON document: a value replaced by a wrong type or an extreme, a key removed,
 * an array emptied or grown. The result is still valid JSON, so it reaches the checks behind `JSON.parse`.
 */
export function mutateJsonValue(value: unknown, rng: SeededRng): { value: unknown; mutation: string } {
  const root = structuredClone(value) as Json;
  const all = paths(root);
  const path = all[rng.int(all.length)]!;
  const name = path.length === 0 ? '(root)' : path.join('.');
  const replacement = JSON_EXTREMES[rng.int(JSON_EXTREMES.length)] as Json;
  if (path.length === 0) return { value: replacement, mutation: `root = ${JSON.stringify(replacement).slice(0, 40)}` };
  let parent: Json = root;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string, Json>)[key as string] as Json;
  const last = path[path.length - 1]!;
  const container = parent as Record<string | number, Json>;
  const op = rng.int(4);
  if (op === 0 && !Array.isArray(parent)) {
    delete container[last];
    return { value: root, mutation: `${name} removed` };
  }
  if (op === 1 && Array.isArray(container[last])) {
    const arr = container[last] as Json[];
    if (arr.length > 0 && rng.next() < 0.5) arr.length = 0;
    else arr.push(...Array.from({ length: 1 + rng.int(4) }, () => (arr[0] ?? 0) as Json));
    return { value: root, mutation: `${name} resized to ${arr.length}` };
  }
  container[last] = replacement;
  return { value: root, mutation: `${name} = ${JSON.stringify(replacement).slice(0, 40)}` };
}

/** A structural mutation of a JSON text (bytes in, bytes out); text that does not parse gets a byte mutation's fate instead. */
export function mutateJsonText(text: string, rng: SeededRng): { text: string; mutation: string } {
  const { value, mutation } = mutateJsonValue(JSON.parse(text), rng);
  return { text: JSON.stringify(value), mutation };
}

/**
 * A structural mutation of a safetensors header (a tensor's shape or offsets, the dtype, a metadata value): the
 * header is re-encoded with a consistent length prefix, so the mutation reaches the checks of the entries.
 */
export function mutateSafetensorsHeader(bytes: Uint8Array, rng: SeededRng): Mutant {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  const header = new TextDecoder().decode(bytes.subarray(8, 8 + headerLength));
  const { text, mutation } = mutateJsonText(header, rng);
  const encoded = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + encoded.length + bytes.length - 8 - headerLength);
  new DataView(out.buffer).setBigUint64(0, BigInt(encoded.length), true);
  out.set(encoded, 8);
  out.set(bytes.subarray(8 + headerLength), 8 + encoded.length);
  return { bytes: out, mutation: `header: ${mutation}` };
}
