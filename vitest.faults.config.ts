import { defineConfig } from 'vitest/config';

/** The fault suite: crashes, redelivery, bad input, platform and storage faults, access. */
export default defineConfig({
  test: {
    include: ['tests/faults/**/*.test.ts'],
    env: { TZ: 'Asia/Ho_Chi_Minh' },
    // The tests that spawn the bot run the built program, as `npm start` does.
    globalSetup: ['tests/helpers/build.ts'],
    // Every text the bot sends in a test is checked: it never says "bạn".
    setupFiles: ['tests/setup/botText.ts'],
    testTimeout: 300_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
