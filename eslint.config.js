// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'data', 'drizzle', 'coverage', 'out', 'dist'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // The core is pure: no platform SDK, no database, no scheduler, no I/O.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'telegraf',
                'telegraf/*',
                'zca-js',
                'node-cron',
                'drizzle-orm',
                'drizzle-orm/*',
                'better-sqlite3',
              ],
              message: 'The core imports no SDK, storage or scheduler.',
            },
            {
              group: ['node:fs', 'node:fs/*', 'fs', 'node:net', 'node:http', 'node:child_process'],
              message: 'The core does no I/O.',
            },
            {
              group: ['**/storage/**', '**/channels/**', '**/scheduler/**', '**/bot/**'],
              message: 'The core depends on nothing outside it.',
            },
          ],
        },
      ],
    },
  },
);
