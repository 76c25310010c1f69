/**
 * `pnpm --filter @spectromix/web bench:precision` (also run by `bench`): the latency of the model's forward pass per
 * clip in f16 and in fp32 for every bundled model on its test clips (those of test/f16-precision.test.ts), in Node on
 * Dawn over Mesa lavapipe and in headless Chromium on SwiftShader. Writes bench/results/precision-latency.json and the
 * "## @spectromix/classifier: f16 inference" section of the root BENCHMARKS.md. CPU renderers only here: these times
 * rank the paths on this machine and say little about a real GPU.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { installNodeWebGPU } from '@spectromix/tensor/node';
import { loadClassifier, type InferencePrecision } from '@spectromix/classifier';
import { installSpectromixKernels } from '@spectromix/webgpu-kernels';
import { dropFile, openApp } from '../test/app-page.js';
import { launchChromium, WEBGPU_ARGS } from '../test/browser.js';
import { APP_DIR, DIST_DIR, ensureBuilt } from '../test/build-app.js';
import { serveStatic } from '../test/static-server.js';
import { bundledWeights, precisionCases, type PrecisionCase } from '../test/precision-clips.js';
import { writeSection } from './report.js';

/** Timed classifications of each clip, after one untimed pass over all clips (shader compilation). */
const RUNS = 3;

/** One model at one precision in one runtime. */
interface Row {
  readonly runtime: 'node-lavapipe' | 'chromium-swiftshader';
  readonly model: string;
  readonly asked: InferencePrecision;
  /** What ran ('f16' or 'fp32'), and why. */
  readonly precision: string;
  readonly reason: string;
  readonly clips: number;
  /** Median over clips of each clip's median model time (forward pass and read-back), ms. */
  readonly medianModelMs: number;
  /** Each clip's median model time, ms. */
  readonly perClipMs: readonly number[];
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

async function timeNode(c: PrecisionCase, asked: InferencePrecision): Promise<Row> {
  const classifier = await loadClassifier(bundledWeights(c.model), {
    backends: ['webgpu'],
    precision: asked,
    onBackend: (b) => {
      if (b.name === 'webgpu') installSpectromixKernels();
    },
  });
  try {
    const clips = c.clips.map((p) => new Uint8Array(readFileSync(p)));
    for (const clip of clips) await classifier.classify(clip);
    const perClip: number[] = [];
    for (const clip of clips) {
      const times: number[] = [];
      for (let r = 0; r < RUNS; r++) times.push((await classifier.classify(clip)).timings.inferenceMs);
      perClip.push(median(times));
    }
    const p = classifier.precision;
    return { runtime: 'node-lavapipe', model: c.model, asked, precision: p.name, reason: p.reason, clips: clips.length, medianModelMs: median(perClip), perClipMs: perClip };
  } finally {
    classifier.dispose();
  }
}

async function timeChromium(url: string, c: PrecisionCase, asked: InferencePrecision): Promise<Row> {
  const browser = await launchChromium({ args: WEBGPU_ARGS });
  try {
    const page = await browser.newPage();
    const opened = await openApp(page, `${url}?model=${c.model}&backends=webgpu&precision=${asked}`);
    if (opened.message != null) throw new Error(`${c.model} (${asked}): ${opened.message}`);
    const clips = c.clips.map((p) => ({ name: p.split('/').pop() as string, bytes: new Uint8Array(readFileSync(p)) }));
    const modelMs = async (clip: { name: string; bytes: Uint8Array }): Promise<number> => {
      const shown = await dropFile(page, clip.name, { bytes: clip.bytes });
      if (shown.message != null) throw new Error(shown.message);
      return Number.parseFloat((await page.textContent('#inference-ms')) ?? '');
    };
    for (const clip of clips) await modelMs(clip);
    const perClip: number[] = [];
    for (const clip of clips) {
      const times: number[] = [];
      for (let r = 0; r < RUNS; r++) times.push(await modelMs(clip));
      perClip.push(median(times));
    }
    return { runtime: 'chromium-swiftshader', model: c.model, asked, precision: opened.precision, reason: opened.precisionReason, clips: clips.length, medianModelMs: median(perClip), perClipMs: perClip };
  } finally {
    await browser.close();
  }
}

await installNodeWebGPU();
const cases = precisionCases();
const rows: Row[] = [];
/**
 * What each runtime sets against fp32: in Node, 'f16' (lavapipe offers shader-f16, so the f16 path runs, on the plain
 * shader-f16 kernel: 'auto' would keep fp32 there, having no subgroup matrices); in Chromium, 'auto' (SwiftShader
 * offers no shader-f16, so 'f16' cannot run and 'auto' runs fp32 again: the run-to-run spread).
 */
const SECOND: Readonly<Record<Row['runtime'], InferencePrecision>> = { 'node-lavapipe': 'f16', 'chromium-swiftshader': 'auto' };
for (const c of cases) for (const asked of ['fp32', SECOND['node-lavapipe']] as const) rows.push(await timeNode(c, asked));
ensureBuilt();
const server = await serveStatic(DIST_DIR);
try {
  for (const c of cases) for (const asked of ['fp32', SECOND['chromium-swiftshader']] as const) rows.push(await timeChromium(server.url, c, asked));
} finally {
  await server.close();
}

const chromium = execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim();
const date = new Date().toISOString().slice(0, 10);
const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), no GPU`;
const resultsDir = join(APP_DIR, 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, 'precision-latency.json'), `${JSON.stringify({ date, machine, node: process.version, chromium, runs: RUNS, rows }, null, 2)}\n`);

const frames = (model: string): number => (JSON.parse(readFileSync(join(APP_DIR, 'public', 'models', model, 'spectromix.json'), 'utf8')) as { features: { targetLength: number } }).features.targetLength;
const table = (runtime: Row['runtime']): string => {
  const lines = [`| model | frames | clips | fp32 (ms) | \`${SECOND[runtime]}\` (ms) | \`${SECOND[runtime]}\` ran | f16 / fp32 |`, '| --- | --- | --- | --- | --- | --- | --- |'];
  for (const c of cases) {
    const fp32 = rows.find((r) => r.runtime === runtime && r.model === c.model && r.asked === 'fp32');
    const auto = rows.find((r) => r.runtime === runtime && r.model === c.model && r.asked === SECOND[runtime]);
    if (fp32 == null || auto == null) continue;
    const ratio = auto.precision === 'f16' ? `${(auto.medianModelMs / fp32.medianModelMs).toFixed(2)}x` : 'n/a (fp32 both)';
    lines.push(`| ${c.model} | ${frames(c.model)} | ${fp32.clips} | ${fp32.medianModelMs.toFixed(1)} | ${auto.medianModelMs.toFixed(1)} | ${auto.precision} | ${ratio} |`);
  }
  return lines.join('\n');
};
const chromiumAuto = rows.find((r) => r.runtime === 'chromium-swiftshader' && r.asked === 'auto');
/** The second precision over fp32 per model in one runtime: for f16, the f16 path's cost; for fp32 twice, the run-to-run spread. */
const ratios = (runtime: Row['runtime']): number[] =>
  cases.flatMap((c) => {
    const fp32 = rows.find((r) => r.runtime === runtime && r.model === c.model && r.asked === 'fp32');
    const auto = rows.find((r) => r.runtime === runtime && r.model === c.model && r.asked === SECOND[runtime]);
    return fp32 == null || auto == null ? [] : [auto.medianModelMs / fp32.medianModelMs];
  });
