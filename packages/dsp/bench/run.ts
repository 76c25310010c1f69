/**
 * `pnpm --filter @spectromix/dsp bench`: Kaldi fbank (AST settings, 128 bins) of a 1 s and a 4 s clip, in clips
 * per second, for our reference path (one thread), the
 * JS peers (meyda, an fft.js-based fbank) and torchaudio's kaldi.fbank (a /usr/bin/python3 child, when torch
 * is installed), all in one run. Time is process CPU time (Node's `process.cpuUsage`, Python's
 * `time.process_time`), so other jobs on a shared machine do not count; every implementation is
 * single-threaded, so on an idle machine CPU time is wall time. Implementations are timed round-robin and
 * each keeps its best round. Writes the "## @spectromix/dsp" section of BENCHMARKS.md.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { astFbank } from '../src/index.js';
import { readAudioFile } from '../src/node.js';
import { createFftJsFbank, createMeyda } from './peers.js';

const SUBHEADING = '### Kaldi fbank: reference path vs meyda, fft.js and torchaudio';
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const ROUND_MS = Number(process.env['BENCH_ROUND_MS'] ?? 400);
const HERE = fileURLToPath(new URL('.', import.meta.url));
const DATA = process.env['SPECTROMIX_DATA'] ?? fileURLToPath(new URL('../../../../shared/datasets/', import.meta.url));

interface Clip {
  label: string;
  source: string;
  wave: Float32Array;
}

function fit(wave: Float32Array, length: number): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = wave[i % wave.length]!;
  return out;
}

async function loadClips(): Promise<Clip[]> {
  const sc = join(DATA, 'speech-commands-sample/yes/439c84f4_nohash_1.wav');
  const rav = join(DATA, 'ravdess-speech/Actor_01/03-01-05-02-01-01-01.opus');
  const clips: Clip[] = [];
  for (const [label, path, seconds] of [['1 s', sc, 1], ['4 s', rav, 4]] as const) {
    if (existsSync(path)) {
      const audio = await readAudioFile(path, { sampleRate: 16000, mono: true });
      clips.push({ label, source: path.slice(DATA.length), wave: fit(audio.channelData[0]!, 16000 * seconds) });
    } else {
      const wave = Float32Array.from({ length: 16000 * seconds }, (_, i) => 0.3 * Math.sin(i * 0.05) * Math.sin(i * 0.0007) + 0.01 * Math.sin(i * 1.3));
      clips.push({ label, source: 'synthetic (datasets not found)', wave });
    }
  }
  return clips;
}

/** A timed implementation: `run(clipIndex)` processes `clipsPerCall` clips. */
interface Impl {
  name: string;
  note: string;
  clipsPerCall: (clip: number) => number;
  run: (clip: number, iterations: number) => Promise<number>; // CPU seconds
  best: number[]; // clips/s per clip
}

function jsImpl(name: string, note: string, f: (wave: Float32Array) => unknown, clips: Clip[]): Impl {
  return {
    name,
    note,
    clipsPerCall: () => 1,
    best: clips.map(() => 0),
    run: async (clip, iterations) => {
      const wave = clips[clip]!.wave;
      const start = process.cpuUsage();
      for (let i = 0; i < iterations; i++) f(wave);
      return cpuSeconds(start);
    },
  };
}

/** CPU seconds (user + system) this process used since `start`. */
function cpuSeconds(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

class TorchTimer {
  private readonly lines: AsyncIterator<string>;
  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    this.lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  }

  static async start(files: string[]): Promise<{ timer: TorchTimer; version: string } | null> {
    if (!existsSync('/usr/bin/python3')) return null;
    const child = spawn('/usr/bin/python3', [join(HERE, 'torchaudio-timer.py'), ...files]);
    child.stderr.resume();
    const timer = new TorchTimer(child);
    const first = await timer.next().catch(() => '');
    if (!first.startsWith('ready')) {
      child.kill();
      return null;
    }
    return { timer, version: first.split(' ')[1] ?? '' };
  }

  async next(): Promise<string> {
    const r = await this.lines.next();
    if (r.done === true) throw new Error('torchaudio timer exited');
    return r.value;
  }

  async ask(command: string): Promise<string> {
    this.child.stdin.write(`${command}\n`);
    return this.next();
  }

  stop(): void {
    this.child.stdin.end();
  }
}

