/**
 * The conformance suite every {@link MixerOps} implementation passes (`@spectromix/mixer/testing`): the mixer
 * runs it for its own ops, a backend plug-in for the ops it installs. Node only; needs vitest.
 * @packageDocumentation
 */
export { describeMixerOpsConformance, type MixerOpsCase, type MixerOpsConformanceOptions } from './conformance/mixer-ops-conformance.js';
export type { MixerOps } from './index.js';
