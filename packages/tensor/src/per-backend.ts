import { getBackend } from '@tensorflow/tfjs-core';

/**
 * One choice per tfjs backend name, in three layers looked up in order: an override (set by a user with
 * {@link PerBackend.override}, e.g. to time a reference path), an implementation a backend plug-in installed
 * ({@link PerBackend.install}, e.g. `@spectromix/webgpu-kernels`), and the library's built-in choice, else the
 * fallback. Libraries keep their per-backend strategies in one of these instead of hand-written tables, so every
 * strategy is chosen, replaced and restored the same way.
 */
export interface PerBackend<T> {
  /** The choice for `backend` (default: the active one, `getBackend()`). */
  get(backend?: string): T;
  /** What a backend plug-in provides for `backend` (`null` removes it, so the built-in choice is back). */
  install(backend: string, choice: T | null): void;
  /** A user's choice for `backend` over every other layer (`null` removes it). */
  override(backend: string, choice: T | null): void;
}

/**
 * A {@link PerBackend} choice.
 * @param fallback the choice for a backend with nothing else (any backend tfjs may gain).
 * @param builtIn the library's own choices by backend name (a plug-in's install goes above them).
 * @example
 * ```ts
 * const update = perBackend(tfjsUpdate, { wasm: plainUpdate });
 * update.get('cpu');                      // tfjsUpdate
 * update.install('webgpu', fusedUpdate);  // what a kernels package does when an app installs it
 * update.get('webgpu');                   // fusedUpdate
 * ```
 */
export function perBackend<T>(fallback: T, builtIn: Readonly<Record<string, T>> = {}): PerBackend<T> {
  const builtIns = new Map(Object.entries(builtIn));
  const installed = new Map<string, T>();
  const overrides = new Map<string, T>();
  const put = (layer: Map<string, T>, backend: string, choice: T | null): void => {
    if (choice == null) layer.delete(backend);
    else layer.set(backend, choice);
  };
  return {
    get: (backend = getBackend()) => overrides.get(backend) ?? installed.get(backend) ?? builtIns.get(backend) ?? fallback,
    install: (backend, choice) => put(installed, backend, choice),
    override: (backend, choice) => put(overrides, backend, choice),
  };
}
