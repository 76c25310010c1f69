import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SeededRng } from '@spectromix/tensor';
import { encodeWav } from '@spectromix/dsp';
import { renderClip } from '@spectromix/datasets';

/**
 * Writes a tiny FSDD-layout folder of synthetic clips (`recordings/{digit}_{speaker}_{take}.wav`, 0.4 s at 16 kHz,
 * the embedded dataset's sounds), so the FSDD loader names the speakers. Deterministic.
 * @returns the folder.
 */
export function writeFsddLike(dir: string, speakers: readonly string[], clipsPerSpeaker: number): string {
  mkdirSync(join(dir, 'recordings'), { recursive: true });
  let k = 0;
  for (const speaker of speakers) {
    for (let take = 0; take < clipsPerSpeaker; take++, k++) {
      writeFileSync(join(dir, 'recordings', `${take % 10}_${speaker}_${take}.wav`), encodeWav([renderClip(k % 6, 6400, 16000, new SeededRng(300 + k))], 16000));
    }
  }
  return dir;
}
