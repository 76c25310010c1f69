import { SafetensorsError } from './safetensors-error.js';
import { floatToBfloat16, floatToHalf } from './float16.js';
import { DTYPE_SIZE, type WritableDtype } from './safetensors-dtypes.js';

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** A tensor to write: float32 values in row-major order. */
export interface SafetensorsInput {
  /** Shape (row-major). */
  readonly shape: readonly number[];
  /** Values; `data.length` must equal the product of `shape`. */
  readonly data: Float32Array;
}

/** Options of {@link writeSafetensors}. */
export interface WriteSafetensorsOptions {
  /** Stored dtype (default F32; F16 and BF16 round to nearest even). */
  readonly dtype?: WritableDtype;
}

/**
 * Serialises tensors as a safetensors file: tensors sorted by name (as the reference `save_file` does for one
 * dtype), the header padded with spaces to a multiple of 8 bytes so the data section is aligned.
 * @param tensors tensors by name.
 * @param metadata optional `__metadata__` strings (e.g. `{ format: 'pt' }`).
 * @throws SafetensorsError for an empty or reserved name, a bad shape or a data length that does not match it.
 */
export function writeSafetensors(
  tensors: ReadonlyMap<string, SafetensorsInput> | Readonly<Record<string, SafetensorsInput>>,
  metadata: Readonly<Record<string, string>> = {},
  options: WriteSafetensorsOptions = {},
): Uint8Array {
  const dtype = options.dtype ?? 'F32';
  const size = DTYPE_SIZE[dtype];
  const items = (tensors instanceof Map ? [...tensors] : Object.entries(tensors)) as [string, SafetensorsInput][];
  items.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) {
    for (const [key, value] of Object.entries(metadata)) {
      if (typeof value !== 'string') throw new SafetensorsError(`__metadata__ value of '${key}' must be a string.`);
    }
    header['__metadata__'] = { ...metadata };
  }
  let offset = 0;
  for (const [name, t] of items) {
    if (name === '' || name === '__metadata__') throw new SafetensorsError(`'${name}' cannot be a tensor name.`, name);
    if (!t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw new SafetensorsError(`shape [${t.shape.join(', ')}] must hold non-negative integers.`, name);
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (t.data.length !== count) throw new SafetensorsError(`has ${t.data.length} values but shape [${t.shape.join(', ')}] needs ${count}.`, name);
    header[name] = { dtype, shape: [...t.shape], data_offsets: [offset, offset + count * size] };
    offset += count * size;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerLength, true);
  view.setUint32(4, 0, true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let position = 8 + headerLength;
  for (const [, t] of items) {
    const d = t.data;
    if (dtype === 'F32' && littleEndian) out.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), position);
    else if (dtype === 'F32') for (let i = 0; i < d.length; i++) view.setFloat32(position + 4 * i, d[i] as number, true);
    else if (dtype === 'F16') for (let i = 0; i < d.length; i++) view.setUint16(position + 2 * i, floatToHalf(d[i] as number), true);
    else for (let i = 0; i < d.length; i++) view.setUint16(position + 2 * i, floatToBfloat16(d[i] as number), true);
    position += d.length * size;
  }
  return out;
}
