import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { opusPreSkip, resealOggPages, scanOggPages } from './ogg.js';
import { AUDIO_FIXTURES, DATASETS } from './test-support.js';

const vorbis = new Uint8Array(await readFile(join(AUDIO_FIXTURES, 'codecs', 'stereo.ogg')));

describe('scanOggPages', () => {
  it('walks a whole file: pages, end of stream, last granule, one stream', () => {
    const scan = scanOggPages(vorbis);
    expect(scan).toEqual({
      completeBytes: vorbis.length,
      pages: 3,
      endOfStream: true,
      truncated: false,
      corruptAt: -1,
      lastGranule: 6615,
      streams: 1,
    });
  });

  it('finds the end of the complete pages of a cut file', () => {
    const scan = scanOggPages(vorbis.subarray(0, 4000));
    expect(scan).toMatchObject({ completeBytes: 3693, pages: 2, endOfStream: false, truncated: true, corruptAt: -1 });
  });

  it('reports a page whose checksum fails, and bytes that are no page', () => {
    const flipped = vorbis.slice();
    flipped[100]! ^= 1;
    expect(scanOggPages(flipped)).toMatchObject({ corruptAt: 58, pages: 1 });
    const junk = vorbis.slice();
    junk[58] = 0x21;
    expect(scanOggPages(junk)).toMatchObject({ corruptAt: 58, pages: 1 });
  });

  it('reads the Opus pre-skip from OpusHead', async () => {
    const opus = new Uint8Array(await readFile(join(DATASETS, 'fsdd', 'recordings', '0_george_0.opus')));
    expect(opusPreSkip(opus)).toBe(312); // opusinfo: "Pre-skip: 312"
    expect(opusPreSkip(vorbis)).toBe(0);
  });
});

describe('resealOggPages', () => {
  it('makes an edited page pass the CRC check again, changing only the CRC fields', async () => {
    const original = new Uint8Array(await readFile(join(AUDIO_FIXTURES, 'codecs', 'stereo.ogg')));
    expect(scanOggPages(original).corruptAt).toBe(-1);
    const edited = original.slice();
    const at = original.length - 10; // inside the last page's payload
    edited[at] = edited[at]! ^ 0xff;
    expect(scanOggPages(edited).corruptAt).toBeGreaterThanOrEqual(0);
    const resealed = resealOggPages(edited.slice());
    expect(scanOggPages(resealed).corruptAt).toBe(-1);
    // Only the edited byte and the CRC field of its page differ from the original.
    const differing = [...resealed.keys()].filter((i) => resealed[i] !== original[i]);
    expect(differing).toContain(at);
    expect(differing.length).toBeLessThanOrEqual(5);
    // Resealing an intact file changes nothing.
    expect(resealOggPages(original.slice())).toEqual(original);
  });
});
