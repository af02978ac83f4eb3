import { renameSync, writeFileSync } from 'node:fs';

/** Writes a file whole or not at all: a reader never sees half a spreadsheet. */
export function writeAtomically(path: string, data: Buffer): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
