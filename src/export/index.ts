import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { OutgoingFile } from '../channels/channel';
import type { CompiledPeriod, ScoreRow } from '../core/compile';
import { exportFileStem } from '../core/messages/exports';
import { localDateOf } from '../core/time';
import { periodDraft } from './docx';
import { writeAtomically } from './files';
import { periodWorkbook } from './xlsx';

/**
 * The office's two documents for a period, written under the export folder with names that say the plan,
 * the period and the date: `KH168-6T2026-tong-hop-2026-06-12.xlsx` and `…-du-thao-bao-cao-….docx`.
 */
export async function writePeriodExport(
  model: CompiledPeriod,
  scorecard: ScoreRow[],
  dir: string,
): Promise<OutgoingFile[]> {
  mkdirSync(dir, { recursive: true });
  const day = localDateOf(model.generatedAt, model.ward.timeZone);
  const stem = exportFileStem(model.plan, model.period);
  const [sheet, draft] = await Promise.all([
    periodWorkbook(model, scorecard, model.period.year),
    periodDraft(model),
  ]);
  const files: OutgoingFile[] = [
    {
      path: join(dir, `${stem}-tong-hop-${day}.xlsx`),
      name: `${stem}-tong-hop-${day}.xlsx`,
      caption: 'Bảng tổng hợp: ma trận đơn vị × nhiệm vụ, chi tiết báo cáo, vướng mắc, xếp hạng năm',
    },
    {
      path: join(dir, `${stem}-du-thao-bao-cao-${day}.docx`),
      name: `${stem}-du-thao-bao-cao-${day}.docx`,
      caption:
        'Dự thảo báo cáo tổng hợp (thể thức Nghị định 30/2020/NĐ-CP): điền các chỗ […] trước khi trình ký',
    },
  ];
  writeAtomically(files[0]!.path, sheet);
  writeAtomically(files[1]!.path, draft);
  return files;
}
