// A small page built with Vite (production build, from the installed tarballs) and run in headless Chromium on
// the cpu backend: the browser entry points load, a model trains one step and the DSP runs.
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import { firstLines } from './smoke.mjs';
import { runNode } from './run-node.mjs';

const CHROMIUM = process.env.SPECTROMIX_CHROMIUM ?? '/usr/bin/chromium';

const PAGE = `
import * as tf from '@spectromix/tensor';
import { initBackend } from '@spectromix/tensor/browser';
import { createModel } from '@spectromix/asm-rh';
import { astFbank } from '@spectromix/dsp';
import { rfft } from '@spectromix/hfft';
import { loadClassifier } from '@spectromix/classifier';

const choice = await initBackend('cpu');
const model = createModel('asm-rh-tiny', { numClasses: 3, targetLength: 32, seed: 0 });
const x = tf.randomNormal([2, 32, 128], 0, 1, 'float32', 0);
const labels = tf.oneHot(tf.tensor1d([0, 2], 'int32'), 3);
const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(labels, model.forward(x, { training: true })) as tf.Scalar);
const wave = Float32Array.from({ length: 16000 }, (_, i) => Math.sin((2 * Math.PI * 440 * i) / 16000));
const fbank = astFbank(wave, 16000);
const spectrum = rfft(tf.tensor2d([[1, 2, 3, 4]])).re.arraySync() as number[][];
(window as unknown as { result: unknown }).result = {
  backend: choice.name,
  loss: (await value.data())[0],
  gradients: Object.keys(grads).length,
  frames: fbank.numFrames,
  spectrum: spectrum[0],
  classifier: typeof loadClassifier,
};
`;

const BUILD = `
import { build } from 'vite';
await build({ root: 'web', logLevel: 'warn', build: { outDir: 'dist', target: 'es2022', chunkSizeWarningLimit: 100000 } });
`;

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };

/** @returns {Promise<string[]>} failures */
export async function browserBuild(projectDir) {
  const web = join(projectDir, 'web');
  mkdirSync(web, { recursive: true });
  writeFileSync(join(web, 'index.html'), '<!doctype html><html><head><link rel="icon" href="data:,"></head><body><script type="module" src="./main.ts"></script></body></html>\n');
  writeFileSync(join(web, 'main.ts'), PAGE);
  writeFileSync(join(projectDir, 'build-web.mjs'), BUILD);
  const built = await runNode(join(projectDir, 'build-web.mjs'), projectDir, 300_000);
  if (!built.ok) return [`Vite production build: ${firstLines(built.stderr, 12)}`];
  const dist = join(web, 'dist');
  const server = createServer((req, res) => {
    const path = normalize(join(dist, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    const file = path.endsWith('/') ? join(path, 'index.html') : path;
    if (!file.startsWith(dist) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const args = ['--disable-background-networking', '--disable-component-update', '--no-first-run'];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args });
  const errors = [];
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && errors.push(`console error: ${m.text()}`));
    page.on('response', (r) => r.status() >= 400 && errors.push(`HTTP ${r.status()} for ${r.url()}`));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    const result = await page.waitForFunction(() => window.result, null, { timeout: 120_000 }).then((h) => h.jsonValue()).catch((e) => {
      errors.push(`no result from the page: ${e.message.split('\n')[0]}`);
      return null;
    });
    if (result != null) {
      const ok = result.backend === 'cpu' && Number.isFinite(result.loss) && result.gradients > 0 && result.frames === 98 && result.spectrum.join() === '10,-2,-2' && result.classifier === 'function';
      if (!ok) errors.push(`unexpected page result ${JSON.stringify(result)}`);
      else console.log(`  ok   Vite production build in Chromium: ${JSON.stringify(result)}`);
    }
  } finally {
    await browser.close();
    server.close();
  }
  return errors.map((e) => `Chromium: ${e}`);
}
