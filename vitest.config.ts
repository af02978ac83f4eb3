import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The fault suite and the browser test run on their own (`npm run test:faults`, `npm run test:browser`).
    exclude: ['tests/faults/**', 'tests/browser/**'],
    env: { TZ: 'Asia/Ho_Chi_Minh' },
    // The tests that spawn the bot run the built program, as `npm start` does.
    globalSetup: ['tests/helpers/build.ts'],
    // Every text the bot sends in a test is checked: it never says "bạn".
    setupFiles: ['tests/setup/botText.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
