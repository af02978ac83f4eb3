import { join } from 'node:path';
import type { Message } from 'zca-js';
import { afterEach, describe, expect, it } from 'vitest';
import { writeSession } from '../../src/channels/zalo/session';
import { loadConfig } from '../../src/config';
import { instantAt } from '../../src/core/time';
import { silentLogger } from '../../src/log';
import type { Runtime } from '../../src/runtime';
import { startRuntime } from '../../src/runtime';
import { photoJpeg, pdfWithText, wordReport } from '../helpers/documents';
import type { FakeZalo } from '../helpers/fakeZalo';
import { CREDENTIALS, FakeZaloLogin } from '../helpers/fakeZalo';
import { PLANS_DIR } from '../helpers/plans';
import { tempDir } from '../helpers/tmp';
import { waitFor } from '../helpers/wait';
import * as m from '../zalo/fixtures/messages';

// The day before the annual deadline (10/12/2026).
const START = instantAt('2026-12-09', '09:00', 'Asia/Ho_Chi_Minh').getTime();
let realStart = Date.now();
/** Days the test moved the clock on (a unit answering the bot's question later). */
let later = 0;
const clock = () => new Date(START + later * 86_400_000 + (Date.now() - realStart));

let runtime: Runtime | null = null;
afterEach(async () => {
  await runtime?.stop();
  runtime = null;
  later = 0;
  m.stampWith(() => new Date());
});

async function boot(): Promise<{ rt: Runtime; zalo: FakeZalo; dir: string }> {
  realStart = Date.now();
  const dir = tempDir();
  const sessionPath = join(dir, 'zalo-session.json');
  writeSession(sessionPath, CREDENTIALS, new Date(START - 86_400_000));
  const login = new FakeZaloLogin(m.BOT_UID);
  runtime = await startRuntime(
    loadConfig({
      DATABASE_PATH: join(dir, 'bot.sqlite'),
      PLANS_DIR,
      CONSOLE: 'off',
      ZALO_SESSION_PATH: sessionPath,
      ZALO_SEND_DELAY_MS: '0',
      ZALO_SEND_JITTER_MS: '0',
      EXPORT_DIR: join(dir, 'exports'),
    }),
    {
      logger: silentLogger,
      clock,
      schedule: false,
      tuning: { zalo: { login: login.login, sendGapMs: 0, sendJitterMs: 0 } },
    },
  );
  return { rt: runtime, zalo: login.api, dir };
}

/** Delivers a message and returns the next `count` texts the bot sends to that message's thread. */
async function exchange(zalo: FakeZalo, message: Message, count = 1): Promise<string[]> {
  const before = zalo.textsTo(message.threadId).length;
  zalo.listener.deliver(message);
  await waitFor(() => zalo.textsTo(message.threadId).length >= before + count);
  return zalo.textsTo(message.threadId).slice(before, before + count);
}

/** Lets a message in the unit's group be handled and asserts the bot said nothing there. */
async function silence(zalo: FakeZalo, message: Message): Promise<void> {
  const before = zalo.sent.length;
  zalo.listener.deliver(message);
  await new Promise((r) => setTimeout(r, 400));
  expect(zalo.sent.slice(before).filter((s) => s.threadId === m.GROUP_ID)).toEqual([]);
}

async function bindOfficeAndUnit(rt: Runtime, zalo: FakeZalo): Promise<void> {
  const office = rt.app.deps.invites.create('office', 'phong-vhxh', 'terminal', clock(), 72);
  await exchange(zalo, m.groupText(`/dangky ${office.code}`, {}, m.OFFICE_GROUP_ID));
  const [invite] = await exchange(zalo, m.groupText('/taoma phong kinh te', {}, m.OFFICE_GROUP_ID));
  const code = /([A-Z2-9]{4}-[A-Z2-9]{4})/.exec(invite ?? '')?.[1];
  const [bound] = await exchange(zalo, m.groupText(`/dangky ${code}`));
  expect(bound).toContain('Đã đăng ký nhóm này cho Phòng Kinh tế, Hạ tầng và Đô thị.');
}

const count = (rt: Runtime, sql: string) => rt.app.deps.db.$client.prepare(sql).pluck().get() as number;

