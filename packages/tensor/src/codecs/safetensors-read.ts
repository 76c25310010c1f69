import { SafetensorsError } from './safetensors-error.js';
import { bfloat16ToFloat, halfToFloat } from './float16.js';
import { DTYPE_SIZE, READABLE_DTYPES, isSafetensorsDtype, type SafetensorsDtype } from './safetensors-dtypes.js';

/** One tensor read from a safetensors file, converted to float32. */
export interface SafetensorsTensor {
  /** The dtype stored in the file. */
  readonly dtype: SafetensorsDtype;
  /** Shape (row-major). Each tensor has its own array (mutable, so it goes to `tf.tensor(data, shape)` as is). */
  readonly shape: number[];
  /** Values as float32 (a copy, never a view into the file bytes). */
  readonly data: Float32Array;
}

/** A parsed safetensors file. */
export interface SafetensorsFile {
  /** Tensors by name, in the order of their data in the file. */
  readonly tensors: ReadonlyMap<string, SafetensorsTensor>;
  /** The `__metadata__` string map (empty when absent). */
  readonly metadata: Readonly<Record<string, string>>;
}

/** Options of {@link readSafetensors}. */
export interface ReadSafetensorsOptions {
  /** Largest JSON header accepted, in bytes (default 100 MB, the reference implementation's limit). */
  readonly maxHeaderBytes?: number;
}

/** The reference implementation's header size limit. */
export const MAX_HEADER_BYTES = 100_000_000;

interface Entry {
  readonly name: string;
  readonly dtype: SafetensorsDtype;
  readonly shape: number[];
  readonly begin: number;
  readonly end: number;
}

/**
 * Parses a safetensors file and converts its F32, F16, BF16 (and F64) tensors to float32.
 *
 * The file is untrusted input. Rejected with a {@link SafetensorsError} naming the tensor where there is one:
 * a header length that is not a little-endian u64 within 100 MB and within the file; a header that is not UTF-8
 * JSON object text starting with `{`; entries without a known `dtype`, an integer non-negative `shape` or two
 * integer `data_offsets`; a byte length other than `product(shape) * dtype size`; offsets outside the data
 * section; overlapping tensors, gaps between them or unindexed trailing bytes; `__metadata__` values that are
 * not strings; dtypes other than the floating ones above.
 */
export function readSafetensors(bytes: Uint8Array, options: ReadSafetensorsOptions = {}): SafetensorsFile {
  const maxHeader = options.maxHeaderBytes ?? MAX_HEADER_BYTES;
  if (bytes.length < 8) throw new SafetensorsError(`the file is ${bytes.length} bytes; it must start with an 8-byte little-endian header length.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const low = view.getUint32(0, true);
  const high = view.getUint32(4, true);
  const headerLength = high * 2 ** 32 + low;
  if (high !== 0 || headerLength > maxHeader) throw new SafetensorsError(`the header length ${headerLength} exceeds the ${maxHeader}-byte limit.`);
  if (8 + headerLength > bytes.length) throw new SafetensorsError(`the header length ${headerLength} runs past the end of the ${bytes.length}-byte file.`);
  if (headerLength < 2 || bytes[8] !== 0x7b) throw new SafetensorsError('the header must be a JSON object starting with "{".');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength));
  } catch {
    throw new SafetensorsError('the header is not valid UTF-8.');
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    throw new SafetensorsError(`the header is not valid JSON (${(error as Error).message}).`);
  }
  if (!isPlainObject(header)) throw new SafetensorsError('the header must be a JSON object of tensor entries.');

  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const metadata = parseMetadata(header['__metadata__']);
  const entries = Object.keys(header)
    .filter((name) => name !== '__metadata__')
    .map((name) => parseEntry(name, header[name], dataLength));
  checkLayout(entries, dataLength);

  const tensors = new Map<string, SafetensorsTensor>();
  for (const e of entries) tensors.set(e.name, { dtype: e.dtype, shape: e.shape, data: decode(bytes, dataStart + e.begin, dataStart + e.end, e) });
  return { tensors, metadata };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseMetadata(raw: unknown): Record<string, string> {
  if (raw === undefined) return {};
  if (!isPlainObject(raw)) throw new SafetensorsError('__metadata__ must be an object of string values.');
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') throw new SafetensorsError(`__metadata__ value of '${key}' is ${value === null ? 'null' : typeof value}; only strings are allowed.`);
    Object.defineProperty(out, key, { value, enumerable: true, writable: false });
  }
  return out;
}

function isIndex(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function parseEntry(name: string, raw: unknown, dataLength: number): Entry {
  if (!isPlainObject(raw)) throw new SafetensorsError('the entry must be an object with dtype, shape and data_offsets.', name);
  const { dtype, shape, data_offsets: offsets } = raw;
  if (!isSafetensorsDtype(dtype)) throw new SafetensorsError(`unknown dtype ${JSON.stringify(dtype)}.`, name);
  if (!Array.isArray(shape) || !shape.every(isIndex)) throw new SafetensorsError(`shape ${JSON.stringify(shape)} must be an array of non-negative integers.`, name);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isIndex)) {
    throw new SafetensorsError(`data_offsets ${JSON.stringify(offsets)} must be two non-negative integers [begin, end].`, name);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end) throw new SafetensorsError(`data_offsets [${begin}, ${end}] end before they begin.`, name);
  if (end > dataLength) throw new SafetensorsError(`data_offsets [${begin}, ${end}] run past the ${dataLength}-byte data section.`, name);
  let count = 1;
  for (const d of shape as number[]) {
    count *= d;
    if (!Number.isSafeInteger(count)) throw new SafetensorsError(`shape [${shape.join(', ')}] has too many elements.`, name);
  }
  const expected = count * DTYPE_SIZE[dtype];
  if (end - begin !== expected) {
    throw new SafetensorsError(`holds ${end - begin} bytes, but shape [${shape.join(', ')}] of ${dtype} needs ${expected}.`, name);
  }
  return { name, dtype, shape: [...(shape as number[])], begin, end };
}

// The data section must be exactly covered by the tensors, in offset order: no overlaps, no holes, nothing after.
function checkLayout(entries: Entry[], dataLength: number): void {
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let position = 0;
  for (const e of entries) {
    if (e.begin < position) throw new SafetensorsError(`data_offsets [${e.begin}, ${e.end}] overlap the previous tensor, which ends at ${position}.`, e.name);
    if (e.begin > position) throw new SafetensorsError(`data_offsets [${e.begin}, ${e.end}] leave a gap of ${e.begin - position} unindexed bytes after offset ${position}.`, e.name);
    position = e.end;
  }
  if (position !== dataLength) throw new SafetensorsError(`the data section has ${dataLength - position} trailing bytes that no tensor indexes.`);
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function decode(bytes: Uint8Array, begin: number, end: number, e: Entry): Float32Array {
  const count = (end - begin) / DTYPE_SIZE[e.dtype];
  const out = new Float32Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset + begin, end - begin);
  switch (e.dtype) {
    case 'F32':
      if (littleEndian) new Uint8Array(out.buffer).set(bytes.subarray(begin, end));
      else for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
      return out;
    case 'F16':
      for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(2 * i, true));
      return out;
    case 'BF16':
      for (let i = 0; i < count; i++) out[i] = bfloat16ToFloat(view.getUint16(2 * i, true));
      return out;
    case 'F64':
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, true);
      return out;
    default:
      throw new SafetensorsError(`dtype ${e.dtype} cannot be read as float32; only ${READABLE_DTYPES.join(', ')} are supported. Convert the weights to float32 before saving.`, e.name);
  }
}
