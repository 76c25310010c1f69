/** Limits the safe extractor enforces on every archive, before any byte of an offending entry is written. */
export interface ArchiveLimits {
  /** Most entries (files and folders) in one archive. */
  maxEntries: number;
  /** Largest uncompressed size of one file, in bytes. */
  maxEntryBytes: number;
  /** Largest uncompressed size of all files together, in bytes. */
  maxTotalBytes: number;
  /**
   * Largest ratio of uncompressed to compressed size (zip: per entry; tar.gz: the whole archive). Audio barely
   * compresses, so a large ratio is the mark of a zip bomb. Applied once the uncompressed size passes
   * `ratioThresholdBytes`, so tiny files of silence do not trip it.
   */
  maxRatio: number;
  /** Uncompressed size (bytes) from which `maxRatio` is checked. */
  ratioThresholdBytes: number;
}

/** Defaults sized for the largest supported dataset (UrbanSound8K, about 7 GB unpacked). */
export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntries: 500_000,
  maxEntryBytes: 2 * 1024 ** 3,
  maxTotalBytes: 32 * 1024 ** 3,
  maxRatio: 100,
  ratioThresholdBytes: 64 * 1024 ** 2,
};
