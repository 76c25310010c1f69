/**
 * Node-only helpers of @spectromix/dsp (file system access). Browser bundles import the main entry only.
 * @packageDocumentation
 */
export * from './audio/node.js';
