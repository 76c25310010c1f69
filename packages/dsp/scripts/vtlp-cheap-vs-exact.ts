/**
 * How far the cheap VTLP (resampling the cached 128 log-mel bins along the mel axis) is from the exact one (the
 * warped mel filter bank on the power spectrum, `astFbank(..., { vtlpAlpha })`), against the size of the
 * perturbation itself (exact vs unwarped), on every 12th clip of RAVDESS actors 01-20 (100 clips). The number behind
 * the trainer's choice of the exact warp (apps/trainer/src/config/perturb.ts):
 *
 *   npx tsx --conditions=@spectromix/source scripts/vtlp-cheap-vs-exact.ts
 *
 * The cheap warp reads band b of the warped features at the fractional band whose centre frequency the warp maps
 * onto band b's centre (linear interpolation of the log-mel row). Data: $SPECTROMIX_DATA or ../shared/datasets.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { astFbank, kaldiMelScale, kaldiInverseMelScale, vtlpWarpFreq } from '../src/index.js';
import { readAudioFile } from '../src/node.js';

const root = join(process.env['SPECTROMIX_DATA'] ?? join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'datasets'), 'ravdess-speech');
const files = readdirSync(root).filter((d) => d.startsWith('Actor_')).sort().flatMap((d) => readdirSync(join(root, d)).sort().filter((_, i) => i % 12 === 0).map((f) => join(root, d, f)));
const melLow = kaldiMelScale(20);
const melHigh = kaldiMelScale(8000);
const delta = (melHigh - melLow) / 129;
const centre = (b: number): number => melLow + (b + 1) * delta; // band b's centre, mel
// Inverse of the warp by bisection (it is increasing).
const unwarp = (f: number, alpha: number): number => {
  let lo = 0;
  let hi = 8000;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (vtlpWarpFreq(mid, alpha, 16000) < f) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
};
for (const alpha of [0.9, 1.1]) {
  const src = Array.from({ length: 128 }, (_, b) => (kaldiMelScale(unwarp(kaldiInverseMelScale(centre(b)), alpha)) - melLow) / delta - 1);
  let dCheap = 0;
  let dPlain = 0;
  let n = 0;
  for (const file of files) {
    const wave = (await readAudioFile(file, { sampleRate: 16000, mono: true })).channelData[0]!;
    const plain = astFbank(wave, 16000);
    const exact = astFbank(wave, 16000, { vtlpAlpha: alpha });
    for (let t = 0; t < plain.numFrames; t++) {
      const row = plain.data.subarray(t * 128, t * 128 + 128);
      for (let b = 0; b < 128; b++) {
        const p = Math.min(127, Math.max(0, src[b]!));
        const i = Math.min(126, Math.floor(p));
        const w = p - i;
        const cheap = (1 - w) * row[i]! + w * row[i + 1]!;
        const e = exact.data[t * 128 + b]!;
        dCheap += Math.abs(cheap - e);
        dPlain += Math.abs(row[b]! - e);
        n++;
      }
    }
  }
  console.log(`alpha ${alpha}, ${files.length} RAVDESS clips: mean |cheap - exact| ${(dCheap / n).toFixed(3)}, mean |unwarped - exact| (the perturbation) ${(dPlain / n).toFixed(3)} (log-mel units)`);
}
