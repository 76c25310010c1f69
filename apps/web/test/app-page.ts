import type { Page } from 'playwright-core';

/** What the page shows after a classification (or the message it showed instead). */
export interface ShownResult {
  readonly top: string;
  readonly source: string;
  readonly backend: string;
  readonly latency: string;
  /** Every class's probability as the page computed it. */
  readonly probabilities: Readonly<Record<string, number>>;
  readonly message: string | null;
}

/** Opens the app and waits until a model is loaded (or a message says why not). */
export async function openApp(
  page: Page,
  url: string,
): Promise<{ backend: string; reason: string; precision: string; precisionReason: string; message: string | null }> {
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset['ready'] != null || !document.getElementById('message')?.hidden, null, { timeout: 120_000 });
  return {
    backend: (await page.textContent('#backend')) ?? '',
    reason: (await page.textContent('#backend-reason')) ?? '',
    precision: (await page.textContent('#precision')) ?? '',
    precisionReason: (await page.textContent('#precision-reason')) ?? '',
    message: await visibleMessage(page),
  };
}

/** The alert's text when it is shown. */
export async function visibleMessage(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const el = document.getElementById('message');
    return el != null && !el.hidden ? el.textContent : null;
  });
}

/** Number of results shown so far. */
export async function resultCount(page: Page): Promise<number> {
  return Number(await page.getAttribute('#result', 'data-count'));
}

/** Reads the shown result. */
export async function shownResult(page: Page): Promise<ShownResult> {
  return {
    top: (await page.textContent('#top-label')) ?? '',
    source: (await page.textContent('#result-source')) ?? '',
    backend: (await page.getAttribute('#result', 'data-backend')) ?? '',
    latency: (await page.textContent('#latency')) ?? '',
    probabilities: JSON.parse((await page.getAttribute('#result', 'data-probabilities')) ?? '{}') as Record<string, number>,
    message: await visibleMessage(page),
  };
}

/**
 * Drops a file on the drop zone the way a user's drag and drop does: a `drop` event whose DataTransfer
 * carries the file. `bytes` travel as base64; `syntheticSize` instead makes a zero-filled file of that
 * many bytes inside the page (for the size-limit check, without shipping megabytes through the protocol).
 * Resolves with the result (or the message) that follows.
 */
export async function dropFile(page: Page, name: string, file: { bytes: Uint8Array } | { syntheticSize: number }): Promise<ShownResult> {
  const before = await resultCount(page);
  await page.evaluate(() => {
    const el = document.getElementById('message');
    if (el) el.hidden = true;
  });
  const payload = 'bytes' in file ? { base64: Buffer.from(file.bytes).toString('base64'), size: 0 } : { base64: null, size: file.syntheticSize };
  await page.evaluate(
    ({ name, base64, size }) => {
      const bytes = base64 != null ? Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)) : new Uint8Array(size);
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name));
      const zone = document.getElementById('drop-zone') as HTMLElement;
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    { name, ...payload },
  );
  await page.waitForFunction(
    (n) => Number(document.getElementById('result')?.dataset['count']) > n || !document.getElementById('message')?.hidden,
    before,
    { timeout: 60_000 },
  );
  return shownResult(page);
}
