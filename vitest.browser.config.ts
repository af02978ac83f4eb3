import { defineConfig } from 'vitest/config';

/**
 * `npm run test:browser`: the web page in a real browser (the system's chromium, driven by playwright-core).
 * Apart from `npm test`, which runs on a machine without a browser.
 */
export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    env: { TZ: 'Asia/Ho_Chi_Minh' },
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
