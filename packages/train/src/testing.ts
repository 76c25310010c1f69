/**
 * The conformance suite every `AdamUpdate` implementation passes (`@spectromix/train/testing`): the train package
 * runs it for tfjs ops, a backend plug-in for the update it installs. Node only; needs vitest.
 * @packageDocumentation
 */
export { describeAdamUpdateConformance, type AdamUpdateCase, type AdamUpdateConformanceOptions } from './conformance/adam-update-conformance.js';
export type { AdamUpdate } from './index.js';
