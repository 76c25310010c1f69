/** File names inside an export folder: the weights (with the manifest in their metadata) and the manifest. */
export const EXPORT_FILES = { weights: 'model.safetensors', manifest: 'spectromix.json' } as const;

/** Safetensors metadata key holding the manifest JSON in an exported weights file. */
export const MANIFEST_METADATA_KEY = 'spectromix.model';

/** The current export format version (2: `clipNormalization` and `clipFrames` removed; see `migrateManifest`). */
export const MANIFEST_VERSION = 2;

/**
 * The fbank options of the AST / ASM-RH features (model contract section 1), `torchaudio.compliance.kaldi.fbank`
 * arguments in camelCase; the only fbank this package computes.
 */
export const AST_FBANK = { htkCompat: true, useEnergy: false, windowType: 'hanning', numMelBins: 128, dither: 0, frameShift: 10, frameLength: 25 } as const;
