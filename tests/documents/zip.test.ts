import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { writeDocumentsZip } from '../../src/export/documents';
import { tempDir } from '../helpers/tmp';
import { writeTo } from '../helpers/documents';

describe('the zip of a period’s documents', () => {
  it('splits into parts that each open on their own and stay under the size given', async () => {
    const dir = tempDir();
    const files = ['a', 'b', 'c', 'd', 'e'].map((n, i) => ({
      bytes: Buffer.alloc(3000 + i, n.charCodeAt(0)),
      entry: `${i < 3 ? 'Phòng KT-HT-ĐT' : 'Công an phường'}/2026-06-0${i + 1}_lan-1_${n}.pdf`,
    }));
    const sources = files.map((f, i) => ({
      path: writeTo(dir, `${i}.bin`, f.bytes),
      entry: f.entry,
      size: f.bytes.length,
      at: new Date('2026-06-01T02:00:00Z'),
    }));
    const out = writeDocumentsZip(
      sources,
      join(dir, 'out'),
      'KH168-6T2026-van-ban-2026-06-12',
      (p, n) => `phần ${p}/${n}`,
      7000,
    );
    expect(out.map((o) => [o.name, o.caption])).toEqual([
      ['KH168-6T2026-van-ban-2026-06-12-phan-1.zip', 'phần 1/3'],
      ['KH168-6T2026-van-ban-2026-06-12-phan-2.zip', 'phần 2/3'],
      ['KH168-6T2026-van-ban-2026-06-12-phan-3.zip', 'phần 3/3'],
    ]);
    const seen: string[] = [];
    for (const part of out) {
      const bytes = readFileSync(part.path);
      expect(bytes.length).toBeLessThanOrEqual(7000);
      const zip = await JSZip.loadAsync(bytes);
      for (const name of Object.keys(zip.files)) {
        const original = files.find((f) => f.entry === name)!;
        expect(Buffer.from(await zip.file(name)!.async('uint8array')).equals(original.bytes)).toBe(true);
        seen.push(name);
      }
    }
    expect(seen).toEqual(files.map((f) => f.entry));
  });

  it('leaves out a stored file that is no longer on disk, and makes nothing when none is left', () => {
    const dir = tempDir();
    const path = writeTo(dir, 'x.bin', Buffer.from('x'));
    const source = { path, entry: 'Trạm Y tế/2026-06-01_lan-1_anh.jpg', size: 1, at: new Date() };
    rmSync(path);
    expect(writeDocumentsZip([source], join(dir, 'out'), 'stem', () => '')).toEqual([]);
  });
});