describe('report documents through Zalo, against the fake of zca-js', () => {
  it('takes a Word report shared in the group under a name that says report, from Zalo’s file service', async () => {
    const { rt, zalo } = await boot();
    await bindOfficeAndUnit(rt, zalo);
    const docx = await wordReport([
      'Báo cáo năm 2026',
      'NV3: đã hoàn thành - 3 hội nghị',
      'NV7: đang thực hiện',
    ]);
    const href = zalo.host(docx, 'Bao cao nam 2026 - KTHTDT.docx');
    const [receipt] = await exchange(zalo, m.groupFile(href, 'Bao cao nam 2026 - KTHTDT.docx', docx.length));
    expect(receipt).toContain('Đã nhận báo cáo năm 2026 của Phòng KT-HT-ĐT');
    expect(receipt).toContain('gồm trạng thái NV3, NV7');
    expect(receipt).toContain('NV3 – Hoàn thành: 3 hội nghị');
    expect(zalo.fetched).toEqual([href]);
    // The receipt quotes the file message it answers.
    expect(zalo.sent.filter((s) => s.threadId === m.GROUP_ID).at(-1)?.content.quote?.msgType).toBe(
      'share.file',
    );
  });

  it('takes a photo quoting the reminder as "đã nộp văn bản", and leaves a caption-less photo alone', async () => {
    const { rt, zalo } = await boot();
    await bindOfficeAndUnit(rt, zalo);
    expect(rt.scheduler.tick().queued).toBeGreaterThan(0);
    await waitFor(() => zalo.textsTo(m.GROUP_ID).some((t) => t.includes('Nhắc báo cáo năm 2026')));
    const reminder = zalo.sent.find(
      (s) => s.threadId === m.GROUP_ID && s.text.includes('Nhắc báo cáo năm 2026'),
    )!;

    const event = zalo.host(photoJpeg(), '', 'photo');
    await silence(zalo, m.groupPhoto(event));
    expect(zalo.fetched).toEqual([]);

    const signed = zalo.host(photoJpeg(), '', 'photo');
    const [receipt] = await exchange(
      zalo,
      m.groupPhoto(signed, '', { quote: { msgId: String(reminder.msgId), ownerId: m.BOT_UID } }),
    );
    expect(receipt).toContain('Đã nhận văn bản báo cáo năm 2026 của Phòng KT-HT-ĐT');
    expect(receipt).toContain('Đơn vị được ghi là đã nộp văn bản.');
    expect(receipt).toContain('Đề nghị anh/chị trả lời tin nhắn này với trạng thái của NV3, NV7 (chủ trì)');
    expect(zalo.fetched).toEqual([signed]);
    expect(count(rt, "SELECT COUNT(*) FROM documents WHERE type = 'jpg'")).toBe(1);
    expect(
      count(
        rt,
        "SELECT COUNT(*) FROM outbox WHERE kind = 'remind' AND unit_id = 'phong-kt-ht-dt' AND status = 'pending'",
      ),
    ).toBe(0);
  });

  it('files a Word report the bot asked about when the unit quotes the question with the period, on time as of when it was sent', async () => {
    m.stampWith(clock);
    const { rt, zalo } = await boot();
    await bindOfficeAndUnit(rt, zalo);
    // Shared in December under last June's heading: which period is meant?
    const docx = await wordReport([
      'BÁO CÁO',
      'Kết quả thực hiện Kế hoạch 168/KH-UBND 6 tháng đầu năm 2026',
      'NV3: hoàn thành - tổ chức 4 hội nghị',
      'NV7: đang thực hiện - đăng ký 2 mô hình "Dân vận khéo"',
    ]);
    const href = zalo.host(docx, 'BC 6 thang dau nam 2026.docx');
    const [question] = await exchange(zalo, m.groupFile(href, 'BC 6 thang dau nam 2026.docx', docx.length));
    expect(question).toContain('Báo cáo này thuộc kỳ nào?');
    expect(question).toMatch(/Văn bản “BC 6 thang dau nam 2026\.docx” \(Word, \d+ KB\) đã được lưu\./);
    expect(question).toContain('không cần gửi lại tệp');
    const asked = zalo.sent.filter((s) => s.threadId === m.GROUP_ID).at(-1)!;
    const quote = { quote: { msgId: String(asked.msgId), ownerId: m.BOT_UID } };
    const waiting =
      'SELECT COUNT(*) FROM documents WHERE period_id IS NULL AND report_id IS NULL AND text_chars > 0';
    expect(count(rt, waiting)).toBe(1);

    // An answer that names no period of the plan leaves the file waiting, and says so.
    const [unclear] = await exchange(zalo, m.groupText('quý IV ạ', quote));
    expect(unclear).toContain('Chưa rõ kỳ hoặc kế hoạch anh/chị chọn.');
    expect(unclear).toMatch(
      /Văn bản “BC 6 thang dau nam 2026\.docx” \(Word, \d+ KB\) vẫn được lưu nhưng chưa ghi nhận vào kỳ nào/,
    );
    expect(count(rt, waiting)).toBe(1);
    expect(count(rt, 'SELECT COUNT(*) FROM reports')).toBe(0);

    // Two days on, past the deadline of 10/12/2026, the answer comes.
    later = 2;
    const [receipt] = await exchange(zalo, m.groupText('Dạ năm 2026 ạ', quote));
    expect(receipt).toContain('Đã nhận báo cáo năm 2026 của Phòng KT-HT-ĐT');
    expect(receipt).toMatch(
      /Nội dung đọc từ tệp “BC 6 thang dau nam 2026\.docx” \(Word, \d+ KB\), gồm trạng thái NV3, NV7/,
    );
    expect(receipt).toContain('NV3 – Hoàn thành: tổ chức 4 hội nghị');
    expect(receipt).toContain('NV7 – Đang thực hiện: đăng ký 2 mô hình "Dân vận khéo"');
    expect(receipt).toMatch(/Lần 1, lúc 09:0\d 09\/12\/2026 \(đúng hạn\)\./);
    expect(
      count(rt, "SELECT COUNT(*) FROM reports WHERE period_id = 'kh-168-2025/N-2026' AND late = 0"),
    ).toBe(1);
    expect(
      count(
        rt,
        `SELECT COUNT(*) FROM documents d JOIN reports r ON r.id = d.report_id
         WHERE d.period_id = 'kh-168-2025/N-2026' AND r.revision = 1 AND d.statuses_from_file = '["NV3","NV7"]'`,
      ),
    ).toBe(1);
    expect(count(rt, 'SELECT COUNT(*) FROM documents')).toBe(1);
    // Fetched once, when it came: the answer read the text kept from it.
    expect(zalo.fetched).toEqual([href]);

    // No overdue notice for the unit: only the office, which has not reported, is owed one.
    rt.scheduler.tick();
    expect(
      rt.app.deps.db.$client
        .prepare("SELECT DISTINCT unit_id FROM outbox WHERE kind = 'overdue' ORDER BY unit_id")
        .pluck()
        .all(),
    ).toEqual(['phong-vhxh']);
    const [view] = await exchange(zalo, m.groupText('/xem'));
    expect(view).toContain('Văn bản đã nộp (1):');
    expect(view).toMatch(/“BC 6 thang dau nam 2026\.docx” \(Word, \d+ KB\) – lần 1, 09:0\d 09\/12\/2026/);
    const [status] = await exchange(zalo, m.groupText('/tinhhinh', {}, m.OFFICE_GROUP_ID));
    expect(status).toContain('Đã nộp văn bản (1/7): Phòng KT-HT-ĐT.');
  });

  it('never fetches a link that is not Zalo’s file service, nor one into a private network', async () => {
    const { rt, zalo } = await boot();
    await bindOfficeAndUnit(rt, zalo);
    const pdf = pdfWithText(['Bao cao nam 2026', 'NV3: hoan thanh']);
    for (const href of [
      'https://127.0.0.1/bao-cao.pdf',
      'https://10.0.0.7/files/bao-cao.pdf',
      'https://[::1]/bao-cao.pdf',
      'http://f21-zfile.zdn.vn/x/bao-cao.pdf',
      'https://f21-zfile.zdn.vn.evil.example/x/bao-cao.pdf',
      'https://zdn.vn@169.254.169.254/latest/meta-data',
      'file:///etc/passwd',
    ]) {
      zalo.files.set(href, pdf);
      const [answer] = await exchange(zalo, m.groupFile(href, 'bao-cao.pdf', pdf.length));
      expect(answer, href).toContain('Bot chưa tải được tệp “bao-cao.pdf” từ máy chủ tin nhắn.');
    }
    expect(zalo.fetched).toEqual([]);
    expect(count(rt, 'SELECT COUNT(*) FROM documents')).toBe(0);
  });

  it('refuses a file sent by someone whose chat is bound to nobody, like any other message, unfetched', async () => {
    const { rt, zalo } = await boot();
    const docx = await wordReport(['NV3: hoàn thành']);
    const href = zalo.host(docx, 'bao-cao.docx');
    const [answer] = await exchange(zalo, m.directFile(href, 'bao-cao.docx', docx.length, m.OTHER));
    expect(answer).toContain('chưa được đăng ký');
    expect(zalo.fetched).toEqual([]);
    expect(count(rt, "SELECT COUNT(*) FROM audit WHERE action = 'refused'")).toBe(1);
    // Shared in a group bound to nobody, it is not even answered.
    await silence(zalo, m.groupFile(href, 'bao-cao.docx', docx.length));
    expect(zalo.fetched).toEqual([]);
  });

  it('refuses a file that is too large from what Zalo declares, before fetching it', async () => {
    const { rt, zalo } = await boot();
    await bindOfficeAndUnit(rt, zalo);
    const href = zalo.host(Buffer.alloc(10), 'bao-cao-scan.pdf');
    const [answer] = await exchange(zalo, m.groupFile(href, 'bao-cao-scan.pdf', 48 * 1024 * 1024));
    expect(answer).toContain('Tệp “bao-cao-scan.pdf” lớn hơn 20 MB nên bot không nhận được.');
    expect(zalo.fetched).toEqual([]);
  });

  it('sends the zip of the period’s documents as an attachment with /xuat', async () => {
    const { rt, zalo } = await boot();
    await bindOfficeAndUnit(rt, zalo);
    const href = zalo.host(photoJpeg(), '', 'photo');
    await exchange(zalo, m.groupPhoto(href, 'Báo cáo năm 2026 (bản ký)'));
    const before = zalo.sent.length;
    zalo.listener.deliver(m.groupText('/xuat', {}, m.OFFICE_GROUP_ID));
    await waitFor(() => zalo.sent.slice(before).filter((s) => s.content.attachments).length >= 4, 15_000);
    const names = zalo.sent
      .slice(before)
      .flatMap((s) => s.content.attachments ?? [])
      .map((a) => (typeof a === 'string' ? a : a.filename));
    expect(names).toEqual([
      'KH168-N2026-tong-hop-2026-12-09.xlsx',
      'KH168-N2026-du-thao-bao-cao-2026-12-09.docx',
      'KH168-N2026-du-thao-bao-cao-phong-vhxh-2026-12-09.docx',
      'KH168-N2026-van-ban-2026-12-09.zip',
    ]);
  });
});

