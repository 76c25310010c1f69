/**
 * @spectromix/fuzz (private): seeded mutation fuzzing of every reader of untrusted bytes in spectromix, as a
 * test (a fixed-seed sample in `pnpm test`) and as a benchmark (`pnpm bench`, a larger campaign).
 * @packageDocumentation
 */
export { fuzzTarget, caseInput, formatFailures, type FuzzTarget, type FuzzBounds, type FuzzFailure, type FuzzReport } from './harness.js';
export { mutateBytes, BYTE_MUTATORS, EXTREMES, type Mutant } from './mutate.js';
export { mutateJsonValue, mutateJsonText, mutateSafetensorsHeader } from './json.js';
export { headerFields, setField, type HeaderField } from './fields.js';
export { DATASETS, REPO_ROOT, CODEC_FIXTURES, audioSeeds, seedsFrom, type Seed } from './corpus.js';
export { decoderTargets, safetensorsTarget, checkpointSeed, checkpointTarget, exportSeed, classifierTargets, manifestTarget, manifestMutator } from './targets.js';
