/** The real clips of the kaldiFbank parity test, shared by the export script and the test. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `$SPECTROMIX_DATA`, or `<repo root>/../shared/datasets`. */
export function datasetsRoot(): string {
  const env = process.env['SPECTROMIX_DATA'];
  if (env !== undefined && env !== '') return env;
  return fileURLToPath(new URL('../../../../../shared/datasets/', import.meta.url));
}

/** True when the datasets folder is there. */
export function datasetsAvailable(root = datasetsRoot()): boolean {
  return existsSync(`${root}/speech-commands-sample/manifest.csv`);
}

function manifestPaths(root: string, dataset: string): string[] {
  const lines = readFileSync(`${root}/${dataset}/manifest.csv`, 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => `${dataset}/${line.split(',')[0]!}`);
}

/** Every `step`-th entry, `count` of them. */
function spread(paths: string[], count: number): string[] {
  const step = paths.length / count;
  return Array.from({ length: count }, (_, i) => paths[Math.floor(i * step)]!);
}

/**
 * All 300 speech-commands clips, 50 RAVDESS and 50 FSDD clips spread evenly over their manifests, and the
 * few clips whose whole fbank matrix is stored.
 */
export function parityClipPaths(root = datasetsRoot()): { clips: string[]; full: string[] } {
  const sc = manifestPaths(root, 'speech-commands-sample');
  const ravdess = spread(manifestPaths(root, 'ravdess-speech'), 50);
  const fsdd = spread(manifestPaths(root, 'fsdd'), 50);
  return { clips: [...sc, ...ravdess, ...fsdd], full: [sc[0]!, sc[150]!, ravdess[7]!, fsdd[11]!] };
}
