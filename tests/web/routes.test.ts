import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsoleSession } from '../helpers/console';
import { wordReport, writeTo } from '../helpers/documents';
import { tempDir } from '../helpers/tmp';
import { auditRows, linkFor, signIn, startWebBot, WebClient } from '../helpers/web';

/** Friday 05/06/2026, 09:00 in Hải Phòng: the six-month period is open. */
const NOW = new Date('2026-06-05T02:00:00Z');

let bot: ConsoleSession | null = null;

afterEach(async () => {
  await bot?.stop();
  bot = null;
});

async function start(env: Record<string, string> = {}, web?: Parameters<typeof startWebBot>[2]) {
  bot = await startWebBot(NOW, env, web);
  return bot;
}

function later(b: ConsoleSession, ms: number): void {
  b.now = new Date(b.now.getTime() + ms);
}

const refusals = (b: ConsoleSession) => auditRows(b).filter((r) => r.action === 'refused');

/** Every guarded route of the page, with a method. */
const GUARDED: [string, string][] = [
  ['GET', '/web'],
  ['GET', '/web/tinhhinh/phienban'],
  ['GET', '/web/donvi/phong-kt-ht-dt'],
  ['GET', '/web/vuongmac'],
  ['POST', '/web/vuongmac/1/traloi'],
  ['POST', '/web/vuongmac/1/dong'],
  ['GET', '/web/xuat'],
  ['POST', '/web/xuat'],
  ['GET', '/web/xuat/tep/KH168-6T2026-tong-hop-2026-06-05.xlsx'],
  ['GET', '/web/xephang'],
  ['POST', '/web/dangxuat'],
];

