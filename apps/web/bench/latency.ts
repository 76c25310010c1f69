import { readFileSync } from 'node:fs';
import { dropFile, openApp } from '../test/app-page.js';
import { launchChromium, NO_WEBGPU_ARGS, WEBGPU_ARGS } from '../test/browser.js';
import { DIST_DIR, ensureBuilt } from '../test/build-app.js';
import { serveStatic } from '../test/static-server.js';

/** Latency of one backend in Chromium: median and spread over repeated classifications of one clip. */
export interface BackendLatency {
  readonly backend: string;
  readonly loadMs: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly medianModelMs: number;
  readonly runs: number;
}

const CASES: ReadonlyArray<{ backend: string; args: readonly string[] }> = [
  { backend: 'webgpu', args: WEBGPU_ARGS },
  { backend: 'webgl', args: NO_WEBGPU_ARGS },
  { backend: 'wasm', args: NO_WEBGPU_ARGS },
  { backend: 'cpu', args: NO_WEBGPU_ARGS },
];

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

/**
 * Classifies `clipPath` `runs` times after one warm-up in headless Chromium with the app's model `modelId`,
 * once per backend (webgpu on SwiftShader, webgl on SwiftShader, wasm, cpu).
 */
export async function measureLatency(modelId: string, clipPath: string, runs: number): Promise<BackendLatency[]> {
  ensureBuilt();
  const server = await serveStatic(DIST_DIR);
  const bytes = new Uint8Array(readFileSync(clipPath));
  const name = clipPath.split('/').pop() as string;
  const out: BackendLatency[] = [];
  try {
    for (const c of CASES) {
      const browser = await launchChromium({ args: c.args });
      try {
        const page = await browser.newPage();
        const t0 = performance.now();
        const opened = await openApp(page, `${server.url}?model=${modelId}&backends=${c.backend}`);
        const loadMs = performance.now() - t0;
        if (opened.backend !== c.backend) throw new Error(`asked for ${c.backend}, the page runs ${opened.backend}: ${opened.message ?? opened.reason}`);
        const totals: number[] = [];
        const model: number[] = [];
        for (let i = 0; i <= runs; i++) {
          const shown = await dropFile(page, name, { bytes });
          if (shown.message != null) throw new Error(shown.message);
          const latency = Number.parseFloat(shown.latency);
          const inference = Number.parseFloat((await page.textContent('#inference-ms')) ?? '');
          if (i > 0) {
            totals.push(latency);
            model.push(inference);
          }
        }
        out.push({ backend: c.backend, loadMs, medianMs: median(totals), minMs: Math.min(...totals), maxMs: Math.max(...totals), medianModelMs: median(model), runs });
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.close();
  }
  return out;
}
