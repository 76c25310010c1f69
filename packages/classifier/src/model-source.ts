import { InputTooLargeError, InvalidModelError, ModelLoadError } from './errors.js';
import { EXPORT_FILES } from '@spectromix/features';
import type { ExportParts } from './export-format.js';

/** Bytes in any of the forms a page has them: fetched, read from a file input, or built in memory. */
export type BinarySource = Uint8Array | ArrayBuffer | Blob;

/** The parts of an export given one by one. */
export interface ModelParts {
  /** `model.safetensors` (or a single-file export): bytes, a Blob/File, or its URL. */
  readonly weights: BinarySource | string | URL;
  /**
   * `spectromix.json` (config, labels, feature settings and normalisation): the parsed object, its JSON text or
   * bytes, a Blob/File, or its URL (a string not starting with `{`). Absent: read from the weights' metadata,
   * where `spectromix export` stores the same manifest.
   */
  readonly manifest?: BinarySource | string | URL | Readonly<Record<string, unknown>>;
}

/**
 * Where a model comes from (anything `spectromix export` wrote):
 * - a URL: of the export folder (ending in `/`), of its `spectromix.json`, or of a single-file `.safetensors` export;
 * - bytes, a `Blob` or a `File`: a single-file export (or the folder's `model.safetensors`, which holds the manifest too);
 * - the files picked or dropped together (`FileList` or `File[]`);
 * - the parts: `{ weights, manifest? }`.
 */
export type ModelSource = string | URL | BinarySource | FileList | readonly File[] | ModelParts;

/** Options for reading a model. */
export interface ReadModelOptions {
  /** Largest weights file accepted, in bytes. */
  readonly maxModelBytes: number;
  /** The fetch to use (default `globalThis.fetch`): pass one with credentials or caching of your own. */
  readonly fetch?: typeof fetch;
  /** Aborts downloads. */
  readonly signal?: AbortSignal;
}

/**
 * Reads an export's parts from any {@link ModelSource}.
 * @throws ModelLoadError (network, HTTP status, unreadable file), InvalidModelError (missing file, bad JSON),
 * InputTooLargeError (weights over `maxModelBytes`).
 */
export async function readModelSource(source: ModelSource, options: ReadModelOptions): Promise<ExportParts> {
  if (typeof source === 'string' || source instanceof URL) return readUrl(resolveUrl(source), options);
  if (isBinary(source)) return { weights: await readBinary(source, options, 'The model file') };
  if (isFileList(source)) return readParts(filesToParts(Array.from(source)), options);
  if (typeof source === 'object' && source !== null && 'weights' in source) return readParts(source, options);
  throw new InvalidModelError(
    'loadClassifier() takes the URL of an export (folder, spectromix.json or .safetensors), its bytes or File, the ' +
      'export files picked together (FileList or File[]), or { weights, manifest? }.',
  );
}

function readUrl(url: URL, options: ReadModelOptions): Promise<ExportParts> {
  if (url.pathname.endsWith('/')) return readParts({ weights: new URL(EXPORT_FILES.weights, url) }, options);
  if (url.pathname.endsWith('.json')) return readParts({ weights: new URL(EXPORT_FILES.weights, url), manifest: url }, options);
  return readParts({ weights: url }, options);
}

async function readParts(parts: ModelParts, options: ReadModelOptions): Promise<ExportParts> {
  const [weights, manifest] = await Promise.all([
    readBinary(parts.weights, options, EXPORT_FILES.weights),
    parts.manifest != null ? readJson(parts.manifest, options, EXPORT_FILES.manifest) : Promise.resolve(undefined),
  ]);
  return manifest === undefined ? { weights } : { weights, manifest };
}

function filesToParts(files: File[]): ModelParts {
  const weights = files.find((f) => f.name === EXPORT_FILES.weights) ?? files.find((f) => f.name.endsWith('.safetensors'));
  if (weights == null) {
    throw new InvalidModelError(
      `The files given (${files.map((f) => f.name).join(', ') || 'none'}) are not a spectromix export: pick its ` +
        `${EXPORT_FILES.weights} (and ${EXPORT_FILES.manifest}), or a single-file .safetensors export.`,
    );
  }
  const manifest = files.find((f) => f.name === EXPORT_FILES.manifest);
  return manifest != null ? { weights, manifest } : { weights };
}

async function readJson(value: NonNullable<ModelParts['manifest']>, options: ReadModelOptions, what: string): Promise<unknown> {
  // A string is JSON text when it starts like JSON, else a URL.
  if (value instanceof URL || (typeof value === 'string' && !/^\s*[[{]/.test(value))) {
    const response = await fetchOk(resolveUrl(value), options, what);
    return parseJson(await response.text(), what);
  }
  if (typeof value === 'string') return parseJson(value, what);
  if (isBinary(value)) return parseJson(new TextDecoder().decode(await toBytes(value, what)), what);
  return value;
}

async function readBinary(value: BinarySource | string | URL, options: ReadModelOptions, what: string): Promise<Uint8Array> {
  const limit = options.maxModelBytes;
  if (value instanceof URL || typeof value === 'string') {
    const response = await fetchOk(resolveUrl(value), options, what);
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (declared > limit) throw new InputTooLargeError(`The model file ${what}`, declared, limit, 'maxModelBytes');
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.byteLength > limit) throw new InputTooLargeError(`The model file ${what}`, bytes.byteLength, limit, 'maxModelBytes');
    return bytes;
  }
  const size = value instanceof Blob ? value.size : value.byteLength;
  if (size > limit) throw new InputTooLargeError(`The model file ${what}`, size, limit, 'maxModelBytes');
  return toBytes(value, what);
}

async function toBytes(value: BinarySource, what: string): Promise<Uint8Array> {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  try {
    return new Uint8Array(await value.arrayBuffer());
  } catch (error) {
    throw new ModelLoadError(`Reading ${what} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

async function fetchOk(url: URL, options: ReadModelOptions, what: string): Promise<Response> {
  const doFetch = options.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await doFetch(url, options.signal != null ? { signal: options.signal } : {});
  } catch (error) {
    throw new ModelLoadError(
      `Downloading ${what} from ${url.href} failed: ${error instanceof Error ? error.message : String(error)}. Check the URL and your connection.`,
      { cause: error },
    );
  }
  if (!response.ok) {
    throw new ModelLoadError(
      `Downloading ${what} from ${url.href} failed with HTTP ${response.status} ${response.statusText}. ` +
        'Is the export served at that address, with all of its files?',
    );
  }
  return response;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidModelError(
      `${what} is not valid JSON (${error instanceof Error ? error.message : String(error)}); it is damaged or not part of an export.`,
      { cause: error },
    );
  }
}

function resolveUrl(value: string | URL): URL {
  if (value instanceof URL) return value;
  const base = (globalThis as { location?: { href: string } }).location?.href;
  try {
    return base != null ? new URL(value, base) : new URL(value);
  } catch (error) {
    throw new ModelLoadError(`'${value}' is not a URL; pass an absolute URL, or a relative one inside a page.`, { cause: error });
  }
}

function isBinary(value: unknown): value is BinarySource {
  return value instanceof Uint8Array || value instanceof ArrayBuffer || (typeof Blob !== 'undefined' && value instanceof Blob);
}

function isFileList(value: unknown): value is FileList | readonly File[] {
  if (Array.isArray(value)) return value.every((f) => typeof File !== 'undefined' && f instanceof File);
  return typeof FileList !== 'undefined' && value instanceof FileList;
}
