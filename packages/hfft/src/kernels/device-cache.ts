import * as tf from '@spectromix/tensor';

/**
 * Constant tensors (DFT bases, twiddle tables, chirps) cached per backend instance and key. Entries are kept
 * out of every tidy scope and stay alive until {@link clearDeviceCaches}; a backend that is removed drops its
 * entries with it.
 */
export class DeviceCache {
  private readonly perBackend = new WeakMap<object, Map<string, tf.Tensor[]>>();
  private readonly all = new Set<tf.Tensor>();

  /**
   * The tensors cached under `key` for `backend`, built (on the active backend) on first use.
   * @param build creates the tensors; called outside any gradient tape, its results are kept.
   */
  get(backend: object, key: string, build: () => tf.Tensor[]): tf.Tensor[] {
    let map = this.perBackend.get(backend);
    if (map == null) {
      map = new Map();
      this.perBackend.set(backend, map);
    }
    const hit = map.get(key);
    if (hit != null && hit.every((t) => !t.isDisposed)) return hit;
    const made = tf.tidy(build).map((t) => tf.keep(t));
    for (const t of made) this.all.add(t);
    map.set(key, made);
    return made;
  }

  /** Disposes every cached tensor. */
  clear(): void {
    for (const t of this.all) t.dispose();
    this.all.clear();
  }

  /** Number of live cached tensors. */
  size(): number {
    let count = 0;
    for (const t of this.all) if (!t.isDisposed) count++;
    return count;
  }
}

const caches: DeviceCache[] = [];

/** A new cache that {@link clearDeviceCaches} clears. */
export function createDeviceCache(): DeviceCache {
  const cache = new DeviceCache();
  caches.push(cache);
  return cache;
}

/**
 * Disposes every constant tensor the package has cached (DFT bases, twiddle tables). They are rebuilt on the
 * next transform that needs them. Call it before counting live tensors in a leak check, or to free memory.
 */
export function clearHfftCache(): void {
  for (const c of caches) c.clear();
}

/** Number of constant tensors currently cached by the package (what {@link clearHfftCache} would free). */
export function hfftCacheSize(): number {
  return caches.reduce((sum, c) => sum + c.size(), 0);
}
