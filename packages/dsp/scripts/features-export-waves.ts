/**
 * Writes the clips of the kaldiFbank real-audio parity test as our package decodes them: every clip of
 * speech-commands-sample, 50 RAVDESS and 50 FSDD clips (a fixed, evenly spread choice), each read with
 * `readAudioFile(path, { sampleRate: 16000, mono: true })` and dumped as raw little-endian float32, plus an
 * index.json (and our own astFbank of each, `<file>.fbank`). scripts/features-make-fixtures.py then computes
 * torchaudio's fbank of exactly these samples and reports our full-matrix error against it.
 *
 *   npx tsx --conditions=@spectromix/source scripts/features-export-waves.ts /tmp/waves
 *   /usr/bin/python3 scripts/features-make-fixtures.py clips /tmp/waves
 *
 * Data: $SPECTROMIX_DATA, default <repo root>/../shared/datasets.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAudioFile } from '../src/node.js';
import { astFbank } from '../src/index.js';
import { datasetsRoot, parityClipPaths } from '../test/features/clips.js';

async function main(): Promise<void> {
  const outDir = process.argv[2];
  if (outDir === undefined) throw new Error('usage: features-export-waves.ts OUT_DIR');
  mkdirSync(outDir, { recursive: true });
  const root = datasetsRoot();
  const { clips, full } = parityClipPaths(root);
  const index: { file: string; path: string }[] = [];
  for (const [i, path] of clips.entries()) {
    const audio = await readAudioFile(join(root, path), { sampleRate: 16000, mono: true });
    const wave = audio.channelData[0]!;
    const file = `${String(i).padStart(4, '0')}.f32`;
    writeFileSync(join(outDir, file), Buffer.from(wave.buffer, wave.byteOffset, wave.byteLength));
    // Our own AST fbank too, so the fixture script can report full-matrix errors (not only the stored probes).
    const fbank = astFbank(wave, 16000).data;
    writeFileSync(join(outDir, `${file}.fbank`), Buffer.from(fbank.buffer, fbank.byteOffset, fbank.byteLength));
    index.push({ file, path });
  }
  writeFileSync(join(outDir, 'index.json'), JSON.stringify({ sampleRate: 16000, decoder: '@spectromix/dsp readAudioFile', clips: index, full }));
  console.log(`wrote ${index.length} waveforms to ${outDir}`);
}

await main();
