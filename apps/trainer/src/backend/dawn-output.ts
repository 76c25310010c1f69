/**
 * Dawn (the native WebGPU of the `webgpu` package) prints start-up warnings straight to the process's stderr
 * from C++, e.g. `Warning: maxDynamicUniformBuffersPerPipelineLayout artificially reduced from 1000000 to 16 to fit
 * dynamic offset allocation limit.` (twice per adapter on Mesa's software Vulkan). Node cannot redirect a native
 * module's stderr in-process, so the CLI asks Dawn about the adapter in a child process whose stderr it filters
 * (see probe-webgpu.ts): these lines are dropped unless `--verbose`; every other line is passed on.
 */
const DAWN_STARTUP_WARNING = /^Warning: max\w+ artificially reduced from \d+ to \d+/;

/** Whether a stderr line is one of Dawn's start-up warnings. */
export function isDawnStartupWarning(line: string): boolean {
  return DAWN_STARTUP_WARNING.test(line);
}

/** Stderr text with Dawn's start-up warnings removed (all other lines kept, in order). */
export function filterDawnWarnings(text: string): string {
  return text
    .split(/(?<=\n)/)
    .filter((line) => !isDawnStartupWarning(line))
    .join('');
}
