import { InputTooLargeError, InvalidModelError, ModelLoadError } from './errors.js';
import { EXPORT_FILES, type ExportParts } from './export-format.js';

/** Bytes in any of the forms a page has them: fetched, read from a file input, or built in memory. */
export type BinarySource = Uint8Array | ArrayBuffer | Blob;

/** The parts of an export given one by one; each may also be a URL to fetch. */
export interface ModelParts {
  /** `model.safetensors`: bytes, a Blob/File, or its URL. */
  readonly weights: BinarySource | string | URL;
  /** `config.json`: the parsed object, its JSON text or bytes, a Blob/File, or its URL (a string not starting with `{`). */
  readonly config: BinarySource | string | URL | Readonly<Record<string, unknown>>;
  /** `labels.json` when the labels are a separate file (same forms as `config`). */
  readonly labels?: BinarySource | string | URL | readonly string[];
}

/**
 * Where a model comes from: the URL of an export folder (ending in `/`) or of its `config.json`; the export's
 * files picked or dropped together (a `FileList` or `File[]`); or its parts one by one.
 */
export type ModelSource = string | URL | ModelParts | FileList | readonly File[];

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
  if (typeof source === 'string' || source instanceof URL) return readFolder(source, options);
  if (isFileList(source)) return readParts(filesToParts(Array.from(source)), options);
  if (typeof source === 'object' && source !== null && 'weights' in source && 'config' in source) {
    return readParts(source, options);
  }
  throw new InvalidModelError(
    'loadClassifier() takes the URL of an export folder or its config.json, the export files (FileList or File[]), ' +
      'or { weights, config, labels }.',
  );
}

async function readFolder(url: string | URL, options: ReadModelOptions): Promise<ExportParts> {
  const base = resolveUrl(url);
  const folder = base.pathname.endsWith('/') ? base : new URL('./', base);
  const configUrl = base.pathname.endsWith('/') ? new URL(EXPORT_FILES.config, folder) : base;
  const config = await readJson(configUrl, options, EXPORT_FILES.config);
  const hasLabels = typeof config === 'object' && config !== null && Array.isArray((config as { labels?: unknown }).labels);
  return readParts(
    {
      config: config as Record<string, unknown>,
      weights: new URL(EXPORT_FILES.weights, folder),
      ...(hasLabels ? {} : { labels: new URL(EXPORT_FILES.labels, folder) }),
    },
    options,
  );
}

async function readParts(parts: ModelParts, options: ReadModelOptions): Promise<ExportParts> {
  const [weights, config, labels] = await Promise.all([
    readBinary(parts.weights, options, EXPORT_FILES.weights, options.maxModelBytes),
    readJson(parts.config, options, EXPORT_FILES.config),
    parts.labels != null ? readJson(parts.labels, options, EXPORT_FILES.labels) : Promise.resolve(undefined),
  ]);
  return labels === undefined ? { weights, config } : { weights, config, labels };
}

function filesToParts(files: File[]): ModelParts {
  const byName = new Map(files.map((f) => [f.name, f]));
  const weights = byName.get(EXPORT_FILES.weights) ?? files.find((f) => f.name.endsWith('.safetensors'));
  const config = byName.get(EXPORT_FILES.config);
  if (weights == null || config == null) {
    throw new InvalidModelError(
      `The files given (${files.map((f) => f.name).join(', ') || 'none'}) are not a spectromix export: pick ` +
        `${EXPORT_FILES.config} and ${EXPORT_FILES.weights} (and ${EXPORT_FILES.labels} if present) together.`,
    );
  }
  const labels = byName.get(EXPORT_FILES.labels);
  return labels != null ? { weights, config, labels } : { weights, config };
}

async function readJson(
  value: BinarySource | string | URL | Readonly<Record<string, unknown>> | readonly string[],
  options: ReadModelOptions,
  what: string,
): Promise<unknown> {
  // A string is JSON text when it starts like JSON, else a URL.
  if (isUrlLike(value) || (typeof value === 'string' && !/^\s*[[{]/.test(value))) {
    const response = await fetchOk(resolveUrl(value), options, what);
    return parseJson(await response.text(), what);
  }
  if (typeof value === 'string') return parseJson(value, what);
  if (isBinary(value)) return parseJson(new TextDecoder().decode(await toBytes(value, what)), what);
  return value;
}

async function readBinary(value: BinarySource | string | URL, options: ReadModelOptions, what: string, limit: number): Promise<Uint8Array> {
  if (isUrlLike(value) || typeof value === 'string') {
    const response = await fetchOk(resolveUrl(value), options, what);
    const declared = Number(response.headers.get('content-length') ?? NaN);
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
    throw new ModelLoadError(`Downloading ${what} from ${url.href} failed: ${error instanceof Error ? error.message : String(error)}. Check the URL and your connection.`, { cause: error });
  }
  if (!response.ok) {
    throw new ModelLoadError(
      `Downloading ${what} from ${url.href} failed with HTTP ${response.status} ${response.statusText}. ` +
        'Is the export folder served at that address, with all of its files?',
    );
  }
  return response;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidModelError(`${what} is not valid JSON (${error instanceof Error ? error.message : String(error)}); it is damaged or not part of an export.`, { cause: error });
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

function isUrlLike(value: unknown): value is URL {
  return value instanceof URL;
}

function isBinary(value: unknown): value is BinarySource {
  return value instanceof Uint8Array || value instanceof ArrayBuffer || (typeof Blob !== 'undefined' && value instanceof Blob);
}

function isFileList(value: unknown): value is FileList | readonly File[] {
  if (Array.isArray(value)) return value.every((f) => typeof File !== 'undefined' && f instanceof File);
  return typeof FileList !== 'undefined' && value instanceof FileList;
}