const ANNUAL = 'kh-168-2025/N-2026';
/** The unit's documents kept with a report revision in the annual period, and how they group. */
const albumRows = (rt: Runtime) =>
  rt.app.deps.db.$client
    .prepare<[], { docs: number; reports: number; albums: number }>(
      `SELECT COUNT(*) AS docs, COUNT(DISTINCT report_id) AS reports, COUNT(DISTINCT album) AS albums
       FROM documents WHERE unit_id = 'phong-kt-ht-dt' AND period_id = '${ANNUAL}' AND report_id IS NOT NULL`,
    )
    .get();

/** Delivers an album in one websocket frame and waits until `done` holds and a moment more (for any extra reply). */
async function deliverAlbum(zalo: FakeZalo, messages: Message[], done: () => boolean): Promise<void> {
  zalo.listener.deliverAll(messages);
  await waitFor(done, 10_000);
  await new Promise((r) => setTimeout(r, 300));
}

describe('a report photographed as several pictures, sent together on Zalo', () => {
  for (const captionOn of ['first', 'all'] as const)
    it(`in the unit’s group, the caption on ${captionOn === 'first' ? 'the first picture' : 'every picture'}: one report, one receipt`, async () => {
      const { rt, zalo } = await boot();
      await bindOfficeAndUnit(rt, zalo);
      const hrefs = [1, 2, 3].map(() => zalo.host(photoJpeg(), '', 'photo'));
      const before = zalo.textsTo(m.GROUP_ID).length;
      await deliverAlbum(
        zalo,
        m.groupAlbum(hrefs, 'Báo cáo năm 2026 (bản ký)', { captionOn }),
        () => count(rt, 'SELECT COUNT(*) FROM documents') === 3,
      );
      const said = zalo.textsTo(m.GROUP_ID).slice(before);
      expect(said).toHaveLength(1);
      expect(said[0]).toContain('Đã nhận văn bản báo cáo năm 2026 của Phòng KT-HT-ĐT');
      expect(said[0]).toContain('Anh/chị gõ /xem để kiểm tra đã đủ các trang.');
      expect(zalo.fetched).toEqual(hrefs);
      expect(albumRows(rt)).toEqual({ docs: 3, reports: 1, albums: 1 });
      expect(count(rt, 'SELECT COUNT(*) FROM reports')).toBe(1);
      const [view] = await exchange(zalo, m.groupText('/xem'));
      expect(view).toContain('Văn bản đã nộp (3):');
    });

  it('in a direct chat: one receipt for the album', async () => {
    const { rt, zalo } = await boot();
    await bindOfficeAndUnit(rt, zalo);
    const invite = rt.app.deps.invites.create('unit', 'phong-kt-ht-dt', 'test', clock(), 72);
    await exchange(zalo, m.directText(`/dangky ${invite.code}`));
    const hrefs = [1, 2, 3].map(() => zalo.host(photoJpeg(), '', 'photo'));
    const before = zalo.textsTo(m.MEMBER.uid).length;
    await deliverAlbum(zalo, m.directAlbum(hrefs), () => count(rt, 'SELECT COUNT(*) FROM documents') === 3);
    const said = zalo.textsTo(m.MEMBER.uid).slice(before);
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('Đã nhận văn bản báo cáo năm 2026 của Phòng KT-HT-ĐT');
    expect(albumRows(rt)).toEqual({ docs: 3, reports: 1, albums: 1 });
  });

  it('stays silent on event photos sent together in the group, unfetched; takes in the pages sent before the captioned one', async () => {
    const { rt, zalo } = await boot();
    await bindOfficeAndUnit(rt, zalo);
    const before = zalo.textsTo(m.GROUP_ID).length;
    const event = [1, 2, 3, 4].map(() => zalo.host(photoJpeg(), '', 'photo'));
    zalo.listener.deliverAll(m.groupAlbum(event, 'Ảnh hội nghị sáng nay'));
    await new Promise((r) => setTimeout(r, 400));
    expect(zalo.textsTo(m.GROUP_ID).slice(before)).toEqual([]);
    expect(zalo.fetched).toEqual([]);
    expect(count(rt, 'SELECT COUNT(*) FROM documents')).toBe(0);

    // A scan whose captioned page comes last (Zalo delivers the pictures in any order).
    const hrefs = [1, 2, 3].map(() => zalo.host(photoJpeg(), '', 'photo'));
    const scan = m.groupAlbum(hrefs, '/baocao');
    await deliverAlbum(
      zalo,
      [scan[1]!, scan[2]!, scan[0]!],
      () => count(rt, 'SELECT COUNT(*) FROM documents') === 3,
    );
    const said = zalo.textsTo(m.GROUP_ID).slice(before);
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('Đã nhận văn bản báo cáo năm 2026 của Phòng KT-HT-ĐT');
    expect(zalo.fetched).toEqual([hrefs[0], hrefs[1], hrefs[2]]);
    expect(albumRows(rt)).toEqual({ docs: 3, reports: 1, albums: 1 });
    // The event photos are still held, never fetched; the scan's pages are not.
    expect(count(rt, 'SELECT COUNT(*) FROM album_held')).toBe(4);
  });
});

