import type { AudioDataset } from '@spectromix/datasets';

/**
 * One line on what a dataset loader skipped: `fsdd: 2 file(s) skipped: x.wav (not an FSDD name ...), ...; spectromix
 * stats lists them all.` (the first three named, with their reason).
 */
export function problemSummary(dataset: AudioDataset): string {
  const first = dataset.problems.slice(0, 3).map((p) => `${p.path.split(/[\\/]/).pop()} (${p.reason})`);
  const more = dataset.problems.length > 3 ? `, and ${dataset.problems.length - 3} more` : '';
  return `${dataset.name}: ${dataset.problems.length} file(s) or folder(s) skipped or incomplete: ${first.join('; ')}${more}. \`spectromix stats\` lists them all.`;
}
