import { afterEach, describe, expect, it } from 'vitest';
import { instantAt } from '../../src/core/time';
import { ConsoleSession } from '../helpers/console';

let session: ConsoleSession | null = null;

afterEach(async () => {
  await session?.stop();
  session = null;
});

describe('/lich', () => {
  it('lists every reminder and every weekly digest of the coming weeks, on working mornings', async () => {
    // Tuesday 24/11/2026; the annual deadline is Thursday 10/12/2026.
    session = await ConsoleSession.start(instantAt('2026-11-24', '10:00', 'Asia/Ho_Chi_Minh'));
    const out = await session.say('/lich');
    const lines = out.split('\n').filter((l) => l.includes('•'));
    const when = (l: string) => /(\d\d:\d\d \d\d\/\d\d\/\d{4})/.exec(l)?.[1];
    expect(lines.filter((l) => l.includes('nhắc báo cáo năm 2026')).map(when)).toEqual([
      '08:00 26/11/2026',
      '08:00 03/12/2026',
      '08:00 07/12/2026',
      '08:00 09/12/2026',
      '08:00 10/12/2026',
    ]);
    expect(lines.filter((l) => l.includes('nhắc quá hạn năm 2026')).map(when)).toEqual([
      '08:00 11/12/2026',
      '08:00 14/12/2026',
      '08:00 17/12/2026',
    ]);
    // Mondays in the window, and the morning after the deadline.
    expect(lines.filter((l) => l.includes('bản tin lãnh đạo năm 2026')).map(when)).toEqual([
      '08:00 30/11/2026',
      '08:00 07/12/2026',
      '08:00 11/12/2026',
      '08:00 14/12/2026',
      '08:00 21/12/2026',
    ]);
    expect(lines[0]).toContain('7 đơn vị chưa báo cáo');

    await session.say(':as phong kinh te');
    await session.say('NV3: hoàn thành - tổ chức 2 hội nghị');
    await session.say(':as vhxh');
    expect(await session.say('/lich')).toContain('6 đơn vị chưa báo cáo');
  });
});