describe('an album the bot asks about', () => {
  it('keeps its pages with the first while it asks which period, and files them all with the answer', async () => {
    m.stampWith(clock);
    const { rt, zalo } = await boot();
    await bindOfficeAndUnit(rt, zalo);
    const hrefs = [1, 2, 3].map(() => zalo.host(photoJpeg(), '', 'photo'));
    const before = zalo.textsTo(m.GROUP_ID).length;
    await deliverAlbum(
      zalo,
      m.groupAlbum(hrefs, 'Báo cáo 6 tháng đầu năm 2026 (bản ký)'),
      () => count(rt, 'SELECT COUNT(*) FROM documents') === 3,
    );
    const [question, ...more] = zalo.textsTo(m.GROUP_ID).slice(before);
    expect(more).toEqual([]);
    expect(question).toContain('Báo cáo này thuộc kỳ nào?');
    expect(question).toContain('cũng được lưu và ghi nhận cùng kỳ anh/chị chọn');
    expect(count(rt, 'SELECT COUNT(*) FROM documents WHERE period_id IS NULL AND report_id IS NULL')).toBe(3);

    const asked = zalo.sent.filter((s) => s.threadId === m.GROUP_ID).at(-1)!;
    const [receipt] = await exchange(
      zalo,
      m.groupText('Dạ năm 2026 ạ', { quote: { msgId: String(asked.msgId), ownerId: m.BOT_UID } }),
    );
    expect(receipt).toContain('Đã nhận văn bản báo cáo năm 2026 của Phòng KT-HT-ĐT');
    expect(albumRows(rt)).toEqual({ docs: 3, reports: 1, albums: 1 });
    expect(zalo.fetched).toEqual(hrefs);
  });
});
