import { defineConfig } from 'vitest/config';

// The end-to-end suite builds the app (if dist/ is missing), serves it on 127.0.0.1 and drives Debian's Chromium.
export default defineConfig({
  resolve: { conditions: ['@spectromix/source'] },
  ssr: { resolve: { conditions: ['@spectromix/source'] } },
  test: { testTimeout: 120_000, hookTimeout: 240_000, fileParallelism: false },
});
