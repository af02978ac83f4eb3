import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeCrypto } from '../storage/crypto';

/** A file kept in the store: named by the sha256 of its bytes. */
export interface StoredBytes {
  sha256: string;
  size: number;
  path: string;
}

/**
 * The documents units sent, under the data folder, each named by the sha256 of its content
 * (`ab/ab12…`), with no extension: nothing on the server opens them by name. The same file sent twice
 * is stored once; a file is written whole or not at all.
 */
export class FileStore {
  constructor(readonly dir: string) {}

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  save(bytes: Uint8Array): StoredBytes {
    const sha256 = nodeCrypto().createHash('sha256').update(bytes).digest('hex');
    const path = this.pathOf(sha256);
    if (!existsSync(path)) {
      mkdirSync(join(this.dir, sha256.slice(0, 2)), { recursive: true });
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, bytes, { mode: 0o640 });
      renameSync(tmp, path);
    }
    return { sha256, size: bytes.length, path };
  }
}
