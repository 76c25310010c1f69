import { engine, getBackend, setBackend, ready } from '@tensorflow/tfjs-core';
import {
  BackendUnavailableError,
  NoUsableBackendError,
  isBackendName,
  type BackendChoice,
  type BackendInitOptions,
  type BackendName,
} from './backend-types.js';

/** Prepares one backend: imports its package and registers its factory; returns details to report. */
export type BackendLoader = (options: BackendInitOptions) => Promise<Record<string, string | number | boolean>>;

/** The pair of functions each platform entry exports. */
export interface BackendSelector {
  /** Initialises `name` and makes it the active backend; throws a typed error if it cannot run here. */
  initBackend(name: BackendName, options?: BackendInitOptions): Promise<BackendChoice>;
  /** Tries each backend in order and activates the first that works, reporting what failed before it. */
  useBackend(preference: BackendName | readonly BackendName[], options?: BackendInitOptions): Promise<BackendChoice>;
}

/**
 * Builds the selector for one platform from its loaders.
 * @param platform 'Node' or 'the browser', for messages.
 * @param loaders the backends this platform can load.
 */
export function createSelector(platform: string, loaders: Partial<Record<BackendName, BackendLoader>>): BackendSelector {
  const loaded = new Map<string, Record<string, string | number | boolean>>();

  async function initBackend(name: BackendName, options: BackendInitOptions = {}): Promise<BackendChoice> {
    if (!isBackendName(name)) {
      throw new BackendUnavailableError(String(name), `Unknown backend '${String(name)}'. Use one of: ${Object.keys(loaders).join(', ')}.`);
    }
    const loader = loaders[name];
    if (loader == null) {
      throw new BackendUnavailableError(name, `The '${name}' backend does not run in ${platform}. Available here: ${Object.keys(loaders).join(', ')}.`);
    }
    // WebGPU is set up per matmul precision (its device features and Dawn toggles differ): a new mode re-registers it.
    const key = name === 'webgpu' ? `webgpu:${options.matmulPrecision ?? 'fp32'}` : name;
    let details = loaded.get(key);
    if (details == null) {
      details = await loader(options);
      for (const k of [...loaded.keys()]) if (k.startsWith(`${name}:`)) loaded.delete(k);
      loaded.set(key, details);
    }
    let ok: boolean;
    try {
      ok = await setBackend(name);
      await ready();
    } catch (error) {
      throw new BackendUnavailableError(name, `The '${name}' backend failed to initialise: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!ok || getBackend() !== name) {
      throw new BackendUnavailableError(name, `The '${name}' backend failed to initialise in ${platform} (see the warning above).`);
    }
    if (name === 'cpu') quietCpuNotice();
    return { name, reason: `'${name}' was asked for and initialised`, rejected: [], details };
  }

  async function useBackend(preference: BackendName | readonly BackendName[], options: BackendInitOptions = {}): Promise<BackendChoice> {
    const order = typeof preference === 'string' ? [preference] : [...preference];
    const rejected: { name: BackendName; error: string }[] = [];
    for (const name of order) {
      try {
        const choice = await initBackend(name, options);
        const reason = rejected.length === 0 ? choice.reason : `'${name}' is the first that works; ${rejected.map((r) => `'${r.name}' failed: ${r.error}`).join('; ')}`;
        return { ...choice, reason, rejected };
      } catch (error) {
        rejected.push({ name, error: error instanceof Error ? error.message : String(error) });
      }
    }
    throw new NoUsableBackendError(order.join(','), rejected, `No backend of [${order.join(', ')}] works in ${platform}: ${rejected.map((r) => `${r.name}: ${r.error}`).join(' | ')}`);
  }

  return { initBackend, useBackend };
}

/** tfjs's CPU backend prints a notice recommending tfjs-node on first use in Node; spectromix chooses backends itself. */
function quietCpuNotice(): void {
  const backend = engine().findBackend('cpu') as unknown as { firstUse?: boolean } | null;
  if (backend != null && 'firstUse' in backend) backend.firstUse = false;
}