const span = (xs: number[]): string => `${Math.min(...xs).toFixed(2)}x to ${Math.max(...xs).toFixed(2)}x`;
const spread = Math.max(...ratios('chromium-swiftshader').map((r) => Math.abs(r - 1)));
const nodeF16 = rows.find((r) => r.runtime === 'node-lavapipe' && r.asked === 'f16');

const body = `Machine: ${machine}; Node ${process.version} with the \`webgpu\` package (Dawn) on Mesa lavapipe; ${chromium}, headless, WebGPU
on SwiftShader (\`--enable-unsafe-webgpu --enable-features=Vulkan\`). Date: ${date}. Command: \`pnpm --filter @spectromix/web bench:precision\`
(also part of \`bench\`); raw numbers in \`apps/web/bench/results/precision-latency.json\`.

The model's time per clip (\`timings.inferenceMs\`: forward pass and reading the probabilities back), median over
the clips of each clip's median of ${RUNS} runs after one untimed pass; clips as in \`apps/web/test/f16-precision.test.ts\`
(the e2e clips for synthetic-sounds and fsdd-digits, one clip per emotion of held-out actor 01 for ravdess-emotions).
\`f16\` runs f16 products wherever the WebGPU device offers \`shader-f16\`; \`auto\` (the default) only where the device also
has subgroup matrices (tensor cores), since the plain shader-f16 kernel is the slower one below. **Both renderers are CPU emulations of a
GPU: these times rank the two paths on this machine and say little about a real GPU**, where f16 halves the bytes
of every weight and activation read and, with subgroup matrices, runs the products on tensor cores.

### Node, Dawn on lavapipe (offers shader-f16, no subgroup matrices: \`f16\` runs on the shader-f16 tiled kernel, \`auto\` keeps fp32)

${table('node-lavapipe')}

${nodeF16 == null ? '' : `\`f16\` here: ${nodeF16.reason}.`} The f16 path takes ${span(ratios('node-lavapipe'))} the fp32 time here: without
subgroup matrices its products run on the plain shader-f16 kernel (32x32 tiles, 2x2 outputs per thread, each f16 value
widened to f32 for its multiply-add) with bias, GELU and residual as separate passes, against the tuned fp32
kernel (128x128 tiles, 8x8 outputs per thread, epilogues fused). What that means on a GPU whose browser offers
\`shader-f16\` but no subgroup matrices is not measured here; \`auto\` keeps fp32 there.

### Headless Chromium, WebGPU on SwiftShader

${table('chromium-swiftshader')}

${chromiumAuto == null ? '' : `Both columns run the same fp32 path in separate browser sessions: their difference (up to ${(100 * spread).toFixed(0)}%) is the
run-to-run spread. \`auto\` here: ${chromiumAuto.reason}. SwiftShader lists \`subgroups\` but not \`shader-f16\` (also with \`--enable-dawn-features=allow_unsafe_apis\`), so f16 cannot be timed in this Chromium; \`precision: 'f16'\` throws \`PrecisionUnavailableError\` there (the e2e suite checks both).`}
`;

writeSection(join(APP_DIR, '..', '..', 'BENCHMARKS.md'), '## @spectromix/classifier: f16 inference', body);
console.log(body);
// Dawn keeps the process alive otherwise.
process.exit(0);
