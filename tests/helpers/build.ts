import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Vitest's global setup: builds `dist/` as `npm install` does, so that the tests that spawn the bot run
 * what `npm start` runs, from the sources as they are now.
 */
export default function setup(): void {
  execFileSync(process.execPath, [join(import.meta.dirname, '../../scripts/build.mjs')], {
    stdio: 'inherit',
  });
}
