import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (CI installs the `chromium` package; no browser is downloaded). */
export const CHROMIUM = process.env['SPECTROMIX_CHROMIUM'] ?? '/usr/bin/chromium';

/** Flags that keep Chromium off the network (this machine's network is closed) and quiet. */
const BASE_ARGS = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** WebGPU in headless Chromium without a GPU: Dawn on SwiftShader's Vulkan (verified: adapter "google swiftshader"). */
export const WEBGPU_ARGS = ['--enable-unsafe-webgpu', '--enable-features=Vulkan'];

/** WebGPU switched off entirely: `navigator.gpu` gives no adapter, so the classifier must fall back. */
export const NO_WEBGPU_ARGS = ['--disable-features=WebGPU'];

/** Options of {@link launchChromium}. */
export interface LaunchOptions {
  /** Extra flags (WebGPU on or off). */
  readonly args?: readonly string[];
  /**
   * A fake capture device: `{ wav }` plays that file in a loop with access granted; `'denied'` has a device
   * but refuses access, as when a user blocks the permission prompt.
   */
  readonly microphone?: { readonly wav: string } | 'denied';
}

/** Starts headless Chromium; as root it needs --no-sandbox. */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const args = [...BASE_ARGS, ...(options.args ?? [])];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  if (options.microphone === 'denied') {
    args.push('--use-fake-device-for-media-stream');
  } else if (options.microphone != null) {
    args.push('--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${options.microphone.wav}`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args });
}