describe('signing in to the web page from the chat', () => {
  it('answers /web in the office chat with a one-time link; GET shows one button and uses nothing up, POST opens a 12-hour session', async () => {
    const b = await start();
    const link = await linkFor(b, 'vhxh');
    const token = link.split('/').at(-1) ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes
    const client = new WebClient(new URL(link).origin);

    // A chat app's preview fetch (twice, even) leaves the link as it was.
    for (let i = 0; i < 2; i++) {
      const shown = await client.get(link);
      expect(shown.status).toBe(200);
      expect(shown.text.match(/<button[^>]*>Đăng nhập<\/button>/g)).toHaveLength(1);
      expect(shown.text).toContain('<form method="post">');
      expect(shown.headers.get('referrer-policy')).toBe('no-referrer');
      expect(client.cookie).toBeNull();
    }
    const signedIn = await client.post(link, {});
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/web');
    const cookie = signedIn.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^phien=[A-Za-z0-9_-]{43}; Path=\/web; Max-Age=43200; HttpOnly; SameSite=Strict$/);
    const overview = await client.get('/web');
    expect(overview.status).toBe(200);
    expect(overview.text).toContain('Tình hình báo cáo 6 tháng đầu năm 2026');

    // Kept only as hashes: no table holds either token.
    const file = readFileSync(join(b.dir, 'bot.sqlite')).toString('latin1');
    const wal = readFileSync(join(b.dir, 'bot.sqlite-wal'), { flag: 'r' }).toString('latin1');
    const sessionToken = (client.cookie ?? '').slice('phien='.length);
    for (const secret of [token, sessionToken]) {
      expect(file.includes(secret) || wal.includes(secret)).toBe(false);
    }
    const sha = (t: string) => createHash('sha256').update(t).digest('hex');
    const links = b.deps.db.$client.prepare('SELECT token_hash, used_at FROM web_links').all();
    expect(links).toEqual([{ token_hash: sha(token), used_at: b.now.getTime() }]);

    // Audited like a chat command: the link made, the sign-in, the page seen.
    const rows = auditRows(b).filter((r) => r.action.startsWith('web'));
    expect(rows.map((r) => [r.chatId, r.role, r.action])).toEqual([
      ['console:office', 'office', 'web-link'],
      ['console:office', 'office', 'web:sign-in'],
      ['console:office', 'office', 'web:view'],
    ]);
    expect(rows[1]?.detail).toMatchObject({ via: 'web', session: 1, address: '127.0.0.1' });
  });

  it('refuses a reused link and an expired one, and audits both', async () => {
    const b = await start();
    const link = await linkFor(b, 'vhxh');
    const client = new WebClient(new URL(link).origin);
    expect((await client.post(link, {})).status).toBe(303);
    const again = new WebClient(client.base);
    const reused = await again.post(link, {});
    expect(reused.status).toBe(410);
    expect(reused.text).toContain('đã được dùng');
    expect(again.cookie).toBeNull();
    expect((await again.get(link)).status).toBe(410);

    const second = await linkFor(b, 'vhxh');
    later(b, 15 * 60_000 + 1_000);
    const expired = await again.post(second, {});
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('đã hết hạn');
    expect(again.cookie).toBeNull();
    const unknown = await again.post(`${client.base}/web/dangnhap/khong-co-duong-dan-nay`, {});
    expect(unknown.status).toBe(404);

    expect(refusals(b).map((r) => [r.chatId, r.detail.reason, r.detail.chat])).toEqual([
      [null, 'link-used', 'console:office'],
      [null, 'link-used', 'console:office'],
      [null, 'link-expired', 'console:office'],
      [null, 'link-unknown', undefined],
    ]);
  });

  it('turns every guarded route away without a session, and audits each refusal', async () => {
    const b = await start();
    const link = await linkFor(b, 'vhxh');
    const client = new WebClient(new URL(link).origin);
    for (const [method, path] of GUARDED) {
      const answer = method === 'GET' ? await client.get(path) : await client.post(path, {});
      expect([path, answer.status]).toEqual([path, 401]);
      expect(answer.text).toContain('Gõ /web trong nhóm chat');
    }
    // A cookie that opens nothing is no session either.
    client.cookie = `phien=${'A'.repeat(43)}`;
    expect((await client.get('/web')).status).toBe(401);
    const refused = refusals(b);
    expect(refused).toHaveLength(GUARDED.length + 1);
    expect(
      refused.every((r) => r.chatId === null && r.detail.reason === 'signed-out' && r.detail.via === 'web'),
    ).toBe(true);
    expect(refused.map((r) => `${String(r.detail.method)} ${String(r.detail.path)}`)).toEqual([
      ...GUARDED.map(([m, p]) => `${m} ${p}`),
      'GET /web',
    ]);
  });

  it('marks the cookie Secure and prints the public address when WEB_PUBLIC_URL is https', async () => {
    const b = await start({ WEB_PUBLIC_URL: 'https://theodoi.lechan.gov.vn/' });
    await b.say(':as lanhdao');
    const said = await b.say('/web');
    const m = /https:\/\/theodoi\.lechan\.gov\.vn\/web\/dangnhap\/([A-Za-z0-9_-]{43})/.exec(said);
    expect(m).not.toBeNull();
    const client = new WebClient(`http://127.0.0.1:${b.runtime.http.port}`);
    const signedIn = await client.post(`/web/dangnhap/${m?.[1]}`, {});
    expect(signedIn.headers.get('set-cookie')).toMatch(/; HttpOnly; SameSite=Strict; Secure$/);
  });

  it('never keeps the link in the outbox or the log of messages', async () => {
    const b = await start();
    const link = await linkFor(b, 'phong kinh te');
    const token = link.split('/').at(-1) ?? '';
    const kept = b.deps.db.$client.prepare('SELECT payload FROM outbox').pluck().all() as string[];
    expect(kept.filter((p) => p.includes(token))).toEqual([]);
    expect(kept.filter((p) => p.includes('dangnhap'))).toEqual([]);
  });

  it('limits sign-in attempts from one address, and audits the first refusal of the window', async () => {
    const b = await start({}, { attempts: { perKey: 3, overall: 100, windowMs: 60_000 } });
    const link = await linkFor(b, 'vhxh');
    const client = new WebClient(new URL(link).origin);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await client.post(`/web/dangnhap/doan-${i}`, {})).status);
    expect(statuses).toEqual([404, 404, 404, 429, 429]);
    // The right link too is refused until the window ends; then it works.
    expect((await client.post(link, {})).status).toBe(429);
    later(b, 60_000);
    expect((await client.post(link, {})).status).toBe(303);
    expect(refusals(b).map((r) => r.detail.reason)).toEqual([
      'link-unknown',
      'link-unknown',
      'link-unknown',
      'rate-limited',
    ]);
  });
});

