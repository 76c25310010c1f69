/**
 * Throughput of @spectromix/dsp's audio half, single-threaded, with peers measured in the same run:
 *   - decodeAudio + resample(48 kHz -> 16 kHz) over every RAVDESS and FSDD clip (files read into memory first);
 *   - WAV decoding of the 300 Speech Commands clips: readWav vs node-wav vs torchaudio.load;
 *   - resampling a 10 s signal: resample (each quality) vs libsamplerate (wasm, @alexanderolsen/libsamplerate-js)
 *     vs torchaudio.functional.resample / transforms.Resample (torch.set_num_threads(1)).
 * Run from packages/dsp:  npx tsx --conditions=@spectromix/source scripts/audio-bench.ts
 * Prints markdown tables (for BENCHMARKS.md). Times are CPU time of this process (user + system; Python's
 * process_time for torchaudio), so that other work on a shared machine inflates them less than wall time.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import libsamplerate from '@alexanderolsen/libsamplerate-js';
import nodeWav from 'node-wav';

const { create: createSrc, ConverterType } = libsamplerate;
import { decodeAudio, readWav, resample, type ResampleQuality } from '../src/index.js';
import { DATASETS } from '../src/audio/test-support.js';

const SECONDS = 10;

function listFiles(dir: string, ext: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path, ext));
    else if (entry.name.endsWith(ext)) out.push(path);
  }
  return out.sort();
}

/** CPU seconds (user + system) of this process since `since`. */
function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

function bestOf(repeats: number, fn: () => void): number {
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const start = process.cpuUsage();
    fn();
    best = Math.min(best, cpuSeconds(start));
  }
  return best;
}

async function pipeline(name: string, files: string[]): Promise<string> {
  const bytes = files.map((f) => readFileSync(f));
  for (const b of bytes.slice(0, 20)) resample((await decodeAudio(b)).channelData[0]!, 48000, 16000); // warm-up
  let decodeS = 0;
  let resampleS = 0;
  let audioS = 0;
  for (const b of bytes) {
    const t0 = process.cpuUsage();
    const decoded = await decodeAudio(b);
    decodeS += cpuSeconds(t0);
    const t1 = process.cpuUsage();
    resample(decoded.channelData[0]!, decoded.sampleRate, 16000);
    resampleS += cpuSeconds(t1);
    audioS += decoded.channelData[0]!.length / decoded.sampleRate;
  }
  const total = decodeS + resampleS;
  return `| ${name} | ${files.length} | ${audioS.toFixed(0)} s | ${decodeS.toFixed(2)} s | ${resampleS.toFixed(2)} s | ${(files.length / total).toFixed(0)} | ${(audioS / total).toFixed(0)}x |`;
}

async function main(): Promise<void> {
  const lines: string[] = [];
  lines.push(`Machine: ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores; one thread; CPU time), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`, '');

  lines.push('Decode + resample to 16 kHz (Opus decodes at 48 kHz), files preloaded into memory:', '');
  lines.push('| dataset | clips | audio | decodeAudio | resample | clips/s | x realtime |', '|---|---|---|---|---|---|---|');
  lines.push(await pipeline('RAVDESS (Ogg Opus)', listFiles(join(DATASETS, 'ravdess-speech'), '.opus')));
  lines.push(await pipeline('FSDD (Ogg Opus)', listFiles(join(DATASETS, 'fsdd'), '.opus')));

  const wavFiles = listFiles(join(DATASETS, 'speech-commands-sample'), '.wav');
  const listPath = join(tmpdir(), 'spectromix-audio-bench-wavs.txt');
  writeFileSync(listPath, wavFiles.join('\n'));
  const torch = JSON.parse(
    execFileSync('/usr/bin/python3', ['-W', 'ignore', join(import.meta.dirname, 'audio-bench-torchaudio.py'), String(SECONDS), listPath], {
      encoding: 'utf8',
    }),
  ) as { torchaudio: string; resample: Record<string, { functional_s: number; transform_s: number }>; load: { speech_commands_s: number } };

  const wavBytes = wavFiles.map((f) => readFileSync(f));
  const ours = bestOf(5, () => wavBytes.forEach((b) => readWav(b)));
  const peer = bestOf(5, () => wavBytes.forEach((b) => nodeWav.decode(b)));
  const ta = torch.load.speech_commands_s;
  lines.push('', `WAV decoding, ${wavFiles.length} Speech Commands clips (16-bit mono, 1 s), best of 5 (torchaudio ${torch.torchaudio} reads from disk):`, '');
  lines.push('| decoder | time | clips/s | readWav speed-up |', '|---|---|---|---|');
  lines.push(`| readWav | ${(ours * 1000).toFixed(1)} ms | ${(wavFiles.length / ours).toFixed(0)} | 1.0x |`);
  lines.push(`| node-wav 0.0.2 | ${(peer * 1000).toFixed(1)} ms | ${(wavFiles.length / peer).toFixed(0)} | ${(peer / ours).toFixed(1)}x |`);
  lines.push(`| torchaudio.load | ${(ta * 1000).toFixed(1)} ms | ${(wavFiles.length / ta).toFixed(0)} | ${(ta / ours).toFixed(1)}x |`);

  lines.push('', `Resampling a ${SECONDS} s noise signal, best of 5 (ratio = peer time / resample default time):`, '');
  lines.push('| rate pair | resample fast / default / best | libsamplerate fastest / medium / best | torchaudio F.resample / T.Resample |', '|---|---|---|---|');
  for (const [orig, next] of [
    [48000, 16000],
    [44100, 16000],
    [16000, 22050],
  ] as const) {
    const x = Float32Array.from({ length: SECONDS * orig }, () => Math.random() * 2 - 1);
    const ourTimes = (['fast', 'default', 'best'] as ResampleQuality[]).map((quality) => {
      resample(x, orig, next, { quality });
      return bestOf(5, () => resample(x, orig, next, { quality }));
    });
    const base = ourTimes[1]!;
    const srcTimes: number[] = [];
    for (const type of [ConverterType.SRC_SINC_FASTEST, ConverterType.SRC_SINC_MEDIUM_QUALITY, ConverterType.SRC_SINC_BEST_QUALITY]) {
      const src = await createSrc(1, orig, next, { converterType: type });
      srcTimes.push(bestOf(5, () => src.simple(x)));
      src.destroy();
    }
    const t = torch.resample[`${orig}->${next}`]!;
    const ms = (s: number): string => `${(s * 1000).toFixed(1)} ms`;
    const ratio = (s: number): string => `${ms(s)} (${(s / base).toFixed(1)}x)`;
    lines.push(
      `| ${orig} -> ${next} | ${ourTimes.map(ms).join(' / ')} | ${srcTimes.map(ratio).join(' / ')} | ${ratio(t.functional_s)} / ${ratio(t.transform_s)} |`,
    );
  }
  console.log(lines.join('\n'));
}

await main();