function torchImpl(timer: TorchTimer, torchVersion: string, threads: number, clips: Clip[]): Impl {
  return {
    name: `torchaudio ${torchVersion} kaldi.fbank, ${threads} thread${threads > 1 ? 's' : ''}`,
    note: 'Python child process timing its own loop',
    clipsPerCall: () => 1,
    best: clips.map(() => 0),
    run: async (clip, iterations) => Number(await timer.ask(`time ${clip} ${iterations} ${threads}`)),
  };
}

async function measure(impls: Impl[], clips: Clip[]): Promise<void> {
  const iterations = new Map<Impl, number[]>();
  for (const impl of impls) {
    const counts: number[] = [];
    for (let c = 0; c < clips.length; c++) {
      const seconds = await impl.run(c, 1); // warm-up and calibration
      counts.push(Math.max(1, Math.round(ROUND_MS / 1000 / Math.max(seconds, 1e-5))));
    }
    iterations.set(impl, counts);
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const impl of impls) {
      for (let c = 0; c < clips.length; c++) {
        const n = iterations.get(impl)![c]!;
        const seconds = await impl.run(c, n);
        impl.best[c] = Math.max(impl.best[c]!, (n * impl.clipsPerCall(c)) / seconds);
      }
    }
    process.stdout.write(`round ${round + 1}/${ROUNDS} done\n`);
  }
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return a.length === b.length ? worst : Number.NaN;
}

