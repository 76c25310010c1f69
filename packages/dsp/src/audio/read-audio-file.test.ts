import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeAudio } from './decode-audio.js';
import { mixdown } from './mixdown.js';
import { readAudioFile } from './read-audio-file.js';
import { resample } from './resample.js';
import { AUDIO_FIXTURES, DATASETS } from './test-support.js';
import { encodeWav } from './wav-write.js';

const dir = await mkdtemp(join(tmpdir(), 'spectromix-audio-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('readAudioFile', () => {
  it('decodes an Opus clip, keeping its 48 kHz rate by default', async () => {
    const path = join(DATASETS, 'fsdd', 'recordings', '0_george_0.opus');
    const audio = await readAudioFile(path);
    expect(audio.sampleRate).toBe(48000);
    expect(audio.channelData[0]!.length).toBe(14304);
  });

  it('mixes down and resamples as decode + mixdown + resample do', async () => {
    const path = join(AUDIO_FIXTURES, 'codecs', 'stereo16.flac');
    const audio = await readAudioFile(path, { sampleRate: 16000, mono: true });
    const decoded = await decodeAudio(await readFile(path));
    expect(audio.sampleRate).toBe(16000);
    expect(audio.channelData).toEqual([resample(mixdown(decoded.channelData), 22050, 16000)]);
  });

  it('resamples every channel and passes resampler options', async () => {
    const path = join(dir, 'stereo.wav');
    const left = Float32Array.from({ length: 800 }, (_, i) => Math.sin(i / 10));
    const right = left.map((v) => -v);
    await writeFile(path, encodeWav([left, right], 8000, { encoding: 'float32' }));
    const audio = await readAudioFile(path, { sampleRate: 16000, resample: { quality: 'fast' } });
    expect(audio.channelData).toEqual([resample(left, 8000, 16000, { quality: 'fast' }), resample(right, 8000, 16000, { quality: 'fast' })]);
  });

  it('keeps the truncated flag and rethrows file-system errors unchanged', async () => {
    const path = join(dir, 'cut.wav');
    const wav = encodeWav([new Float32Array(100)], 8000);
    await writeFile(path, wav.subarray(0, wav.length - 10));
    expect((await readAudioFile(path, { sampleRate: 16000 })).truncated).toBe(true);
    await expect(readAudioFile(join(dir, 'missing.wav'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
