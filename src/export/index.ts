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
 * The office's documents for a period, written under the export folder with names that say the plan, the
 * period and the date: the spreadsheet `KH168-6T2026-tong-hop-2026-06-12.xlsx`, the UBND's draft report
 * `…-du-thao-bao-cao-….docx` and Phòng VHXH's internal draft `…-du-thao-bao-cao-phong-vhxh-….docx`.
 */
export async function writePeriodExport(
  model: CompiledPeriod,
  scorecard: ScoreRow[],
  dir: string,
): Promise<OutgoingFile[]> {
  mkdirSync(dir, { recursive: true });
  const day = localDateOf(model.generatedAt, model.ward.timeZone);
  const stem = exportFileStem(model.plan, model.period);
  const [sheet, ward, office] = await Promise.all([
    periodWorkbook(model, scorecard, model.period.year),
    periodDraft(model, 'ward'),
    periodDraft(model, 'office'),
  ]);
  const file = (name: string, caption: string, data: Buffer): OutgoingFile & { data: Buffer } => ({
    path: join(dir, name),
    name,
    caption,
    data,
  });
  const files = [
    file(
      `${stem}-tong-hop-${day}.xlsx`,
      'Bảng tổng hợp: ma trận đơn vị × nhiệm vụ, chi tiết báo cáo, vướng mắc, theo dõi việc gửi báo cáo trong năm',
      sheet,
    ),
    file(
      `${stem}-du-thao-bao-cao-${day}.docx`,
      'Dự thảo báo cáo của UBND phường (thể thức Nghị định 30/2020/NĐ-CP), để lồng ghép vào báo cáo công tác dân vận gửi Sở Nội vụ: điền các chỗ tô vàng trước khi trình ký',
      ward,
    ),
    file(
      `${stem}-du-thao-bao-cao-phong-vhxh-${day}.docx`,
      `Dự thảo báo cáo của ${model.office.name} gửi UBND phường: điền các chỗ tô vàng trước khi trình ký`,
      office,
    ),
  ];
  for (const f of files) writeAtomically(f.path, f.data);
  return files.map(({ path, name, caption }) => ({ path, name, caption }));
}
