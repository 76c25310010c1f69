import { NoUsableBackendError } from '@spectromix/tensor';
import { useBackend } from '@spectromix/tensor/browser';
import { ClassifierOptionError, NoBackendError } from './errors.js';

/** Backends a classifier can run on in a browser, fastest first. */
export const BROWSER_BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;

/** A browser backend: `'webgpu' | 'webgl' | 'wasm' | 'cpu'`. */
export type BackendName = (typeof BROWSER_BACKENDS)[number];

/** The backend a classifier runs on, and why. */
export interface ClassifierBackend {
  /** The tfjs backend in use. */
  readonly name: BackendName;
  /** One sentence: asked for and initialised, or the first that worked and what failed before it. */
  readonly reason: string;
  /** Backends tried first that failed, each with its error (for example webgpu: no adapter). */
  readonly rejected: ReadonlyArray<{ readonly name: BackendName; readonly error: string }>;
}

/** Options of {@link selectBackend}. */
export interface SelectBackendOptions {
  /** Where the WASM backend's `.wasm` files are served (a URL prefix ending in `/`). */
  readonly wasmPaths?: string;
}

function isBrowserBackend(name: string): name is BackendName {
  return (BROWSER_BACKENDS as readonly string[]).includes(name);
}

/**
 * Activates the first backend of `preference` that works here (webgpu -> webgl -> wasm -> cpu by default), through
 * `@spectromix/tensor/browser`'s `useBackend`. tfjs has one active backend per page, so every classifier of a page
 * shares it.
 * @throws ClassifierOptionError for a name that is not a browser backend; NoBackendError when none works.
 */
export async function selectBackend(
  preference: readonly BackendName[] = BROWSER_BACKENDS,
  options: SelectBackendOptions = {},
): Promise<ClassifierBackend> {
  if (preference.length === 0) {
    throw new ClassifierOptionError(`backends is empty; pass a preference list such as ${JSON.stringify(BROWSER_BACKENDS)}.`);
  }
  for (const name of preference) {
    if (!isBrowserBackend(name)) {
      throw new ClassifierOptionError(`Unknown backend '${String(name)}' in backends; use some of ${BROWSER_BACKENDS.join(', ')}.`);
    }
  }
  const init = options.wasmPaths != null ? { wasmPaths: options.wasmPaths } : {};
  try {
    const choice = await useBackend(preference, init);
    return { name: choice.name as BackendName, reason: choice.reason, rejected: choice.rejected.filter((r): r is { name: BackendName; error: string } => isBrowserBackend(r.name)) };
  } catch (error) {
    if (!(error instanceof NoUsableBackendError)) throw error;
    const rejected = error.rejected.filter((r): r is { name: BackendName; error: string } => isBrowserBackend(r.name));
    throw new NoBackendError(
      rejected,
      `None of the backends [${preference.join(', ')}] works in this browser (${rejected.map((r) => `${r.name}: ${r.error}`).join(' | ')}). ` +
        'Allow more backends (the default is webgpu, webgl, wasm, cpu), or serve the WASM files and set `wasmPaths`.',
    );
  }
}