describe('what each chat may see and do on the page', () => {
  it('gives a unit its own page only: another unit, the overview and the difficulties are refused and audited', async () => {
    const b = await start();
    const link = await linkFor(b, 'phong kinh te');
    const client = new WebClient(new URL(link).origin);
    const signedIn = await client.post(link, {});
    expect(signedIn.headers.get('location')).toBe('/web/donvi/phong-kt-ht-dt');
    const own = await client.get('/web/donvi/phong-kt-ht-dt');
    expect(own.status).toBe(200);
    expect(own.text).toContain('<h1>Phòng Kinh tế, Hạ tầng và Đô thị</h1>');
    const other = await client.get('/web/donvi/cong-an');
    expect(other.status).toBe(403);
    expect(other.text).toContain('Mỗi đơn vị chỉ xem được trang của đơn vị mình.');
    expect(other.text).not.toContain('Công an phường');
    expect((await client.get('/web')).status).toBe(403);
    expect((await client.get('/web/vuongmac')).status).toBe(403);
    expect((await client.get('/web/xuat')).status).toBe(403);
    expect(
      refusals(b).map((r) => [r.chatId, r.role, r.detail.reason, r.detail.path, r.detail.unitId ?? null]),
    ).toEqual([
      ['console:unit:phong-kt-ht-dt', 'unit', 'other-unit', '/web/donvi/cong-an', 'cong-an'],
      ['console:unit:phong-kt-ht-dt', 'unit', 'role', '/web', null],
      ['console:unit:phong-kt-ht-dt', 'unit', 'role', '/web/vuongmac', null],
      ['console:unit:phong-kt-ht-dt', 'unit', 'role', '/web/xuat', null],
    ]);
  });

  it('refuses a leader posting an answer: nothing is answered, the unit hears nothing, the refusal is audited', async () => {
    const b = await start();
    await b.say(':as phong kinh te');
    await b.say('Vướng mắc: thiếu kinh phí in tài liệu');
    const leader = await signIn(b, 'lanhdao');
    const page = await leader.get('/web/vuongmac');
    expect(page.status).toBe(200);
    expect(page.text).toContain('thiếu kinh phí in tài liệu');
    // A leader reads the difficulties; the page offers no answer.
    expect(page.text).not.toContain('Gửi trả lời');
    const csrf = WebClient.csrfIn(page.text); // the sign-out form's
    const before = b.transcript.length;
    const answer = await leader.post('/web/vuongmac/1/traloi', { _csrf: csrf, noidung: 'Lãnh đạo trả lời' });
    expect(answer.status).toBe(403);
    expect(b.deps.difficulties.get(1)).toMatchObject({ status: 'open', answer: null });
    await new Promise((r) => setTimeout(r, 50));
    expect(b.transcript.slice(before)).not.toContain('Lãnh đạo trả lời');
    expect(refusals(b).map((r) => [r.chatId, r.role, r.detail.reason, r.detail.path])).toEqual([
      ['console:leader', 'leader', 'role', '/web/vuongmac/1/traloi'],
    ]);
  });

  it('refuses a form without its CSRF token, or with another session’s, or sent from another site', async () => {
    const b = await start();
    await b.say(':as phong kinh te');
    await b.say('Vướng mắc: thiếu kinh phí in tài liệu');
    const office = await signIn(b, 'vhxh');
    const other = await signIn(b, 'vhxh');
    const csrf = WebClient.csrfIn((await office.get('/web/vuongmac')).text);
    const othersCsrf = WebClient.csrfIn((await other.get('/web/vuongmac')).text);
    expect(othersCsrf).not.toBe(csrf);
    const tries = [
      await office.post('/web/vuongmac/1/traloi', { noidung: 'không có mã' }),
      await office.post('/web/vuongmac/1/traloi', { _csrf: othersCsrf, noidung: 'mã của phiên khác' }),
      await office.post(
        '/web/vuongmac/1/traloi',
        { _csrf: csrf, noidung: 'từ trang khác' },
        { origin: 'https://trang-la.example' },
      ),
    ];
    expect(tries.map((t) => t.status)).toEqual([403, 403, 403]);
    expect(b.deps.difficulties.get(1)?.status).toBe('open');
    expect(refusals(b).map((r) => [r.role, r.detail.reason])).toEqual([
      ['office', 'csrf'],
      ['office', 'csrf'],
      ['office', 'csrf'],
    ]);
    // With its own token, from its own page, the same form goes through.
    const ok = await office.post('/web/vuongmac/1/traloi', { _csrf: csrf, noidung: 'Đã bố trí kinh phí' });
    expect(ok.status).toBe(303);
    expect(b.deps.difficulties.get(1)?.status).toBe('answered');
  });

  it('answers from the page exactly as /traloi does: the same message to the unit, the same audit', async () => {
    const b = await start();
    await b.say(':as phong kinh te');
    await b.say('Vướng mắc: thiếu kinh phí in tài liệu');
    await b.say('Vướng mắc: thiếu kinh phí in tài liệu');
    const office = await signIn(b, 'vhxh');
    const csrf = WebClient.csrfIn((await office.get('/web/vuongmac')).text);
    const posted = await office.post('/web/vuongmac/1/traloi', {
      _csrf: csrf,
      noidung: 'Đã bố trí kinh phí trong quý III.',
      loc: 'open',
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe('/web/vuongmac?loc=open#vm-1');
    const shown = await office.get('/web/vuongmac?loc=answered');
    expect(shown.text).toContain('Đã gửi trả lời vướng mắc số 1 tới Phòng KT-HT-ĐT.');
    await b.say(':as vhxh');
    await b.say('/traloi 2 Đã bố trí kinh phí trong quý III.');
    const sent = b.deps.db.$client
      .prepare("SELECT chat_id AS chatId, payload FROM outbox WHERE kind = 'answer' ORDER BY id")
      .all() as { chatId: string; payload: string }[];
    expect(sent.map((s) => s.chatId)).toEqual(['console:unit:phong-kt-ht-dt', 'console:unit:phong-kt-ht-dt']);
    const texts = sent.map((s) => (JSON.parse(s.payload) as { text: string }).text);
    expect(texts[0]?.replace('số 1', 'số 2')).toBe(texts[1]);
    const answers = auditRows(b).filter((r) => r.action === 'answer' || r.action === 'command:traloi');
    expect(answers.map((r) => [r.chatId, r.action, r.detail.via ?? 'chat'])).toEqual([
      ['console:office', 'command:traloi', 'web'],
      ['console:office', 'answer', 'web'],
      ['console:office', 'command:traloi', 'chat'],
      ['console:office', 'answer', 'chat'],
    ]);
    // And closing, as /dong.
    const closed = await office.post('/web/vuongmac/1/dong', { _csrf: csrf, loc: 'answered' });
    expect(closed.status).toBe(303);
    expect(b.deps.difficulties.get(1)?.status).toBe('closed');
    expect((await office.get('/web/vuongmac?loc=answered')).text).toContain('Đã đóng vướng mắc số 1.');
  });

  it('escalates from the page as /chuyencap does: the same notice to the unit, listed as sent up until answered', async () => {
    const b = await start();
    await b.say(':as phong kinh te');
    await b.say('Vướng mắc: thiếu kinh phí in tài liệu');
    await b.say('Vướng mắc: thiếu kinh phí in tài liệu');
    const office = await signIn(b, 'vhxh');
    const csrf = WebClient.csrfIn((await office.get('/web/vuongmac')).text);
    const posted = await office.post('/web/vuongmac/1/chuyencap', {
      _csrf: csrf,
      noinhan: 'Sở Nội vụ',
      loc: 'open',
    });
    expect(posted.status).toBe(303);
    await b.say(':as vhxh');
    await b.say('/chuyencap 2 Sở Nội vụ');
    const sent = b.deps.db.$client
      .prepare(
        "SELECT chat_id AS chatId, payload FROM outbox WHERE dedupe_key LIKE 'escalated:%' ORDER BY id",
      )
      .all() as { chatId: string; payload: string }[];
    expect(sent.map((x) => x.chatId)).toEqual(['console:unit:phong-kt-ht-dt', 'console:unit:phong-kt-ht-dt']);
    const texts = sent.map((x) => (JSON.parse(x.payload) as { text: string }).text);
    expect(texts[0]?.replace('số 1', 'số 2')).toBe(texts[1]);
    expect(b.deps.difficulties.get(1)).toMatchObject({ status: 'open', escalatedTo: 'Sở Nội vụ' });
    const lists = await office.get('/web/vuongmac?loc=escalated');
    expect(lists.text).toContain('Đã chuyển cấp, chờ trả lời (2)');
    expect(lists.text).toContain('Chưa trả lời (0)');
    expect(lists.text).toContain('Đã báo cáo, đề xuất cấp có thẩm quyền ngày 05/06/2026 (Sở Nội vụ).');
    expect(
      auditRows(b)
        .filter((r) => r.action === 'escalate')
        .map((r) => [r.detail.difficulty, r.detail.to, r.detail.via ?? 'chat']),
    ).toEqual([
      [1, 'Sở Nội vụ', 'web'],
      [2, 'Sở Nội vụ', 'chat'],
    ]);
  });

  it("gives a supervisors' chat the status only: the matrix, units' reports and the scorecard, no difficulties, exports or actions", async () => {
    const b = await start();
    await b.say(':as phong kinh te');
    await b.say('NV3: hoàn thành - 2 hội nghị\nVướng mắc: thiếu kinh phí in tài liệu');
    const link = await linkFor(b, 'giamsat');
    const client = new WebClient(new URL(link).origin);
    expect((await client.get(link)).text).toContain('Đường dẫn này đăng nhập với quyền của Ủy ban Mặt trận');
    expect((await client.post(link, {})).headers.get('location')).toBe('/web');
    const overview = await client.get('/web');
    expect(overview.status).toBe(200);
    expect(overview.text.match(/<td class="o /g)).toHaveLength(49);
    expect(overview.text).not.toContain('vướng mắc chưa được trả lời');
    const unit = await client.get('/web/donvi/phong-kt-ht-dt');
    expect(unit.status).toBe(200);
    expect(unit.text).toContain('2 hội nghị');
    expect(unit.text).not.toContain('thiếu kinh phí');
    expect((await client.get('/web/xephang')).status).toBe(200);
    expect((await client.get('/web/vuongmac')).status).toBe(403);
    expect((await client.get('/web/xuat')).status).toBe(403);
    const csrf = WebClient.csrfIn(overview.text);
    expect((await client.post('/web/vuongmac/1/dong', { _csrf: csrf })).status).toBe(403);
    expect(b.deps.difficulties.get(1)?.status).toBe('open');
    expect(refusals(b).map((r) => [r.role, r.detail.reason, r.detail.path])).toEqual([
      ['supervisor', 'role', '/web/vuongmac'],
      ['supervisor', 'role', '/web/xuat'],
      ['supervisor', 'role', '/web/vuongmac/1/dong'],
    ]);
  });

  it('escapes what units wrote: a difficulty with markup is shown as text', async () => {
    const b = await start();
    await b.say(':as phong kinh te');
    await b.say('Vướng mắc: <script>alert("x")</script> & <b>in đậm</b>');
    const office = await signIn(b, 'vhxh');
    const page = await office.get('/web/vuongmac');
    expect(page.text).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;in đậm&lt;/b&gt;',
    );
    expect(page.text).not.toContain('<script>alert');
    // The page's own style and script are exactly what the policy allows by hash, and nothing else is.
    const policy = page.headers.get('content-security-policy') ?? '';
    const overview = await office.get('/web');
    const hashOf = (tag: string, text: string) => {
      const m = new RegExp(`<${tag}>([^]*?)</${tag}>`).exec(text);
      return `'sha256-${createHash('sha256')
        .update(m?.[1] ?? '')
        .digest('base64')}'`;
    };
    expect(policy).toContain(`style-src ${hashOf('style', page.text)};`);
    expect(policy).toContain(`script-src ${hashOf('script', overview.text)};`);
    expect(policy).toMatch(/^default-src 'none';/);
    expect(overview.text.match(/<script/g)).toHaveLength(1);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('ends the sessions of a chat when the office unbinds it (/huydangky)', async () => {
    const b = await start();
    const unit = await signIn(b, 'phong kinh te');
    expect((await unit.get('/web/donvi/phong-kt-ht-dt')).status).toBe(200);
    await b.say(':as vhxh');
    await b.say('/huydangky phong kinh te');
    expect((await unit.get('/web/donvi/phong-kt-ht-dt')).status).toBe(401);
    const ended = b.deps.db.$client
      .prepare('SELECT ended_why FROM web_sessions WHERE role = ?')
      .pluck()
      .all('unit');
    expect(ended).toEqual(['unbind']);
    expect(auditRows(b).find((r) => r.action === 'unbind')?.detail.webSessions).toBe(1);
  });

  it('ends a session after 12 hours, and at sign-out', async () => {
    const b = await start();
    const office = await signIn(b, 'vhxh');
    const leader = await signIn(b, 'lanhdao');
    const csrf = WebClient.csrfIn((await leader.get('/web')).text);
    const out = await leader.post('/web/dangxuat', { _csrf: csrf });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/^phien=; Path=\/web; Max-Age=0;/);
    later(b, 12 * 3_600_000 - 1_000);
    expect((await office.get('/web')).status).toBe(200);
    later(b, 2_000);
    expect((await office.get('/web')).status).toBe(401);
  });

  it('sends the period’s files made by /xuat as attachments, to the office only', async () => {
    const b = await start();
    const office = await signIn(b, 'vhxh');
    const page = await office.get('/web/xuat');
    expect(page.text).toContain('Chưa có tệp nào cho kỳ này.');
    const made = await office.post('/web/xuat', {
      _csrf: WebClient.csrfIn(page.text),
      ky: 'kh-168-2025/6T-2026',
    });
    expect(made.headers.get('location')).toBe('/web/xuat?ky=kh-168-2025%2F6T-2026');
    const list = await office.get('/web/xuat?ky=kh-168-2025%2F6T-2026');
    const files = [...list.text.matchAll(/href="\/web\/xuat\/tep\/([^"]+)"/g)].map((m) => m[1]);
    expect(files.sort()).toEqual([
      'KH168-6T2026-du-thao-bao-cao-2026-06-05.docx',
      'KH168-6T2026-du-thao-bao-cao-phong-vhxh-2026-06-05.docx',
      'KH168-6T2026-tong-hop-2026-06-05.xlsx',
    ]);
    const r = await fetch(`${office.base}/web/xuat/tep/KH168-6T2026-tong-hop-2026-06-05.xlsx`, {
      headers: { cookie: office.cookie ?? '' },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toBe(
      `attachment; filename="KH168-6T2026-tong-hop-2026-06-05.xlsx"; filename*=UTF-8''KH168-6T2026-tong-hop-2026-06-05.xlsx`,
    );
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    const bytes = Buffer.from(await r.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect(Number(r.headers.get('content-length'))).toBe(bytes.length);
    expect((await office.get('/web/xuat/tep/..%2Fbot.sqlite')).status).toBe(404);
    expect(
      auditRows(b)
        .filter((a) => a.action === 'command:xuat')
        .map((a) => a.detail),
    ).toEqual([{ args: 'kh-168-2025/6T-2026', via: 'web' }]);
    const leader = await signIn(b, 'lanhdao');
    expect((await leader.get('/web/xuat/tep/KH168-6T2026-tong-hop-2026-06-05.xlsx')).status).toBe(403);
  });

  it('tells the office on a channel that takes no files to fetch /xuat’s files from the page', async () => {
    const b = await start();
    // An office chat of a channel that sends no documents (here: of no running channel, text only).
    b.deps.chats.bind(
      'zalobot:999',
      { kind: 'direct', title: 'Chị Lan', role: 'office', unitId: 'phong-vhxh', via: 'test' },
      b.now,
    );
    const response = b.runtime.app.bot.handle({
      dedupeKey: 'test:xuat',
      chatId: 'zalobot:999',
      chatKind: 'direct',
      chatTitle: 'Chị Lan',
      sender: { id: '1', name: 'Chị Lan' },
      text: '/xuat',
      kind: 'message',
      messageRef: '1',
      replyTo: null,
      addressed: true,
      receivedAt: b.now,
      sentAt: b.now,
    });
    expect(response.replies[0]?.text).toContain(
      'Để tải tệp, anh/chị gõ /web để nhận đường dẫn đăng nhập trang theo dõi, rồi mở mục "Xuất tệp".',
    );
  });
});

describe('the documents units sent, on the page', () => {
  /** Phòng KT-HT-ĐT sends its report as a Word file, through the console's `:file`. */
  async function withDocument(): Promise<{ b: ConsoleSession; bytes: Buffer }> {
    const b = await start();
    const bytes = await wordReport([
      'BÁO CÁO 6 tháng đầu năm 2026',
      'NV3: hoàn thành - tổ chức 2 hội nghị quán triệt, 150 lượt CBCC tham dự',
    ]);
    const path = writeTo(tempDir(), 'Báo cáo 6 tháng - KTHTĐT.docx', bytes);
    await b.say(':as phong kinh te');
    expect(await b.say(`:file "${path}"`)).toContain(
      'Đã nhận báo cáo 6 tháng đầu năm 2026 của Phòng KT-HT-ĐT',
    );
    return { b, bytes };
  }

  it('counts the units that sent one, and lets the office, the leaders and that unit download it as an attachment', async () => {
    const { b, bytes } = await withDocument();
    const office = await signIn(b, 'vhxh');
    const overview = await office.get('/web');
    expect(overview.text).toMatch(/Đã gửi văn bản\s*<b>1<\/b>/);
    expect(overview.text.match(/class="cat cat-doc"/g)).toHaveLength(1);
    const unit = await office.get('/web/donvi/phong-kt-ht-dt');
    expect(unit.text).toContain('<a href="/web/vanban/1" download>Báo cáo 6 tháng - KTHTĐT.docx</a>');
    for (const who of [office, await signIn(b, 'lanhdao'), await signIn(b, 'phong kinh te')]) {
      const r = await fetch(`${who.base}/web/vanban/1`, { headers: { cookie: who.cookie ?? '' } });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-disposition')).toBe(
        `attachment; filename="Bao_cao_6_thang_-_KTHTDT.docx"; filename*=UTF-8''${encodeURIComponent('Báo cáo 6 tháng - KTHTĐT.docx')}`,
      );
      expect(r.headers.get('content-type')).toBe(
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      );
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(await r.arrayBuffer()).equals(bytes)).toBe(true);
    }
    const downloads = auditRows(b).filter((r) => r.action === 'web:download');
    expect(downloads.map((r) => [r.chatId, r.detail.document, r.detail.unitId])).toEqual([
      ['console:office', 1, 'phong-kt-ht-dt'],
      ['console:leader', 1, 'phong-kt-ht-dt'],
      ['console:unit:phong-kt-ht-dt', 1, 'phong-kt-ht-dt'],
    ]);
    // The period's zip, made by /xuat's code, is among the exports.
    const page = await office.get('/web/xuat');
    await office.post('/web/xuat', { _csrf: WebClient.csrfIn(page.text), ky: 'kh-168-2025/6T-2026' });
    const list = await office.get('/web/xuat?ky=kh-168-2025%2F6T-2026');
    expect(list.text).toContain('href="/web/xuat/tep/KH168-6T2026-van-ban-2026-06-05.zip"');
  });

  it('refuses another unit and a supervising body, which sees only that a document was sent; both refusals audited', async () => {
    const { b } = await withDocument();
    const other = await signIn(b, 'cong an');
    const refusedUnit = await other.get('/web/vanban/1');
    expect(refusedUnit.status).toBe(403);
    expect(refusedUnit.text).toContain(
      'chỉ Phòng Văn hóa – Xã hội, lãnh đạo phường và chính đơn vị đó được tải về',
    );
    const supervisor = await signIn(b, 'giamsat');
    const page = await supervisor.get('/web/donvi/phong-kt-ht-dt');
    expect(page.text).toContain('Đơn vị đã gửi 1 văn bản trong kỳ.');
    expect(page.text).not.toContain('/web/vanban/');
    expect((await supervisor.get('/web/vanban/1')).status).toBe(403);
    expect(refusals(b).map((r) => [r.chatId, r.detail.reason, r.detail.path])).toEqual([
      ['console:unit:cong-an', 'other-unit', '/web/vanban/1'],
      ['console:supervisor:mttq', 'role', '/web/vanban/1'],
    ]);
  });
});
