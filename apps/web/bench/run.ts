/**
 * `pnpm bench` of apps/web: bundle sizes of @spectromix/classifier and of the app (minified + gzip), beside the
 * TF.js speech-commands recognizer (the browser audio classifier users would otherwise pick), and the latency
 * of one classification per backend in headless Chromium. Writes the "## @spectromix/classifier" section of
 * the root BENCHMARKS.md.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { measureApp } from './app-size.js';
import { measureBundle, type BundleSize } from './bundle-sizes.js';
import { measureLatency } from './latency.js';
import { kib, writeSection } from './report.js';
import { APP_DIR } from '../test/build-app.js';
import { BUNDLED, FIXTURES } from '../test/e2e-data.js';

const RUNS = 5;
const CLIP = 'rising-chirp.wav';
const manifest = JSON.parse(readFileSync(join(APP_DIR, 'public', 'models', BUNDLED.synth, 'spectromix.json'), 'utf8')) as { model: { preset: string }; features: { targetLength: number } };
const wav = readFileSync(join(FIXTURES, CLIP));
const clipSeconds = (wav.length - 44) / wav.readUInt32LE(28); // a plain 44-byte-header PCM WAV: data bytes / byte rate
const windowSeconds = ((manifest.features.targetLength - 1) * 160 + 400) / 16000;

const own = await measureBundle('`@spectromix/classifier` alone (its dependencies external)', "export * from '../../packages/classifier/src/index.ts';", ['@spectromix/*', '@tensorflow/*']);
const full = await measureBundle('`@spectromix/classifier` with everything it imports', "export * from '@spectromix/classifier';");
const peer = await measureBundle(
  'peer: `@tensorflow-models/speech-commands` 0.5.4 + tfjs-layers + tfjs-backend-webgl',
  "export * from '@tensorflow-models/speech-commands';\nimport '@tensorflow/tfjs-backend-webgl';",
  ['fs', 'util'],
);
const app = measureApp();
const latency = await measureLatency(BUNDLED.synth, join(FIXTURES, CLIP), RUNS);

const lazyOf = (b: BundleSize, module: string): { min: number; gzip: number } => b.lazy.find((l) => l.module === module) ?? { min: 0, gzip: 0 };
const webgpu = lazyOf(full, '@tensorflow/tfjs-backend-webgpu');
const withWebgpuGzip = full.initialGzip + webgpu.gzip;
const chromium = execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim();
const date = new Date().toISOString().slice(0, 10);
const row = (name: string, min: number, gzip: number): string => `| ${name} | ${kib(min)} | ${kib(gzip)} |`;

const body = `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), no GPU; ${chromium}, headless; Node ${process.version}. Date: ${date}.
Command: \`pnpm --filter @spectromix/web bench\` (bundles with esbuild 0.25 / Vite 7, minified, gzip level 9).

### Bundle size

| bundle | minified | gzip |
| --- | --- | --- |
${row(own.name, own.initialMin, own.initialGzip)}
${row(`${full.name}: loaded up front (tfjs-core, dsp features and resampler, asm-rh, mixer, hfft, webgpu-kernels)`, full.initialMin, full.initialGzip)}
${full.lazy
  .filter((l) => !l.module.includes('opus-ml'))
  .map((l) => row(`&nbsp;&nbsp;+ \`${l.module}\` (on first use)`, l.min, l.gzip))
  .join('\n')}
${row('&nbsp;&nbsp;= up front + the WebGPU backend (what a WebGPU browser fetches before its first WAV result)', full.initialMin + webgpu.min, withWebgpuGzip)}
${row(peer.name, peer.initialMin, peer.initialGzip)}
${row('apps/web: HTML + CSS + JS loaded up front', app.initialMin, app.initialGzip)}
${row('apps/web: JS chunks loaded on first use (backends, decoders)', app.lazyJsMin, app.lazyJsGzip)}

The up-front part by package (minified): ${Object.entries(full.initialByPackage)
  .filter(([, bytes]) => bytes >= 1024)
  .sort((a, b) => b[1] - a[1])
  .map(([pkg, bytes]) => `${pkg} ${kib(bytes)}`)
  .join(', ')}. Most of \`tensor\` is tfjs's gradient registrations, which
\`@spectromix/tensor\` imports for training and inference does not need.

Ratio: what a WebGPU browser fetches for @spectromix/classifier (${kib(withWebgpuGzip)} gzip) is ${(withWebgpuGzip / peer.initialGzip).toFixed(2)}x the
speech-commands recognizer with its WebGL backend (${kib(peer.initialGzip)} gzip), which has no file decoding, no resampling and a
fixed model. Not counted above: tfjs's \`.wasm\` binaries (${kib(app.wasmBytes)} for all three variants; the wasm backend fetches one),
the bundled models (${kib(app.modelBytes)}), and \`@wasm-audio-decoders/opus-ml\` (${kib(lazyOf(full, '@wasm-audio-decoders/opus-ml').gzip)} gzip), a chunk of
ogg-opus-decoder that is only fetched for its optional speech enhancement, which spectromix never turns on.

### Latency of one classification in Chromium

Model \`${BUNDLED.synth}\` (${manifest.model.preset}, ${manifest.features.targetLength} frames = ${windowSeconds.toFixed(2)} s), clip \`${CLIP}\` (${clipSeconds.toFixed(2)} s WAV); median of ${RUNS} runs after one warm-up. WebGPU and
WebGL run on SwiftShader (a CPU emulation, no GPU here), so these numbers rank the backends on this machine only.

| backend | load model (incl. warm-up) | latency median (min-max) | of which the model |
| --- | --- | --- | --- |
${latency.map((l) => `| ${l.backend} | ${(l.loadMs / 1000).toFixed(1)} s | ${l.medianMs.toFixed(1)} ms (${l.minMs.toFixed(1)}-${l.maxMs.toFixed(1)}) | ${l.medianModelMs.toFixed(1)} ms |`).join('\n')}
`;

writeSection(join(APP_DIR, '..', '..', 'BENCHMARKS.md'), '## @spectromix/classifier', body);
console.log(body);
