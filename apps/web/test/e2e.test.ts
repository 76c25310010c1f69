import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { dropFile, openApp, resultCount, shownResult, visibleMessage } from './app-page.js';
import { launchChromium, NO_WEBGPU_ARGS, WEBGPU_ARGS } from './browser.js';
import { APP_DIR, DIST_DIR, ensureBuilt } from './build-app.js';
import { BUNDLED, FIXTURES, fsddClips, MICROPHONE_WAV, replaceManifest, SYNTH_CLIPS } from './e2e-data.js';
import { spectromixPredict, spectromixPredictInOrder, type CliPrediction } from './predict-in-node.js';
import { serveStatic, type StaticServer } from './static-server.js';

// The web app in Debian's Chromium (playwright-core, no browser download), served from dist/ on 127.0.0.1:
// once with WebGPU (SwiftShader's Vulkan: no GPU needed) and once without it, to prove the fallback.
// Expected labels come from `spectromix predict` run in Node on the same files.

const RESULTS_DIR = join(APP_DIR, 'test-results');
let server: StaticServer;
let synthExpected: CliPrediction[];
let microphoneExpected: CliPrediction;
let fsddExpected: CliPrediction[];
const fsdd = fsddClips();

beforeAll(() => {
  ensureBuilt();
  mkdirSync(RESULTS_DIR, { recursive: true });
  const synth = spectromixPredict(join(DIST_DIR, 'models', BUNDLED.synth), [...SYNTH_CLIPS, MICROPHONE_WAV]);
  synthExpected = synth.slice(0, SYNTH_CLIPS.length);
  microphoneExpected = synth[SYNTH_CLIPS.length] as CliPrediction;
  fsddExpected = spectromixPredictInOrder(join(DIST_DIR, 'models', BUNDLED.fsdd), fsdd.map((c) => c.path));
  return serveStatic(DIST_DIR).then((s) => {
    server = s;
  });
}, 300_000);

afterAll(async () => {
  await server?.close();
});

/** Largest difference allowed between a probability in the page and the same one from `spectromix predict`. */
const PROBABILITY_TOLERANCE = 0.01;

/**
 * Drops every clip, checks that the page shows the same top-1 as `spectromix predict` and every probability
 * within {@link PROBABILITY_TOLERANCE} of the CLI's, and returns the labels shown.
 */
async function classifyLikeCli(page: Page, paths: readonly string[], expected: readonly CliPrediction[]): Promise<string[]> {
  const labels: string[] = [];
  for (const [i, path] of paths.entries()) {
    const name = path.split('/').pop() as string;
    const cli = expected[i] as CliPrediction;
    const shown = await dropFile(page, name, { bytes: new Uint8Array(readFileSync(path)) });
    expect(shown.message, `${name}: ${shown.message}`).toBeNull();
    expect(shown.source).toBe(name);
    expect(shown.top, `${name}: top-1 in the page vs spectromix predict`).toBe(cli.label);
    for (const [label, p] of Object.entries(cli.probabilities)) {
      expect(Math.abs((shown.probabilities[label] ?? Number.NaN) - p), `${name}: probability of ${label}`).toBeLessThan(PROBABILITY_TOLERANCE);
    }
    labels.push(shown.top);
  }
  return labels;
}

