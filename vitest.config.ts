import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/faults/**'],
    env: { TZ: 'Asia/Ho_Chi_Minh' },
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