async function main(): Promise<void> {
  const clips = await loadClips();
  const ours = (wave: Float32Array): Float32Array => astFbank(wave, 16000).data;
  const fftJs = createFftJsFbank();
  const impls: Impl[] = [
    jsImpl('spectromix kaldiFbank (reference path)', 'one thread, astFbank', ours, clips),
    jsImpl('meyda 5.6.3 extract melBands', 'per 512-sample frame', createMeyda('melBands'), clips),
    jsImpl('meyda 5.6.3 extract mfcc', 'per 512-sample frame', createMeyda('mfcc'), clips),
    jsImpl('fft.js 4.0.4 STFT + mel', 'Kaldi fbank over fft.js, dense mel matrix', fftJs, clips),
    jsImpl('fft.js 4.0.4 STFT + sparse mel', 'the same with our sparse mel loop: an FFT-for-FFT comparison', createFftJsFbank(true), clips),
  ];
  const parity: string[] = [];
  for (const clip of clips) {
    const mean = clip.wave.reduce((sum, x) => sum + x, 0) / clip.wave.length;
    const centred = clip.wave.map((v) => v - mean);
    parity.push(`fft.js peer vs spectromix on the ${clip.label} clip: max abs ${maxAbsDiff(fftJs(centred), ours(clip.wave)).toExponential(1)}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'dsp-bench-'));
  const files = clips.map((clip, i) => {
    const path = join(dir, `clip${i}.f32`);
    writeFileSync(path, Buffer.from(clip.wave.buffer));
    return path;
  });
  const torch = await TorchTimer.start(files);
  if (torch !== null) {
    for (const [i, clip] of clips.entries()) {
      await torch.timer.ask(`dump ${i} ${files[i]}.fbank`);
      const bytes = readFileSync(`${files[i]}.fbank`);
      const expected = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      parity.unshift(`spectromix vs torchaudio ${torch.version} on the ${clip.label} clip: max abs ${maxAbsDiff(ours(clip.wave), expected).toExponential(1)} (log-mel)`);
    }
    impls.push(torchImpl(torch.timer, torch.version, 1, clips));
  }
  await measure(impls, clips);
  torch?.timer.stop();

  const ref = impls[0]!;
  const bestPeer = (c: number): number => Math.max(...impls.slice(3, 6).map((i) => i.best[c]!));
  const sparsePeer = impls[6]!;
  const torchBest = (c: number): number => Math.max(...impls.slice(7).map((i) => i.best[c]!), 0);
  const header = `| implementation | ${clips.map((c) => `${c.label} clip (clips/CPU-s)`).join(' | ')} | spectromix reference is | notes |`;
  const rows = impls.map((impl) => {
    const ratios = clips.map((_, c) => `${(ref.best[c]! / impl.best[c]!).toFixed(1)}x`).join(' / ');
    return `| ${impl.name} | ${impl.best.map((v) => v.toFixed(0)).join(' | ')} | ${impl === ref ? '1x' : `${ratios} faster`} | ${impl.note} |`;
  });
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const date = new Date().toISOString().slice(0, 10);
  const summary = clips.map((c, i) => {
    const t = torchBest(i);
    return (
      `${c.label}: ${(ref.best[i]! / bestPeer(i)).toFixed(1)}x the best JS peer as users write it (meyda, fft.js with a dense filter bank), ` +
      `${(ref.best[i]! / sparsePeer.best[i]!).toFixed(1)}x fft.js with our sparse mel loop` +
      `${t > 0 ? `, ${(ref.best[i]! / t).toFixed(1)}x torchaudio` : ''}`
    );
  });
  const section = [
    SUBHEADING,
    '',
    `Kaldi fbank with the AST settings (25 ms / 10 ms frames, 512-point FFT, 128 mel bins, log) of a 1 s and a 4 s clip at 16 kHz, in clips per CPU-second (higher is better). Machine: ${cpu}, ${cpus().length} cores, Node ${process.version}; ${date}. Every implementation runs on one thread (torch with \`set_num_threads(1)\`); time is the process's CPU time, not wall time, because the machine is shared with other jobs (on an idle machine the two agree). Each implementation ran ${ROUNDS} interleaved rounds of ~${ROUND_MS} ms per clip and keeps its best round. Clips: ${clips.map((c) => `${c.label} = ${c.source}`).join('; ')}.`,
    '',
    header,
    `| --- | ${clips.map(() => '---:').join(' | ')} | ---: | --- |`,
    ...rows,
    '',
    `Reference path: ${summary.join('; ')}. Targets: 3x torchaudio, 2x the best JS peer.`,
    '',
    `Parity kept: ${parity.join('; ')}.`,
    '',
    'Run it: `pnpm --filter @spectromix/dsp bench` (BENCH_ROUNDS, BENCH_ROUND_MS tune it; torchaudio needs /usr/bin/python3 with torch).',
    '',
  ].join('\n');
  console.log(`\n${section}`);
  writeSection(section);
}

/**
 * Writes `section` (which starts with `### Kaldi fbank`) into the "## @spectromix/dsp" section of the root
 * BENCHMARKS.md, replacing only its own subsection: the audio half of the package keeps its tables there too.
 */
function writeSection(section: string): void {
  const path = fileURLToPath(new URL('../../../BENCHMARKS.md', import.meta.url));
  let text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const heading = '## @spectromix/dsp';
  if (!text.includes(`${heading}\n`)) text = `${text.trimEnd()}\n\n${heading}\n\n`;
  const sectionStart = text.indexOf(`${heading}\n`);
  const nextSection = text.indexOf('\n## ', sectionStart + 1);
  const sectionEnd = nextSection < 0 ? text.length : nextSection + 1;
  const mine = text.indexOf(SUBHEADING, sectionStart);
  if (mine >= 0 && mine < sectionEnd) {
    const after = text.slice(mine + SUBHEADING.length).search(/\n##+ /);
    const end = after < 0 ? text.length : mine + SUBHEADING.length + after + 1;
    text = text.slice(0, mine) + section + text.slice(Math.min(end, sectionEnd));
  } else {
    text = `${text.slice(0, sectionEnd).trimEnd()}\n\n${section}${nextSection < 0 ? '' : '\n'}${text.slice(sectionEnd)}`;
  }
  writeFileSync(path, text);
}

await main();
