/** Progress of a download or extraction. */
export interface TransferProgress {
  /** `download` while bytes arrive, `verify` while the checksum is computed, `extract` while files are written. */
  phase: 'download' | 'verify' | 'extract';
  /** The file being downloaded, verified or extracted. */
  file: string;
  /** Bytes done so far (downloaded, hashed, or written). */
  bytes: number;
  /** Total bytes when known. */
  totalBytes?: number;
}

/** Receives {@link TransferProgress} updates. */
export type ExtractProgressCallback = (progress: TransferProgress) => void;

/** What an extraction wrote. */
export interface ExtractSummary {
  /** Regular files written. */
  files: number;
  /** Bytes written. */
  bytes: number;
}
