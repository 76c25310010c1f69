import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAudioFile } from '../audio/read-audio-file.js';
import { datasetsAvailable, datasetsRoot } from '../../test/features/clips.js';
import { decodeF32, decodeU16, FIXTURES_DIR } from '../../test/features/fixtures.js';
import { astFbank } from './ast-fbank.js';

interface ClipFixture {
  path: string;
  numSamples: number;
  waveSum: number;
  waveSumSq: number;
  numFrames: number;
  probeFrames: string;
  probeBins: string;
  probeValues: string;
  frameSums: string;
  binSums: string;
  full?: string;
}

const TOLERANCE = 1e-3; // issue 3 acceptance: max abs error in the log-mel domain

describe('kaldiFbank on real clips (decode + resample to 16 kHz + AST fbank) vs torchaudio', () => {
  const root = datasetsRoot();
  it('finds the datasets (set SPECTROMIX_DATA)', () => {
    expect(datasetsAvailable(root), `no datasets at ${root}`).toBe(true);
  });
  const fixture = JSON.parse(readFileSync(join(FIXTURES_DIR, 'clips.json'), 'utf8')) as { clips: ClipFixture[] };

  for (const group of ['speech-commands-sample', 'ravdess-speech', 'fsdd']) {
    const clips = fixture.clips.filter((c) => c.path.startsWith(`${group}/`));
    it(`${group}: ${clips.length} clips within ${TOLERANCE} at every stored point`, async () => {
      expect(clips.length).toBeGreaterThanOrEqual(50);
      let worst = 0;
      let worstClip = '';
      for (const clip of clips) {
        const audio = await readAudioFile(join(root, clip.path), { sampleRate: 16000, mono: true });
        const wave = audio.channelData[0]!;
        // The fixture was computed from our decoder's output: if that changed, say so rather than blame fbank.
        expect(wave.length, `${clip.path}: decoded length changed; regenerate fixtures (see scripts/)`).toBe(clip.numSamples);
        let sum = 0;
        let sumSq = 0;
        for (const v of wave) {
          sum += v;
          sumSq += v * v;
        }
        expect(Math.abs(sum - clip.waveSum), `${clip.path}: decoded samples changed; regenerate fixtures`).toBeLessThan(1e-6 * wave.length);
        expect(Math.abs(sumSq - clip.waveSumSq) / clip.waveSumSq, `${clip.path}: decoded samples changed`).toBeLessThan(1e-6);

        const fb = astFbank(wave, 16000);
        expect(fb.numFrames).toBe(clip.numFrames);
        const frames = decodeU16(clip.probeFrames);
        const bins = decodeU16(clip.probeBins);
        const values = decodeF32(clip.probeValues);
        let err = 0;
        for (let i = 0; i < values.length; i++) err = Math.max(err, Math.abs(fb.data[frames[i]! * fb.numBins + bins[i]!]! - values[i]!));
        const frameSums = decodeF32(clip.frameSums);
        for (let t = 0; t < fb.numFrames; t++) {
          let s = 0;
          for (let b = 0; b < fb.numBins; b++) s += fb.data[t * fb.numBins + b]!;
          err = Math.max(err, Math.abs(s - frameSums[t]!) / fb.numBins);
        }
        const binSums = decodeF32(clip.binSums);
        for (let b = 0; b < fb.numBins; b++) {
          let s = 0;
          for (let t = 0; t < fb.numFrames; t++) s += fb.data[t * fb.numBins + b]!;
          err = Math.max(err, Math.abs(s - binSums[b]!) / fb.numFrames);
        }
        if (clip.full !== undefined) {
          const full = decodeF32(clip.full);
          expect(full.length).toBe(fb.data.length);
          for (let i = 0; i < full.length; i++) err = Math.max(err, Math.abs(fb.data[i]! - full[i]!));
        }
        if (!(err <= worst)) {
          worst = err;
          worstClip = clip.path;
        }
      }
      console.info(`${group}: worst max abs error ${worst.toExponential(3)} (${worstClip})`);
      expect(worst, `worst clip ${worstClip}`).toBeLessThanOrEqual(TOLERANCE);
    });
  }
});
