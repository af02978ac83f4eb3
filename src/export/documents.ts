import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Zip, ZipPassThrough } from 'fflate';
import type { OutgoingFile } from '../channels/channel';

/** One document to put in the zip: where it is stored, and its path inside the zip. */
export interface ZipSource {
  path: string;
  /** `Phòng KT-HT-ĐT/2026-06-05_lan-2_bao-cao.docx`: one folder per unit. */
  entry: string;
  size: number;
  at: Date;
}

/** Telegram takes uploads up to 50 MB; each part stays under it with room for the request around it. */
export const ZIP_PART_BYTES = 45 * 1024 * 1024;

/**
 * The period's documents as .zip files under the export folder: one archive, or several parts when they
 * would not fit one upload, each a complete zip that opens on its own. Files are stored as they are
 * (PDFs, photos and Office files are compressed already), read one at a time.
 */
export function writeDocumentsZip(
  all: readonly ZipSource[],
  dir: string,
  stem: string,
  caption: (part: number, parts: number) => string,
  maxPartBytes = ZIP_PART_BYTES,
): OutgoingFile[] {
  // A stored file an administrator removed by hand is left out rather than failing the whole export.
  const sources = all.filter((s) => existsSync(s.path));
  if (sources.length === 0) return [];
  mkdirSync(dir, { recursive: true });
  const parts: ZipSource[][] = [];
  let current: ZipSource[] = [];
  let used = 22;
  for (const s of sources) {
    // Local header, central directory entry (both carry the name) and the bytes themselves.
    const cost = s.size + 30 + 46 + 2 * Buffer.byteLength(s.entry);
    if (current.length > 0 && used + cost > maxPartBytes) {
      parts.push(current);
      current = [];
      used = 22;
    }
    current.push(s);
    used += cost;
  }
  parts.push(current);
  return parts.map((part, i) => {
    const name = parts.length > 1 ? `${stem}-phan-${i + 1}.zip` : `${stem}.zip`;
    const path = join(dir, name);
    writeZip(part, path);
    return { path, name, caption: caption(i + 1, parts.length) };
  });
}

/** Writes one archive whole or not at all. */
function writeZip(sources: readonly ZipSource[], path: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    let failure: Error | null = null;
    const zip = new Zip((err, chunk) => {
      if (err) failure = err;
      else writeSync(fd, chunk);
    });
    for (const s of sources) {
      const file = new ZipPassThrough(s.entry);
      file.mtime = s.at;
      zip.add(file);
      file.push(readFileSync(s.path), true);
    }
    zip.end();
    if (failure) throw failure;
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
