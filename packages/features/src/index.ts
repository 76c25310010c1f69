/**
 * @spectromix/features: the one feature pipeline of spectromix models, shared by training (the trainer and the
 * datasets batch assembler), `spectromix predict` and the browser classifier, so that a model sees the same input
 * wherever it runs. It owns the export manifest (create, parse, versions, migration), the audio -> model-input
 * recipe (decode -> resample -> fbank -> pad/crop -> normalise -> speaker statistics -> model input) and scoring.
 * Platform-free: typed arrays in, typed arrays out; no backend, no Node APIs.
 * @packageDocumentation
 */
export { EXPORT_FILES, MANIFEST_METADATA_KEY, MANIFEST_VERSION, AST_FBANK } from './manifest/export-files.js';
export { manifestSchema, crossValidationSchema, type ModelManifest, type ManifestFeatures, type ManifestCrossValidation } from './manifest/schema.js';
export { createManifest, type ManifestParts, type SubsetMetrics } from './manifest/create.js';
export { parseManifest } from './manifest/parse.js';
export { migrateManifest, withoutRemovedOptions } from './manifest/migrate.js';
export { featureSettings, needsSpeaker, paddingValue, windowSamples, type FeatureSettings } from './recipe/settings.js';
export { decodeClip, paddedFbank, normalizeClip, clipFeatures } from './recipe/clip-features.js';
export { NO_PERTURBATION, isIdentityPerturbation, perturbedPaddedFbank, vtlpAlphaGrid, perturbationSet, type Perturbation } from './recipe/perturb.js';
export { SpeakerStats, rateFactor, isPaddingRow, type SpeakerProfile } from './recipe/speaker-stats.js';
export { applySpeaker, applyGroupSpeaker, modelInput, type ModelInput, type SpeakerSettings } from './recipe/model-input.js';
export { probabilities, rankLabels, scoreRows, type LabelScore, type ScoreActivation } from './scoring/scores.js';
export { FeaturesError, ManifestError, FeatureInputError } from './errors.js';
