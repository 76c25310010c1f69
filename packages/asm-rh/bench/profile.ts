/** GPU time of one call by kernel, from tfjs's timestamp queries (`tf.time` on WebGPU). */
import * as tf from '@spectromix/tensor';

/** GPU milliseconds and launches of one kernel (tfjs program class) within the profiled call. */
export interface KernelTime {
  readonly name: string;
  readonly ms: number;
  readonly launches: number;
}

/** One profiled call: its wall time (inflated: every launch is submitted alone), the summed GPU time, and by kernel. */
export interface CallProfile {
  readonly wallMs: number;
  readonly gpuMs: number;
  readonly launches: number;
  readonly kernels: readonly KernelTime[];
  /** Every launch in order: its program's class name and GPU milliseconds. */
  readonly perLaunch: readonly { readonly name: string; readonly ms: number }[];
}

// The WebGPU backend's getExtraProfileInfo lists every launch as 'ProgramName: ms', joined by ', '.
function parseLaunches(text: string): { name: string; ms: number }[] {
  return text === '' ? [] : text.split(', ').map((entry) => {
    const at = entry.lastIndexOf(': ');
    return { name: entry.slice(0, at), ms: Number(entry.slice(at + 2)) };
  });
}

/**
 * Times `fn` with `tf.time`: on WebGPU with the `timestamp-query` feature every dispatch gets its own pass with
 * timestamps, so the GPU time of each kernel is exact while the wall time is not representative. Returns null when
 * the backend reports no kernel times for every launch, or profiling fails (the timings before it stand).
 */
export async function profileCall(fn: () => void): Promise<CallProfile | null> {
  let info: tf.TimingInfo;
  try {
    info = await tf.time(fn);
  } catch (error) {
    process.stderr.write(`  profiling failed: ${(error as Error).message}\n`);
    return null;
  }
  const text = info.getExtraProfileInfo?.();
  // Without the timestamp-query feature (CPU Vulkan, for one) every kernel time reads 0.
  if (typeof text !== 'string' || typeof info.kernelMs !== 'number' || info.kernelMs <= 0) return null;
  const perLaunch = parseLaunches(text);
  if (!perLaunch.every((k) => Number.isFinite(k.ms))) return null;
  const byName = new Map<string, { ms: number; launches: number }>();
  for (const launch of perLaunch) {
    // tfjs names a launch by its program's class; @spectromix/webgpu-kernels' programs are plain objects.
    const name = launch.name === 'Object' ? 'spectromix kernels' : launch.name;
    const { ms } = launch;
    const k = byName.get(name) ?? { ms: 0, launches: 0 };
    byName.set(name, { ms: k.ms + ms, launches: k.launches + 1 });
  }
  const kernels = [...byName].map(([name, k]) => ({ name, ...k })).sort((a, b) => b.ms - a.ms);
  return { wallMs: info.wallMs, gpuMs: info.kernelMs, launches: perLaunch.length, kernels, perLaunch };
}
