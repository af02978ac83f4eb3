import { officeOf } from '../../src/bot/deps';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app';
import { createApp } from '../../src/app';
import { scorecardOf } from '../../src/queries/scorecard';
import { loadConfig } from '../../src/config';
import { compilePeriod } from '../../src/core/compile';
import { instantAt } from '../../src/core/time';
import { writePeriodExport } from '../../src/export';
import { silentLogger } from '../../src/log';
import { PLANS_DIR } from '../helpers/plans';
import { tempDir } from '../helpers/tmp';

const NOW = instantAt('2026-06-15', '09:00', 'Asia/Ho_Chi_Minh');
let app: App | null = null;
afterEach(() => {
  app?.close();
  app = null;
});

describe('"Không phát sinh" in the compiled data, the spreadsheet, the draft and the scorecard', () => {
  it('is counted as reported and shown apart from "not started"', async () => {
    const dir = tempDir();
    const a = createApp(loadConfig({ DATABASE_PATH: join(dir, 'bot.sqlite'), PLANS_DIR, EXPORT_DIR: dir }), {
      logger: silentLogger,
      clock: () => NOW,
    });
    app = a;
    const plan = a.deps.planSet.plans[0]!;
    const period = a.deps.periods.ofPlan(plan.id).find((p) => p.id.endsWith('6T-2026'))!;
    a.deps.reports.submit({
      periodId: period.id,
      unitId: 'tram-y-te',
      chatId: 'zalo:g:1',
      chatTitle: 'Trạm Y tế',
      senderName: 'Lê Thị Hoa',
      inboundId: null,
      at: instantAt('2026-06-05', '10:00', 'Asia/Ho_Chi_Minh'),
      late: false,
      items: [
        { taskCode: 'NV3', status: 'done', result: '', figures: [] },
        { taskCode: 'NV5', status: 'not_applicable', result: 'không phát sinh đơn thư', figures: [] },
        { taskCode: 'NV6', status: 'not_started', result: '', figures: [] },
      ],
      proposals: [],
    });
    const model = compilePeriod({
      ward: a.deps.planSet.organisation.ward,
      office: officeOf(a.deps),
      plan,
      period,
      responsibility: a.deps.responsibility,
      revisions: a.deps.reports.revisionsOf(period.id),
      difficulties: [],
      now: NOW,
    });
    const tally = (code: string) => model.byTask.find((t) => t.task.code === code)?.tally;
    expect(tally('NV5')).toMatchObject({ not_applicable: 1, not_started: 0 });
    expect(tally('NV6')).toMatchObject({ not_applicable: 0, not_started: 1 });

    const scorecard = scorecardOf(a.deps, plan, 2026, NOW);
    // Five tasks asked of the unit; where nothing arose it owes nothing.
    expect(scorecard.find((r) => r.unit.id === 'tram-y-te')).toMatchObject({ tasksDone: 1, tasksAsked: 4 });

    const files = await writePeriodExport(model, scorecard, a.deps.settings.exportDir);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(files[0]!.path);
    const matrix = book.getWorksheet('Tổng hợp')!;
    const row = matrix.getRows(2, 20)!.find((r) => r.getCell(2).value === 'Trạm Y tế phường')!;
    expect(row.getCell(5 + 5).value).toBe('Không phát sinh');
    expect(row.getCell(5 + 5).fill).toMatchObject({ fgColor: { argb: 'FFE4DFEC' } });
    expect(row.getCell(5 + 6).value).toBe('Chưa thực hiện');
    expect(row.getCell(5 + 6).fill).toMatchObject({ fgColor: { argb: 'FFFFC7CE' } });
    const legend = matrix.getRows(1, matrix.rowCount)!.find((r) => r.getCell(2).value === 'Chú thích màu:')!;
    expect((legend.values as unknown[]).slice(3)).toContain('Không phát sinh');

    const zip = await JSZip.loadAsync(readFileSync(files[1]!.path));
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    expect(text).toContain('(Không phát sinh)');
  });
});
