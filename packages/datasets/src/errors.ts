/**
 * Base class of every error thrown by @spectromix/datasets. Catch `DatasetsError` to handle any failure of this
 * package; the subclasses name the specific problem.
 */
export class DatasetsError extends Error {
  override name = 'DatasetsError';
}

/**
 * A dataset root that does not have the publisher's layout. Thrown at once, before any file is read, with the
 * list of expected files and folders that were not found.
 */
export class DatasetRootError extends DatasetsError {
  override name = 'DatasetRootError';
  /** The root that was given. */
  readonly root: string;
  /** Expected files or folders (relative to `root`) that were not found. */
  readonly missing: readonly string[];

  constructor(dataset: string, root: string, missing: readonly string[], hint = '') {
    super(
      `${dataset}: '${root}' is not a ${dataset} root: ` +
        (missing.length > 0 ? `expected ${missing.map((m) => `'${m}'`).join(', ')} inside it, not found. ` : "its files are not in the publisher's layout. ") +
        `Point the loader at the folder that holds the publisher's layout` +
        `${hint ? ` (${hint})` : ''}.`,
    );
    this.root = root;
    this.missing = missing;
  }
}

/** A CSV file (dataset metadata or a user manifest) without the columns a loader needs. */
export class CsvColumnError extends DatasetsError {
  override name = 'CsvColumnError';
  /** The CSV file. */
  readonly path: string;
  /** Required columns that the header lacks. */
  readonly missing: readonly string[];

  constructor(path: string, missing: readonly string[], header: readonly string[]) {
    super(
      `CSV '${path}' lacks the column(s) ${missing.map((m) => `'${m}'`).join(', ')}; its header is ` +
        `[${header.map((h) => `'${h}'`).join(', ')}]. Name the right columns in the options or fix the file.`,
    );
    this.path = path;
    this.missing = missing;
  }
}

/** A file name that does not follow a dataset's naming convention. */
export class FileNameError extends DatasetsError {
  override name = 'FileNameError';
}

/** A split that cannot be made as asked (unknown speaker, missing fold, too many folds, records without speaker). */
export class SplitError extends DatasetsError {
  override name = 'SplitError';
}

/** Invalid options given to a function of this package (the message says which option and what is allowed). */
export class DatasetOptionsError extends DatasetsError {
  override name = 'DatasetOptionsError';
}

/** A feature row asked for that the store does not hold (its clip was skipped, see `FeatureStore.problems`). */
export class FeatureMissingError extends DatasetsError {
  override name = 'FeatureMissingError';
}

/** A feature cache file that cannot be read (wrong magic, truncated, settings or shape that do not match). */
export class FeatureCacheError extends DatasetsError {
  override name = 'FeatureCacheError';
}

/** A clip whose audio cannot be turned into features (empty, NaN/Inf samples, undecodable). */
export class ClipError extends DatasetsError {
  override name = 'ClipError';
}

/** A download that failed (HTTP status, network error, size or structure that does not match the source table). */
export class DownloadError extends DatasetsError {
  override name = 'DownloadError';
}

/** A downloaded file whose checksum is not the published one. The file is deleted before this is thrown. */
export class ChecksumError extends DownloadError {
  override name = 'ChecksumError';
  /** Expected digest (hex). */
  readonly expected: string;
  /** Digest of the received file (hex). */
  readonly actual: string;

  constructor(file: string, algorithm: string, expected: string, actual: string) {
    super(
      `${algorithm} of '${file}' is ${actual}, expected ${expected}. The file was deleted; download it again, ` +
        `and if this repeats the source has changed: check the dataset's homepage.`,
    );
    this.expected = expected;
    this.actual = actual;
  }
}

/** An archive that cannot be read (corrupt, truncated, unknown format) or lacks the files its dataset needs. */
export class ArchiveError extends DatasetsError {
  override name = 'ArchiveError';
}

/** An archive entry refused by the safe extractor (path traversal, absolute path, link, device, or too large). */
export class UnsafeArchiveError extends ArchiveError {
  override name = 'UnsafeArchiveError';
  /** The archive. */
  readonly archive: string;
  /** The offending entry name as stored in the archive. */
  readonly entry: string;

  constructor(archive: string, entry: string, reason: string) {
    super(`Refused to extract '${archive}': entry '${entry}' ${reason}. Nothing of this archive was kept.`);
    this.archive = archive;
    this.entry = entry;
  }
}
