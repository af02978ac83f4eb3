import type * as Crypto from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * `node:crypto`, loaded on first use: a start with nothing to sync and no invitation to make needs none
 * of it, and loading it is a measurable part of start-up.
 */
export function nodeCrypto(): typeof Crypto {
  return require('node:crypto') as typeof Crypto;
}
