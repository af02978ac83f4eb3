import { afterEach, describe, expect, it } from 'vitest';
import type { ConsoleSession } from '../helpers/console';
import { wordReport, writeTo } from '../helpers/documents';
import { tempDir } from '../helpers/tmp';
import { auditRows, signIn, startWebBot, WebClient } from '../helpers/web';

/**
 * Access on the web page. Promise: every route answers only the roles it is for, a unit's session sees its
 * own unit only, and every refusal is in the audit table with who tried what.
 */
const NOW = new Date('2026-06-05T02:00:00Z');
let bot: ConsoleSession | null = null;

afterEach(async () => {
  await bot?.stop();
  bot = null;
});

type Who = 'office' | 'leader' | 'supervisor' | 'kt' | 'ca';
const CHATS: Record<Who, string> = {
  office: 'vhxh',
  leader: 'lanhdao',
  supervisor: 'giamsat',
  kt: 'phong kinh te',
  ca: 'cong an',
};

/** Each route, and who may use it (every other session is refused). */
const ROUTES: { method: 'GET' | 'POST'; path: string; allowed: Who[] }[] = [
  { method: 'GET', path: '/web', allowed: ['office', 'leader', 'supervisor'] },
  { method: 'GET', path: '/web/tinhhinh/phienban', allowed: ['office', 'leader', 'supervisor'] },
  { method: 'GET', path: '/web/donvi/phong-kt-ht-dt', allowed: ['office', 'leader', 'supervisor', 'kt'] },
  { method: 'GET', path: '/web/vuongmac', allowed: ['office', 'leader'] },
  { method: 'GET', path: '/web/xuat', allowed: ['office'] },
  { method: 'GET', path: '/web/xephang', allowed: ['office', 'leader', 'supervisor'] },
  // A unit's document: the office, the leaders and that unit; a supervising body sees status only.
  { method: 'GET', path: '/web/vanban/1', allowed: ['office', 'leader', 'kt'] },
  { method: 'POST', path: '/web/vuongmac/1/traloi', allowed: ['office'] },
  { method: 'POST', path: '/web/vuongmac/2/chuyencap', allowed: ['office'] },
  { method: 'POST', path: '/web/vuongmac/3/dong', allowed: ['office'] },
  { method: 'POST', path: '/web/xuat', allowed: ['office'] },
];

describe('access to the web page, by role', () => {
  it('answers every route for the roles it is for and refuses, with an audit row, every other', async () => {
    const b = (bot = await startWebBot(NOW));
    await b.say(':as phong kinh te');
    for (let i = 0; i < 3; i++) await b.say(`Vướng mắc: việc số ${i + 1}`);
    const report = await wordReport(['BÁO CÁO 6 tháng đầu năm 2026', 'NV3: hoàn thành - 2 hội nghị']);
    await b.say(`:file "${writeTo(tempDir(), 'bao-cao.docx', report)}"`);
    expect(b.deps.documents.get(1)?.unitId).toBe('phong-kt-ht-dt');
    const sessions = {} as Record<Who, { client: WebClient; csrf: string }>;
    for (const who of Object.keys(CHATS) as Who[]) {
      const client = await signIn(b, CHATS[who]);
      const home = await client.get(
        (await client.get('/web')).status === 200
          ? '/web'
          : `/web/donvi/${who === 'kt' ? 'phong-kt-ht-dt' : 'cong-an'}`,
      );
      sessions[who] = { client, csrf: WebClient.csrfIn(home.text) };
    }
    const before = auditRows(b).filter((r) => r.action === 'refused').length;
    const outcomes: string[] = [];
    let refusedExpected = 0;
    for (const route of ROUTES)
      for (const who of Object.keys(CHATS) as Who[]) {
        const { client, csrf } = sessions[who];
        const fields = { _csrf: csrf, noidung: 'trả lời', noinhan: 'Sở Nội vụ', ky: 'kh-168-2025/6T-2026' };
        const answer =
          route.method === 'GET' ? await client.get(route.path) : await client.post(route.path, fields);
        const allowed = route.allowed.includes(who);
        if (!allowed) refusedExpected++;
        outcomes.push(
          `${route.method} ${route.path} ${who}: ${allowed ? 'ok' : 'refused'}=${answer.status < 400 ? 'ok' : answer.status === 403 ? 'refused' : answer.status}`,
        );
      }
    expect(outcomes.filter((o) => !/: (ok=ok|refused=refused)$/.test(o))).toEqual([]);
    const refused = auditRows(b)
      .filter((r) => r.action === 'refused')
      .slice(before);
    expect(refused).toHaveLength(refusedExpected);
    expect(refused.every((r) => r.chatId !== null && r.role !== null && r.detail.via === 'web')).toBe(true);
    // A unit's session asking for another unit's page or document is refused as such.
    expect(
      refused.filter((r) => r.detail.reason === 'other-unit').map((r) => [r.chatId, r.detail.path]),
    ).toEqual([
      ['console:unit:cong-an', '/web/donvi/phong-kt-ht-dt'],
      ['console:unit:cong-an', '/web/vanban/1'],
    ]);
    // Only the office acted: one answer, one escalation, one closing, one export.
    expect(b.deps.difficulties.get(1)?.status).toBe('answered');
    expect(b.deps.difficulties.get(2)?.escalatedTo).toBe('Sở Nội vụ');
    expect(b.deps.difficulties.get(3)?.status).toBe('closed');
  });
});
