/**
 * Writes the clips of the perturbation parity test as this package decodes them (16 kHz mono, `readAudioFile`), as
 * raw little-endian float32 plus an index.json, for scripts/perturb-make-fixtures.py to perturb with torchaudio:
 *
 *   npx tsx --conditions=@spectromix/source scripts/perturb-export-waves.ts /tmp/perturb-waves
 *   /usr/bin/python3 scripts/perturb-make-fixtures.py /tmp/perturb-waves
 *
 * Data: $SPECTROMIX_DATA, default <repo root>/../shared/datasets.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAudioFile } from '../src/node.js';
import { datasetsRoot } from '../test/features/clips.js';

/** One RAVDESS and one FSDD clip (a woman's and a man's voice), paths under the datasets folder. */
export const PERTURB_CLIPS = ['ravdess-speech/Actor_02/03-01-05-01-01-01-02.opus', 'fsdd/recordings/7_jackson_12.opus'];

async function main(): Promise<void> {
  const outDir = process.argv[2];
  if (outDir === undefined) throw new Error('usage: perturb-export-waves.ts OUT_DIR');
  mkdirSync(outDir, { recursive: true });
  const root = datasetsRoot();
  const clips: { file: string; path: string }[] = [];
  for (const [i, path] of PERTURB_CLIPS.entries()) {
    const wave = (await readAudioFile(join(root, path), { sampleRate: 16000, mono: true })).channelData[0]!;
    const file = `${i}.f32`;
    writeFileSync(join(outDir, file), Buffer.from(wave.buffer, wave.byteOffset, wave.byteLength));
    clips.push({ file, path });
  }
  writeFileSync(join(outDir, 'index.json'), JSON.stringify({ sampleRate: 16000, decoder: '@spectromix/dsp readAudioFile', clips }));
  console.log(`wrote ${clips.length} waveforms to ${outDir}`);
}

await main();
