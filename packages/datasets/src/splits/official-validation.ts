import { SplitError } from '../errors.js';
import type { AudioRecord } from '../types.js';

/**
 * Splits training candidates by their official subset, for a validation set the model never trains on: the
 * publisher's held-out takes (`split` 'test' or 'validation', e.g. FSDD takes 0-4) validate, the 'train' ones
 * train. Used after a speaker hold-out or a fold split, so the test speakers stay unseen and the epoch is chosen
 * on other speakers' held-out takes. Records without `split` go to neither subset. Order is kept.
 * @throws SplitError when no record has an official test/validation subset.
 */
export function officialValidation(records: readonly AudioRecord[]): { train: AudioRecord[]; validation: AudioRecord[] } {
  const validation = records.filter((r) => r.split === 'test' || r.split === 'validation');
  if (validation.length === 0) {
    throw new SplitError(
      "official validation needs records with an official test/validation subset (FSDD's takes 0-4); this data has none, so validate on listed speakers or on groups of the next fold instead",
    );
  }
  return { train: records.filter((r) => r.split === 'train'), validation };
}
