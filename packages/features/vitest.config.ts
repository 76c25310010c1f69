import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@spectromix/source'] },
  ssr: { resolve: { conditions: ['@spectromix/source'] } },
  test: { testTimeout: 60_000, hookTimeout: 60_000 },
});
