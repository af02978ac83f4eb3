import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { instantAt } from '../../src/core/time';
import { ConsoleSession } from '../helpers/console';
import {
  pdfWithText,
  photoPng,
  wordReport,
  wordTableReport,
  workbook,
  writeTo,
  zipBomb,
} from '../helpers/documents';
import { tempDir } from '../helpers/tmp';

/**
 * Hostile and broken files. Promise: random bytes, truncated and bit-flipped Word files (prose and
 * tables), workbooks, PDFs and pictures, and zip bombs, sent as a unit's report: each gets exactly one answer (a refusal that says
 * what is accepted, or a receipt), nothing refused is kept, everything kept is recorded, and the bot
 * answers the next message.
 */
const JUNE_5 = instantAt('2026-06-05', '09:00', 'Asia/Ho_Chi_Minh');
let session: ConsoleSession | null = null;
afterEach(async () => {
  await session?.stop();
  session = null;
});

function mutate(bytes: Buffer, cut: number, flips: [number, number][]): Buffer {
  const out = Buffer.from(bytes.subarray(0, Math.max(1, Math.floor((bytes.length * cut) / 100))));
  for (const [at, value] of flips) if (out.length > 0) out[at % out.length] = value;
  return out;
}

describe('hostile report files', () => {
  it('answers every broken or hostile file once, keeps only what it accepted, and goes on', async () => {
    session = await ConsoleSession.start(JUNE_5, { env: { DOCUMENT_MAX_UNPACKED_MB: '5' } });
    const dir = tempDir();
    const docx = await wordReport(['Báo cáo 6 tháng 2026', 'NV3: hoàn thành - 2 hội nghị']);
    const pdf = pdfWithText(['Bao cao 6 thang 2026', 'NV7: dang thuc hien'], 3);
    const png = photoPng(32, 32);
    const table = await wordTableReport({
      before: ['Báo cáo 6 tháng 2026'],
      rows: [
        ['STT', 'Nhiệm vụ', 'Kết quả', 'Tiến độ'],
        ['1', { text: 'NV3', rowSpan: 2 }, '2 hội nghị', 'Hoàn thành'],
        ['2', '150 lượt CBCC', { text: 'x', columnSpan: 1 }],
      ],
    });
    const xlsx = await workbook([
      {
        name: 'Báo cáo',
        rows: [
          ['Báo cáo 6 tháng 2026'],
          ['STT', 'Nhiệm vụ', 'Tiến độ'],
          [1, 'NV7', { formula: 'A1', result: 'Hoàn thành' }],
        ],
        merges: ['A1:C1'],
      },
    ]);
    const originals = [docx, pdf, png, table, xlsx];
    const samples = fc.sample(
      fc.oneof(
        fc.uint8Array({ maxLength: 4000 }).map((a) => Buffer.from(a)),
        fc
          .tuple(
            fc.nat(originals.length - 1),
            fc.integer({ min: 1, max: 100 }),
            fc.array(fc.tuple(fc.nat(), fc.nat(255)), { maxLength: 12 }),
          )
          .map(([i, cut, flips]) => mutate(originals[i]!, cut, flips)),
      ),
      { numRuns: 48, seed: 20261205 },
    );
    const files = [...samples, zipBomb(20 * 1024 * 1024), zipBomb(6 * 1024 * 1024, 0xffffffff)];

    await session.say(':as phong kinh te');
    let receipts = 0;
    const accepted = new Set<string>();
    for (const [i, bytes] of files.entries()) {
      const path = writeTo(dir, `bao-cao-${i}.bin`, bytes);
      const out = await session.say(`:file ${path}`);
      const answers = out.split('\n').filter((l) => l.startsWith('bot: '));
      expect(answers, `file ${i}: ${out}`).toHaveLength(1);
      const answer = answers[0]!;
      if (/^bot: Đã nhận/.test(answer)) {
        receipts++;
        accepted.add(createHash('sha256').update(bytes).digest('hex'));
      } else
        expect(answer, `file ${i}`).toMatch(
          /không phải loại tệp báo cáo bot nhận|khi giải nén lớn hơn 5 MB|không mở được|chưa tải được/,
        );
    }
    const db = session.deps.db.$client;
    expect(db.prepare('SELECT COUNT(*) FROM documents').pluck().get()).toBe(receipts);
    const root = join(session.dir, 'documents');
    const stored = existsSync(root) ? readdirSync(root).flatMap((d) => readdirSync(join(root, d))) : [];
    expect(new Set(stored)).toEqual(accepted);
    expect(await session.say('/xem')).toContain(
      'Báo cáo 6 tháng đầu năm 2026 – Phòng Kinh tế, Hạ tầng và Đô thị',
    );
    console.log(
      `documents: ${files.length} hostile files, ${receipts} taken as submitted, ${files.length - receipts} refused`,
    );
  });
});
