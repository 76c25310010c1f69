/**
 * The conformance suite every `AdamUpdate` implementation passes (`@spectromix/train/testing`): the train package
 * runs it for tfjs ops, a backend plug-in for the update it installs. Node only; needs vitest. Also a tiny
 * classifier with its in-memory data, for a plug-in's own end-to-end training tests (needs `@spectromix/mixer`).
 * @packageDocumentation
 */
export { describeAdamUpdateConformance, type AdamUpdateCase, type AdamUpdateConformanceOptions } from './conformance/adam-update-conformance.js';
export type { AdamUpdate } from './index.js';
export { TinyClassifier, syntheticSet, memorySource, weightsOf } from './conformance/tiny-model.js';
