import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** apps/trainer, whose CLI is `spectromix`. */
const TRAINER_DIR = fileURLToPath(new URL('../../trainer/', import.meta.url));

/** One file's prediction as `spectromix predict --format json` writes it (probabilities most probable first). */
interface CliOutput {
  readonly file: string;
  readonly label: string;
  readonly probability: number;
  readonly probabilities: ReadonlyArray<{ readonly label: string; readonly probability: number }>;
}

/** One file's prediction: its top-1 and every label's probability. */
export interface CliPrediction {
  readonly file: string;
  readonly label: string;
  readonly probability: number;
  readonly probabilities: Readonly<Record<string, number>>;
}

/**
 * Runs `spectromix predict <model> <files...> --format json` (the trainer's CLI, from source) in Node and returns
 * its predictions, in the order of `files`.
 */
export function spectromixPredict(model: string, files: readonly string[]): CliPrediction[] {
  const dir = mkdtempSync(join(tmpdir(), 'spectromix-predict-'));
  const output = join(dir, 'predictions.json');
  try {
    execFileSync('pnpm', ['exec', 'tsx', '--conditions=@spectromix/source', 'src/cli.ts', 'predict', model, ...files, '--format', 'json', '--output', output], {
      cwd: TRAINER_DIR,
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 120_000,
    });
    const predictions = JSON.parse(readFileSync(output, 'utf8')) as CliOutput[];
    const byFile = new Map(
      predictions.map((p): [string, CliPrediction] => {
        if (!Array.isArray(p.probabilities)) throw new Error(`spectromix predict wrote probabilities as ${typeof p.probabilities}, not the [{ label, probability }] list this test reads.`);
        return [p.file, { file: p.file, label: p.label, probability: p.probability, probabilities: Object.fromEntries(p.probabilities.map((e) => [e.label, e.probability])) }];
      }),
    );
    return files.map((f) => {
      const p = byFile.get(f);
      if (p == null) throw new Error(`spectromix predict returned nothing for ${f}`);
      return p;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What the page shows for `files` dropped one after another on one freshly loaded model. For a model that normalises
 * per speaker (`speakerNormalization` or `speakerRate` in its manifest) the page takes the speaker's statistics from
 * the clips heard so far, and `spectromix predict` from the files given together, so file k is predicted together
 * with files 1..k; other models predict every file at once.
 */
export function spectromixPredictInOrder(model: string, files: readonly string[]): CliPrediction[] {
  const manifest = JSON.parse(readFileSync(join(model, 'spectromix.json'), 'utf8')) as { features?: { speakerNormalization?: string; speakerRate?: unknown } };
  const f = manifest.features ?? {};
  const perSpeaker = (f.speakerNormalization ?? 'none') !== 'none' || (f.speakerRate ?? 'none') !== 'none';
  if (!perSpeaker) return spectromixPredict(model, files);
  return files.map((_, k) => spectromixPredict(model, files.slice(0, k + 1))[k] as CliPrediction);
}