describe('web app with WebGPU (SwiftShader)', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium({ args: WEBGPU_ARGS, microphone: { wav: MICROPHONE_WAV } });
    page = await browser.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('loads the bundled synthetic-sounds model on webgpu', async () => {
    const opened = await openApp(page, `${server.url}?model=${BUNDLED.synth}`);
    console.log(`[e2e] WebGPU case: backend in use = ${opened.backend} (${opened.reason})`);
    expect(opened.message).toBeNull();
    expect(opened.backend).toBe('webgpu');
    expect(await page.isHidden('#speaker-row')).toBe(true); // this model does not normalise per speaker
  });

  it("chooses f16 products where the adapter multiplies f16 on matrix hardware ('auto'), else fp32 and says why", async () => {
    const offered = await page.evaluate(async () => {
      const features = (await navigator.gpu.requestAdapter())?.features;
      return { f16: features?.has('shader-f16') === true, matrices: features?.has('chromium-experimental-subgroup-matrix') === true };
    });
    const offersF16 = offered.f16;
    const shown = { precision: await page.textContent('#precision'), reason: await page.textContent('#precision-reason') };
    console.log(`[e2e] WebGPU case: adapter offers shader-f16 = ${offered.f16}, subgroup matrices = ${offered.matrices}; precision = ${shown.precision} (${shown.reason})`);
    if (offered.f16 && offered.matrices) {
      expect(shown.precision).toBe('f16');
      expect(shown.reason).toMatch(/'auto' runs f16 products/);
    } else if (offersF16) {
      expect(shown.precision).toBe('fp32');
      expect(shown.reason).toMatch(/'auto' runs fp32: the device has shader-f16 but no matrix hardware/);
    } else {
      // Chromium 156's SwiftShader lists subgroups but not shader-f16 (also with allow_unsafe_apis): fp32, with the reason.
      expect(shown.precision).toBe('fp32');
      expect(shown.reason).toMatch(/'auto' runs fp32: the WebGPU device does not offer shader-f16/);
    }
  });

  it("refuses precision 'f16' where the device lacks shader-f16 with a message that says what to do", async (ctx) => {
    const offersF16 = await page.evaluate(async () => (await navigator.gpu.requestAdapter())?.features.has('shader-f16') === true);
    if (offersF16) ctx.skip('this adapter offers shader-f16: the f16 path runs instead (previous test)');
    const other = await browser.newPage();
    try {
      const opened = await openApp(other, `${server.url}?model=${BUNDLED.synth}&precision=f16`);
      expect(opened.message).toMatch(/precision 'f16' cannot run here: the WebGPU device does not offer shader-f16.*Use precision 'auto'/);
      const fallback = await openApp(other, `${server.url}?model=${BUNDLED.synth}&precision=fp32`);
      expect(fallback.message).toBeNull();
      expect(fallback.precision).toBe('fp32');
      expect(fallback.precisionReason).toBe("'fp32' was asked for");
    } finally {
      await other.close();
    }
  });

  it('classifies dropped WAV, FLAC, MP3, Ogg Vorbis and Ogg Opus files with the top-1 of spectromix predict', async () => {
    const labels = await classifyLikeCli(page, SYNTH_CLIPS, synthExpected);
    console.log(`[e2e] webgpu synth: ${SYNTH_CLIPS.map((p, i) => `${p.split('/').pop()} -> ${labels[i]}`).join(', ')}`);
    expect((await shownResult(page)).backend).toBe('webgpu');
  });

  it('classifies the microphone live (a fake capture device playing a WAV) and scrolls the spectrogram', async () => {
    const before = await resultCount(page);
    await page.click('#mic-toggle');
    await page.waitForSelector('#mic-toggle[aria-pressed="true"]', { timeout: 30_000 });
    const live: string[] = [];
    while (live.length < 4) {
      await page.waitForFunction((n) => Number(document.getElementById('result')?.dataset['count']) > n || !document.getElementById('message')?.hidden, before + live.length, { timeout: 60_000 });
      const shown = await shownResult(page);
      expect(shown.message).toBeNull();
      expect(shown.source).toBe('microphone');
      live.push(shown.top);
    }
    console.log(`[e2e] webgpu microphone: ${live.join(', ')} (file prediction: ${microphoneExpected.label})`);
    // After the first window fills, every window holds the steady tone the file holds.
    expect(live.slice(1)).toEqual(new Array(3).fill(microphoneExpected.label));
    const lit = await page.evaluate(() => {
      const canvas = document.getElementById('spectrogram') as HTMLCanvasElement;
      const data = canvas.getContext('2d')?.getImageData(canvas.width - 40, 0, 40, canvas.height).data ?? new Uint8ClampedArray();
      let bright = 0;
      for (let i = 0; i < data.length; i += 4) if ((data[i] ?? 0) + (data[i + 1] ?? 0) + (data[i + 2] ?? 0) > 60) bright++;
      return bright;
    });
    expect(lit).toBeGreaterThan(100);
    const shot = join(RESULTS_DIR, 'web-webgpu-microphone.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`[e2e] screenshot: ${shot}`);
    await page.click('#mic-toggle');
    await page.waitForSelector('#mic-toggle[aria-pressed="false"]', { timeout: 10_000 });
  });

  it('shows clear messages for bad input and keeps working', async () => {
    const notAudio = await dropFile(page, 'notes.txt', { bytes: new TextEncoder().encode('these are notes, not audio') });
    expect(notAudio.message).toMatch(/Decoding the audio file failed.*WAV, FLAC, Ogg Opus, Ogg Vorbis and MP3/);
    const wav = readFileSync(SYNTH_CLIPS[0] as string);
    const corrupt = await dropFile(page, 'cut.flac', { bytes: new Uint8Array(readFileSync(join(FIXTURES, 'falling-chirp.flac'))).subarray(0, 600) });
    expect(corrupt.message).toMatch(/Decoding the audio file failed/);
    const huge = await dropFile(page, 'huge.wav', { syntheticSize: 40 * 1024 * 1024 });
    expect(huge.message).toMatch(/The audio file is 40\.0 MiB, above the limit of 32\.0 MiB/);
    const after = await dropFile(page, 'again.wav', { bytes: new Uint8Array(wav) });
    expect(after.message).toBeNull();
    expect(after.top).toBe(synthExpected[0]?.label);
  });

  it('refuses a model whose config does not match its weights, then loads a good one', async () => {
    const weights = readFileSync(join(DIST_DIR, 'models', BUNDLED.fsdd, 'model.safetensors'));
    const synthManifest = readFileSync(join(DIST_DIR, 'models', BUNDLED.synth, 'spectromix.json'), 'utf8');
    const broken = replaceManifest(new Uint8Array(weights), synthManifest);
    await page.setInputFiles('#model-file', { name: 'mismatch.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from(broken) });
    await page.waitForFunction(() => document.body.dataset['failed'] === 'own', null, { timeout: 60_000 });
    expect(await visibleMessage(page)).toMatch(/weights do not match the model the config describes/);
    await page.selectOption('#model-select', BUNDLED.fsdd);
    await page.waitForFunction((id) => document.body.dataset['ready'] === id, BUNDLED.fsdd, { timeout: 120_000 });
    expect(await visibleMessage(page)).toBeNull();
  });

  it('classifies real spoken digits (FSDD, Ogg Opus) with the top-1 of spectromix predict', async () => {
    // The model normalises per speaker: the page uses the clips heard so far, as the expectations do (file k with files 1..k).
    expect(await page.isVisible('#speaker-row')).toBe(true);
    const labels = await classifyLikeCli(page, fsdd.map((c) => c.path), fsddExpected);
    console.log(`[e2e] webgpu fsdd: ${fsdd.map((c, i) => `${c.name} (said ${c.label}) -> ${labels[i]}`).join(', ')}`);
    // A new speaker starts from no statistics: the first clip again gives the first expectation.
    await page.click('#speaker-reset');
    expect(await page.textContent('#model-status')).toMatch(/Speaker statistics cleared/);
    const again = await dropFile(page, fsdd[0]?.name as string, { bytes: new Uint8Array(readFileSync(fsdd[0]?.path as string)) });
    expect(again.top).toBe(fsddExpected[0]?.label);
    const shot = join(RESULTS_DIR, 'web-webgpu-file.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`[e2e] screenshot: ${shot}`);
  });
});

describe('web app without WebGPU (fallback)', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium({ args: NO_WEBGPU_ARGS, microphone: 'denied' });
    page = await browser.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('falls back from webgpu, says why, and gives the same top-1 as spectromix predict', async () => {
    const opened = await openApp(page, `${server.url}?model=${BUNDLED.synth}`);
    console.log(`[e2e] no-WebGPU case: backend in use = ${opened.backend} (${opened.reason})`);
    expect(opened.message).toBeNull();
    expect(opened.backend).not.toBe('webgpu');
    expect(opened.reason).toMatch(/'webgpu' failed/);
    expect(opened.precision).toBe('fp32');
    expect(opened.precisionReason).toMatch(/'auto' runs fp32: the backend is '\w+'; f16 products need WebGPU with shader-f16/);
    const labels = await classifyLikeCli(page, SYNTH_CLIPS.slice(0, 3), synthExpected);
    console.log(`[e2e] ${opened.backend} synth: ${labels.join(', ')}`);
    const shot = join(RESULTS_DIR, `web-fallback-${opened.backend}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`[e2e] screenshot: ${shot}`);
  });

  it('runs on wasm when asked, with the same top-1', async () => {
    const opened = await openApp(page, `${server.url}?model=${BUNDLED.synth}&backends=wasm`);
    console.log(`[e2e] wasm case: backend in use = ${opened.backend}`);
    expect(opened.backend).toBe('wasm');
    const labels = await classifyLikeCli(page, SYNTH_CLIPS.slice(0, 2), synthExpected);
    console.log(`[e2e] wasm synth: ${labels.join(', ')}`);
  });

  it('says so when microphone access is denied, and keeps classifying files', async () => {
    await page.click('#mic-toggle');
    await page.waitForFunction(() => !document.getElementById('message')?.hidden, null, { timeout: 30_000 });
    expect(await visibleMessage(page)).toMatch(/Microphone access was denied/);
    expect(await page.getAttribute('#mic-toggle', 'aria-pressed')).toBe('false');
    const shown = await dropFile(page, 'after-denied.wav', { bytes: new Uint8Array(readFileSync(SYNTH_CLIPS[0] as string)) });
    expect(shown.message).toBeNull();
  });
});
